"""Orphan uploads: files under MEDIA_ROOT that no row points to any more, and upload spools a crash left.

A worker killed between storing a file and committing its row leaves the file behind; nothing else ever
removes it. Only files older than a grace period go, so an upload still in flight is never touched.
"""

import datetime
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

from lantoa.core.audit import record


@dataclass
class CleanupResult:
    removed: list[str] = field(default_factory=list)
    removed_bytes: int = 0
    kept_young: int = 0
    referenced: int = 0


def referenced_names() -> set[str]:
    """Every stored name any FileField of any model points to (one query per field, names only)."""
    names: set[str] = set()
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.FileField) and not model._meta.proxy:
                rows = model._default_manager.exclude(**{model_field.name: ""}).exclude(
                    **{f"{model_field.name}__isnull": True}
                )
                names.update(rows.values_list(model_field.name, flat=True).iterator())
    return names


def _candidates(grace: datetime.timedelta) -> list[tuple[Path, str, bool]]:
    """(path, name relative to MEDIA_ROOT or "", old enough) of every file that may be an orphan."""
    cutoff = time.time() - grace.total_seconds()
    found = []
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        for path in media.rglob("*"):
            if path.is_file() and not path.is_symlink():
                found.append((path, path.relative_to(media).as_posix(), path.stat().st_mtime < cutoff))
    spool = Path(settings.FILE_UPLOAD_TEMP_DIR or "")
    if settings.FILE_UPLOAD_TEMP_DIR and spool.exists():
        for path in spool.iterdir():
            if path.is_file() and not path.is_symlink():
                found.append((path, "", path.stat().st_mtime < cutoff))
    return found


def cleanup_uploads(*, grace: datetime.timedelta, dry_run: bool = False) -> CleanupResult:
    """Remove (or with dry_run only list) unreferenced files older than `grace`; one audit row when any go."""
    result = CleanupResult()
    references = referenced_names()
    for path, name, old_enough in _candidates(grace):
        if name and name in references:
            result.referenced += 1
            continue
        if not old_enough:
            result.kept_young += 1
            continue
        size = path.stat().st_size
        if not dry_run:
            path.unlink(missing_ok=True)
        result.removed.append(name or str(path))
        result.removed_bytes += size
    if result.removed and not dry_run:
        record(
            actor=None,
            action="uploads.cleanup",
            object_type="files",
            summary=f"{len(result.removed)} tệp mồ côi, {result.removed_bytes} byte",
            detail={"removed": result.removed[:200], "bytes": result.removed_bytes},
        )
    return result

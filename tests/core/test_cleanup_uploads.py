"""`lantoa cleanup-uploads` removes files a crash left behind, and never one a row still points to or an
upload still in flight."""

import datetime
import io
import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from lantoa.activities.services import create_activity
from lantoa.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "spool"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    return settings.MEDIA_ROOT


def _old(path, hours=48):
    moment = time.time() - hours * 3600
    os.utime(path, (moment, moment))


def _photo():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 90, 200)).save(buffer, format="JPEG")
    return SimpleUploadedFile("anh.jpg", buffer.getvalue())


@pytest.fixture
def kept_photo(media, commune_committee, commune_reporter):
    activity = create_activity(
        unit=commune_committee,
        actor=commune_reporter,
        activity_type="banner",
        occurred_on=datetime.date(2023, 10, 3),
        title="Băng rôn",
        quantities={"count": 2},
        files=[_photo()],
    )
    path = media / activity.evidence.get().file.name
    _old(path)
    return path


def _orphan(media, name="evidence/2023/10/crash.jpg", hours=48):
    path = media / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xd8\xff half a photo")
    _old(path, hours)
    return path


def _run(*args) -> str:
    out = io.StringIO()
    call_command("cleanup_uploads", *args, stdout=out)
    return out.getvalue()


def test_an_orphan_left_by_a_crash_is_removed_and_the_trail_says_so(media, kept_photo):
    orphan = _orphan(media)
    out = _run()
    assert "Removed 1 orphan file(s)" in out
    assert "evidence/2023/10/crash.jpg" in out
    assert not orphan.exists()
    assert kept_photo.exists()
    assert AuditEvent.objects.get(action="uploads.cleanup").detail["removed"] == [
        "evidence/2023/10/crash.jpg"
    ]


def test_dry_run_lists_and_removes_nothing(media, kept_photo):
    orphan = _orphan(media)
    out = _run("--dry-run")
    assert "Would remove 1 orphan file(s)" in out
    assert orphan.exists()
    assert not AuditEvent.objects.filter(action="uploads.cleanup").exists()


def test_a_file_younger_than_the_grace_period_is_left_alone(media, kept_photo):
    young = _orphan(media, hours=1)
    assert "kept 1 referenced and 1 younger than 24 h" in _run()
    assert young.exists()
    assert "Removed 1" in _run("--grace-hours", "0.5")


def test_an_upload_spool_left_by_a_killed_worker_is_removed(media, settings):
    spool = settings.FILE_UPLOAD_TEMP_DIR / "tmpabc.upload.jpg"
    spool.write_bytes(b"x" * 1000)
    _old(spool)
    _run()
    assert not spool.exists()

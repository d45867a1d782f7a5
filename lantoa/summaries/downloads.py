"""A generation's stored file as a download: one answer for the summary page and the REST API alike."""

from pathlib import Path

from django.http import FileResponse, Http404
from django.utils.text import slugify

FILE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def generation_file_response(generation, kind: str) -> FileResponse:
    """The DOCX, XLSX or PDF of a generation the caller may already see; 404 when it was not made or is gone."""
    stored = getattr(generation, kind) if kind in FILE_TYPES else None
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    directive = generation.summary.directive
    stem = slugify(directive.number.replace("/", "-")) or str(directive.pk)
    name = f"bao-cao-tong-hop-{stem}-lan-{generation.version}{Path(stored.name).suffix}"
    return FileResponse(handle, as_attachment=True, filename=name, content_type=FILE_TYPES[kind])

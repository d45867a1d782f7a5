"""Serving uploaded files: as the type their bytes show, in a sandbox, to people already checked.

Evidence and directive source files come from people's phones and mailboxes. Whatever a file's name claims,
the browser gets the type Lantoa detected, is told not to guess another (nosniff), and — should it render
the file anyway — may run nothing and load nothing (a Content-Security-Policy sandbox).
"""

from django.http import FileResponse

# Nothing runs, nothing is fetched; an image or recording may still show itself.
SANDBOX_POLICY = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def detect_type(head: bytes) -> tuple[str, str]:
    """(content type, extension) of a stored file from its first bytes; never from its name."""
    from lantoa.activities.evidence import sniff

    known = sniff(head[:64])
    if known is not None:
        return known.content_type, known.extension
    if head.startswith(b"PK\x03\x04"):
        return DOCX, "docx"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # a character cut at the end of the sample is still text
            return "application/octet-stream", "bin"
    return "text/plain; charset=utf-8", "txt"


def sandboxed_file_response(
    handle, *, content_type: str, filename: str, inline: bool = False
) -> FileResponse:
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_POLICY
    # Kept by this browser only (never a shared proxy), for the photos a phone reopens on a weak network.
    response["Cache-Control"] = "private, max-age=3600"
    return response

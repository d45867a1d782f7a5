"""The directive reader: files (PDF, DOCX, text, scans) → text → structured directive. No Django here."""

from .errors import DocumentError
from .model import ParsedDirective
from .parse import parse_text


def extract_text(path: str, *, on_page=None) -> str:
    from .extract import extract_text as _extract

    return _extract(path, on_page=on_page)


def read_directive(path: str) -> ParsedDirective:
    return parse_text(extract_text(path))


__all__ = ["DocumentError", "ParsedDirective", "extract_text", "parse_text", "read_directive"]

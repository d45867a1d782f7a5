"""File → Unicode (NFC) text: plain text, DOCX, PDF (text layer, OCR for pages without one) and images.

The type is decided by the file's first bytes, not its name. All work is bounded: file size, DOCX
uncompressed size, pages to OCR and the time each tesseract call may take.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

from .errors import DocumentError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_PDF_PAGES = 500
MAX_OCR_PAGES = 30
OCR_TIMEOUT_SECONDS = 120
OCR_DPI = 300
MAX_IMAGE_PIXELS = 60_000_000

_INSTALL_TESSERACT = (
    "Chưa cài công cụ nhận dạng chữ (OCR): hãy cài `apt-get install tesseract-ocr tesseract-ocr-vie` "
    "(tesseract with Vietnamese data is required to read scans)"
)
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def extract_text(path: str | os.PathLike[str], *, on_page: Callable[[int, int], None] | None = None) -> str:
    """The text of a directive file, NFC-normalised, with "\\n" line ends. `on_page(done, total)` is told
    after each page of a PDF (OCR takes seconds a page: a progress bar needs to know)."""
    file = Path(path)
    try:
        size = file.stat().st_size
    except OSError as exc:
        raise DocumentError(f"Không mở được tệp {file.name} (cannot open file: {exc.strerror})") from exc
    if not file.is_file():
        raise DocumentError(f"{file.name} không phải là tệp (not a regular file)")
    if size == 0:
        raise DocumentError(f"Tệp {file.name} rỗng (empty file)")
    if size > MAX_FILE_BYTES:
        raise DocumentError(
            f"Tệp {file.name} quá lớn: {size // (1024 * 1024)} MB, tối đa {MAX_FILE_BYTES // (1024 * 1024)} MB "
            "(file too large)"
        )
    with file.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"%PDF-"):
        text = _pdf_text(file, on_page)
    elif head.startswith(b"PK\x03\x04"):
        text = _docx_text(file)
    elif head.startswith(_IMAGE_MAGIC):
        text = _image_text(file)
    elif head.startswith((b"\xd0\xcf\x11\xe0", b"{\\rtf")):
        raise DocumentError(
            f"{file.name} là tệp Word cũ (.doc/.rtf), hãy lưu lại dưới dạng .docx hoặc PDF "
            "(legacy Word format is not supported)"
        )
    else:
        text = _plain_text(file.read_bytes(), file.name)
        if _HTML_START.match(text[:2000]):
            text = html_text(text)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise DocumentError(f"Không đọc được chữ nào trong {file.name} (no text found)")
    return text


# ----------------------------------------------------------------------------------------------- text
_VI_WORDS = re.compile(r"\b(?:và|của|các|thực|hiện|ngày|năm|tháng|huyện|tỉnh|xã|được|trên|đơn|vị|những|về)\b")
_VNI_SIGNS = re.compile(r"(?:ñ|Ñ|[aeou][øùûõï]|[aeo]â|ö[ôø]|Vaên|vaên|coâng|Coâng)")
_TCVN3_SIGNS = re.compile(r"[¸µ¶·¹¨©ª«¬®¾»¼½ÆÇ×ØÞßãåæçëìíîïóôõö÷øùúûüýþ]")
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _plain_text(data: bytes, name: str) -> str:
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise DocumentError(
                    f"{name}: tệp văn bản bị hỏng ({codec} không hợp lệ) (corrupt text file)"
                ) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _legacy_text(data, name)
    if len(_BINARY.findall(text[:20000])) > 5:
        raise DocumentError(f"{name} không phải tệp văn bản, PDF, DOCX hay ảnh (unrecognised binary file)")
    return text


def _legacy_text(data: bytes, name: str) -> str:
    if data.count(b"\x00") > len(data) // 100:
        raise DocumentError(f"{name} không phải tệp văn bản, PDF, DOCX hay ảnh (unrecognised binary file)")
    cp1258 = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    if cp1258.count("\ufffd") == 0 and len(_VI_WORDS.findall(cp1258.lower())) >= 3:
        return cp1258
    latin = data.decode("cp1252", errors="replace")
    if len(_VNI_SIGNS.findall(latin)) >= 3:
        raise DocumentError(
            f"{name} dùng bảng mã cũ VNI; hãy chuyển sang Unicode (ví dụ bằng Unikey) rồi tải lại "
            "(legacy VNI encoding is not supported)"
        )
    if len(_TCVN3_SIGNS.findall(latin)) >= 5:
        raise DocumentError(
            f"{name} dùng bảng mã cũ TCVN3 (ABC); hãy chuyển sang Unicode (ví dụ bằng Unikey) rồi tải lại "
            "(legacy TCVN3 encoding is not supported)"
        )
    raise DocumentError(f"{name}: không nhận ra bảng mã của tệp văn bản (unknown text encoding)")


# ----------------------------------------------------------------------------------------------- docx
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MARKER_START = re.compile(r"^\s*(?:[-+*•–]|\d+[.)/]|[IVX]+\.|[a-zđ][).])")


def _check_zip(file: Path) -> None:
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocumentError(
            f"{file.name}: tệp DOCX bị hỏng hoặc không đầy đủ (corrupt or truncated DOCX)"
        ) from exc
    if "word/document.xml" not in names:
        raise DocumentError(
            f"{file.name} là tệp nén nhưng không phải DOCX (zip file without a Word document)"
        )
    total = sum(info.file_size for info in infos)
    bomb = any(
        info.file_size > 1024 * 1024 and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
        for info in infos
    )
    if total > MAX_DOCX_UNCOMPRESSED or bomb:
        raise DocumentError(
            f"{file.name}: nội dung giải nén quá lớn hoặc bất thường, từ chối đọc (DOCX expands to an absurd size)"
        )


def _docx_text(file: Path) -> str:
    _check_zip(file)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(file))
    except Exception as exc:  # python-docx raises many types for damaged XML
        raise DocumentError(
            f"{file.name}: không đọc được tệp DOCX ({type(exc).__name__}) (unreadable DOCX)"
        ) from exc
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag == f"{_W}p":
            lines.append(_paragraph_text(Paragraph(element, document)))
        elif element.tag == f"{_W}tbl":
            lines.extend(_table_lines(Table(element, document)))
    return "\n".join(lines)


def _paragraph_text(paragraph: object) -> str:
    text: str = paragraph.text  # type: ignore[attr-defined]
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None  # type: ignore[attr-defined]
    # Word's automatic numbering is not part of the text; keep the item boundary visible.
    if numbered and text.strip() and not _MARKER_START.match(text):
        return "- " + text
    return text


def _table_lines(table: object) -> list[str]:
    rows: list[list[str]] = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # merged cells repeat
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text)
        rows.append(cells)
    return table_rows_as_text(rows)


def table_rows_as_text(rows: list[list[str]]) -> list[str]:
    """A table as the reader's text: a layout table (the two-column header and footer of Nghị định 30)
    as lines, column by column; a real table (a task list, an appendix) as "| a | b |" rows."""
    width = max((len(row) for row in rows), default=0)
    if width <= 2 and len(rows) <= 4:
        lines: list[str] = []
        for row in rows:
            for cell in row:
                lines.extend(line for line in cell.split("\n"))
                lines.append("|")
        return lines
    return [
        "| " + " | ".join(" ".join(cell.split()) or " " for cell in row) + " |" for row in rows if any(row)
    ]


# ----------------------------------------------------------------------------------------------- html
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html|<head|<body|<meta|<p[\s>]|<div)", re.I
)
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "ul", "ol"}
)


def html_text(markup: str) -> str:
    """Text of a web page or a Word-exported .htm: paragraphs on their own lines, tables as rows."""
    from html.parser import HTMLParser

    class _Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.lines: list[str] = []
            self.current: list[str] = []
            self.tables: list[list[list[str]]] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs) -> None:
            if tag in ("script", "style", "head", "title"):
                self.skip += 1
            elif tag == "table":
                self._flush()
                self.tables.append([])
            elif tag == "tr" and self.tables:
                self.tables[-1].append([])
            elif tag in ("td", "th") and self.tables and self.tables[-1]:
                self.tables[-1][-1].append("")
            elif tag in _BLOCK_TAGS:
                self._flush()

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style", "head", "title"):
                self.skip = max(0, self.skip - 1)
            elif tag == "table" and self.tables:
                rows = self.tables.pop()
                if self.tables and self.tables[-1] and self.tables[-1][-1]:
                    # A table inside a cell: its text joins the cell.
                    self.tables[-1][-1][-1] += " " + " ".join(" ".join(r) for r in rows)
                else:
                    self.lines.extend(table_rows_as_text(rows))
            elif tag in _BLOCK_TAGS and not self.tables:
                self._flush()
            elif tag == "p" and self.tables and self.tables[-1] and self.tables[-1][-1]:
                self.tables[-1][-1][-1] += "\n"

        def handle_data(self, data: str) -> None:
            if self.skip:
                return
            if self.tables and self.tables[-1] and self.tables[-1][-1]:
                self.tables[-1][-1][-1] += data.replace("\n", " ")
            else:
                self.current.append(data.replace("\n", " "))

        def _flush(self) -> None:
            line = " ".join("".join(self.current).split())
            if line:
                self.lines.append(line)
            self.current = []

    reader = _Reader()
    try:
        reader.feed(markup)
        reader.close()
    except Exception as exc:  # a malformed page is still text: read what the parser got
        del exc
    reader._flush()
    return "\n".join(reader.lines)


# ------------------------------------------------------------------------------------------------ pdf
def _pdf_text(file: Path, on_page: Callable[[int, int], None] | None = None) -> str:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(file))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise DocumentError(f"{file.name}: PDF có mật khẩu, không đọc được (encrypted PDF)") from exc
        raise DocumentError(
            f"{file.name}: tệp PDF bị hỏng hoặc không đầy đủ (corrupt or truncated PDF)"
        ) from exc
    try:
        count = len(pdf)
        if count == 0:
            raise DocumentError(f"{file.name}: PDF không có trang nào (PDF has no pages)")
        if count > MAX_PDF_PAGES:
            raise DocumentError(
                f"{file.name}: PDF quá dài ({count} trang, tối đa {MAX_PDF_PAGES}) (too many pages)"
            )
        layer = _pdf_text_layer(file, count)
        pages: list[str] = []
        ocr_pages = 0
        for index in range(count):
            text = layer[index] if index < len(layer) else ""
            if len(text.strip()) < 20:
                ocr_pages += 1
                if ocr_pages > MAX_OCR_PAGES:
                    raise DocumentError(
                        f"{file.name}: quá nhiều trang ảnh cần nhận dạng (tối đa {MAX_OCR_PAGES}) (too many scanned pages)"
                    )
                text = _ocr_pdf_page(pdf, index)
            pages.append(text)
            if on_page is not None:
                on_page(index + 1, count)
    finally:
        pdf.close()
    return "\n".join(pages)


def _pdf_text_layer(file: Path, count: int) -> list[str]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(str(file)) as pdf:
            # layout=True keeps the two columns of the header apart with wide gaps.
            return [page.extract_text(layout=True) or "" for page in pdf.pages[:count]]
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise DocumentError(f"{file.name}: PDF có mật khẩu, không đọc được (encrypted PDF)") from exc
    except Exception:  # pdfminer chokes on some damaged files pdfium still reads
        return _pdfium_text_layer(file, count)


def _pdfium_text_layer(file: Path, count: int) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(file))
    try:
        pages = []
        for index in range(count):
            textpage = pdf[index].get_textpage()
            pages.append(textpage.get_text_range())
        return pages
    finally:
        pdf.close()


def _ocr_pdf_page(pdf: object, index: int) -> str:
    page = pdf[index]  # type: ignore[index]
    image = page.render(scale=OCR_DPI / 72).to_pil()
    return ocr_image(image)


# --------------------------------------------------------------------------------------------- images
def _image_text(file: Path) -> str:
    from PIL import Image, ImageSequence

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with Image.open(file) as image:
            image.verify()
        texts = []
        with Image.open(file) as image:
            for number, frame in enumerate(ImageSequence.Iterator(image)):
                if number >= MAX_OCR_PAGES:
                    break
                texts.append(ocr_image(frame.convert("RGB")))
    except DocumentError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise DocumentError(f"{file.name}: ảnh bị hỏng hoặc quá lớn (corrupt or oversized image)") from exc
    return "\n".join(texts)


@functools.cache
def _tesseract() -> str:
    binary = shutil.which("tesseract")
    if binary is None:
        raise DocumentError(_INSTALL_TESSERACT)
    try:
        langs = subprocess.run(  # noqa: S603 - fixed argv, no shell
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DocumentError(_INSTALL_TESSERACT) from exc
    if "vie" not in (langs.stdout + langs.stderr).split():
        raise DocumentError(_INSTALL_TESSERACT)
    return binary


def tesseract_available() -> bool:
    try:
        _tesseract()
    except DocumentError:
        return False
    return True


def ocr_image(image: object) -> str:
    """OCR one PIL image with tesseract (Vietnamese), bounded in time."""
    binary = _tesseract()
    with tempfile.TemporaryDirectory(prefix="lantoa-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png, dpi=(OCR_DPI, OCR_DPI))  # type: ignore[attr-defined]
        try:
            done = subprocess.run(  # noqa: S603 - fixed argv, no shell
                [binary, str(png), "stdout", "-l", "vie", "--dpi", str(OCR_DPI)],
                capture_output=True,
                timeout=OCR_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise DocumentError("Nhận dạng chữ (OCR) quá lâu, đã dừng (OCR timed out)") from exc
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", errors="replace").strip().splitlines()[-1:] or [""]
            raise DocumentError(f"Nhận dạng chữ (OCR) thất bại (tesseract failed: {message[0]})")
    return done.stdout.decode("utf-8", errors="replace")

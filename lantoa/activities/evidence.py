"""Checks on evidence files: what a file IS comes from its bytes, never from its name.

A commune officer's phone sends photos, voice recordings and scanned PDFs. Anything else — a PHP or HTML
page renamed .jpg, an executable, a broken image — is refused before a byte reaches the disk. Accepted files
are stored under a generated name with an extension derived from the detected type, so the user's file name
never decides how the file is stored or served.

The first bytes only say what a file claims to be. Each file is then read all the way as what it claims:
images are decoded, a PDF is parsed page by page (pypdfium2), a recording is probed for its stream (mutagen;
AMR frame by frame), a HEIC photo's boxes must add up. A file cut in half or with a fake header is refused
with a message that says what to do.
"""

import hashlib
import io
import os
import unicodedata
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from lantoa.activities.models import EvidenceKind

# Per file. Deployments may set LANTOA_MAX_UPLOAD_MB in settings; without it this default holds.
DEFAULT_MAX_UPLOAD_MB = 15
# Per request: Django refuses more before the view runs (DATA_UPLOAD_MAX_NUMBER_FILES); a direct call to a
# service gets the same limit here.
DEFAULT_MAX_FILES_PER_UPLOAD = 10
# A scanned report runs to tens of pages; a thousand is no evidence a person would read, and bounds the work.
MAX_PDF_PAGES = 1000
# Enough to tell every accepted format apart (the ftyp box of M4A/HEIC sits in the first few dozen bytes).
SNIFF_BYTES = 64
# Refused before decoding, against decompression bombs: room for a 108-megapixel phone camera, and below
# the point where Pillow itself refuses (~179 Mpx).
MAX_IMAGE_PIXELS = 120_000_000


class EvidenceRejected(ValidationError):
    """A file that is not acceptable evidence; the messages say which file and what to do."""


@dataclass(frozen=True)
class FileType:
    kind: str
    content_type: str
    extension: str
    pillow_format: str | None = None  # images Pillow must decode before we accept them


JPEG = FileType(EvidenceKind.PHOTO, "image/jpeg", "jpg", "JPEG")
PNG = FileType(EvidenceKind.PHOTO, "image/png", "png", "PNG")
WEBP = FileType(EvidenceKind.PHOTO, "image/webp", "webp", "WEBP")
HEIC = FileType(EvidenceKind.PHOTO, "image/heic", "heic")
MP3 = FileType(EvidenceKind.AUDIO, "audio/mpeg", "mp3")
M4A = FileType(EvidenceKind.AUDIO, "audio/mp4", "m4a")
OGG = FileType(EvidenceKind.AUDIO, "audio/ogg", "ogg")
WAV = FileType(EvidenceKind.AUDIO, "audio/wav", "wav")
AMR = FileType(EvidenceKind.AUDIO, "audio/amr", "amr")
PDF = FileType(EvidenceKind.DOCUMENT, "application/pdf", "pdf")

HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
M4A_BRANDS = {b"M4A ", b"M4B "}


def _ftyp_brands(head: bytes) -> set[bytes]:
    """Major and compatible brands of an ISO-BMFF file (MP4, M4A, HEIC), or nothing."""
    if len(head) < 12 or head[4:8] != b"ftyp":
        return set()
    box_size = int.from_bytes(head[0:4], "big")
    if box_size < 16:
        return set()
    end = min(box_size, len(head))
    brands = {head[8:12]}
    brands.update(head[i : i + 4] for i in range(16, end - 3, 4))
    return brands


def _is_mp3(head: bytes) -> bool:
    if head.startswith(b"ID3"):
        return True
    # An MPEG audio frame: 11 sync bits, then a layer that is not "reserved" (which AAC/ADTS uses).
    return len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and (head[1] >> 1) & 0x3 != 0


def sniff(head: bytes) -> FileType | None:
    """The accepted type these first bytes belong to, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[0:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[0:4] == b"RIFF" and head[8:12] == b"WAVE":
        return WAV
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"OggS"):
        return OGG
    if head.startswith((b"#!AMR\n", b"#!AMR-WB\n")):
        return AMR
    brands = _ftyp_brands(head)
    if brands & M4A_BRANDS:
        return M4A
    if brands & HEIC_BRANDS:
        return HEIC
    if _is_mp3(head):
        return MP3
    return None


def max_upload_bytes() -> int:
    return int(getattr(settings, "LANTOA_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB)) * 1024 * 1024


def max_files_per_upload() -> int:
    return int(getattr(settings, "DATA_UPLOAD_MAX_NUMBER_FILES", None) or DEFAULT_MAX_FILES_PER_UPLOAD)


# --- Reading a file all the way as what it claims to be ----------------------------------------------------


class Unreadable(Exception):
    """The file is not what its first bytes say; `reason` picks the message."""

    def __init__(self, reason: str = "broken"):
        super().__init__(reason)
        self.reason = reason


def _check_pdf(data: bytes) -> None:
    import pypdfium2 as pdfium

    # PDFium patches up a file cut short and shows what is left; evidence cut short is refused instead.
    if b"%%EOF" not in data[-1024:]:
        raise Unreadable

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise Unreadable("password" if "password" in str(error).lower() else "broken") from error
    try:
        pages = len(document)
        if not 0 < pages <= MAX_PDF_PAGES:
            raise Unreadable("pages" if pages else "broken")
        for index in range(pages):
            # Loading a page and its text parses its content stream: a truncated file fails here.
            page = document[index]
            page.get_textpage().close()
            page.close()
    except pdfium.PdfiumError as error:
        raise Unreadable from error
    finally:
        document.close()


def _check_recording(data: bytes, content_type: str) -> None:
    from mutagen import MutagenError
    from mutagen.mp3 import MP3
    from mutagen.mp4 import MP4
    from mutagen.ogg import OggFileType
    from mutagen.oggflac import OggFLAC
    from mutagen.oggopus import OggOpus
    from mutagen.oggspeex import OggSpeex
    from mutagen.oggvorbis import OggVorbis
    from mutagen.wave import WAVE

    readers: dict[str, tuple] = {
        "audio/mpeg": (MP3,),
        "audio/mp4": (MP4,),
        "audio/wav": (WAVE,),
        "audio/ogg": (OggVorbis, OggOpus, OggFLAC, OggSpeex),
    }
    for reader in readers[content_type]:
        try:
            audio = reader(io.BytesIO(data))
        except (MutagenError, ValueError, EOFError, IndexError, OverflowError):
            continue
        info = getattr(audio, "info", None)
        if info is not None and (getattr(info, "length", 0) or 0) > 0:
            return
        if isinstance(audio, OggFileType) and info is not None:
            return
    raise Unreadable


# Bytes of speech data after each frame's header byte, by frame type (RFC 4867 §5); None = not allowed.
AMR_NB_FRAME = [12, 13, 15, 17, 19, 20, 26, 31, 5, None, None, None, None, None, None, 0]
AMR_WB_FRAME = [17, 23, 32, 36, 40, 46, 50, 58, 60, 5, None, None, None, None, 0, 0]


def _check_amr(data: bytes) -> None:
    if data.startswith(b"#!AMR-WB\n"):
        position, sizes, speech = 9, AMR_WB_FRAME, 9
    else:
        position, sizes, speech = 6, AMR_NB_FRAME, 8
    frames = 0
    while position < len(data):
        header = data[position]
        size = sizes[(header >> 3) & 0x0F]
        if header & 0x80 or size is None:
            raise Unreadable
        frames += ((header >> 3) & 0x0F) < speech
        position += 1 + size
    if position != len(data) or not frames:
        raise Unreadable


def _check_heic(data: bytes) -> None:
    """The top-level boxes of an ISO-BMFF file follow one another to the last byte, with a `meta` box."""
    position, kinds = 0, []
    while position < len(data):
        if len(data) - position < 8:
            raise Unreadable
        size = int.from_bytes(data[position : position + 4], "big")
        kinds.append(data[position + 4 : position + 8])
        if size == 1:
            if len(data) - position < 16:
                raise Unreadable
            size = int.from_bytes(data[position + 8 : position + 16], "big")
        elif size == 0:
            size = len(data) - position
        if size < 8 or position + size > len(data):
            raise Unreadable
        position += size
    if not kinds or kinds[0] != b"ftyp" or b"meta" not in kinds:
        raise Unreadable


def _read_through(upload: UploadedFile, file_type: "FileType") -> None:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if file_type is PDF:
        _check_pdf(data)
    elif file_type is AMR:
        _check_amr(data)
    elif file_type is HEIC:
        _check_heic(data)
    elif file_type.kind == EvidenceKind.AUDIO:
        _check_recording(data, file_type.content_type)


def clean_original_name(name: str) -> str:
    """The name as the user knew it, for display and downloads only: no folders, no control characters."""
    name = unicodedata.normalize("NFC", os.path.basename((name or "").replace("\\", "/")))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[-255:] or _("tệp")


@dataclass(frozen=True)
class CheckedUpload:
    upload: UploadedFile
    file_type: FileType
    original_name: str
    size: int
    sha256: str

    def generated_name(self) -> str:
        return f"{uuid.uuid4().hex}.{self.file_type.extension}"


def _decodes(upload: UploadedFile, pillow_format: str) -> bool:
    """The image really is one: Pillow reads its structure, then decodes every pixel."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format != pillow_format or image.width * image.height > MAX_IMAGE_PIXELS:
                return False
            image.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    finally:
        upload.seek(0)
    return True


def _check_one(upload: UploadedFile) -> tuple[CheckedUpload | None, str | None]:
    name = clean_original_name(upload.name)
    limit = max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        return None, _(
            "Tệp “{name}” nặng {size} MB, vượt giới hạn {limit} MB mỗi tệp. Hãy chụp ảnh ở độ phân giải thấp "
            "hơn, nén hoặc cắt ngắn tệp rồi tải lên lại."
        ).format(
            name=name, size=f"{upload.size / 1024 / 1024:.1f}".replace(".", ","), limit=limit // 1024 // 1024
        )
    if not upload.size:
        return None, _("Tệp “{name}” rỗng. Hãy chọn lại tệp.").format(name=name)
    upload.seek(0)
    file_type = sniff(upload.read(SNIFF_BYTES))
    if file_type is None:
        return None, _(
            "Tệp “{name}” không phải ảnh (JPEG, PNG, WebP, HEIC), ghi âm (MP3, M4A, OGG, WAV, AMR) hay tài "
            "liệu PDF. Hãy chọn đúng tệp ảnh, ghi âm hoặc PDF; tài liệu Word hãy lưu thành PDF trước."
        ).format(name=name)
    if file_type.pillow_format and not _decodes(upload, file_type.pillow_format):
        return None, _(
            "Tệp “{name}” không mở được như một ảnh (tệp hỏng hoặc không phải ảnh). Hãy chụp hoặc chọn lại ảnh."
        ).format(name=name)
    if not file_type.pillow_format and (upload.size or 0) <= limit:
        try:
            _read_through(upload, file_type)
        except Unreadable as unreadable:
            return None, _unreadable_message(name, file_type, unreadable.reason)
    digest = hashlib.sha256()
    size = 0
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    if size > limit:  # the declared size can lie; the bytes cannot
        return None, _(
            "Tệp “{name}” vượt giới hạn {limit} MB mỗi tệp. Hãy giảm kích thước rồi tải lên lại."
        ).format(name=name, limit=limit // 1024 // 1024)
    return CheckedUpload(upload, file_type, name, size, digest.hexdigest()), None


def _unreadable_message(name: str, file_type: FileType, reason: str) -> str:
    if file_type is PDF and reason == "password":
        return _(
            "Tệp “{name}” là PDF có đặt mật khẩu nên không đọc được. Hãy mở tệp, in (lưu) ra một PDF mới không "
            "mật khẩu rồi tải lên."
        ).format(name=name)
    if file_type is PDF and reason == "pages":
        return _("Tệp “{name}” có quá {n} trang. Hãy tách lấy phần làm minh chứng rồi tải lên.").format(
            name=name, n=MAX_PDF_PAGES
        )
    if file_type is PDF:
        return _(
            "Tệp “{name}” không đọc được như một tài liệu PDF (tệp hỏng, tải về chưa xong hoặc không phải PDF). "
            "Hãy mở thử trên máy, xuất hoặc quét lại thành PDF rồi tải lên."
        ).format(name=name)
    if file_type.kind == EvidenceKind.PHOTO:
        return _(
            "Tệp “{name}” không mở được như một ảnh (tệp hỏng hoặc không phải ảnh). Hãy chụp hoặc chọn lại ảnh."
        ).format(name=name)
    return _(
        "Tệp “{name}” không phát được như một bản ghi âm (tệp hỏng, bị cắt dở hoặc không phải ghi âm). Hãy nghe "
        "thử trên điện thoại, ghi âm hoặc xuất lại tệp rồi tải lên."
    ).format(name=name)


def check_uploads(uploads) -> list[CheckedUpload]:
    """Check every file first, so that one bad file refuses the whole submission before anything is stored."""
    uploads = list(uploads)
    if len(uploads) > max_files_per_upload():
        raise EvidenceRejected(
            _("Mỗi lần chỉ tải lên được tối đa {n} tệp. Hãy chia làm nhiều lần.").format(
                n=max_files_per_upload()
            )
        )
    checked, problems = [], []
    for upload in uploads:
        result, problem = _check_one(upload)
        if problem:
            problems.append(problem)
        else:
            checked.append(result)
    if problems:
        raise EvidenceRejected(problems)
    return checked

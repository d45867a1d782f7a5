"""Checks on evidence files: what a file IS comes from its bytes, never from its name.

A commune officer's phone sends photos, voice recordings and scanned PDFs. Anything else — a PHP or HTML
page renamed .jpg, an executable, a broken image — is refused before a byte reaches the disk. Accepted files
are stored under a generated name with an extension derived from the detected type, so the user's file name
never decides how the file is stored or served.
"""

import hashlib
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
MAX_FILES_PER_UPLOAD = 20
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


def check_uploads(uploads) -> list[CheckedUpload]:
    """Check every file first, so that one bad file refuses the whole submission before anything is stored."""
    uploads = list(uploads)
    if len(uploads) > MAX_FILES_PER_UPLOAD:
        raise EvidenceRejected(
            _("Mỗi lần chỉ tải lên được tối đa {n} tệp. Hãy chia làm nhiều lần.").format(
                n=MAX_FILES_PER_UPLOAD
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

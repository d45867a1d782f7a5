"""Reading evidence: a photo's perceptual hash and EXIF date, a recording's length, a linked page's answer
and date. Each probe reads; the services decide what a reading means."""

import datetime
import html.parser
import ipaddress
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

EXIF_IFD = 0x8769
DATE_TIME_ORIGINAL = 36867
DATE_TIME_DIGITIZED = 36868
DATE_TIME = 306
# Enough of a page to find its date in the head; a linked video or PDF is not read to its end.
PAGE_BYTES = 256 * 1024
DEFAULT_LINK_TIMEOUT = 4.0


def band_values(phash: str) -> list[int]:
    """The four 16-bit bands of a 64-bit hash written as 16 hex digits."""
    return [int(phash[i : i + 4], 16) for i in range(0, 16, 4)]


def hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def _exif_date(value) -> datetime.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        # Phones write local time without a zone: the project's zone is the phone's.
        return datetime.datetime.strptime(value.strip().rstrip("\x00")[:19], "%Y:%m:%d %H:%M:%S").replace(
            tzinfo=timezone.get_current_timezone()
        )
    except ValueError:
        return None


@dataclass
class PhotoReading:
    phash: str = ""
    taken_at: datetime.datetime | None = None


def read_photo(handle) -> PhotoReading:
    import imagehash

    try:
        with Image.open(handle) as image:
            exif = image.getexif()
            inner = exif.get_ifd(EXIF_IFD)
            taken = (
                _exif_date(inner.get(DATE_TIME_ORIGINAL))
                or _exif_date(inner.get(DATE_TIME_DIGITIZED))
                or _exif_date(exif.get(DATE_TIME))
            )
            image.draft("RGB", (256, 256))  # a JPEG decodes at a fraction of its size: the hash needs 32x32
            phash = str(imagehash.phash(image.convert("RGB")))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return PhotoReading()
    return PhotoReading(phash=phash, taken_at=taken)


def recording_seconds(handle) -> float | None:
    """The length of a recording, read by mutagen from its headers and frames; None if it cannot tell."""
    import mutagen

    try:
        audio = mutagen.File(handle)
    except (mutagen.MutagenError, ValueError, EOFError, IndexError, OverflowError):
        return None
    length = getattr(getattr(audio, "info", None), "length", None)
    return float(length) if length else None


# --- linked pages ---------------------------------------------------------------------------------------


@dataclass
class PageReading:
    answered: bool
    problem: str = ""  # why it did not answer, in the reviewer's words
    published: datetime.date | None = None


class _DateFinder(html.parser.HTMLParser):
    """The publication date a news page states in its head (Open Graph, schema.org) or a <time> tag."""

    META_NAMES = {
        "article:published_time",
        "og:published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "date",
        "dc.date",
        "dc.date.issued",
    }

    def __init__(self):
        super().__init__()
        self.found: str | None = None

    def handle_starttag(self, tag, attrs):
        if self.found:
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            name = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            if name in self.META_NAMES and values.get("content"):
                self.found = values["content"]
        elif tag == "time" and values.get("datetime"):
            self.found = values["datetime"]


def _page_date(text: str) -> datetime.date | None:
    finder = _DateFinder()
    try:
        finder.feed(text)
    except Exception:
        return None
    if not finder.found:
        return None
    try:
        return datetime.date.fromisoformat(finder.found.strip()[:10])
    except ValueError:
        return None


def _public_host(host: str) -> bool:
    """The server fetches what a user typed: never an address inside the network it runs in."""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return True  # unresolvable: the fetch itself says the link does not answer
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if address.is_private or address.is_loopback or address.is_link_local or address.is_reserved:
            return False
    return True


def read_page(url: str) -> PageReading:
    timeout = float(getattr(settings, "LANTOA_EVIDENCE_LINK_TIMEOUT", DEFAULT_LINK_TIMEOUT))
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return PageReading(answered=False, problem="địa chỉ không hợp lệ")
    if not getattr(settings, "LANTOA_EVIDENCE_FETCH_PRIVATE", False) and not _public_host(parts.hostname):
        # Not a verdict on the link: the server is not allowed to look there.
        return PageReading(answered=True)
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, headers={"User-Agent": "Lantoa evidence check", "Accept": "text/html,*/*"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            kind = response.headers.get_content_type()
            body = response.read(PAGE_BYTES) if kind in ("text/html", "application/xhtml+xml") else b""
            charset = response.headers.get_content_charset() or "utf-8"
    except urllib.error.HTTPError as error:
        return PageReading(answered=False, problem=f"trang trả lời lỗi {error.code}")
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError | socket.timeout):
            return PageReading(answered=False, problem=f"không trả lời sau {timeout:g} giây")
        return PageReading(answered=False, problem="không kết nối được tới trang")
    return PageReading(answered=True, published=_page_date(body.decode(charset, errors="replace")))

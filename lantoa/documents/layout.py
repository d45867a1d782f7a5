"""Stage 1 of the reader: the text as it was extracted → logical paragraphs that keep their source offsets.

Real texts arrive in many shapes: a blank line after every line, hard wraps at ~80 columns, separator lines
inside the header, `|` and `|---|` rows from flattened tables, footnote markers, decomposed (NFD)
characters, words glued by a re-publisher. This stage undoes all of that and nothing more: it decides
which physical lines belong to one paragraph, turns pipe rows into cells, and remembers for every
character of the cleaned text where it came from, so a task can still be highlighted in the source.

Whether two lines are one paragraph is decided from evidence on both sides of the break: punctuation at
the end of the first, case and list markers at the start of the second, words that cannot end a phrase,
and whether blank lines mean anything in this document (in some texts every line is followed by one).
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass

# ------------------------------------------------------------------------------------------- characters
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\xad"), None)
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Footnote markers: "được giao[1].", "ĐKKD[3]", superscript digits. Never content in a directive.
_FOOTNOTE = re.compile(r"(?=[\[¹²³⁴⁵⁶⁷⁸⁹⁰])(?:\[\d{1,3}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)")
# Markdown emphasis left by crawlers: "**Điều 1.**", "*Nơi nhận:*".
_EMPHASIS = re.compile(r"\*\*|__")

# Two-syllable words that re-publishers glue together ("Kínhgửi", "Vănphòng"). A glued form is never a
# real Vietnamese syllable, so splitting it back is safe.
_GLUED_PAIRS = [
    "kính",
    "gửi",
    "nơi",
    "nhận",
    "văn",
    "phòng",
    "ủy",
    "ban",
    "uỷ",
    "ban",
    "nhân",
    "dân",
    "thông",
    "tin",
    "truyền",
    "thông",
    "văn",
    "hóa",
    "văn",
    "hoá",
    "thể",
    "thao",
    "du",
    "lịch",
    "chủ",
    "trì",
    "phối",
    "hợp",
    "thực",
    "hiện",
    "báo",
    "cáo",
    "tổ",
    "chức",
    "căn",
    "cứ",
    "công",
    "văn",
    "kế",
    "hoạch",
    "quyết",
    "định",
    "chỉ",
    "thị",
    "thông",
    "báo",
    "trung",
    "tâm",
    "chuyển",
    "đổi",
    "tuyên",
    "truyền",
    "giáo",
    "dục",
    "đào",
    "tạo",
    "khoa",
    "học",
    "công",
    "nghệ",
    "cơ",
    "quan",
    "đơn",
    "vị",
    "trách",
    "nhiệm",
    "y",
    "tế",
    "nội",
    "vụ",
    "tài",
    "chính",
    "bưu",
    "điện",
    "công",
    "an",
    "thị",
    "trấn",
    "thành",
    "phố",
    "triển",
    "khai",
    "chủ",
    "tịch",
    "giám",
    "đốc",
    "nông",
    "nghiệp",
    "môi",
    "trường",
    "quốc",
    "gia",
    "quốc",
    "hội",
    "thủ",
    "tướng",
    "việc",
    "tổ",
    "đẩy",
    "mạnh",
    "phát",
    "triển",
    "hiện",
    "đại",
    "công",
    "nghiệp",
    "tham",
    "gia",
    "quan",
    "trọng",
    "hoạt",
    "động",
    "kết",
    "quả",
    "phương",
    "tiện",
    "đại",
    "biểu",
    "bầu",
    "cử",
]
_GLUED = {
    (_GLUED_PAIRS[i] + _GLUED_PAIRS[i + 1]): (_GLUED_PAIRS[i], _GLUED_PAIRS[i + 1])
    for i in range(0, len(_GLUED_PAIRS) - 1, 2)
}
_GLUED_TOKEN = re.compile(r"[^\W\d_]{5,}")
_TONED = "ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"(?:[aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]{1,3})"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_INITIAL = re.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])")


def _split_glued(word: str) -> tuple[str, ...]:
    low = word.lower()
    pair = _GLUED.get(low)
    if pair is not None:
        cut = len(pair[0])
        return word[:cut], word[cut:]
    cut = _syllable_cut(low)
    if cut:
        return (word[:cut], *_split_glued(word[cut:]))
    return (word,)


def _syllable_cut(low: str) -> int:
    """Where two Vietnamese syllables glued together ("quảbầu", "tiệnthông", "cáctỉnh") split, or 0.

    Both halves must be whole syllables, the second must start with a consonant (so "hoang" stays whole)
    and a Vietnamese letter must be present (so "online" or "Covid" stay whole).
    """
    if len(low) < 4 or not any(c in _TONED for c in low):
        return 0
    best, best_initial = 0, 0
    for cut in range(1, len(low) - 1):
        first, second = low[:cut], low[cut:]
        initial = _INITIAL.match(second)
        if not (initial and _SYLLABLE.fullmatch(first)):
            continue
        # "ýnghĩa" is "ý" + "nghĩa", not "ýn" + "ghĩa": the longer initial wins.
        if (_SYLLABLE.fullmatch(second) or _syllable_cut(second)) and len(initial.group()) > best_initial:
            best, best_initial = cut, len(initial.group())
    return best


# ------------------------------------------------------------------------------------------------ lines
class Mapped:
    """Cleaned text with, for each character, its offset in the source text.

    Offsets are kept as runs (text start, source start, step): a step of 1 maps a stretch of characters
    one to one, a step of 0 maps several characters to one source character (a composed letter, the
    space that joins two lines). A 5,000-character text is then a few hundred runs, not 5,000 integers.
    """

    __slots__ = ("_src", "_starts", "_steps", "text")

    def __init__(self, text: str = "", runs: list[tuple[int, int, int]] | None = None) -> None:
        self.text = text
        self._starts: list[int] = []
        self._src: list[int] = []
        self._steps: list[int] = []
        for start, src, step in runs or ():
            self._push(start, src, step)

    def _push(self, start: int, src: int, step: int) -> None:
        if self._starts:
            last = len(self._starts) - 1
            length = start - self._starts[last]
            if step == 1 and self._steps[last] == 1 and self._src[last] + length == src:
                return  # continues the previous run
            if self._starts[last] == start:
                self._starts.pop()
                self._src.pop()
                self._steps.pop()
        self._starts.append(start)
        self._src.append(src)
        self._steps.append(step)

    @classmethod
    def from_offsets(cls, text: str, offs: list[int]) -> Mapped:
        out = cls(text)
        for i, off in enumerate(offs):
            out._push(i, off, 1)
        return out

    def offset(self, i: int) -> int:
        k = bisect.bisect_right(self._starts, i) - 1
        if k < 0:
            return self._src[0] if self._src else 0
        return self._src[k] + (i - self._starts[k]) * self._steps[k]

    def add(self, text: str, src: int, step: int = 1) -> None:
        if text:
            self._push(len(self.text), src, step)
            self.text += text

    def join(self, other: Mapped, sep: str = " ") -> None:
        if self.text and other.text:
            anchor = self.offset(len(self.text) - 1) + 1
            self.add(sep, anchor, 0)
        base = len(self.text)
        self.text += other.text
        for start, src, step in zip(other._starts, other._src, other._steps, strict=True):
            self._push(base + start, src, step)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The source range [a, b) of cleaned characters [start, end), trimmed of spaces."""
        start, end = max(start, 0), min(end, len(self.text))
        while start < end and self.text[start] == " ":
            start += 1
        while end > start and self.text[end - 1] == " ":
            end -= 1
        if start >= end:
            if not self.text:
                return 0, 0
            anchor = self.offset(min(start, len(self.text) - 1))
            return anchor, anchor
        return self.offset(start), self.offset(end - 1) + 1

    def slice(self, start: int, end: int) -> Mapped:
        out = Mapped(self.text[start:end])
        if start >= end or not self._starts:
            return out
        k = max(bisect.bisect_right(self._starts, start) - 1, 0)
        while k < len(self._starts) and self._starts[k] < end:
            first = max(self._starts[k], start)
            out._push(
                first - start, self._src[k] + (first - self._starts[k]) * self._steps[k], self._steps[k]
            )
            k += 1
        return out

    @property
    def first(self) -> int:
        return self.offset(0) if self.text else 0

    @property
    def last(self) -> int:
        return self.offset(len(self.text) - 1) + 1 if self.text else 0


_ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\xad]")
# Every character that a zero-width, footnote or emphasis pass looks for: one scan tells all three to stay away.
_ODD = re.compile("[\u200b\u200c\u200d\u2060\ufeff\xad\\[¹²³⁴⁵⁶⁷⁸⁹⁰*_]")
_TOKEN = re.compile(r"\S+")


def clean(raw: str, base: int = 0) -> Mapped:
    """One piece of source text (no line breaks) → cleaned text with offsets.

    NFC composition, odd and repeated spaces, zero-width characters, footnote markers, Markdown emphasis
    and glued words; each output character maps to the source character it came from.
    """
    offs: list[int] | None = None
    text = raw
    odd = _ODD.search(raw) is not None  # most lines have none of the characters the three passes remove
    if odd and _ZERO_WIDTH_RE.search(raw):
        text = raw.translate(_ZERO_WIDTH)
        offs = [base + i for i, c in enumerate(raw) if ord(c) not in _ZERO_WIDTH]
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text, offs = _nfc(text, offs if offs is not None else list(range(base, base + len(raw))))
    for pattern in (_FOOTNOTE, _EMPHASIS):
        if (odd or offs is not None) and pattern.search(text):
            text, offs = _drop(
                pattern, text, offs if offs is not None else list(range(base, base + len(raw)))
            )
    if offs is None:
        tokens = text.split()
        # Only a token with a run of five letters can be glued words; most lines have few or none.
        if _GLUED_TOKEN.search(text) is None or all(
            len(_pieces(token)) == 1 for token in tokens if len(token) >= 5
        ):
            lead = len(text) - len(text.lstrip())
            joined = " ".join(tokens)
            if text.startswith(joined, lead):
                # The usual line: single spaces, nothing glued — one run maps it all.
                return Mapped(joined, [(0, base + lead, 1)] if joined else [])
    out = Mapped()
    parts: list[str] = []
    length = 0
    for match in _TOKEN.finditer(text):
        token, start = match.group(), match.start()
        for piece in _pieces(token):
            if parts:
                gap = (offs[start] if offs is not None else base + start) - 1
                out._push(length, max(gap, base), 0)
                parts.append(" ")
                length += 1
            if offs is None:
                out._push(length, base + start, 1)
            else:
                for k in range(len(piece)):
                    out._push(length + k, offs[start + k], 1)
            parts.append(piece)
            length += len(piece)
            start += len(piece)
    out.text = "".join(parts)
    return out


@functools.lru_cache(maxsize=50_000)
@functools.lru_cache(maxsize=65536)
def _pieces(token: str) -> tuple[str, ...]:
    if len(token) < 5 or not _GLUED_TOKEN.search(token):
        return (token,)
    lead = re.match(r"^[\W\d_]*", token).group()  # "4.Vănphòng", "(Truyềnthông"
    word = re.match(r"[^\W\d_]*", token[len(lead) :]).group()
    tail = token[len(lead) + len(word) :]
    if len(word) < 5:
        return (token,)
    parts = _split_glued(word)
    if len(parts) == 1:
        return (token,)
    return (lead + parts[0], *parts[1:-1], parts[-1] + tail)


def _nfc(text: str, offs: list[int]) -> tuple[str, list[int]]:
    out_chars: list[str] = []
    out_offs: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        composed = unicodedata.normalize("NFC", text[i:j])
        out_chars.append(composed)
        out_offs.extend([offs[i]] * len(composed))
        i = j
    return "".join(out_chars), out_offs


def _drop(pattern: re.Pattern[str], text: str, offs: list[int]) -> tuple[str, list[int]]:
    keep_chars: list[str] = []
    keep_offs: list[int] = []
    last = 0
    for match in pattern.finditer(text):
        keep_chars.append(text[last : match.start()])
        keep_offs.extend(offs[last : match.start()])
        last = match.end()
    keep_chars.append(text[last:])
    keep_offs.extend(offs[last:])
    return "".join(keep_chars), keep_offs


def collapse(text: str) -> str:
    return " ".join(text.split())


def clean_text(raw: str) -> str:
    """The cleaned form of a piece of source text: what task texts are made of."""
    return " ".join(clean(line).text for line in raw.splitlines() if line.strip()).strip()


# ------------------------------------------------------------------------------------------- paragraphs
_SEPARATOR = re.compile(r"^[-_=*.…~–—•·\s]{3,}$")
_WIDE_GAP = re.compile(r"\S[ \t]{4,}\S")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_EMPTY_ROW = re.compile(r"^[|\s]+$")
# The first character of a stripped line that one of the three patterns above can match.
_RULE_STARTS = frozenset("|:-_=*.…~–—•·")

MARKER = re.compile(
    r"^(?:(?P<roman>[IVXLC]{1,5})\s*[.):]\s+"
    r"|(?P<sub>\d{1,2}(?:\.\d{1,2}){1,3})\.?\)?(?=\s|[A-ZĐÀ-Ỹ])\s*"
    r"|\(?(?P<paren>\d{1,2})\)\s*"
    r"|(?P<num>\d{1,2})\s*(?P<numsep>[./:)])(?![\d/])\s*"
    r"|(?P<upper>[A-Z])\s*[.)]\s+(?=\S)"
    r"|\(?(?P<letter>[a-zđ])\)\s*|(?P<letterdot>[a-zđ])\.\s+"
    r"|\((?P<rparen>[ivx]{1,4})\)\s*"
    r"|(?P<bullet>[-+*•–—●■▪∗○◦➢➤✓]+)\s*)"
)


@functools.lru_cache(maxsize=4096)  # asked of one paragraph by layout, zones, outline and duties in turn
def marker_of(text: str) -> tuple[str, str, int] | None:
    """(kind, label, length) of the list marker at the start of a paragraph, or None.

    Kinds: roman "I.", num "1." (or "1/"), numparen "1)", paren "(1)", sub "1.1.", upper "A.",
    letter "a)", letterdot "a.", rparen "(i)", and bullets by their glyph ("-", "+", "*"...).
    """
    match = MARKER.match(text)
    if match is None:
        return None
    kind = match.lastgroup
    if kind == "numsep":
        kind = "num"
    label = match.group(kind)
    end = match.end()
    if kind == "num":
        sep = match.group("numsep")
        rest = text[end:]
        if not rest or (sep == "." and rest[:1].isdigit()):
            return None
        if sep == ")":
            kind = "numparen"
        elif sep == ":":
            return None
        # "2023 của…" is a number in a wrapped sentence, "1. Phòng…" a list item.
        if int(label) > 40:
            return None
    if kind == "roman" and (not label or not re.fullmatch(r"X{0,3}(?:IX|IV|V?I{0,3})", label)):
        return None
    if kind == "bullet":
        label = label[0]
        if label in "*" and text[end : end + 1] == "*":
            return None
        if len(match.group("bullet")) > 2:
            return None
    if kind in ("letter", "letterdot"):
        rest = text[end:]
        capitalised = bool(rest) and (rest[0].isupper() or rest[0].isdigit() or rest[0] in '“"(')
        if not capitalised and (kind == "letterdot" or not rest):
            return None
    if kind == "upper" and not text[end : end + 1].isupper():
        return None
    return kind, label, end


@dataclass
class Para:
    """A logical paragraph (or one cell of a table row)."""

    mapped: Mapped
    start: int  # source offset of the first physical line
    end: int
    lines: int = 1
    blank_before: bool = False
    row: int | None = None  # table row number, for cells
    col: int | None = None
    boundary_before: bool = False  # a separator or empty table row came before it
    index: int = 0

    @property
    def text(self) -> str:
        return self.mapped.text

    def marker(self) -> tuple[str, str, int] | None:
        return marker_of(self.mapped.text)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Para({self.index}, {self.text[:60]!r})"


@dataclass
class _Line:
    mapped: Mapped
    start: int
    end: int
    blank_before: bool
    boundary_before: bool
    cells: list[Mapped] | None = None

    @property
    def text(self) -> str:
        return self.mapped.text


_TERMINAL = (".", ";", "!", "?", ":", "./.", "…")
# Words after which a phrase cannot end: a line ending in one of them continues on the next.
_OPEN_ENDS = frozenset(
    [
        "các",
        "của",
        "và",
        "với",
        "cho",
        "tại",
        "về",
        "theo",
        "trong",
        "trên",
        "dưới",
        "từ",
        "đến",
        "để",
        "là",
        "có",
        "được",
        "những",
        "mọi",
        "một",
        "hoặc",
        "hay",
        "nhằm",
        "bằng",
        "do",
        "qua",
        "gồm",
        "như",
        "vào",
        "ra",
        "khi",
        "nếu",
        "thì",
        "mà",
        "đã",
        "đang",
        "sẽ",
        "cùng",
        "số",
        "ngày",
        "tháng",
        "năm",
    ]
)
# A line ending in a head noun usually wraps inside a name ("Sở Nông / nghiệp", "Ủy ban nhân / dân").
_NAME_OPEN_ENDS = frozenset(
    [
        "phòng",
        "ban",
        "sở",
        "trung",
        "tâm",
        "ủy",
        "uỷ",
        "nhân",
        "hội",
        "đồng",
        "đài",
        "bộ",
        "cục",
        "chi",
        "tổ",
        "văn",
        "thuộc",
    ]
)
_STRONG_STARTS = re.compile(
    r"^(?:Kính\s*gửi|Đồng\s*kính\s*gửi|Nơi\s*nhận|Căn\s*cứ\b|V/v\b|Về\s+việc\b|Số\s*:|"
    r"CỘNG\s*HÒA|CỘNG\s*HOÀ|Độc\s*lập\s*[-–]|(?:KT|TM|TL|TUQ)\s*\.\s*[A-ZĐ]|PHỤ\s*LỤC\b|Trân\s*trọng|"
    r"(?:KẾ\s*HOẠCH|CÔNG\s*VĂN|CHỈ\s*THỊ|THÔNG\s*BÁO|CÔNG\s*ĐIỆN)\s+(?:V/v|Về\s+việc|VỀ\s+VIỆC))",
)
_DOC_TITLE = re.compile(
    r"^(?:KẾ\s*HOẠCH|CHỈ\s*THỊ|THÔNG\s*BÁO|QUYẾT\s*ĐỊNH|CÔNG\s*VĂN|CÔNG\s*ĐIỆN|BÁO\s*CÁO|HƯỚNG\s*DẪN|"
    r"CHƯƠNG\s*TRÌNH|THƯ\s*MỜI|GIẤY\s*MỜI|TỜ\s*TRÌNH|ĐỀ\s*ÁN|NGHỊ\s*QUYẾT)$"
)
_PLACE_DATE_START = re.compile(r"^[^\W\d][\w .'-]{1,40}?,\s*ngày\b", re.I)


_CAPS_PLACE_END = re.compile(
    r"\b(?:TỈNH|HUYỆN|XÃ|PHƯỜNG|QUẬN|THỊ XÃ|THỊ TRẤN|THÀNH PHỐ|TP\.?)\s+\S+(?:\s+\S+){0,3}$"
)
_CAPS_HEAD_START = re.compile(
    r"^(?:SỞ|PHÒNG|BAN|TRUNG TÂM|VĂN PHÒNG|ĐÀI|CỤC|CHI CỤC|ỦY BAN|UỶ BAN|UBND|HỘI|ĐOÀN|CÔNG AN|THANH TRA|TRƯỜNG|"
    r"BỆNH VIỆN|ĐẢNG ỦY|ĐẢNG UỶ|HỘI ĐỒNG)\b"
)


def _is_upper(text: str) -> bool:
    return text == text.upper() and sum(1 for c in text if c.isalpha()) >= 2


def _starts_lower(text: str) -> bool:
    first = text[:1]
    return bool(first) and (
        first.islower() or (first.isdigit() and marker_of(text) is None) or first in ",;)"
    )


def _physical_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    blank = False
    boundary = False
    header_open = True  # a PDF header's two columns can still be laid side by side
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        start = pos
        pos += len(raw)
        stripped = body.strip()
        if not stripped or (_ZERO_WIDTH_RE.search(stripped) and not stripped.translate(_ZERO_WIDTH).strip()):
            blank = True
            continue
        if stripped[0] in _RULE_STARTS and (
            _TABLE_RULE.match(stripped) or _EMPTY_ROW.match(stripped) or _SEPARATOR.match(stripped)
        ):
            boundary = True
            continue
        if header_open and (
            marker_of(stripped) is not None
            or (_STRONG_STARTS.match(stripped) and stripped.startswith("Kính"))
        ):
            header_open = False
        if header_open and len(lines) < 12 and _WIDE_GAP.search(stripped) and not stripped.startswith("|"):
            # A PDF's two-column header, laid out with its x-positions: the columns are cells.
            cells = []
            for piece in re.finditer(r"\S(?:.*?\S)?(?=\s{4,}|\s*$)", body):
                mapped = clean(piece.group(), start + piece.start())
                if mapped.text:
                    cells.append(mapped)
            if len(cells) >= 2:
                lines.append(_Line(Mapped(), start, start + len(body), blank, True, cells))
                blank = False
                boundary = True
                continue
        if stripped.startswith("|") and stripped.count("|") >= 2:
            cells = _cells(body, start)
            if cells:
                lines.append(_Line(Mapped(), start, start + len(body), blank, True, cells))
                blank = False
                boundary = True
                continue
        mapped = clean(body, start)
        if not mapped.text:
            blank = True
            continue
        # A "|" left at the end of a line by a flattened table: "... năm 2025 |".
        if mapped.text.endswith(" |"):
            mapped = mapped.slice(0, len(mapped.text) - 2)
        if mapped.text.startswith("| "):
            mapped = mapped.slice(2, len(mapped.text))
        lines.append(_Line(mapped, start, start + len(body), blank, boundary))
        blank = False
        boundary = False
    return lines


def _cells(body: str, start: int) -> list[Mapped]:
    cells = []
    pos = body.index("|") + 1
    for part in body[pos:].split("|"):
        mapped = clean(part, start + pos)
        pos += len(part) + 1
        if mapped.text and not _SEPARATOR.match(mapped.text):
            cells.append(mapped)
    return cells


def _wrap_width(lines: list[_Line]) -> int:
    """The width hard-wrapped lines were cut at (0 when the text is not hard-wrapped)."""
    lengths = sorted(len(line.text) for line in lines if line.cells is None and len(line.text) >= 40)
    if len(lengths) < 4:
        return 0
    high = lengths[int(len(lengths) * 0.9)]
    near = sum(1 for n in lengths if n >= high * 0.85)
    return high if near >= max(3, len(lengths) // 4) and high <= 130 else 0


def _joins(prev: _Line, nxt: _Line, *, blanks_mean_paragraphs: bool, width: int) -> bool:
    """Whether `nxt` continues the paragraph that `prev` ends."""
    a, b = prev.text, nxt.text
    if nxt.boundary_before or prev.cells is not None or nxt.cells is not None:
        return False
    if marker_of(b) is not None or _STRONG_STARTS.match(b) or _DOC_TITLE.match(a) or _DOC_TITLE.match(b):
        return False
    if a.endswith(_TERMINAL) and not re.search(r"(?:\b[A-ZĐ]|TP|Đ\.c|Tp|\bT\.Ư)\.$", a):
        # "…triển khai thực hiện./." ends; "TP." or "Đ.c" inside a name does not.
        return False
    lower_b = _starts_lower(b)
    if _PLACE_DATE_START.match(b) and not lower_b:
        return False
    upper_a, upper_b = _is_upper(a), _is_upper(b)
    if upper_a and upper_b:
        if _CAPS_PLACE_END.search(a) and _CAPS_HEAD_START.match(b):
            return False  # "UBND TỈNH HẬU GIANG" / "SỞ VĂN HÓA…": the parent agency, then the issuer
        return not (nxt.blank_before and blanks_mean_paragraphs)
    if lower_b:
        return True
    last = a.rsplit(" ", 1)[-1].lower().lstrip("(\"“'")
    if a.endswith((",", "&", "(", "/")) or last in _OPEN_ENDS:
        return True
    # A blank line between two lines separates paragraphs, unless every line of this hard-wrapped
    # text is followed by one.
    if nxt.blank_before and (blanks_mean_paragraphs or not width):
        return False
    if last in _NAME_OPEN_ENDS or a.endswith(("-", "–")):
        return True
    if upper_a:
        return False
    if width and len(a) >= width * 0.8:
        return True
    # A short line without final punctuation followed by a capitalised one: a heading ("1. Sở Tài
    # chính", "Thời gian treo cờ:") unless the words run on inside a name ("Ủy ban nhân dân / Thành phố").
    return _runs_on(a, b)


_NAME_RUN = re.compile(
    r"(?:\b(?:ủy|uỷ)\s+ban\s+nhân\s+dân|\bUBND|\bHĐND|\bSở|\bBộ|\bBan|\bPhòng|\bTrung\s+tâm|\bĐài|\bCông\s+an"
    r"|\bcác|\btỉnh|\bhuyện|\bxã|\bphường|\bthành\s+phố|\bthị\s+xã|\bthị\s+trấn|\bVăn\s+phòng|\bChủ\s+tịch"
    r"|\bGiám\s+đốc|\bThủ\s+trưởng|\bNhà\s+nước|\bQuốc|\bViệt|\bTổ|\bMặt\s+trận)$",
    re.I,
)
_NAME_NEXT = re.compile(
    r"^(?:Thành\s+phố|Tỉnh|Quốc|Việt|Nam|Nhà|Nhân|Trung|Tổ|Chính|Hội|Cộng|Thông|Văn|Môi|Đào|Du|Xã|Công|Sở|Bộ|"
    r"Phòng|Ban|UBND|Ủy|Uỷ|Đài|Đoàn|Cục|Chi|Thủ)\b"
)


def _runs_on(a: str, b: str) -> bool:
    return bool(_NAME_RUN.search(a) and _NAME_NEXT.match(b))


def paragraphs(text: str) -> list[Para]:
    """The logical paragraphs of a text, in order; table rows become one paragraph per cell."""
    lines = _physical_lines(text)
    text_lines = [line for line in lines if line.cells is None]
    followed_by_blank = sum(1 for line in text_lines[1:] if line.blank_before)
    # When (nearly) every line is followed by a blank one, blank lines carry no structure.
    blanks_mean_paragraphs = bool(text_lines) and followed_by_blank < 0.6 * max(len(text_lines) - 1, 1)
    width = _wrap_width(lines)
    paras: list[Para] = []
    row = 0
    prev: _Line | None = None
    for line in lines:
        if line.cells is not None:
            for col, cell in enumerate(line.cells):
                end = cell.last if cell.text else line.end
                paras.append(Para(cell, cell.first if cell.text else line.start, end, 1, line.blank_before,
                                  row, col, True))  # fmt: skip
            row += 1
            prev = line
            continue
        if (
            prev is not None
            and paras
            and paras[-1].row is None
            and _joins(prev, line, blanks_mean_paragraphs=blanks_mean_paragraphs, width=width)
        ):
            last = paras[-1]
            sep = "" if last.text.endswith("-") and line.text[:1].islower() and False else " "
            last.mapped.join(line.mapped, sep)
            last.end = line.end
            last.lines += 1
        else:
            paras.append(Para(line.mapped, line.start, line.end, 1, line.blank_before, None, None,
                              line.boundary_before))  # fmt: skip
        prev = line
    for i, para in enumerate(paras):
        para.index = i
    return paras

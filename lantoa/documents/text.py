"""Text clean-up that keeps an offset map back to the text the parser was given.

PDF extraction leaves hard line breaks mid-sentence, runs of spaces, glued words ("Kínhgửi") and page
numbers. We clean all that for matching, but task spans must index the *original* text, so every
cleaned character remembers where it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_WS = re.compile(r"\S+")

# Two-syllable words that PDF extraction often glues together. A glued form is never a real Vietnamese
# syllable, so splitting it back is safe.
_GLUED_PAIRS = (
    "kính gửi",
    "nơi nhận",
    "văn phòng",
    "ủy ban",
    "uỷ ban",
    "nhân dân",
    "thông tin",
    "truyền thông",
    "văn hóa",
    "thể thao",
    "du lịch",
    "chủ trì",
    "phối hợp",
    "thực hiện",
    "báo cáo",
    "tổ chức",
    "căn cứ",
    "công văn",
    "kế hoạch",
    "quyết định",
    "chỉ thị",
    "thông báo",
    "trung tâm",
    "chuyển đổi",
    "tuyên truyền",
    "giáo dục",
    "đào tạo",
    "khoa học",
    "công nghệ",
    "cơ quan",
    "đơn vị",
    "trách nhiệm",
    "y tế",
    "nội vụ",
    "tài chính",
    "bưu điện",
    "công an",
    "thị trấn",
    "thành phố",
    "triển khai",
    "chủ tịch",
    "giám đốc",
    "nông nghiệp",
    "môi trường",
)


def _glue_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for pair in _GLUED_PAIRS:
        table[pair.replace(" ", "")] = pair
    return table


_GLUED = _glue_table()
# "UBNDhuyện": an abbreviation glued to the following word.
_GLUED_MARKER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)/]|[a-zđ]\))")
_CAPS_GLUE = re.compile(r"^([A-ZĐ]{3,})([a-zđà-ỹ]{2,}.*)$")


def _split_glued(token: str) -> list[str]:
    """Split a glued token into parts, keeping the original characters (and so their case)."""
    if len(token) < 5:
        return [token]
    core = token.rstrip(",;:.!?")
    tail = token[len(core) :]
    # "4.Vănphòng": a list marker glued in front of a glued word.
    marker = _GLUED_MARKER.match(core)
    lead = marker.group() if marker else ""
    spaced = _GLUED.get(core[len(lead) :].lower())
    if spaced is not None:
        cut = len(lead) + spaced.index(" ")
        return [core[:cut], core[cut:] + tail]
    caps = _CAPS_GLUE.match(token) if token[:3].isupper() else None
    if caps is not None:
        return [caps.group(1), caps.group(2)]
    return [token]


@dataclass
class Line:
    """One non-blank physical line, whitespace collapsed, with each character's original offset."""

    text: str
    offs: list[int]
    raw: str
    start: int

    @property
    def end(self) -> int:
        return self.offs[-1] + 1 if self.offs else self.start


_ODD_SPACE = re.compile(r"[^\S ]|  ")


def clean_line(raw: str, start: int) -> Line:
    text = raw.strip(" ")
    if not _ODD_SPACE.search(text) and all(
        len(token) < 5 or len(_split_glued(token)) == 1 for token in text.split(" ")
    ):
        # Most lines are already clean: one space between words, nothing glued.
        lead = start + len(raw) - len(raw.lstrip(" "))
        return Line(text, list(range(lead, lead + len(text))), raw, start)
    parts: list[str] = []
    offs: list[int] = []
    for match in _WS.finditer(raw):
        token_start = match.start()
        token = match.group()
        pieces = _split_glued(token) if len(token) >= 5 else (token,)
        for piece in pieces:
            if parts:
                parts.append(" ")
                # The space stands for the gap before this piece.
                offs.append(start + max(token_start - 1, 0))
            parts.append(piece)
            offs.extend(range(start + token_start, start + token_start + len(piece)))
            token_start += len(piece)
    return Line("".join(parts), offs, raw, start)


_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?\d{1,3}(?:\s*[-–—])?$|^(?:Trang|Page)\s*\d+(?:\s*(?:/|of|trên)\s*\d+)?$", re.I
)
# A running header printed once (two-page documents): "UBND huyện X - Công văn số 12/UBND-VHTT", or a
# short line that ends with a page number after a wide gap ("UBND huyện Phù Mỹ          2").
_RUNNING_HEADER = re.compile(
    r"^.{3,80}\s[-–]\s(?:Công\s+văn|Kế\s+hoạch|Chỉ\s+thị|Thông\s+báo|Quyết\s+định|Báo\s+cáo|Hướng\s+dẫn)"
    r"(?:\s+số)?\s*:?\s*\d+/\S+$",
    re.I,
)
_PAGE_AFTER_GAP = re.compile(
    r"^\s*[^\s\d.;:,][^.;:]{2,60}?\s{4,}\d{1,3}\s*$|^\s*\d{1,3}\s{4,}[^\d\s][^.;:]{2,60}$"
)
_MARKER_START = re.compile(r"^(?:[-+*•–]|\d+[.)/]|[IVX]+\.|[a-zđ]\))")


def split_lines(text: str) -> list[Line]:
    """Non-blank lines, without page numbers and running headers repeated on every page."""
    lines: list[Line] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        if body.strip():
            lines.append(clean_line(body, pos))
        pos += len(raw)
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.text] = counts.get(line.text, 0) + 1
    return [line for line in lines if not _is_noise(line, counts)]


def _is_noise(line: Line, counts: dict[str, int]) -> bool:
    if _PAGE_NUMBER.match(line.text) or _RUNNING_HEADER.match(line.text):
        return True
    if _PAGE_AFTER_GAP.match(line.raw) and not _MARKER_START.match(line.text):
        return True
    # A running header: the same longish line on several pages, not a list item.
    return counts[line.text] >= 2 and len(line.text) >= 15 and not _MARKER_START.match(line.text)


@dataclass
class Mapped:
    """Cleaned text with, for each character, its offset in the original text."""

    text: str = ""
    offs: list[int] = field(default_factory=list)

    def append_line(self, line: Line, from_char: int = 0) -> None:
        if self.text:
            self.offs.append(self.offs[-1] + 1 if self.offs else line.start)
            self.text += " "
        self.text += line.text[from_char:]
        self.offs.extend(line.offs[from_char:])

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The [start, end) range in the original text of cleaned characters [start, end)."""
        start, end = max(start, 0), min(end, len(self.text))
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if start >= end:
            anchor = self.offs[start] if start < len(self.offs) else (self.offs[-1] + 1 if self.offs else 0)
            return anchor, anchor
        return self.offs[start], self.offs[end - 1] + 1


def collapse(text: str) -> str:
    return " ".join(text.split())


def is_upper_text(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)

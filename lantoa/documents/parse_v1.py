"""Text of a directive → ParsedDirective (the `lantoa parse --json` contract of DESIGN.md §5).

The text is split into regions: header (issuer, number, place/date, subject), recipients ("Kính gửi"),
body (references, assignments, period, report deadlines) and tail ("Nơi nhận", signer). The body is cut
into blocks (list items and paragraphs, hard line breaks joined) and walked once, keeping track of which
units the current items belong to.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from . import dates
from .model import Assignment, ParsedDirective, Period, Reference, ReportDeadline, Signer, Task
from .text import Line, Mapped, collapse, is_upper_text, split_lines
from .units import find_units, starts_with_unit, title_case_unit

# ---------------------------------------------------------------------------------------------- patterns
_MARKER = re.compile(
    r"^(?:(?P<roman>[IVX]{1,4})\s*[.)]\s*"
    r"|(?P<sub>\d{1,2}(?:\.\d{1,2})+)\.?\)?\s+"
    r"|(?P<num>\d{1,2})\s*[.)/](?![\d/])\s*"
    r"|(?P<letter>[a-zđ])\s*(?:\)\s*|\.\s+)"
    r"|(?P<bullet>[-+*•–—●■▪∗])\s*)"
)
_RANKS = {"roman": 0, "num": 1, "sub": 2, "letter": 3}
_BULLET_RANKS = {"-": 4, "–": 4, "—": 4, "•": 4, "●": 4, "+": 5, "*": 5, "∗": 5, "■": 5, "▪": 5}
_PLAIN_RANK = 9
_KINH_GUI = re.compile(r"^Kính\s*gửi\s*:?\s*", re.I)
_NOI_NHAN = re.compile(r"^Nơi\s*nhận\s*:?\s*", re.I)
_AUTHORITY = re.compile(r"^(?:KT|TM|TL|TUQ|Q)\s*\.\s*\S")
_POSITION = re.compile(
    r"^(?:PHÓ\s+)?(?:CHỦ\s+TỊCH|GIÁM\s+ĐỐC|BỘ\s+TRƯỞNG|THỨ\s+TRƯỞNG|TRƯỞNG\s+\S.*|CHÁNH\s+VĂN\s+PHÒNG"
    r"|BÍ\s+THƯ|VIỆN\s+TRƯỞNG|CỤC\s+TRƯỞNG|CHI\s+CỤC\s+TRƯỞNG|HIỆU\s+TRƯỞNG|GIÁM\s+ĐỐC\s+\S.*|TỔNG\s+CỤC\s+TRƯỞNG)$"
)
_SIGNED = re.compile(r"^\(?\s*(?:đã\s+ký|ký|ký,.*|đã\s+ký\s+và\s+đóng\s+dấu)\s*\)?$", re.I)
_PERSON = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]+\s+){1,4}[A-ZĐÀ-Ỹ][a-zđà-ỹ]+$")
_NATION = re.compile(r"CỘNG\s*HÒA\s*XÃ\s*HỘI|CỘNG\s*HOÀ|Độc\s*lập\s*[-–]\s*Tự\s*do|ĐỘC\s*LẬP", re.I)
_SEPARATOR = re.compile(r"^[-_=*.…~\s]{3,}$")
_NUMBER = re.compile(r"Số\s*:\s*(?P<num>[0-9]*\s*/\s*[\wĐđ\-/.&]+|[0-9]+[\wĐđ\-/.&]*)?", re.I)
_PLACE_DATE = re.compile(
    r"^(?P<place>[^\W\d][\w .'-]{1,40}?)\s*,\s*ngày\s+(?P<d>\d{1,2}|\.+|…)\s+tháng\s+(?P<m>\d{1,2}|\.+|…)\s+năm\s+(?P<y>\d{4})",
    re.I,
)
_SUBJECT = re.compile(r"^(?:V/v|Về\s+việc)\b", re.I)
_TITLES = (
    (re.compile(r"^KẾ\s*HOẠCH$"), "ke_hoach"),
    (re.compile(r"^CHỈ\s*THỊ$"), "chi_thi"),
    (re.compile(r"^THÔNG\s*BÁO$"), "thong_bao"),
    (re.compile(r"^QUYẾT\s*ĐỊNH$"), "quyet_dinh"),
    (re.compile(r"^BÁO\s*CÁO$"), "bao_cao"),
    (re.compile(r"^CÔNG\s*VĂN$"), "cong_van"),
)
_NUMBER_TYPES = {"KH": "ke_hoach", "CT": "chi_thi", "TB": "thong_bao", "QĐ": "quyet_dinh", "BC": "bao_cao"}
_BODY_START = re.compile(
    r"^(?:Căn\s*cứ|Thực\s*hiện|Theo|Triển\s*khai|Nhằm|Để|Trên\s*cơ\s*sở|Thời\s*gian|Ngày\s+\d+|UBND|Ủy\s*ban|Uỷ\s*ban)\b"
)
_REF_DOC_TYPES = (
    "Công văn|Kế hoạch|Chỉ thị|Quyết định|Thông báo|Nghị quyết|Nghị định|Thông tư|Công điện|Hướng dẫn"
    "|Báo cáo|Văn bản|Chương trình|Đề án|Kết luận|Thông báo kết luận|CV|KH|QĐ|CT|TB|NQ|HD"
)
_REF_ABBREVIATIONS = {
    "CV": "Công văn",
    "KH": "Kế hoạch",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "TB": "Thông báo",
}
_REF_ABBREVIATIONS |= {"NQ": "Nghị quyết", "HD": "Hướng dẫn"}
_REFERENCE = re.compile(
    rf"(?P<type>{_REF_DOC_TYPES})\s+(?:số\s+)?(?P<num>\d+[\wĐđ]*(?:\s*/\s*[\wĐđ&\-.]+)+)"
    rf"(?:\s*,)?\s+(?:ngày\s+)?(?:{dates.date_pattern('0')})(?:\s+(?:của|do)\s+)?",
    re.I,
)
_REFERENCE_INTRO = re.compile(
    r"^(?:Căn\s*cứ|Thực\s*hiện|Theo|Triển\s*khai|Trên\s*cơ\s*sở|Tiếp\s*theo)\b", re.I
)
_TRIGGER = re.compile(r"(?<![\w])(?:[Gg]iao(?:\s+cho)?|[Đđ]ề\s+nghị|[Yy]êu\s+cầu|[Pp]hân\s+công)\s+(?=\S)")
_LEAD = re.compile(r"^\s*[,:]?\s*(?:là\s+cơ\s+quan\s+)?chủ\s+trì\b", re.I)
_COORDINATE = re.compile(r"phối\s+hợp(?:\s+chặt\s+chẽ)?\s+(?:với|cùng)\s+", re.I)
_NOT_ASSIGNMENT = re.compile(
    r"^\s*(?:ban\s+hành|có\s+ý\s+kiến|thông\s+báo|yêu\s+cầu|đề\s+nghị|giao|kết\s+luận|nhận\s+được|đã|vừa|về\s+việc|v/v|của|tại|năm)\b",
    re.I,
)
_GENERIC = frozenset(
    [
        "tổ",
        "chức",
        "triển",
        "khai",
        "thực",
        "hiện",
        "nghiêm",
        "túc",
        "khẩn",
        "trương",
        "các",
        "nội",
        "dung",
        "nhiệm",
        "vụ",
        "sau",
        "như",
        "tốt",
        "kế",
        "hoạch",
        "này",
        "công",
        "văn",
        "chỉ",
        "thị",
        "thông",
        "báo",
        "quyết",
        "định",
        "văn",
        "bản",
        "trên",
        "địa",
        "bàn",
        "huyện",
        "tỉnh",
        "xã",
        "thị",
        "trấn",
        "phường",
        "thành",
        "phố",
        "theo",
        "đúng",
        "quy",
        "định",
        "hiệu",
        "quả",
        "có",
        "trách",
        "nhiệm",
        "căn",
        "cứ",
        "chức",
        "năng",
        "được",
        "giao",
        "để",
        "đảm",
        "bảo",
        "và",
        "đã",
        "nêu",
        "trên",
        "biết",
        "phối",
        "hợp",
        "kịp",
        "thời",
        "chịu",
        "chủ",
        "trì",
        "trì,",
        "cùng",
        "một",
        "số",
    ]
)
_HEADING_TAIL = re.compile(
    r"^(?:\s*(?:trên\s+địa\s+bàn(?:\s+(?:huyện|tỉnh|xã|thành\s+phố))?|có\s+trách\s+nhiệm|chủ\s+trì|thực\s+hiện"
    r"(?:\s+(?:các|những))?(?:\s+(?:nhiệm\s+vụ|nội\s+dung))?(?:\s+(?:sau|như\s+sau|cụ\s+thể))?)\s*)*[:.]?\s*$",
    re.I,
)
_HEADING_PREFIX = re.compile(
    r"^(?:Trách\s+nhiệm\s+của|Nhiệm\s+vụ\s+của|Đối\s+với|Giao|Đề\s+nghị|Yêu\s+cầu)\s+", re.I
)
_CLOSING = re.compile(
    r"^(?:Trên\s+đây|Nhận\s+được|Trong\s+quá\s+trình|Quá\s+trình\s+triển\s+khai|Để\s)", re.I
)
# "báo cáo", or results sent up without the word: "Kết quả tuyên truyền đề nghị gửi về Bộ … chậm nhất ngày…".
# "Các cơ quan, đơn vị…", "UBND các xã…": every unit of a kind (reporting alone is then the deadline).
_EVERYONE = re.compile(r"^(?:(?:UBND|Ủy\s+ban\s+nhân\s+dân)\s+)?các\s", re.I)
_ONLY_REPORTS = re.compile(
    r"^\s*,?\s*(?:(?:định\s+kỳ|hằng|hàng)\s+[\w\s]{0,20}?)?(?:gửi\s+)?(?:báo\s+cáo|gửi)\b", re.I
)
_REPORT = re.compile(r"báo\s+cáo|kết\s+quả[^.;:]{0,80}?\s(?:gửi|nộp)\s+(?:về|cho|lên)\s", re.I)
_PEAK = re.compile(r"cao\s+điểm[^.;]{0,20}$", re.I)
_TIME_WORDS = re.compile(r"thời\s+gian|được\s+tổ\s+chức|diễn\s+ra", re.I)
_REPORT_TO = re.compile(r"(?:báo\s+cáo|gửi)(?:[^.;()]{0,60}?)\s(?:về|cho|lên|tới)\s+", re.I)
_REPORT_DIRECT = re.compile(r"báo\s+cáo\s+(?:kết\s+quả\s+)?(?=\S)", re.I)
_VIA = re.compile(r"(?:\(\s*|\s)(?:thông\s+)?qua\s+", re.I)
_SENTENCE_END = re.compile(r"(?<!\b[A-ZĐ])(?<!\bĐ\.c)(?<!\bTP)[.!?]+(?:/\.)?\s+(?=[A-ZĐÀ-Ỹ\"“])")


# ------------------------------------------------------------------------------------------------ blocks
@dataclass
class Block:
    kind: str
    rank: float
    mapped: Mapped
    body: int  # index in mapped.text where the content starts (after the list marker)

    @property
    def text(self) -> str:
        return self.mapped.text

    @property
    def content(self) -> str:
        return self.mapped.text[self.body :]


def _marker(text: str) -> tuple[str, float, int]:
    match = _MARKER.match(text)
    if match is None:
        return "plain", _PLAIN_RANK, 0
    kind = match.lastgroup or "plain"
    if kind == "num" and ")" in match.group(0):
        # "1)" items sit below "1." sections.
        return kind, 2.5, match.end()
    if kind == "bullet":
        return kind, _BULLET_RANKS.get(match.group("bullet"), 5), match.end()
    if kind == "letter" and not text[match.end() : match.end() + 1].strip():
        return "plain", _PLAIN_RANK, 0
    return kind, _RANKS[kind], match.end()


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", ";", ":", "!", "?", "./."))


def _starts_upper(text: str) -> bool:
    return bool(text) and (text[0].isupper() or text[0] in '“"')


def build_blocks(lines: list[Line]) -> list[Block]:
    blocks: list[Block] = []
    prev: Line | None = None
    prev_lines_in_block = 0
    for line in lines:
        kind, rank, body = _marker(line.text)
        new = prev is None or kind != "plain" or _KINH_GUI.match(line.text) or _NOI_NHAN.match(line.text)
        if not new and prev is not None:
            short_heading = (
                prev_lines_in_block == 1
                and blocks[-1].kind != "plain"
                and len(prev.text) <= 80
                and not prev.text.endswith((",", "và", "của", "các"))
            )
            new = _starts_upper(line.text) and (
                _ends_sentence(prev.text)
                or short_heading
                or is_upper_text(prev.text) != is_upper_text(line.text)
            )
        if new:
            mapped = Mapped()
            mapped.append_line(line)
            blocks.append(Block(kind, rank, mapped, body))
            prev_lines_in_block = 1
        else:
            blocks[-1].mapped.append_line(line)
            prev_lines_in_block += 1
        prev = line
    return blocks


# ------------------------------------------------------------------------------------------------ header
@dataclass
class _Regions:
    header_end: int = 0  # first line index of the body
    tail_start: int = 0  # first line of "Nơi nhận"/signer


def _segments(line: Line) -> list[str]:
    """Two-column layouts flatten into one line with wide gaps: split them back."""
    return [collapse(part) for part in re.split(r"\s{3,}|\t", line.raw) if part.strip()]


def _parse_header(lines: list[Line], result: ParsedDirective, year_hint: list[int]) -> int:
    issuer_parts: list[list[str]] = []
    subject: list[str] = []
    in_subject = False
    title_seen = False
    i = 0
    limit = min(len(lines), 40)
    while i < limit:
        line = lines[i]
        if _KINH_GUI.match(line.text) or (_MARKER.match(line.text) and not _SUBJECT.match(line.text)):
            break
        consumed = False
        for seg in _segments(line):
            consumed |= _header_segment(seg, result, issuer_parts, subject, year_hint)
            if _SUBJECT.match(seg):
                in_subject = True
            if any(p.match(seg) for p, _ in _TITLES):
                title_seen = True
                in_subject = True
        if not consumed:
            if (
                in_subject
                and not _BODY_START.match(line.text)
                and len(subject) < 4
                and not _ends_sentence(subject[-1] if subject else "")
            ):
                subject.append(line.text)
            else:
                break
        i += 1
    if subject:
        text = collapse(" ".join(subject))
        result.subject = text if not (title_seen and _NATION.search(text)) else None
    if issuer_parts:
        result.issuer = (
            title_case_unit(" ".join(issuer_parts[-1]))
            if is_upper_text(" ".join(issuer_parts[-1]))
            else (" ".join(issuer_parts[-1]))
        )
    return i


def _header_segment(
    seg: str, result: ParsedDirective, issuer_parts: list[list[str]], subject: list[str], year_hint: list[int]
) -> bool:
    if _NATION.search(seg) or _SEPARATOR.match(seg):
        return True
    number = _NUMBER.match(seg)
    if number:
        raw = re.sub(r"\s+", "", number.group("num") or "")
        if raw and raw[0].isdigit():
            result.number = raw
        else:
            result.warnings.append("Số văn bản để trống (number left blank in the header)")
        return True
    place_date = _PLACE_DATE.match(seg)
    if place_date:
        result.place = place_date.group("place").strip()
        result.date = dates.to_iso(place_date.group("d"), place_date.group("m"), place_date.group("y"))
        year_hint.append(int(place_date.group("y")))
        if result.date is None:
            result.warnings.append("Ngày ban hành để trống hoặc không hợp lệ (issue date blank or invalid)")
        return True
    for pattern, doc_type in _TITLES:
        if pattern.match(seg):
            result.doc_type = doc_type
            return True
    if _SUBJECT.match(seg):
        subject.append(seg)
        return True
    if is_upper_text(seg) and len(seg) <= 90:
        if starts_with_unit(seg.lower()) or starts_with_unit(title_case_unit(seg)) or not issuer_parts:
            issuer_parts.append([seg])
        else:
            issuer_parts[-1].append(seg)
        return True
    return False


def _doc_type(result: ParsedDirective, text: str) -> str:
    if result.doc_type != "other":
        return result.doc_type
    if result.number:
        code = re.search(r"/([A-ZĐ]{2,3})(?:-|$)", result.number)
        if code and code.group(1) in _NUMBER_TYPES:
            return _NUMBER_TYPES[code.group(1)]
        return "cong_van"
    if result.recipients or (result.subject and _SUBJECT.match(result.subject)):
        return "cong_van"
    return "other"


# -------------------------------------------------------------------------------------------- recipients
def _clean_item(text: str) -> str:
    text = collapse(text)
    text = re.sub(r"^[-+*•–—]\s*", "", text)
    return text.strip().rstrip(";,.").strip()


def _parse_recipients(lines: list[Line], start: int, result: ParsedDirective) -> int:
    """Lines after "Kính gửi"; returns the index of the first line after the list."""
    first = _KINH_GUI.sub("", lines[start].text)
    items: list[str] = []
    if first.strip():
        items.extend(part for part in re.split(r"\s*;\s*", first) if part.strip())
    i = start + 1
    while i < len(lines):
        text = lines[i].text
        if re.match(r"^[-+*•–]\s*", text) and (not items or not items[-1].rstrip().endswith(".")):
            items.append(text)
        elif items and not items[-1].rstrip().endswith((";", ".")) and text[:1].islower():
            items[-1] += " " + text
        elif starts_with_unit(text) and len(text) < 120 and (not items or items[-1].rstrip().endswith(";")):
            items.append(text)
        else:
            break
        i += 1
    result.recipients = [item for item in (_clean_item(x) for x in items) if item]
    return i


# ------------------------------------------------------------------------------------------------- tail
def _tail_start(lines: list[Line], body_start: int) -> int:
    for i in range(body_start, len(lines)):
        text = lines[i].text
        if _NOI_NHAN.match(text) or (_AUTHORITY.match(text) and is_upper_text(text[:20])):
            return i
    return len(lines)


_SIGN_TAIL = re.compile(
    r"^(?P<cc>.*?[;.,:])\s+(?P<sig>(?:KT|TM|TL|Q)\s*\.\s+[A-ZĐ].*|(?:[A-ZĐÀ-Ỹ]{2,}\s*){2,})$"
)


def _parse_tail(lines: list[Line], start: int, result: ParsedDirective) -> None:
    authority: list[str] = []
    position: str | None = None
    name: str | None = None
    in_cc = False
    segments: list[str] = []
    for line in lines[start:]:
        for seg in _segments(line):
            split = _SIGN_TAIL.match(seg)
            if split and (in_cc or _NOI_NHAN.match(seg)) and is_upper_text(split.group("sig")):
                segments.extend([split.group("cc"), split.group("sig")])
            else:
                segments.append(seg)
    for seg in segments:
        if _NOI_NHAN.match(seg):
            in_cc = True
            rest = _NOI_NHAN.sub("", seg)
            if rest.strip():
                result.cc.append(_clean_item(rest))
        elif _AUTHORITY.match(seg) and is_upper_text(seg):
            authority.append(seg)
        elif is_upper_text(seg) and _POSITION.match(seg) and position is None:
            position = seg
        elif _SIGNED.match(seg):
            continue
        elif in_cc and re.match(r"^[-+*•–]", seg):
            item = _clean_item(seg)
            if item:
                result.cc.append(item)
        elif in_cc and result.cc and seg[:1].islower():
            result.cc[-1] = _clean_item(result.cc[-1] + " " + seg)
        elif (position or authority) and name is None and _PERSON.match(seg):
            name = seg
    if authority or position or name:
        result.signer = Signer(" ".join(authority) or None, position, name)


# ------------------------------------------------------------------------------------------ assignments
@dataclass
class _Ctx:
    units: list[tuple[str, str]]
    rank: float
    intro: bool = False
    last_task: tuple[Task, float, bool] | None = None  # task, its rank, whether it ends with ":"


@dataclass
class _Walker:
    source: str
    year: int | None
    doc_date: str | None
    issuer: str | None = None
    assignments: list[Assignment] = field(default_factory=list)
    ctx: _Ctx | None = None
    next_block: Block | None = None
    _index: dict[tuple[str, str], Assignment] = field(default_factory=dict)

    # -- results
    def is_issuer(self, units: list[str]) -> bool:
        """ "Sở Y tế hướng dẫn như sau:" in a document of Sở Y tế is the issuer speaking, not an assignment."""
        issuer = (self.issuer or "").lower()
        return bool(issuer) and all(issuer.startswith(unit.lower()) for unit in units)

    def add(self, units: list[tuple[str, str]], task: Task) -> None:
        for unit, role in units:
            key = (unit.lower(), role)
            assignment = self._index.get(key)
            if assignment is None:
                assignment = Assignment(unit, role, [])
                self._index[key] = assignment
                self.assignments.append(assignment)
            if all(t.span != task.span for t in assignment.tasks):
                assignment.tasks.append(Task(task.text, task.span, task.due))

    def task(self, block: Block, start: int, end: int) -> Task | None:
        content = block.text[start:end]
        lead = len(content) - len(content.lstrip(" :-–"))
        span = block.mapped.original_span(start + lead, end)
        text = collapse(self.source[span[0] : span[1]])
        if len(re.sub(r"\W", "", text)) < 3:
            return None
        return Task(text, span, due_date(text, self.year, self.doc_date))

    # -- walking
    def walk(self, blocks: list[Block]) -> None:
        for index, block in enumerate(blocks):
            self.next_block = blocks[index + 1] if index + 1 < len(blocks) else None
            self.step(block)

    def is_subheading(self, block: Block) -> bool:
        """ "1. Nội dung tuyên truyền" over its own items: a title inside a list, not a task."""
        nxt = self.next_block
        content = block.content.rstrip()
        return (
            nxt is not None
            and block.kind != "plain"
            and nxt.rank > block.rank
            and len(content) <= 60
            and not content.endswith((".", ";", ":"))
        )

    def step(self, block: Block) -> None:
        ctx = self.ctx
        if ctx is not None and (block.rank <= ctx.rank or (ctx.intro and block.kind == "plain")):
            self.ctx = ctx = None
        if (
            ctx is not None
            and block.kind == "plain"
            and (_CLOSING.match(block.text) or block.text.endswith("./."))
        ):
            self.ctx = ctx = None
        if self.heading(block):
            return
        if ctx is not None:
            self.add_to_ctx(block)
            return
        self.in_sentence(block)

    def add_to_ctx(self, block: Block) -> None:
        ctx = self.ctx
        assert ctx is not None
        last = ctx.last_task
        if last is not None and last[2] and block.rank > last[1]:
            # Sub-items of "Tuyên truyền các nội dung sau:" belong to that task.
            task = last[0]
            span = block.mapped.original_span(0, len(block.text))
            task.span = (task.span[0], span[1])
            task.text = collapse(self.source[task.span[0] : task.span[1]])
            task.due = due_date(task.text, self.year, self.doc_date)
            for assignment in self.assignments:
                for t in assignment.tasks:
                    if t.span[0] == task.span[0]:
                        t.span, t.text, t.due = task.span, task.text, task.due
            return
        if self.is_subheading(block):
            ctx.last_task = None
            return
        new = self.task(block, block.body, len(block.text))
        if new is not None:
            self.add(ctx.units, new)
            ctx.last_task = (new, block.rank, block.text.rstrip().endswith(":"))

    def heading(self, block: Block) -> bool:
        """A block that names units at its start: "1. Phòng X", "2/ UBND các xã:", "- Sở Y tế: …"."""
        content = block.content
        offset = block.body
        prefix = _HEADING_PREFIX.match(content)
        if prefix:
            offset += prefix.end()
        found = find_units(block.text, offset)
        closing = block.kind == "plain" and block.text.endswith("./.")
        if not found or closing or (block.kind == "plain" and self.is_issuer([u.name for u in found])):
            return False
        rest_start = found[-1].end
        rest = block.text[rest_start:]
        units = [u.name for u in found]
        roles = _roles(block.text, rest_start, units)
        if _HEADING_TAIL.match(rest):
            rank = block.rank if block.kind != "plain" else 3.5
            if block.kind == "plain" and not rest.strip().endswith(":") and rest.strip() != "":
                return False
            self.ctx = _Ctx(roles, rank)
            return True
        if block.kind == "plain" and not rest.lstrip().startswith(":") and _NOT_ASSIGNMENT.match(rest):
            return False
        if not rest.lstrip().startswith((":", "-", "–")) and not re.match(r"^\s*,?\s*[^\W\d]", rest):
            return False
        if _NOT_ASSIGNMENT.match(rest):
            return False
        if all(_EVERYONE.match(unit) for unit in units) and _ONLY_REPORTS.match(rest):
            return False
        # The unit is followed by its task on the same line/paragraph.
        if rest.lstrip().startswith((":", "-", "–")):
            start = rest_start + len(rest) - len(rest.lstrip()) + 1
        else:
            start = block.body
        if _is_generic(rest):
            if rest.rstrip().endswith(":"):
                self.ctx = _Ctx(roles, block.rank if block.kind != "plain" else 3.5)
                return True
            return False
        task = self.task(block, start, len(block.text))
        self.ctx = _Ctx(roles, block.rank if block.kind != "plain" else 3.5)
        if task is not None:
            self.add(roles + self.clause_roles(block.text, rest_start, len(block.text)), task)
            self.ctx.last_task = (task, block.rank, block.text.rstrip().endswith(":"))
        if block.kind == "plain":
            # A paragraph that starts with a unit carries its own task; it does not open a section.
            self.ctx = None
        return True

    def in_sentence(self, block: Block) -> None:
        text = block.text
        if block.kind == "plain" and text.endswith("./."):
            return
        if _REFERENCE_INTRO.match(block.content):
            # "Thực hiện Công văn số…, Sở X đề nghị UBND các xã thực hiện các nội dung sau:" opens a list.
            if text.rstrip().endswith(":"):
                start = _sentences(text, block.body)[-1][0]
                roles, intro = self.sentence_roles(text, start, len(text), triggered_only=True)
                if roles and intro:
                    self.ctx = _Ctx(roles, block.rank if block.kind != "plain" else 0.5, intro=True)
            return
        segments = _sentences(text, block.body)
        pending: tuple[list[tuple[str, str]], int, bool] | None = None
        results: list[tuple[list[tuple[str, str]], int, int]] = []
        for start, end in segments:
            roles, intro = self.sentence_roles(text, start, end)
            if roles is None:
                continue
            if pending is not None:
                results.append((pending[0], pending[1], start))
            pending = (roles, start, intro) if roles else None
            if roles and intro:
                self.ctx = _Ctx(roles, block.rank if block.kind != "plain" else 0.5, intro=True)
                pending = None
        if pending is not None:
            results.append((pending[0], pending[1], len(text)))
        for roles, start, end in results:
            task = self.task(
                block, block.body if block.kind != "plain" and start == block.body else start, end
            )
            if task is not None:
                self.add(roles + self.clause_roles(text, start, end), task)

    def sentence_roles(
        self, text: str, start: int, end: int, *, triggered_only: bool = False
    ) -> tuple[list[tuple[str, str]] | None, bool]:
        """Units a sentence assigns work to, or None if it assigns nothing; and whether it ends with ':'."""
        sentence = text[start:end]
        for trigger in _TRIGGER.finditer(sentence):
            found = find_units(text, start + trigger.end())
            if found:
                return self.finish_roles(text, found, end)
        if triggered_only:
            return None, False
        found = find_units(text, start)
        if found and not self.is_issuer([u.name for u in found]):
            rest = text[found[-1].end : end]
            if rest.strip() and not _NOT_ASSIGNMENT.match(rest) and not rest.lstrip().startswith("("):
                return self.finish_roles(text, found, end)
        return None, False

    def clause_roles(self, text: str, start: int, end: int) -> list[tuple[str, str]]:
        """Units that open a later ';' clause of the same item ("…; Đài PT-TH tỉnh, Báo X tăng cường…")."""
        roles: list[tuple[str, str]] = []
        pos = text.find(";", start, end)
        while pos != -1:
            clause = pos + 1 + len(text[pos + 1 : end]) - len(text[pos + 1 : end].lstrip())
            found = find_units(text, clause)
            if found and not self.is_issuer([u.name for u in found]):
                rest = text[found[-1].end : end]
                if (
                    rest.strip()
                    and not _NOT_ASSIGNMENT.match(rest)
                    and not rest.lstrip().startswith(("(", ";", ","))
                ):
                    roles.extend((u.name, "perform") for u in found)
            pos = text.find(";", pos + 1, end)
        return roles

    def finish_roles(self, text: str, found: list, end: int) -> tuple[list[tuple[str, str]] | None, bool]:
        rest = text[found[-1].end : end]
        units = [u.name for u in found]
        if all(_EVERYONE.match(unit) for unit in units) and _ONLY_REPORTS.match(rest):
            # "Các cơ quan, đơn vị báo cáo kết quả về…": the report deadline, not a task of a unit.
            return [], False
        roles = _roles(text, found[-1].end, units, end)
        intro = rest.rstrip().endswith(":")
        if _is_generic(rest):
            return ([], False) if not intro else (roles, True)
        return roles, intro


def _roles(text: str, rest_start: int, units: list[str], end: int | None = None) -> list[tuple[str, str]]:
    rest = text[rest_start:end]
    lead = bool(_LEAD.match(rest))
    roles = [(unit, "lead" if lead else "perform") for unit in units]
    coordinate = _COORDINATE.search(rest)
    if coordinate and coordinate.start() < 80:
        for unit in find_units(text, rest_start + coordinate.end()):
            roles.append((unit.name, "coordinate"))
    return roles


def _is_generic(rest: str) -> bool:
    words = re.findall(r"[^\W\d_]+", rest.lower())
    return all(word in _GENERIC for word in words)


def _sentences(text: str, start: int) -> list[tuple[int, int]]:
    bounds = []
    pos = start
    for match in _SENTENCE_END.finditer(text, start):
        bounds.append((pos, match.end()))
        pos = match.end()
    bounds.append((pos, len(text)))
    return [(a, b) for a, b in bounds if text[a:b].strip()]


# ------------------------------------------------------------------------------------------------ dates
def due_date(text: str, year: int | None, doc_date: str | None, period_end: str | None = None) -> str | None:
    match = dates.DUE.search(text)
    if match:
        return dates.iso_from_match(match, "0", year)
    relative = dates.RELATIVE_DUE.search(text)
    if relative and relative.group("base"):
        # "kể từ ngày ký" counts from the document date, "kể từ ngày kết thúc" from the end of the period.
        base = period_end if relative.group("base").lower().startswith("kết") else doc_date
        if base and not relative.group("base").lower().startswith("nhận"):
            working = "làm việc" in relative.group(0).lower()
            return dates.add_days(base, int(relative.group("n")), working=working)
    return None


def _references(blocks: list[Block], year: int | None) -> list[Reference]:
    refs: list[Reference] = []
    for block in blocks:
        if not _REFERENCE_INTRO.match(block.content):
            continue
        for match in _REFERENCE.finditer(block.text):
            doc_type = match.group("type")
            doc_type = _REF_ABBREVIATIONS.get(doc_type.upper(), doc_type[:1].upper() + doc_type[1:].lower())
            issuer = None
            if match.group(0).rstrip().endswith(("của", "do")):
                found = find_units(block.text, match.end())
                issuer = found[0].name if found else None
            number = re.sub(r"\s+", "", match.group("num"))
            refs.append(Reference(doc_type, number, dates.iso_from_match(match, "0", year), issuer))
    return refs


def _period(blocks: list[Block], year: int | None, doc_date: str | None = None) -> Period | None:
    """The campaign window: a date range, a month range or "trong tháng M/YYYY", preferring one stated as
    the time ("Thời gian…", also under a heading "3. Thời gian tuyên truyền") and the whole window over its
    peak ("…, cao điểm từ ngày 01/10 đến ngày 10/10")."""
    candidates: list[tuple[int, int, Period]] = []
    order = 0
    for index, block in enumerate(blocks):
        heading = blocks[index - 1].text if index else ""
        timed_heading = len(heading) <= 80 and bool(re.search(r"thời\s+gian", heading, re.I))
        for start, end in _sentences(block.text, 0):
            sentence = block.text[start:end]
            timed = timed_heading or bool(re.search(r"thời\s+gian", sentence, re.I))
            for match in dates.RANGE.finditer(sentence):
                end_year = int(match.group("y2") or match.group("Y2") or 0) or year
                start_iso = dates.iso_from_match(match, "1", end_year)
                end_iso = dates.iso_from_match(match, "2", end_year)
                score = (0 if timed else 1) + (2 if _PEAK.search(sentence[: match.start()]) else 0)
                candidates.append((score, order, Period(start_iso, end_iso, collapse(sentence))))
                order += 1
            for match in dates.FROM_NOW.finditer(sentence) if doc_date else ():
                end_iso = dates.iso_from_match(match, "2", year)
                score = (0 if timed else 1) + (2 if _PEAK.search(sentence[: match.start()]) else 0)
                candidates.append((score, order, Period(doc_date, end_iso, collapse(sentence))))
                order += 1
            for match in dates.MONTH_RANGE.finditer(sentence):
                end_year = int(match.group("y2"))
                first = dates.month_bounds(int(match.group("m1")), int(match.group("y1") or end_year))
                last = dates.month_bounds(int(match.group("m2")), end_year)
                if first and last:
                    score = (0 if timed else 1) + (2 if _PEAK.search(sentence[: match.start()]) else 0)
                    candidates.append((score, order, Period(first[0], last[1], collapse(sentence))))
                    order += 1
            if timed or _TIME_WORDS.search(sentence):
                for match in dates.MONTH_IN.finditer(sentence):
                    bounds = dates.month_bounds(int(match.group("m")), int(match.group("y")))
                    if bounds and not _PEAK.search(sentence[: match.start()]):
                        score = 0 if timed else 1
                        candidates.append((score, order, Period(bounds[0], bounds[1], collapse(sentence))))
                        order += 1
    if not candidates:
        return None
    return min(candidates, key=lambda c: (c[0], c[1]))[2]


def _report_deadlines(
    blocks: list[Block], year: int | None, doc_date: str | None = None, period_end: str | None = None
) -> list[ReportDeadline]:
    deadlines: list[ReportDeadline] = []
    seen: set[tuple[str | None, str | None, str | None]] = set()
    for block in blocks:
        if _REFERENCE_INTRO.match(block.content):
            continue
        for start, end in _sentences(block.text, block.body):
            sentence = block.text[start:end]
            if not _REPORT.search(sentence):
                continue
            # "báo cáo 6 tháng trước ngày 15/6 và báo cáo năm trước ngày 15/12": one deadline per report.
            cuts = [
                0,
                *(m.start() for m in dates.REPORT_KIND.finditer(sentence) if m.start() > 0),
                len(sentence),
            ]
            for a, b in itertools.pairwise(cuts):
                clause = sentence[a:b]
                report = _REPORT.search(clause)
                if not report:
                    continue
                due = dates.DUE.search(clause, report.start()) or dates.DUE.search(clause)
                recurrence = dates.recurrence(clause)
                iso = dates.iso_from_match(due, "0", year) if due else None
                if due is None:
                    iso = due_date(clause, year, doc_date, period_end)
                if not iso and not recurrence:
                    continue
                if due and not dates.has_year(due, "0") and recurrence in ("weekly", "monthly", "quarterly"):
                    # "hằng quý, trước ngày 15/3, 15/6…": a day of each period, not one date.
                    iso = None
                to, via = _report_target(block.text, start, end)
                key = (iso, recurrence, to)
                if key in seen:
                    continue
                seen.add(key)
                deadlines.append(ReportDeadline(iso, recurrence, to, via, collapse(sentence)))
    return deadlines


def _report_target(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    sentence = text[start:end]
    to = via = None
    for match in _REPORT_TO.finditer(sentence):
        found = find_units(text, start + match.end(), titles=True)
        if found:
            to = found[0].name
            break
    if to is None:
        for match in _REPORT_DIRECT.finditer(sentence):
            found = find_units(text, start + match.end(), titles=True)
            if found:
                to = found[0].name
                break
    via_match = _VIA.search(sentence)
    if via_match:
        found = find_units(text, start + via_match.end())
        if found:
            via = found[0].name
    return to, via


# ------------------------------------------------------------------------------------------------- main
def parse_text(text: str) -> ParsedDirective:
    """Read the structure of a directive from its text. Never raises on any input string."""
    result = ParsedDirective()
    lines = split_lines(text)
    if not lines:
        result.warnings.append("Văn bản trống (empty text)")
        return result
    year_hint: list[int] = []
    body_start = _parse_header(lines, result, year_hint)
    for i in range(body_start, min(len(lines), body_start + 12)):
        if _KINH_GUI.match(lines[i].text):
            body_start = _parse_recipients(lines, i, result)
            break
    tail_start = _tail_start(lines, body_start)
    _parse_tail(lines, tail_start, result)
    year = year_hint[0] if year_hint else dates.dominant_year(text)
    blocks = build_blocks(lines[body_start:tail_start])
    result.references = _references(blocks, year)
    walker = _Walker(text, year, result.date, result.issuer)
    walker.walk(blocks)
    result.assignments = walker.assignments
    result.period = _period(blocks, year, result.date)
    period_end = result.period.end if result.period else None
    result.report_deadlines = _report_deadlines(blocks, year, result.date, period_end)
    result.doc_type = _doc_type(result, text)
    _warn(result)
    return result


def _warn(result: ParsedDirective) -> None:
    if not result.assignments:
        result.warnings.append("Không tìm thấy đơn vị được giao nhiệm vụ (no assignments found)")
    if result.signer is None:
        result.warnings.append("Không tìm thấy người ký (signer not found)")
    if result.number is None and result.date is None:
        result.warnings.append("Không đọc được số và ngày văn bản (no header: number and date missing)")

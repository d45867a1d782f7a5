"""Text of a directive → ParsedDirective (the `lantoa parse --json` contract of DESIGN.md §5).

The reader is a pipeline of stages, each testable alone:

1. `layout`   — the extracted text → logical paragraphs with source offsets (wraps, blank lines, tables);
2. `zones`    — header, title, recipients, body, nơi nhận, signature, appendix, and their fields;
3. `outline`  — the body's list structure as a tree, each section with its kind;
4. `entities` — names of bodies anywhere in a sentence (a grammar plus a gazetteer of place names);
5. `duties`   — who is given what, read by section kind; roles; filters for what is not an assignment;
6. `timeline` — every date, labelled: deadline, campaign window, wave, recurring, expired, reference.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from . import layout, outline, timeline
from .duties import ROLE_RANK, Context, Duty, extract, task_tables, unit_key
from .entities import GRAMMAR, NAME_REACH, Grammar, Tokens
from .model import Assignment, ParsedDirective, Reference, ReportDeadline, Task
from .zones import parse_signer, read_cc, read_header, split_zones

_REF_TYPES = (
    "Công văn|Công điện|Kế hoạch|Chỉ thị|Quyết định|Thông báo|Nghị quyết|Nghị định|Thông tư|Hướng dẫn|Báo cáo|"
    "Văn bản|Chương trình|Đề án|Kết luận|Tờ trình|Phương án|CV|KH|QĐ|CT|TB|NQ|HD"
)
_REF_ABBREVIATIONS = {"CV": "Công văn", "KH": "Kế hoạch", "QĐ": "Quyết định", "CT": "Chỉ thị", "TB": "Thông báo",
                      "NQ": "Nghị quyết", "HD": "Hướng dẫn"}  # fmt: skip
_REFERENCE = re.compile(
    rf"(?P<type>{_REF_TYPES})\s+(?:số\s*:?\s*)?(?P<num>\d+[\w.]*(?:\s*[/-]\s*[\wĐđ&.]+)+)"
    r"(?:\s*,)?(?:\s+(?:ngày\s+)?(?P<date>" + timeline._date("0") + r"))?(?P<of>\s+(?:của|do)\s+)?",
    re.I,
)
# "20"/"19" first, its lookbehind after it: the regex engine scans for the literal prefix.
# The openings of a paragraph that cites other texts ("Căn cứ …", "Thực hiện …").
_CITES = re.compile(
    r"^(?:Căn\s*cứ|Thực\s*hiện|Theo|Triển\s*khai|Trên\s*cơ\s*sở|Tiếp\s*theo|Xét|Về\s+đề\s+nghị|Tại)", re.I
)
_YEAR = re.compile(r"((?:20|19)(?<!\d..)\d\d)(?!\d)")


def parse_text(text: str, *, gazetteer: Iterable[str] = ()) -> ParsedDirective:
    """Reads a directive's text. `gazetteer` is the names of bodies the caller knows (exported from its
    unit tree): they are recognised as written, on top of the grammar and the gazetteer of place names."""
    paras = layout.paragraphs(text)
    zones = split_zones(paras)
    header = read_header(zones)
    result = ParsedDirective(
        doc_type=header.doc_type,
        number=header.number,
        date=header.date,
        place=header.place,
        issuer=header.issuer,
        subject=header.subject,
        recipients=header.recipients,
    )
    if header.number_blank:
        result.warnings.append("Số văn bản để trống (number left blank in the header)")
    body = zones.body
    body_text = [p.text for p in body]
    year_hint = _dominant_year(" ".join(body_text)) if not header.date else int(header.date[:4])
    result.references = _references(body, year_hint)
    # Task tables ("Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành"), in the body or an
    # appendix, are read row by row; the rest of the body is read as an outline.
    tables = task_tables(body + zones.appendix)
    in_tables = {id(cell) for table in tables for row in table for cell in row}
    body = [para for para in body if id(para) not in in_tables]
    roots = outline.build(body)
    nodes = {id(node.para): node for node in outline.iter_nodes(roots)}
    ctx = Context(
        issuer_key=unit_key(header.issuer) if header.issuer else None,
        recipients=header.recipients,
        doc_type=header.doc_type,
    )
    names = list(gazetteer)
    if names:
        ctx.grammar = Grammar(names)
    duties = extract(roots, ctx, tables)
    result.assignments = _merge(duties, header.recipients, year_hint)
    timed = {
        index
        for index, para in enumerate(body)
        if (node := nodes.get(id(para))) is not None and outline.section_kind(node) == "time"
    }
    result.period, result.report_deadlines, warnings = timeline.read(
        body_text, doc_date=header.date, year_hint=year_hint, timed=timed
    )
    result.warnings.extend(warnings)
    # A task's own due date is also a deadline by which the work comes back finished.
    known = {d.date for d in result.report_deadlines}
    for assignment in result.assignments:
        for task in assignment.tasks:
            if task.due and task.due not in known and (not header.date or task.due >= header.date):
                known.add(task.due)
                result.report_deadlines.append(ReportDeadline(task.due, None, None, None, task.text[:300]))
    signer = parse_signer([p.text for p in zones.signature]) if zones.signature else None
    result.signer = signer or header.signer_before_body
    result.cc = read_cc(zones.cc)
    if not result.assignments:
        result.warnings.append("Không tìm thấy đơn vị được giao nhiệm vụ (no assignee found)")
    return result


def _merge(duties: list[Duty], recipients: list[str], year: int | None) -> list[Assignment]:
    """One entry per body, named as the document first names it (its "Kính gửi" form when it has one)."""
    recipient_names = {unit_key(r): _recipient_name(r) for r in recipients}
    order: list[str] = []
    names: dict[str, str] = {}
    roles: dict[str, str] = {}
    tasks: dict[str, list[Task]] = {}
    for duty in duties:
        key = unit_key(duty.unit)
        if not key:
            continue
        key = _same_body(key, order)
        if key not in names:
            order.append(key)
            names[key] = recipient_names.get(key) or duty.unit
            roles[key] = duty.role
            tasks[key] = []
        elif ROLE_RANK[duty.role] > ROLE_RANK[roles[key]]:
            roles[key] = duty.role
        if duty.text and all(t.text != duty.text for t in tasks[key]):
            due = duty.due or timeline.first_due(duty.text, year)
            tasks[key].append(Task(text=duty.text, span=duty.span, due=due))
    return [Assignment(unit=names[k], role=roles[k], tasks=tasks[k]) for k in order]


def _recipient_name(text: str) -> str:
    from .duties import clean_unit

    return (
        clean_unit(re.sub(r"^(?:Giám đốc|Chủ tịch|Thủ trưởng)\s+(?=\S)", "", text))
        if False
        else clean_unit(text)
    )


def _same_body(key: str, known: list[str]) -> str:
    """ "Các Sở, ban, ngành" and "Các Sở, ban, ngành Thành phố" are one body."""
    if key in known:
        return key
    for other in known:
        short, long = sorted((key, other), key=len)
        if len(short) >= 8 and long.startswith(short) and len(short) >= 0.7 * len(long):
            return other
    return key


def _references(body, year: int | None) -> list[Reference]:
    refs: list[Reference] = []
    seen: set[str] = set()
    for para in body:
        text = para.text
        if not _CITES.match(text):
            continue
        for match in _REFERENCE.finditer(text):
            number = re.sub(r"\s+", "", match.group("num"))
            if number in seen:
                continue
            seen.add(number)
            kind = match.group("type")
            kind = _REF_ABBREVIATIONS.get(kind.upper(), kind[:1].upper() + kind[1:].lower())
            date = None
            if match.group("date"):
                parts = timeline._parts(match, "0")
                if parts:
                    day, month, y = parts
                    date = timeline._iso(day, month, y or year)
            issuer = None
            if match.group("of"):
                t = Tokens(text[match.end() : match.end() + NAME_REACH])
                mention = GRAMMAR.mention_at(t, 0) if len(t) else None
                if mention is not None:
                    issuer = " ".join(mention.name.split())
            refs.append(Reference(kind, number, date, issuer))
    return refs


def _dominant_year(text: str) -> int | None:
    counts = Counter(_YEAR.findall(text))
    if not counts:
        return None
    return int(counts.most_common(1)[0][0])

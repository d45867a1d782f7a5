"""The first draft of a summary's text, written from the figures in plain administrative Vietnamese.

The officer edits every word of it in the browser before generating; nothing here is final. The issuing
unit's particulars (place, ký hiệu, parent agency) come from the unit, the signer from the directive.
"""

import re

from lantoa.directives.models import Directive
from lantoa.summaries.selectors import Aggregation, Issuer, issuer_of, upward_recipients

_SUBJECT_PREFIX = re.compile(r"^\s*(v/v|về việc)\s*", re.IGNORECASE)


def number(value) -> str:
    """1234567 → "1.234.567"; 2.5 → "2,5" (Vietnamese separators)."""
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        whole, _sep, fraction = f"{value:.2f}".rstrip("0").partition(".")
        return f"{int(whole):,}".replace(",", ".") + "," + fraction
    return f"{int(value):,}".replace(",", ".")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _topic(subject: str) -> str:
    """ "V/v tuyên truyền hưởng ứng …" → "tuyên truyền hưởng ứng …"."""
    return _lower_first(_SUBJECT_PREFIX.sub("", " ".join(subject.split())).rstrip("."))


def _reference(directive: Directive, *, with_issuer: bool = True) -> str:
    """ "Công văn số 1820/UBND-VHTT ngày 25/09/2023 của UBND huyện Hoằng Hóa"."""
    parts = [directive.get_doc_type_display()]
    if directive.number:
        parts.append(f"số {directive.number}")
    if directive.issued_on:
        parts.append(f"ngày {directive.issued_on:%d/%m/%Y}")
    if with_issuer:
        parts.append(f"của {directive.issuer.name}")
    return " ".join(parts)


def recipients(directive: Directive) -> list[str]:
    """Kính gửi: the upstream issuer when the upstream directive is in Lantoa; else the agency the
    directive says it implements ("… của Sở Thông tin và Truyền thông tỉnh Thanh Hóa"); else the level
    above the issuer."""
    if not directive.implements_id and " của " in directive.implements_text:
        return [directive.implements_text.rsplit(" của ", 1)[1].strip()]
    return [u.name for u in upward_recipients(directive)]


def _figure_phrase(value, indicator) -> str:
    """ "45 tin, bài đăng trên Trang thông tin điện tử" when the name starts with its unit of measure,
    else "thời lượng phát sóng: 1.230 phút"."""
    name = _lower_first(indicator.name)
    uom = indicator.unit_of_measure
    if name.lower().startswith(uom.lower()):
        return f"{number(value)} {name}"
    return f"{name}: {number(value)} {uom}"


def _unit_list(names: list[str], limit: int = 12) -> str:
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" và {len(names) - limit} đơn vị khác"


def subject(directive: Directive) -> str:
    source = directive.implements if directive.implements_id else directive
    if source.subject:
        return f"Kết quả thực hiện {_topic(source.subject)}"
    return f"Kết quả thực hiện {_reference(source)}"


def intro(directive: Directive, issuer: Issuer) -> str:
    own = _reference(directive, with_issuer=False)
    topic = _topic(directive.subject) if directive.subject else ""
    if directive.implements_id:
        upstream = directive.implements
        about = f" về việc {_topic(upstream.subject)}" if upstream.subject else ""
        first = (
            f"Thực hiện {_reference(upstream)}{about}; {issuer.short_name} đã ban hành {own} "
            "chỉ đạo các cơ quan, đơn vị triển khai thực hiện."
        )
    elif directive.implements_text:
        first = (
            f"Thực hiện {directive.implements_text}; {issuer.short_name} đã ban hành {own} "
            "chỉ đạo các cơ quan, đơn vị triển khai thực hiện."
        )
    else:
        first = f"Thực hiện {own}" + (f" về việc {topic}" if topic else "") + "."
    return f"{first} {issuer.short_name} báo cáo kết quả như sau:"


def results(aggregation: Aggregation, issuer: Issuer) -> str:
    c = aggregation.completeness
    whole = f"Toàn {issuer.area_word}" if issuer.area_word else "Các đơn vị"
    lines = [
        (
            f"Có {c.submitted}/{c.expected} đơn vị đã gửi báo cáo, trong đó {c.accepted} báo cáo đã được kiểm tra, "
            "duyệt; số liệu dưới đây tổng hợp từ các báo cáo đã được duyệt (chi tiết tại Phụ lục kèm theo)."
        )
    ]
    groups: dict[str, list] = {}
    for indicator in aggregation.indicators:
        groups.setdefault(indicator.group or indicator.name, []).append(indicator)
    position = 0
    for group, indicators in groups.items():
        # A group nobody reported anything for is left out rather than written as a row of zeros.
        phrases = [
            _figure_phrase(aggregation.accepted[i.code], i)
            for i in indicators
            if aggregation.accepted.get(i.code)
        ]
        if phrases:
            position += 1
            lines.append(
                f"{position}. {group}: {_lower_first(whole)} đã thực hiện " + "; ".join(phrases) + "."
            )
    if aggregation.stories:
        told = "; ".join(f"“{s.title}” ({s.unit_name})" for s in aggregation.stories[:5])
        lines.append(f"Các gương điển hình, câu chuyện tiêu biểu được giới thiệu: {told}.")
    if aggregation.top_types:
        done = "; ".join(
            f"{_lower_first(t.label)} ({number(t.activities)} hoạt động của {number(t.units)} đơn vị)"
            for t in aggregation.top_types[:3]
        )
        lines.append(f"Các hình thức được thực hiện nhiều nhất: {done}.")
    if c.pending:
        extra = [
            _figure_phrase(aggregation.pending.get(i.code, 0), i)
            for i in aggregation.indicators
            if aggregation.pending.get(i.code)
        ]
        lines.append(
            f"Ngoài ra, {c.pending} báo cáo đã gửi đang được kiểm tra, chưa tính vào số liệu trên"
            + (f" (gồm {'; '.join(extra)})." if extra else ".")
        )
    return "\n".join(lines)


def strengths(aggregation: Aggregation) -> str:
    c = aggregation.completeness
    lines = [
        (
            "Các cơ quan, đơn vị đã quan tâm, chủ động triển khai các nhiệm vụ được giao với nhiều hình thức "
            "tuyên truyền phong phú, kịp thời."
        )
    ]
    if c.expected:
        lines.append(f"{c.on_time}/{c.expected} đơn vị gửi báo cáo đúng thời hạn.")
    return "\n".join(lines)


def weaknesses(aggregation: Aggregation) -> str:
    c = aggregation.completeness
    lines = []
    if c.missing:
        names = [r.unit_name for r in aggregation.missing]
        lines.append(f"Còn {c.missing} đơn vị chưa gửi báo cáo: {_unit_list(names)}.")
    if c.late:
        lines.append(f"{c.late} đơn vị gửi báo cáo chậm so với thời hạn.")
    if c.returned:
        lines.append(f"{c.returned} báo cáo phải trả lại để bổ sung, chưa được gửi lại.")
    if aggregation.difficulties:
        lines.append(
            "Khó khăn, vướng mắc các đơn vị nêu: "
            + "; ".join(t.rstrip(".") for t in aggregation.difficulties)
            + "."
        )
    if not lines:
        lines.append("Các đơn vị đã gửi báo cáo đầy đủ, đúng thời hạn.")
    return "\n".join(lines)


def proposals(aggregation: Aggregation, directive: Directive) -> str:
    lines = [f"- {text}" for text in aggregation.proposals]
    above = recipients(directive)
    if above:
        lines.append(
            f"- Đề nghị {above[0]} tiếp tục quan tâm chỉ đạo, hướng dẫn để công tác tuyên truyền "
            "đạt hiệu quả cao hơn."
        )
    return "\n".join(lines)


def defaults(aggregation: Aggregation) -> dict:
    """Every editable field of a summary, pre-written from the data."""
    directive = aggregation.directive
    issuer = issuer_of(directive)
    office_abbreviation = directive.office.abbreviation or issuer.abbreviation
    to = recipients(directive)
    return {
        "number": f"    /BC-{issuer.abbreviation}" if issuer.abbreviation else "    /BC",
        "place": issuer.place,
        "date": None,
        "subject": subject(directive),
        "recipients": "\n".join(to),
        "intro": intro(directive, issuer),
        "results": results(aggregation, issuer),
        "strengths": strengths(aggregation),
        "weaknesses": weaknesses(aggregation),
        "proposals": proposals(aggregation, directive),
        "cc": "\n".join(["Như trên" if to else "", f"Lưu: VT, {office_abbreviation}".rstrip(", ")]).strip(),
        "signer_authority": directive.signer_authority,
        "signer_position": directive.signer_position,
        "signer_name": directive.signer_name,
    }

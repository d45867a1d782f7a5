"""The text of a summary: drafted from the figures, with every figure bound to the data it is printed with.

A báo cáo tổng hợp that goes up with two sets of figures (a narrative saying "31/38 đơn vị… 75 tin bài" over
an annex saying 32/38 and 80) is the one thing Lantoa must never produce. So:

- **Placeholders.** The draft never writes a figure as a literal. It writes ô giữ chỗ such as
  "Có [đã gửi]/[số đơn vị] đơn vị đã gửi báo cáo" or "[đoạn: số liệu theo chỉ tiêu]", and each generation
  fills them from the very aggregation its annex is written from (`render`). Accepting one more report
  and generating again changes the narrative and the annex together, without redrafting.
- **The check.** Figures the officer types by hand are read back (`check`): a fraction of units, a count of
  units in a state, a total in an indicator's unit of measure, units named as not having reported. One that
  contradicts the data stops the generation, with where it is and what the data says (`problems_of`).

The officer edits every word in the browser; the placeholders can be moved, removed or typed anywhere.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lantoa.directives.models import Directive
from lantoa.summaries.selectors import Aggregation, Issuer, issuer_of, upward_recipients

_SUBJECT_PREFIX = re.compile(r"^\s*(v/v|về việc)\s*", re.IGNORECASE)

# The narrative fields a generation fills and checks, with their headings as the page and the DOCX show them.
NARRATIVE_FIELDS = ("intro", "results", "strengths", "weaknesses", "proposals")


def field_labels() -> dict[str, str]:
    return {
        "intro": _("Mở đầu"),
        "results": _("I. Kết quả thực hiện"),
        "strengths": _("II.1. Ưu điểm"),
        "weaknesses": _("II.2. Hạn chế"),
        "proposals": _("III. Đề xuất, kiến nghị"),
    }


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


# --- placeholders ---------------------------------------------------------------------------------------

# One figure each, from `Aggregation.completeness`.
COUNT_TOKENS = {
    "số đơn vị": ("expected", "số đơn vị phải báo cáo"),
    "đã gửi": ("submitted", "số đơn vị đã gửi báo cáo (kể cả bị trả lại)"),
    "đã duyệt": ("accepted", "số báo cáo đã duyệt"),
    "chờ duyệt": ("pending", "số báo cáo đã gửi, đang chờ duyệt"),
    "bị trả lại": ("returned", "số báo cáo bị trả lại, chưa gửi lại"),
    "chưa gửi": ("missing", "số đơn vị chưa gửi báo cáo"),
    "đúng hạn": ("on_time", "số đơn vị gửi đúng hạn"),
    "gửi muộn": ("late", "số đơn vị gửi muộn"),
}
TOTAL_PREFIX = "tổng"  # "[tổng: radio-news]": the accepted total of an indicator
PENDING_PREFIX = "chờ duyệt"  # "[chờ duyệt: radio-news]": what waits for review, not counted
PARAGRAPH_PREFIX = "đoạn"  # "[đoạn: …]": whole sentences that exist only when the data has something to say
PARAGRAPHS = {
    "số liệu theo chỉ tiêu": "kết quả theo từng nhóm chỉ tiêu, từ các báo cáo đã duyệt",
    "gương điển hình": "các gương điển hình, câu chuyện tiêu biểu",
    "hình thức nổi bật": "các hình thức được thực hiện nhiều nhất",
    "báo cáo chờ duyệt": "các báo cáo đã gửi đang chờ duyệt, chưa tính vào số liệu",
    "tình hình gửi báo cáo": "đơn vị chưa gửi, gửi muộn, bị trả lại (hoặc: đã gửi đầy đủ, đúng hạn)",
}
_TOKEN = re.compile(r"\[([^\[\]\n]{1,120})\]")


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def token(name: str, argument: str = "") -> str:
    return f"[{name}: {argument}]" if argument else f"[{name}]"


@dataclass
class Placeholder:
    """One ô giữ chỗ as the help beside the form lists it, with what it stands for now."""

    text: str
    meaning: str
    value: str


class _Filler:
    """Fills the placeholders of a text from one aggregation; collects what it could not read."""

    def __init__(self, aggregation: Aggregation, issuer: Issuer):
        self.aggregation = aggregation
        self.issuer = issuer
        self.codes = {i.code.lower(): i for i in aggregation.indicators}
        self.unknown: list[str] = []

    def value(self, raw: str) -> str | list[str] | None:
        """A figure (str), sentences (list), or None for a text in brackets that is not a placeholder."""
        key = _key(raw)
        if key in COUNT_TOKENS:
            return number(getattr(self.aggregation.completeness, COUNT_TOKENS[key][0]))
        name, colon, argument = key.partition(":")
        name, argument = name.strip(), argument.strip()
        if colon and name == TOTAL_PREFIX and argument in self.codes:
            return number(self.aggregation.accepted.get(self.codes[argument].code, 0))
        if colon and name == PENDING_PREFIX and argument in self.codes:
            return number(self.aggregation.pending.get(self.codes[argument].code, 0))
        if colon and name == PARAGRAPH_PREFIX and argument in PARAGRAPHS:
            return paragraph(argument, self.aggregation, self.issuer)
        return None

    def fill(self, text: str) -> str:
        lines = []
        for line in (text or "").splitlines():
            alone = _TOKEN.fullmatch(line.strip())
            if alone:
                value = self.value(alone.group(1))
                if isinstance(value, list):  # a paragraph on its own line: its sentences become paragraphs
                    lines.extend(value)
                    continue
            lines.append(_TOKEN.sub(self._replace, line))
        return "\n".join(lines)

    def _replace(self, match: re.Match) -> str:
        value = self.value(match.group(1))
        if value is None:
            self.unknown.append(match.group(0))
            return match.group(0)
        return " ".join(value) if isinstance(value, list) else value


def render(text: str, aggregation: Aggregation, issuer: Issuer | None = None) -> str:
    """The text as a generation prints it: every placeholder filled from `aggregation`."""
    return _Filler(aggregation, issuer or issuer_of(aggregation.directive)).fill(text)


def rendered(fields: dict[str, str], aggregation: Aggregation) -> dict[str, str]:
    issuer = issuer_of(aggregation.directive)
    return {name: render(fields.get(name, ""), aggregation, issuer) for name in NARRATIVE_FIELDS}


def placeholders(aggregation: Aggregation) -> list[Placeholder]:
    """Every placeholder the officer may type, with its meaning and its value now (the help beside the form)."""
    c = aggregation.completeness
    found = [
        Placeholder(token(name), meaning, number(getattr(c, attr)))
        for name, (attr, meaning) in COUNT_TOKENS.items()
    ]
    for indicator in aggregation.indicators:
        found.append(
            Placeholder(
                token(TOTAL_PREFIX, indicator.code),
                _("tổng đã duyệt: {name}").format(name=indicator.name),
                f"{number(aggregation.accepted.get(indicator.code, 0))} {indicator.unit_of_measure}",
            )
        )
    for name, meaning in PARAGRAPHS.items():
        found.append(Placeholder(token(PARAGRAPH_PREFIX, name), meaning, _("(đoạn văn)")))
    return found


# --- the paragraphs ---------------------------------------------------------------------------------------


def _results_by_group(aggregation: Aggregation, issuer: Issuer) -> list[str]:
    whole = f"toàn {issuer.area_word}" if issuer.area_word else "các đơn vị"
    groups: dict[str, list] = {}
    for indicator in aggregation.indicators:
        groups.setdefault(indicator.group or indicator.name, []).append(indicator)
    lines, position = [], 0
    for group, indicators in groups.items():
        # A group nobody reported anything for is left out rather than written as a row of zeros.
        phrases = [
            _figure_phrase(aggregation.accepted[i.code], i)
            for i in indicators
            if aggregation.accepted.get(i.code)
        ]
        if phrases:
            position += 1
            lines.append(f"{position}. {group}: {whole} đã thực hiện " + "; ".join(phrases) + ".")
    return lines


def _stories(aggregation: Aggregation) -> list[str]:
    if not aggregation.stories:
        return []
    told = "; ".join(f"“{s.title}” ({s.unit_name})" for s in aggregation.stories[:5])
    return [f"Các gương điển hình, câu chuyện tiêu biểu được giới thiệu: {told}."]


def _top_types(aggregation: Aggregation) -> list[str]:
    if not aggregation.top_types:
        return []
    done = "; ".join(
        f"{_lower_first(t.label)} ({number(t.activities)} hoạt động của {number(t.units)} đơn vị)"
        for t in aggregation.top_types[:3]
    )
    return [f"Các hình thức được thực hiện nhiều nhất: {done}."]


def _pending(aggregation: Aggregation) -> list[str]:
    c = aggregation.completeness
    if not c.pending:
        return []
    extra = [
        _figure_phrase(aggregation.pending.get(i.code, 0), i)
        for i in aggregation.indicators
        if aggregation.pending.get(i.code)
    ]
    return [
        f"Ngoài ra, {c.pending} báo cáo đã gửi đang được kiểm tra, chưa tính vào số liệu trên"
        + (f" (gồm {'; '.join(extra)})." if extra else ".")
    ]


def _reporting(aggregation: Aggregation) -> list[str]:
    c = aggregation.completeness
    lines = []
    if c.missing:
        names = [r.unit_name for r in aggregation.missing]
        lines.append(f"Còn {c.missing} đơn vị chưa gửi báo cáo: {_unit_list(names)}.")
    if c.late:
        lines.append(f"{c.late} đơn vị gửi báo cáo chậm so với thời hạn.")
    if c.returned:
        lines.append(f"{c.returned} báo cáo phải trả lại để bổ sung, chưa được gửi lại.")
    if not lines:
        lines.append("Các đơn vị đã gửi báo cáo đầy đủ, đúng thời hạn.")
    if aggregation.flagged_accepted:
        lines.append(
            f"{aggregation.flagged_accepted} hoạt động trong các báo cáo đã duyệt có cảnh báo về minh chứng "
            f"({aggregation.flagged_answered} đã được kiểm tra, ghi kết quả)."
        )
    return lines


def paragraph(name: str, aggregation: Aggregation, issuer: Issuer) -> list[str]:
    return {
        "số liệu theo chỉ tiêu": lambda: _results_by_group(aggregation, issuer),
        "gương điển hình": lambda: _stories(aggregation),
        "hình thức nổi bật": lambda: _top_types(aggregation),
        "báo cáo chờ duyệt": lambda: _pending(aggregation),
        "tình hình gửi báo cáo": lambda: _reporting(aggregation),
    }[name]()


# --- the draft --------------------------------------------------------------------------------------------


def results() -> str:
    return "\n".join(
        [
            (
                f"Có {token('đã gửi')}/{token('số đơn vị')} đơn vị đã gửi báo cáo, trong đó {token('đã duyệt')} "
                "báo cáo đã được kiểm tra, duyệt; số liệu dưới đây tổng hợp từ các báo cáo đã được duyệt "
                "(chi tiết tại Phụ lục kèm theo)."
            ),
            token(PARAGRAPH_PREFIX, "số liệu theo chỉ tiêu"),
            token(PARAGRAPH_PREFIX, "gương điển hình"),
            token(PARAGRAPH_PREFIX, "hình thức nổi bật"),
            token(PARAGRAPH_PREFIX, "báo cáo chờ duyệt"),
        ]
    )


def strengths() -> str:
    return "\n".join(
        [
            (
                "Các cơ quan, đơn vị đã quan tâm, chủ động triển khai các nhiệm vụ được giao với nhiều hình thức "
                "tuyên truyền phong phú, kịp thời."
            ),
            f"{token('đúng hạn')}/{token('số đơn vị')} đơn vị gửi báo cáo đúng thời hạn.",
        ]
    )


def weaknesses(aggregation: Aggregation) -> str:
    lines = [token(PARAGRAPH_PREFIX, "tình hình gửi báo cáo")]
    if aggregation.difficulties:
        lines.append(
            "Khó khăn, vướng mắc các đơn vị nêu: "
            + "; ".join(t.rstrip(".") for t in aggregation.difficulties)
            + "."
        )
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
    """Every editable field of a summary, pre-written: figures as placeholders, texts from the reports."""
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
        "results": results(),
        "strengths": strengths(),
        "weaknesses": weaknesses(aggregation),
        "proposals": proposals(aggregation, directive),
        "cc": "\n".join(["Như trên" if to else "", f"Lưu: VT, {office_abbreviation}".rstrip(", ")]).strip(),
        "signer_authority": directive.signer_authority,
        "signer_position": directive.signer_position,
        "signer_name": directive.signer_name,
    }


# --- the check: figures typed by hand against the data ----------------------------------------------------

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_UNITS_WORD = r"(?:cơ quan,\s*đơn vị|đơn vị|báo cáo|xã, phường|xã, thị trấn|xã|phường)"
_FRACTION = re.compile(rf"(?<![\d/.,])(?P<a>{_NUMBER})\s*/\s*(?P<b>{_NUMBER})\s+{_UNITS_WORD}(?![\w])")
_COUNT = re.compile(rf"(?<![\d/.,])(?P<n>{_NUMBER})\s+{_UNITS_WORD}(?![\w])")
# A number after these is an approximation or a rate ("hơn 500 tin bài", "mỗi ngày 2 lượt"), not a figure.
_QUALIFIERS = ("mỗi", "khoảng", "gần", "hơn", "trên", "dưới", "từ", "đến", "tới", "hàng", "chừng", "ít nhất")
_SENTENCE = re.compile(r"(?<=[.;!?])\s+|\n")
_CLAUSE_END = re.compile(r"[;,(]\s*(?:trong đó|gồm|còn|ngoài ra)|;")


def _parse(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def _same(a: float, b) -> bool:
    return isinstance(b, int | float) and not isinstance(b, bool) and abs(a - float(b)) < 1e-9


def _state_of(words: str) -> str | None:
    """Which completeness count a clause speaks of, from its words; None when it names none."""
    words = _key(words)
    for keywords, attr in (
        (("chưa gửi", "chưa nộp", "chưa báo cáo", "chưa có báo cáo"), "missing"),
        (("trả lại",), "returned"),
        (("muộn", "chậm"), "late"),
        (("đúng hạn", "đúng thời hạn"), "on_time"),
        (("chờ duyệt", "chưa duyệt", "chưa được duyệt", "đang kiểm tra", "đang được kiểm tra"), "pending"),
        (("duyệt",), "accepted"),
        (("đã gửi", "đã nộp", "gửi báo cáo", "nộp báo cáo"), "submitted"),
    ):
        if any(k in words for k in keywords):
            return attr
    return None


def _state_words() -> dict[str, str]:
    return {
        "expected": _("đơn vị phải báo cáo"),
        "submitted": _("đơn vị đã gửi báo cáo"),
        "accepted": _("báo cáo đã duyệt"),
        "pending": _("báo cáo chờ duyệt"),
        "returned": _("báo cáo bị trả lại"),
        "missing": _("đơn vị chưa gửi báo cáo"),
        "on_time": _("đơn vị gửi đúng hạn"),
        "late": _("đơn vị gửi muộn"),
    }


def _token_for(attr: str) -> str:
    return next(token(name) for name, (a, _meaning) in COUNT_TOKENS.items() if a == attr)


@dataclass
class Problem:
    """A figure typed by hand that the data contradicts: where, what it says, what the data says."""

    field: str
    excerpt: str
    message: str

    def __str__(self) -> str:
        return _("Mục “{field}”: “{excerpt}” — {message}").format(
            field=field_labels().get(self.field, self.field), excerpt=self.excerpt, message=self.message
        )


def _uom_pattern(uom: str) -> str:
    parts = [re.escape(p) for p in re.split(r"[\s,/]+", uom.strip()) if p]
    return r"\s*[,/]?\s*".join(parts)


class _Checker:
    def __init__(self, aggregation: Aggregation):
        self.aggregation = aggregation
        self.c = aggregation.completeness
        self.problems: list[Problem] = []
        # Each unit of measure with the figures a hand-typed number in it may rightly be: a total (accepted,
        # awaiting review, or both) or the figure of one unit, for any indicator measured in it.
        self.by_uom: dict[str, tuple[re.Pattern, list, set]] = {}
        for indicator in aggregation.indicators:
            uom = _key(indicator.unit_of_measure)
            if not uom:
                continue
            _pattern, indicators, allowed = self.by_uom.setdefault(
                uom,
                (
                    re.compile(rf"(?<![\d/.,])(?P<n>{_NUMBER})\s+{_uom_pattern(uom)}(?![\w])", re.IGNORECASE),
                    [],
                    set(),
                ),
            )
            indicators.append(indicator)
            accepted = aggregation.accepted.get(indicator.code, 0) or 0
            pending = aggregation.pending.get(indicator.code, 0) or 0
            allowed.update({float(accepted), float(pending), float(accepted + pending)})
            for row in aggregation.rows:
                value = (row.figures or {}).get(indicator.code)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    allowed.add(float(value))
        self.names = sorted(
            {(_key(r.unit_name.split(" (")[0]), r.state, r.is_late) for r in aggregation.rows},
            key=lambda n: -len(n[0]),
        )
        # What the units themselves wrote, quoted in sections II–III: a district's summary sent upward says
        # "còn 3 đơn vị chưa gửi báo cáo" of its own communes, which is true there and no claim of this report.
        self.quotes = sorted(
            {
                q.strip().rstrip(".").strip()
                for q in (*aggregation.difficulties, *aggregation.proposals)
                if q.strip()
            },
            key=len,
            reverse=True,
        )

    def add(self, field: str, excerpt: str, message: str) -> None:
        self.problems.append(Problem(field=field, excerpt=" ".join(excerpt.split())[:200], message=message))

    def check(self, field: str, text: str, *, totals: bool) -> None:
        masked = _TOKEN.sub("§", text or "")
        for quote in self.quotes:
            masked = masked.replace(quote, "§")
        for sentence in _SENTENCE.split(masked):
            if sentence.strip():
                self._sentence(field, sentence, totals=totals)

    def _sentence(self, field: str, sentence: str, *, totals: bool) -> None:
        taken: list[tuple[int, int]] = []
        words = _state_words()
        for m in _FRACTION.finditer(sentence):
            taken.append(m.span())
            a, b = _parse(m.group("a")), _parse(m.group("b"))
            rest = _CLAUSE_END.split(sentence[m.end() :], maxsplit=1)[0]
            attr = _state_of(sentence[m.start() : m.end()] + rest) or "submitted"
            if not _same(b, self.c.expected):
                self.add(
                    field,
                    m.group(0),
                    _("văn bản giao cho {n} đơn vị, không phải {b}. Hãy dùng ô giữ chỗ {token}.").format(
                        n=self.c.expected, b=m.group("b"), token=_token_for("expected")
                    ),
                )
            elif not _same(a, getattr(self.c, attr)):
                self.add(
                    field,
                    m.group(0),
                    _(
                        "số liệu hiện là {n} {what}. Hãy sửa, hoặc dùng ô giữ chỗ {token} để Lantoa tự điền."
                    ).format(n=getattr(self.c, attr), what=words[attr], token=_token_for(attr)),
                )
        for m in _COUNT.finditer(sentence):
            if any(start <= m.start() < end for start, end in taken) or self._qualified(sentence, m.start()):
                continue
            rest = _CLAUSE_END.split(sentence[m.end() :], maxsplit=1)[0]
            before = sentence[max(0, m.start() - 12) : m.start()]
            attr = _state_of(m.group(0) + rest) or (_state_of(before) if "còn" in _key(before) else None)
            if attr is None:
                continue  # "3 đơn vị phối hợp": a count the data does not speak of
            taken.append(m.span())
            if not _same(_parse(m.group("n")), getattr(self.c, attr)):
                self.add(
                    field,
                    m.group(0) + rest[:60],
                    _(
                        "số liệu hiện là {n} {what}. Hãy sửa, hoặc dùng ô giữ chỗ {token} để Lantoa tự điền."
                    ).format(n=getattr(self.c, attr), what=words[attr], token=_token_for(attr)),
                )
        if totals:
            self._totals(field, sentence, taken)
        self._names(field, sentence)

    @staticmethod
    def _qualified(sentence: str, start: int) -> bool:
        before = _key(sentence[max(0, start - 12) : start])
        return any(before.endswith(q) for q in _QUALIFIERS)

    def _totals(self, field: str, sentence: str, taken: list[tuple[int, int]]) -> None:
        for pattern, indicators, allowed in self.by_uom.values():
            for m in pattern.finditer(sentence):
                if any(start <= m.start() < end for start, end in taken) or self._qualified(
                    sentence, m.start()
                ):
                    continue
                value = _parse(m.group("n"))
                if any(_same(value, a) for a in allowed):
                    continue
                said = "; ".join(
                    f"{i.name}: {number(self.aggregation.accepted.get(i.code, 0))} {i.unit_of_measure}"
                    for i in indicators
                )
                codes = ", ".join(token(TOTAL_PREFIX, i.code) for i in indicators)
                self.add(
                    field,
                    m.group(0),
                    _(
                        "không khớp số liệu đã duyệt ({said}) hay số liệu của đơn vị nào. Hãy sửa, dùng ô giữ "
                        "chỗ {codes}, hoặc nếu không phải số liệu báo cáo thì viết số bằng chữ."
                    ).format(said=said, codes=codes),
                )

    def _names(self, field: str, sentence: str) -> None:
        attr = _state_of(sentence)
        if attr not in ("missing", "late", "returned"):
            return
        low = _key(sentence)
        wrong = []
        for name, state, late in self.names:  # longest first: "… Hoằng Hóa Đông" before "… Hoằng Hóa"
            found = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", low) if name else None
            if found is None:
                continue
            low = low[: found.start()] + " " * len(name) + low[found.end() :]
            fits = {"missing": state == "draft", "returned": state == "returned", "late": late}[attr]
            if not fits:
                wrong.append(name)
        if wrong:
            self.add(
                field,
                sentence,
                _(
                    "theo dữ liệu, {units} không thuộc nhóm “{what}”. Hãy sửa, hoặc dùng ô giữ chỗ {token}."
                ).format(
                    units=", ".join(wrong),
                    what=_state_words()[attr],
                    token=token(PARAGRAPH_PREFIX, "tình hình gửi báo cáo"),
                ),
            )


def problems_of(fields: dict[str, str], aggregation: Aggregation) -> list[Problem]:
    """What in the officer's text contradicts the data of `aggregation`, and placeholders Lantoa cannot read.

    Counts of units and the units named as late or missing are checked everywhere; totals in an indicator's
    unit of measure in the opening and section I, where the campaign's results are claimed (sections II and
    III quote what the units wrote: "đài xã chỉ phát được 15 phút", "đề nghị hỗ trợ 2 cụm loa")."""
    issuer = issuer_of(aggregation.directive)
    checker = _Checker(aggregation)
    found: list[Problem] = []
    for name in NARRATIVE_FIELDS:
        text = fields.get(name, "") or ""
        filler = _Filler(aggregation, issuer)
        filler.fill(text)
        for raw in dict.fromkeys(filler.unknown):
            found.append(
                Problem(
                    field=name,
                    excerpt=raw,
                    message=_(
                        "không phải ô giữ chỗ của Lantoa: hãy sửa theo danh sách ô giữ chỗ, hoặc bỏ dấu ngoặc vuông."
                    ),
                )
            )
        checker.check(name, text, totals=name in ("intro", "results"))
    return found + checker.problems

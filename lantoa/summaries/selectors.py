"""Reads for the báo cáo tổng hợp: who may open it, and the aggregation it is built from.

Every figure comes from what the units submitted (the last ReportSnapshot of each report), never from the
live ledger: a summary adds up reports, and an accepted report is what the office checked.
"""

import datetime
import functools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    JSONField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lantoa.activities import figures as kept_figures
from lantoa.activities.models import Activity, ActivityExclusion, Evidence
from lantoa.directives.models import Assignment, Directive
from lantoa.directives.selectors import can_manage, committee_of, directives_visible_to
from lantoa.evidence.selectors import flagged_accepted_items
from lantoa.indicators.models import ActivityType, Indicator
from lantoa.reports.models import Report, ReportSnapshot, ReportState
from lantoa.reports.selectors import directive_indicators, review_access
from lantoa.summaries.models import Summary, SummaryGeneration
from lantoa.units.models import AreaType, Unit, UnitKind

MANAGE, READ = "manage", "read"

# The states whose figures a summary shows: accepted ones are counted, submitted ones are shown apart as
# awaiting review. A returned report is being corrected and a draft was never submitted: no figures.
SHOWN_STATES = (ReportState.ACCEPTED, ReportState.SUBMITTED)


# --- who may open a summary -----------------------------------------------------------------------------


def summary_access(user, directive: Directive) -> str | None:
    """MANAGE: the directive's managers edit and generate. READ: whoever reads every report of the
    directive (its issuer, office, the units above them, the unit it reports to), and the level above
    through the cascade (those who read the reports of the upstream directive it implements: the Sở reads
    each district's roll-up). Anyone else: None, answered with a 404."""
    if not user.is_authenticated:
        return None
    if can_manage(user, directive):
        return MANAGE
    if review_access(user, directive) is not None:
        return READ
    if directive.implements_id and review_access(user, directive.implements) is not None:
        return READ
    return None


def summary_directives_visible_to(user) -> QuerySet[Directive]:
    """Directives whose summary page a person may try: those they see, and those implementing one they see."""
    visible = directives_visible_to(user).values("pk")
    return Directive.objects.filter(Q(pk__in=visible) | Q(implements__in=visible))


def summary_directive_visible_to(user, pk: int) -> QuerySet[Directive]:
    """`summary_directives_visible_to(user)` for the one directive `pk`: the same answer, but the visibility
    test runs on at most two directives (it and the one it implements) instead of every directive the person
    sees, which PostgreSQL otherwise reads whole before keeping one row."""
    candidates = Q(pk=pk) | Q(pk__in=Directive.objects.filter(pk=pk).values("implements_id"))
    visible = directives_visible_to(user).filter(candidates).values("pk")
    return Directive.objects.filter(pk=pk).filter(Q(pk__in=visible) | Q(implements__in=visible))


def get_summary_directive_for_user_or_404(user, pk: int) -> tuple[Directive, str]:
    """The directive and the person's access to its summary; the same 404 for missing and not theirs."""
    directive = (
        summary_directive_visible_to(user, pk)
        .select_related(
            "issuer",
            "office",
            "report_to",
            "report_via",
            "implements",
            "implements__issuer",
            "implements__office",
            "implements__report_to",
        )
        .first()
    )
    access = summary_access(user, directive) if directive is not None else None
    if access is None:
        raise Http404
    return directive, access


def get_generation_for_user_or_404(user, pk: int) -> SummaryGeneration:
    generation = (
        SummaryGeneration.objects.filter(
            summary__directive__in=summary_directives_visible_to(user).values("pk")
        )
        .select_related(
            "summary",
            "summary__directive",
            "summary__directive__issuer",
            "summary__directive__office",
            "summary__directive__implements",
            "summary__directive__implements__issuer",
            "summary__directive__implements__office",
        )
        .filter(pk=pk)
        .first()
    )
    if generation is None or summary_access(user, generation.summary.directive) is None:
        raise Http404
    return generation


def summary_of(directive: Directive) -> Summary | None:
    return Summary.objects.filter(directive=directive).first()


def generations_of(summary: Summary | None) -> list[SummaryGeneration]:
    if summary is None:
        return []
    return list(summary.generations.select_related("generated_by").order_by("-version"))


# --- the aggregation ------------------------------------------------------------------------------------


Number = int | float


@functools.lru_cache(maxsize=16)
def _state_labels(language: str | None) -> dict[str, str]:
    return {value: str(label) for value, label in ReportState.choices}


def report_state_label(state: str) -> str:
    """A report state's label in the active language, translated once per language rather than once per
    row: a national annex writes it 40,000 times."""
    return _state_labels(translation.get_language())[state]


@dataclass
class UnitFigures:
    """One assigned unit's line: its report's state and, once submitted, the figures it submitted."""

    unit_id: int
    unit_name: str
    report_id: int
    state: str
    is_late: bool
    version: int
    due_on: datetime.date | None
    first_submitted_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    figures: dict[str, Number] | None  # None: nothing to show (never submitted, or returned)

    @property
    def state_label(self) -> str:
        return report_state_label(self.state)

    @property
    def is_counted(self) -> bool:
        return self.state == ReportState.ACCEPTED

    @property
    def is_pending(self) -> bool:
        return self.state == ReportState.SUBMITTED

    @property
    def is_missing(self) -> bool:
        return self.state == ReportState.DRAFT


@dataclass
class Completeness:
    """Who has reported, the one set of counts every page and file shows (see `completeness`).

    `expected` = `submitted` + `missing`; `submitted` = `accepted` + `pending` + `returned` (a return only
    ever follows a submission); `on_time` + `late` = `submitted`. So "31/38 đã gửi" reads the same on the
    dashboard, the review page, the summary page, the DOCX and the XLSX."""

    expected: int = 0
    submitted: int = 0  # submitted at least once: submitted, returned or accepted
    on_time: int = 0
    late: int = 0
    missing: int = 0  # never submitted
    returned: int = 0
    accepted: int = 0
    pending: int = 0  # submitted, awaiting review
    overdue: int = 0  # still owed (never submitted, or returned) and past its due date today

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.expected) if self.expected else 0

    @property
    def owed(self) -> int:
        """Still to come from the units: never submitted, or returned for a fix."""
        return self.missing + self.returned


@dataclass
class Highlight:
    activity_id: int
    unit_name: str
    occurred_on: datetime.date
    title: str
    url: str


@dataclass
class TypeCount:
    type: str
    label: str
    activities: int
    units: int


@dataclass
class Aggregation:
    directive: Directive
    indicators: list[Indicator]
    rows: list[UnitFigures]
    accepted: dict[str, Number]
    pending: dict[str, Number]
    completeness: Completeness
    stories: list[Highlight] = field(default_factory=list)
    top_types: list[TypeCount] = field(default_factory=list)
    difficulties: list[str] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)
    # Activities in accepted reports on which an evidence check raised a flag, and of those, how many had
    # every flag answered by a reviewer: accepted despite a question, said in the completeness section.
    flagged_accepted: int = 0
    flagged_answered: int = 0
    flagged_by_unit: dict[int, tuple[int, int]] = field(default_factory=dict)

    @property
    def missing(self) -> list[UnitFigures]:
        return [r for r in self.rows if r.is_missing]

    def values(self, row: UnitFigures) -> list[Number | None]:
        figures = row.figures or {}
        return [figures.get(i.code) if row.figures is not None else None for i in self.indicators]

    def accepted_values(self) -> list[Number]:
        return [self.accepted.get(i.code, 0) for i in self.indicators]

    def pending_values(self) -> list[Number]:
        return [self.pending.get(i.code, 0) for i in self.indicators]


def _add(a: Number, b) -> Number:
    if isinstance(b, bool) or not isinstance(b, int | float):
        return a
    return a + b


OWED_STATES = (ReportState.DRAFT, ReportState.RETURNED)


def _completeness_counts(today: datetime.date) -> dict:
    submitted = Q(first_submitted_at__isnull=False)
    return {
        "expected": Count("pk"),
        "submitted": Count("pk", filter=submitted),
        "on_time": Count("pk", filter=submitted & Q(is_late=False)),
        "late": Count("pk", filter=submitted & Q(is_late=True)),
        "missing": Count("pk", filter=Q(state=ReportState.DRAFT)),
        "returned": Count("pk", filter=Q(state=ReportState.RETURNED)),
        "accepted": Count("pk", filter=Q(state=ReportState.ACCEPTED)),
        "pending": Count("pk", filter=Q(state=ReportState.SUBMITTED)),
        "overdue": Count("pk", filter=Q(state__in=OWED_STATES, due__lt=today)),
    }


def _with_due(reports: QuerySet[Report]) -> QuerySet[Report]:
    return reports.annotate(due=Coalesce("due_on", "directive__report_due", output_field=DateField()))


def completeness_grouped(
    reports: QuerySet[Report], *keys: str, today: datetime.date | None = None
) -> list[tuple[dict, Completeness]]:
    """The completeness of every group of `reports` (by `keys`, e.g. the directive and its issuer's name),
    in ONE grouped query."""
    today = today or timezone.localdate()
    rows = _with_due(reports).order_by().values(*keys).annotate(**_completeness_counts(today))
    grouped = []
    for row in rows:
        row = dict(row)
        grouped.append(({key: row.pop(key) for key in keys}, Completeness(**row)))
    return grouped


def completeness_by_directive(
    reports: QuerySet[Report], *, today: datetime.date | None = None
) -> dict[int, Completeness]:
    """The completeness of every directive among `reports`, in ONE grouped query: the dashboard's overview,
    the areas of a cascade and the home page count many directives at once, the same way as one."""
    return {
        group["directive_id"]: counted
        for group, counted in completeness_grouped(reports, "directive_id", today=today)
    }


def completeness(directive: Directive, *, unit_ids=None, today: datetime.date | None = None) -> Completeness:
    """THE completeness of a directive (or of some of its units: a commune sees its own row): one aggregate
    query. Every page and file that says how many units reported reads it from here."""
    today = today or timezone.localdate()
    reports = Report.objects.filter(directive=directive)
    if unit_ids is not None:
        reports = reports.filter(unit_id__in=unit_ids)
    return Completeness(**_with_due(reports).aggregate(**_completeness_counts(today)))


def _reporting_units(directive: Directive) -> QuerySet:
    return Report.objects.filter(directive=directive, state__in=SHOWN_STATES).values("unit_id")


def _stories(directive: Directive, limit: int = 10) -> list[Highlight]:
    """Gương điển hình logged by units that reported, inside the window, whether or not an indicator
    counts them: a story is worth telling even when the directive does not count stories."""
    start, end = directive.window
    stories = Activity.objects.filter(type=ActivityType.STORY, unit__in=_reporting_units(directive))
    if start:
        stories = stories.filter(occurred_on__gte=start)
    if end:
        stories = stories.filter(occurred_on__lte=end)
    stories = stories.exclude(
        Exists(ActivityExclusion.objects.filter(activity=OuterRef("pk"), directive=directive))
    )
    return [
        Highlight(
            activity_id=a.pk, unit_name=str(a.unit), occurred_on=a.occurred_on, title=a.title, url=a.url
        )
        for a in stories.select_related("unit").order_by("occurred_on", "pk")[:limit]
    ]


def _top_types(directive: Directive, limit: int = 5) -> list[TypeCount]:
    """The kinds of activity done most in the accepted reports, with how many units did them. Accepted only,
    like every figure the narrative states: an accepted report's activities are locked, so these counts are
    those of what the office checked, however the ledgers move on. Read from the kept figures (one grouped
    query over a few rows per unit), never from the activities: a dashboard shows this on every visit."""
    labels = dict(ActivityType.choices)
    accepted = Report.objects.filter(directive=directive, state=ReportState.ACCEPTED).values("unit_id")
    return [
        TypeCount(type=type_, label=str(labels.get(type_, type_)), activities=n, units=units)
        for type_, n, units in kept_figures.top_types(directive, unit_ids=accepted, limit=limit)
    ]


def _most_said(texts: list[str], limit: int = 3) -> list[str]:
    """What units wrote most often (difficulties, proposals), first written first among equals."""
    counter = Counter(t for t in (" ".join((t or "").split()) for t in texts) if t)
    return [text for text, _n in counter.most_common(limit)]


# Rows read from the database at a time: a national directive has 10,000 reports; memory stays bounded by
# what is kept per unit (its figures), never by the whole result set at once.
CHUNK = 2000
# Report lines per query of `aggregate`: one query for any directive up to this many units (every directive
# of a province and the national campaign of 3,321 communes), one more per this many beyond.
LINES_PER_QUERY = 5000


def _in_slices(lines, size: int | None = None):
    """`lines` (values, ordered by unit path and pk) `size` at a time, each slice a plain query that starts
    after the last line of the one before. Not a server-side cursor: on PostgreSQL its DECLARE, FETCH and
    materialisation cost a dashboard ~6 ms, at every visit."""
    size = size or LINES_PER_QUERY
    last = None
    while True:
        page = lines
        if last is not None:
            page = page.filter(Q(unit__path__gt=last[0]) | Q(unit__path=last[0], pk__gt=last[1]))
        rows = list(page[:size])
        yield from rows
        if len(rows) < size:
            return
        last = (rows[-1]["unit__path"], rows[-1]["pk"])


def _snapshot_part(key: str, output_field):
    """One key of each report's current snapshot, as a correlated subquery: only what the aggregation adds
    up is read, never the activities and items a national ledger fills its snapshots with."""
    snapshot = ReportSnapshot.objects.filter(report=OuterRef("pk"), version=OuterRef("version"))
    if isinstance(output_field, JSONField):
        return Subquery(snapshot.values(f"content__{key}")[:1], output_field=output_field)
    return Subquery(snapshot.values(part=KT(f"content__{key}"))[:1], output_field=output_field)


def aggregate(directive: Directive) -> Aggregation:
    """The whole picture of a directive's reports, in a fixed number of queries whatever the number of units.

    The figures live in JSON snapshots, which SQL cannot sum portably (SQLite and PostgreSQL differ), so the
    figures of the last snapshot of every report are read in ONE query (subqueries on the report's current
    version), read `LINES_PER_QUERY` lines at a time, and the totals are added up in Python as they come. No
    query runs per unit; the activities behind the figures are read by `iter_activity_lines`, when a file
    needs them.
    """
    indicators = directive_indicators(directive)
    reports = (
        Report.objects.filter(directive=directive)
        .annotate(
            submitted_figures=_snapshot_part("figures", JSONField()),
            submitted_difficulties=_snapshot_part("difficulties", TextField()),
            submitted_proposals=_snapshot_part("proposals", TextField()),
        )
        .order_by("unit__path", "pk")
        # Only what a line shows, as plain values: building a report and two units per line was a third of
        # a province dashboard's time.
        .values(
            "pk",
            "unit_id",
            "state",
            "is_late",
            "version",
            "due_on",
            "first_submitted_at",
            "submitted_at",
            "submitted_figures",
            "submitted_difficulties",
            "submitted_proposals",
            "unit__path",
            "unit__short_name",
            "unit__name",
            "unit__parent_id",
            "unit__parent__short_name",
            "unit__parent__name",
        )
    )
    codes = [i.code for i in indicators]
    accepted: dict[str, Number] = dict.fromkeys(codes, 0)
    pending: dict[str, Number] = dict.fromkeys(codes, 0)
    rows: list[UnitFigures] = []
    parents: list[str] = []
    difficulties: list[str] = []
    proposals: list[str] = []
    for report in _in_slices(reports):
        state, version = report["state"], report["version"]
        shown = state in SHOWN_STATES and version > 0
        figures = dict(report["submitted_figures"] or {}) if shown else None
        if figures is not None:
            target = accepted if state == ReportState.ACCEPTED else pending
            for code in codes:
                target[code] = _add(target[code], figures.get(code))
            difficulties.append(report["submitted_difficulties"] or "")
            proposals.append(report["submitted_proposals"] or "")
        rows.append(
            UnitFigures(
                unit_id=report["unit_id"],
                unit_name=report["unit__short_name"] or report["unit__name"],  # as str(Unit)
                report_id=report["pk"],
                state=state,
                is_late=report["is_late"],
                version=version,
                due_on=report["due_on"],
                first_submitted_at=report["first_submitted_at"],
                submitted_at=report["submitted_at"],
                figures=figures,
            )
        )
        parents.append(
            (report["unit__parent__short_name"] or report["unit__parent__name"])
            if report["unit__parent_id"]
            else ""
        )
    # Commune names repeat across a province ("UBND xã Quảng Tân"): name the district where they do.
    seen = Counter(r.unit_name for r in rows)
    for row, parent in zip(rows, parents, strict=True):
        if seen[row.unit_name] > 1 and parent:
            row.unit_name = f"{row.unit_name} ({parent})"
    flagged_by_unit = flagged_accepted_items(directive)
    return Aggregation(
        directive=directive,
        indicators=indicators,
        rows=rows,
        accepted=accepted,
        pending=pending,
        completeness=completeness(directive),
        stories=_stories(directive),
        top_types=_top_types(directive),
        difficulties=_most_said(difficulties),
        proposals=_most_said(proposals),
        flagged_accepted=sum(items for items, _ in flagged_by_unit.values()),
        flagged_answered=sum(answered for _, answered in flagged_by_unit.values()),
        flagged_by_unit=flagged_by_unit,
    )


# --- the counted activities, for the annex ---------------------------------------------------------------


@dataclass
class ActivityLine:
    activity_id: int
    unit_name: str
    report_id: int
    state: str
    occurred_on: str  # ISO, as the snapshot keeps it
    title: str
    url: str
    indicators: list[str]
    evidence: int


def activity_lines(aggregation: Aggregation) -> list[ActivityLine]:
    """Every activity behind a shown figure, as the unit submitted it (from its snapshot, so an activity
    deleted since still appears), with its number of evidence files (one grouped query)."""
    return list(iter_activity_lines(aggregation))


def iter_activity_lines(aggregation: Aggregation) -> Iterator[ActivityLine]:
    """`activity_lines` one at a time: a national annex streams 30,000+ of them into the XLSX writer
    without holding them all."""
    names = {i.code: i.name for i in aggregation.indicators}
    start, end = aggregation.directive.window
    evidence_rows = Evidence.objects.filter(activity__unit__in=_reporting_units(aggregation.directive))
    if start:
        evidence_rows = evidence_rows.filter(activity__occurred_on__gte=start)
    if end:
        evidence_rows = evidence_rows.filter(activity__occurred_on__lte=end)
    evidence = dict(
        evidence_rows.order_by().values("activity_id").annotate(n=Count("pk")).values_list("activity_id", "n")
    )
    shown = {row.report_id: row for row in aggregation.rows if row.figures is not None}
    if not shown:
        return
    # The activities and items of each shown report's current snapshot, streamed in the rows' order: only
    # one chunk of a national ledger is in memory at a time.
    snapshots = (
        ReportSnapshot.objects.filter(
            report__directive=aggregation.directive,
            report__state__in=SHOWN_STATES,
            version=F("report__version"),
        )
        .order_by("report__unit__path", "report_id")
        .values_list("report_id", "content__activities", "content__items")
    )
    for report_id, activities, items in snapshots.iterator(chunk_size=CHUNK):
        row = shown.get(report_id)
        if row is None:
            continue  # submitted after the aggregation was read: its figures are not in this summary
        feeds: dict[int, list[str]] = {}
        for code, ids in (activities or {}).items():
            for pk in ids:
                feeds.setdefault(pk, []).append(names.get(code, code))
        items = items or {}
        for pk in sorted(feeds, key=lambda p: (items.get(str(p), {}).get("on", ""), p)):
            item = items.get(str(pk), {})
            yield ActivityLine(
                activity_id=pk,
                unit_name=row.unit_name,
                report_id=row.report_id,
                state=row.state,
                occurred_on=item.get("on", ""),
                title=item.get("title", f"#{pk}"),
                url=item.get("url", ""),
                indicators=feeds[pk],
                evidence=evidence.get(pk, 0),
            )


# --- the issuing unit's particulars -----------------------------------------------------------------------

_AREA_WORDS = {
    AreaType.PROVINCE: "tỉnh",
    AreaType.CENTRAL_CITY: "thành phố",
    AreaType.RURAL_DISTRICT: "huyện",
    AreaType.URBAN_DISTRICT: "quận",
    AreaType.DISTRICT_TOWN: "thị xã",
    AreaType.PROVINCIAL_CITY: "thành phố",
    AreaType.COMMUNE: "xã",
    AreaType.WARD: "phường",
    AreaType.TOWNSHIP: "thị trấn",
    AreaType.SPECIAL_ZONE: "đặc khu",
}


@dataclass
class Issuer:
    """Who signs the summary, as its header writes it; all read from the unit's own settings."""

    unit: Unit
    parent_agency: str
    agency: str
    abbreviation: str
    place: str
    area_word: str  # "huyện": "Toàn huyện đã …"
    short_name: str


def issuer_of(directive: Directive) -> Issuer:
    """The directive's issuer writes the summary upward (the Phòng prepares it, the UBND signs it).

    A People's Committee heads its own documents (no line above it, as Nghị định 30 shows them); any other
    agency is headed by the committee it works for, in capitals."""
    unit = directive.issuer
    committee = committee_of(unit)
    if unit.kind == UnitKind.PEOPLES_COMMITTEE:
        parent_agency = ""
        abbreviation = unit.abbreviation or "UBND"
    else:
        above = committee_of(unit.parent) if unit.parent_id else None
        parent_agency = (above.short_name or above.name).upper() if above and above != unit else ""
        abbreviation = unit.abbreviation
    return Issuer(
        unit=unit,
        parent_agency=parent_agency,
        agency=(
            unit.name if unit.kind == UnitKind.PEOPLES_COMMITTEE else unit.short_name or unit.name
        ).upper(),
        abbreviation=abbreviation,
        place=committee.area_name or unit.area_name,
        area_word=_AREA_WORDS.get(committee.area_type, ""),
        short_name=str(unit),
    )


def upward_recipients(directive: Directive) -> list[Unit]:
    """Kính gửi: the issuer of the upstream directive this one implements; else the unit the reports go to
    when it is outside the issuer; else the committee above the issuer."""
    if directive.implements_id:
        return [directive.implements.issuer]
    issuer = directive.issuer
    if directive.report_to_id and not directive.report_to.path.startswith(issuer.path):
        return [directive.report_to]
    if issuer.parent_id:
        return [committee_of(issuer.parent)]
    return []


# --- the upstream report (the cascade) ---------------------------------------------------------------------


def upstream_report(directive: Directive) -> Report | None:
    """The report this directive's issuer (or office) owes on the upstream directive it implements."""
    if not directive.implements_id:
        return None
    return (
        Report.objects.filter(
            directive_id=directive.implements_id, unit_id__in=[directive.issuer_id, directive.office_id]
        )
        .select_related("unit", "directive")
        .order_by("pk")
        .first()
    )


def upstream_assigned(directive: Directive) -> bool:
    return (
        directive.implements_id is not None
        and Assignment.objects.filter(
            directive_id=directive.implements_id, unit_id__in=[directive.issuer_id, directive.office_id]
        ).exists()
    )


# --- what changed between two generations --------------------------------------------------------------


def frozen(aggregation: Aggregation) -> dict:
    """The figures a generation used, as plain JSON, to compare a later generation with."""
    return {
        "indicators": [
            {"code": i.code, "name": i.name, "unit_of_measure": i.unit_of_measure}
            for i in aggregation.indicators
        ],
        "units": {
            str(r.unit_id): {
                "name": r.unit_name,
                "state": r.state,
                "late": r.is_late,
                "report": r.report_id,
                "figures": r.figures,
            }
            for r in aggregation.rows
        },
        "accepted": aggregation.accepted,
        "pending": aggregation.pending,
        "completeness": aggregation.completeness.__dict__,
    }


@dataclass
class FigureDelta:
    name: str
    unit_of_measure: str
    before: Number | None
    after: Number | None


@dataclass
class UnitDelta:
    name: str
    state_before: str
    state_after: str
    figures: list[FigureDelta] = field(default_factory=list)


@dataclass
class SummaryChanges:
    totals: list[FigureDelta] = field(default_factory=list)
    units: list[UnitDelta] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.totals or self.units)


def _state_label(state: str | None) -> str:
    if not state:
        return _("không có trong danh sách")
    return str(ReportState(state).label) if state in ReportState.values else state


def compare_frozen(before: dict, after: dict) -> SummaryChanges:
    """What moved between two generations (or a generation and now): accepted totals, and each unit whose
    state or figures changed."""
    indicators = {i["code"]: i for i in before.get("indicators", []) + after.get("indicators", [])}
    order = [i["code"] for i in after.get("indicators", [])] + [
        i["code"]
        for i in before.get("indicators", [])
        if i["code"] not in {x["code"] for x in after.get("indicators", [])}
    ]

    def deltas(old: dict | None, new: dict | None) -> list[FigureDelta]:
        old, new = old or {}, new or {}
        return [
            FigureDelta(
                name=indicators[code]["name"],
                unit_of_measure=indicators[code]["unit_of_measure"],
                before=old.get(code),
                after=new.get(code),
            )
            for code in order
            if old.get(code) != new.get(code)
        ]

    changes = SummaryChanges(totals=deltas(before.get("accepted"), after.get("accepted")))
    old_units, new_units = before.get("units", {}), after.get("units", {})
    for key in list(new_units) + [k for k in old_units if k not in new_units]:
        old, new = old_units.get(key, {}), new_units.get(key, {})
        figures = deltas(old.get("figures"), new.get("figures"))
        if old.get("state") != new.get("state") or figures:
            changes.units.append(
                UnitDelta(
                    name=new.get("name") or old.get("name", ""),
                    state_before=_state_label(old.get("state")),
                    state_after=_state_label(new.get("state")),
                    figures=figures,
                )
            )
    return changes


def generation_history(
    generations: list[SummaryGeneration],
) -> list[tuple[SummaryGeneration, SummaryChanges | None]]:
    """Each generation (newest first) with what changed since the one before it (None for the first)."""
    history = []
    for position, generation in enumerate(generations):
        previous = generations[position + 1] if position + 1 < len(generations) else None
        history.append(
            (generation, compare_frozen(previous.content, generation.content) if previous else None)
        )
    return history

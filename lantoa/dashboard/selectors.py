"""Reads for the campaign dashboard (bảng điều khiển tiến độ).

Every figure of a directive's dashboard comes from `summaries.selectors.aggregate`, the aggregation the
báo cáo tổng hợp is built from, so the dashboard and the summary can never disagree. Only what the summary
does not have is read here: activities per day, how overdue the missing units are and when they were last
reminded, and the "my units" overview; each is one SQL aggregate. Activities per day come from the kept
figures (activities.figures): a dashboard never adds up the activities themselves.
"""

import datetime
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, DateField, Max, Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.activities import figures
from lantoa.dashboard import charts
from lantoa.directives.models import Directive, DirectiveState
from lantoa.directives.selectors import directives_visible_to, get_directive_for_user_or_404
from lantoa.indicators.models import Indicator
from lantoa.reports.models import Report, ReportState
from lantoa.reports.selectors import reports_visible_to, review_access
from lantoa.summaries.selectors import (
    Aggregation,
    Completeness,
    UnitFigures,
    aggregate,
    completeness_by_directive,
    completeness_grouped,
    get_summary_directive_for_user_or_404,
)
from lantoa.summaries.selectors import completeness as summary_completeness

LOCAL_TIME = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
TOP_UNITS = 8
MAX_DAILY_BARS = 31  # a longer window is charted per week, or the chart would not fit a phone
OWED_STATES = (ReportState.DRAFT, ReportState.RETURNED)
Number = int | float


def local_today() -> datetime.date:
    return timezone.localdate(timezone.now(), timezone=LOCAL_TIME)


# --- who sees what --------------------------------------------------------------------------------------


@dataclass
class DashboardAccess:
    """`unit_ids` None: every unit of the directive (its issuer, office, the levels above, the cascade).
    Otherwise only those units' rows: a commune sees its own report, not its neighbours'."""

    unit_ids: list[int] | None
    opens_review: bool  # may follow the numbers to the review list (reports:review)

    @property
    def whole(self) -> bool:
        return self.unit_ids is None


def get_dashboard_directive_for_user_or_404(user, pk: int) -> tuple[Directive, DashboardAccess]:
    """Those who read the summary see the whole directive; anyone else who may read some of its reports
    (an assigned commune, a district over assigned communes) sees those units only. The same 404 for a
    directive that does not exist, one that is not theirs, and one where they see no report."""
    try:
        directive, _access = get_summary_directive_for_user_or_404(user, pk)
    except Http404:
        directive = get_directive_for_user_or_404(user, pk)
        unit_ids = list(
            reports_visible_to(user).filter(directive=directive).values_list("unit_id", flat=True)
        )
        if not unit_ids:
            raise
        return directive, DashboardAccess(unit_ids=sorted(unit_ids), opens_review=False)
    return directive, DashboardAccess(unit_ids=None, opens_review=review_access(user, directive) is not None)


# --- one directive ---------------------------------------------------------------------------------------


@dataclass
class Progress:
    """The headline "31/38 đơn vị đã gửi báo cáo": the units that submitted at least once (accepted, awaiting
    review or returned), as `Completeness.submitted` counts them on every page and in every file."""

    expected: int
    done: int

    @classmethod
    def of(cls, completeness: Completeness) -> "Progress":
        return cls(expected=completeness.expected, done=completeness.submitted)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.expected) if self.expected else 0


@dataclass
class ChartTable:
    """The numbers behind a chart, for the `<details>` under it and for the XLSX."""

    columns: list[str]
    rows: list[list]


@dataclass
class Chart:
    title: str
    svg: str
    table: ChartTable


@dataclass
class OwedUnit:
    report_id: int
    unit_name: str
    state: str
    state_label: str
    due_on: datetime.date | None
    days_overdue: int | None  # negative: days left
    last_reminded: datetime.datetime | None

    @property
    def days_left(self) -> int:
        return -(self.days_overdue or 0)


@dataclass
class AreaProgress:
    """One child area of a cascaded campaign: the directive its committee issued to implement this one."""

    directive_id: int
    area_name: str
    completeness: Completeness

    def __getattr__(self, name: str):
        # expected, accepted, pending, returned, missing, late: the area's completeness, as for a directive.
        if name in Completeness.__dataclass_fields__:
            return getattr(self.completeness, name)
        raise AttributeError(name)

    @property
    def progress(self) -> Progress:
        return Progress.of(self.completeness)


def child_areas(directive: Directive, *, today: datetime.date | None = None) -> list[AreaProgress]:
    """Progress of every area below, for a cascaded campaign (Bộ → each province's communes, tỉnh → each
    district's communes): the reports on the directives that implement this one, counted per directive
    by the one completeness selector in one grouped query, whatever the number of areas and communes."""
    groups = completeness_grouped(
        Report.objects.filter(
            directive__implements=directive,
            directive__state__in=[DirectiveState.ISSUED, DirectiveState.CLOSED],
        ),
        "directive_id",
        "directive__issuer__short_name",
        "directive__issuer__name",
        today=today,
    )
    areas = [
        AreaProgress(
            directive_id=group["directive_id"],
            area_name=group["directive__issuer__short_name"] or group["directive__issuer__name"],
            completeness=counted,
        )
        for group, counted in groups
    ]
    areas.sort(key=lambda area: area.area_name)
    return areas


@dataclass
class Dashboard:
    directive: Directive
    access: DashboardAccess
    today: datetime.date
    aggregation: Aggregation
    rows: list[UnitFigures]
    completeness: Completeness
    accepted: dict[str, Number]
    pending: dict[str, Number]
    progress: Progress
    group_charts: list[Chart] = field(default_factory=list)
    daily_chart: Chart | None = None
    owed: list[OwedUnit] = field(default_factory=list)
    areas: list[AreaProgress] = field(default_factory=list)

    @property
    def indicators(self) -> list[Indicator]:
        return self.aggregation.indicators

    @property
    def totals(self) -> list[tuple[Indicator, Number, Number]]:
        return [(i, self.accepted.get(i.code, 0), self.pending.get(i.code, 0)) for i in self.indicators]

    @property
    def overdue(self) -> list[OwedUnit]:
        return [o for o in self.owed if o.days_overdue is not None and o.days_overdue > 0]


def _number(value) -> Number | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _own_totals(rows: list[UnitFigures], indicators: list[Indicator]) -> tuple[dict, dict]:
    accepted = dict.fromkeys((i.code for i in indicators), 0)
    pending = dict(accepted)
    for row in rows:
        if row.figures is None:
            continue
        target = accepted if row.is_counted else pending
        for code in target:
            target[code] += _number(row.figures.get(code)) or 0
    return accepted, pending


def _group_charts(rows: list[UnitFigures], indicators: list[Indicator]) -> list[Chart]:
    """One chart per indicator group; in it one panel per indicator with its top units and the others."""
    groups: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        groups.setdefault(indicator.group or _("Chỉ tiêu khác"), []).append(indicator)
    others = _("Các đơn vị khác")
    pending_units = {r.unit_name for r in rows if r.figures is not None and r.is_pending}
    charts_out = []
    for name, members in groups.items():
        panels, table = [], []
        for indicator in members:
            items = [
                (r.unit_name, value)
                for r in rows
                if r.figures is not None and (value := _number(r.figures.get(indicator.code)))
            ]
            bars = []
            for label, value, is_rest in charts.top_with_others(items, top=TOP_UNITS, others_label=others):
                waiting = not is_rest and label in pending_units
                colour = (
                    charts.OTHERS_COLOUR
                    if is_rest
                    else charts.PENDING_COLOUR
                    if waiting
                    else charts.ACCEPTED_COLOUR
                )
                bars.append(
                    charts.Bar(
                        label=label, value=value, colour=colour, note=_("chờ duyệt") if waiting else ""
                    )
                )
                table.append([indicator.name, label, value, indicator.unit_of_measure])
            panels.append(charts.Panel(title=f"{indicator.name} ({indicator.unit_of_measure})", bars=bars))
        charts_out.append(
            Chart(
                title=name,
                svg=charts.bar_chart(name, panels, empty=_("Chưa có đơn vị nào báo cáo số liệu.")),
                table=ChartTable(
                    columns=[_("Chỉ tiêu"), _("Đơn vị"), _("Số liệu"), _("Đơn vị tính")], rows=table
                ),
            )
        )
    return charts_out


def activities_per_day(directive: Directive, *, unit_ids=None) -> dict[datetime.date, int]:
    """The activities the directive counts, per day: one grouped query over the kept figures, which the
    ledger keeps up to date as activities change (activities.figures), never over the activities."""
    return figures.activities_per_day(directive, unit_ids=unit_ids)


def _daily_chart(directive: Directive, per_day: dict[datetime.date, int]) -> Chart:
    start, end = directive.window
    start = start or min(per_day, default=None)
    end = end or max(per_day, default=None)
    title = _("Số hoạt động theo ngày")
    lines: list[tuple[str, int]] = []
    if start and end and start <= end:
        days = charts.days_between(start, end)
        if len(days) <= MAX_DAILY_BARS:
            lines = [(day.strftime("%d/%m/%Y"), per_day.get(day, 0)) for day in days]
        else:
            title = _("Số hoạt động theo tuần")
            weeks: Counter = Counter()
            for day in days:
                weeks[day - datetime.timedelta(days=day.weekday())] += per_day.get(day, 0)
            lines = [
                (
                    _("Tuần %(start)s–%(end)s")
                    % {
                        "start": max(monday, start).strftime("%d/%m"),
                        "end": min(monday + datetime.timedelta(days=6), end).strftime("%d/%m/%Y"),
                    },
                    n,
                )
                for monday, n in sorted(weeks.items())
            ]
    bars = [charts.Bar(label=label, value=n) for label, n in lines]
    panel = charts.Panel(title=_("Hoạt động được tính cho văn bản"), bars=bars if any(bars) else [])
    return Chart(
        title=title,
        svg=charts.bar_chart(title, [panel], empty=_("Chưa có hoạt động nào trong thời gian của văn bản.")),
        table=ChartTable(columns=[_("Ngày"), _("Số hoạt động")], rows=[[label, n] for label, n in lines]),
    )


def owed_reports(
    directive: Directive, *, unit_ids=None, names: dict[int, str] | None = None, today: datetime.date
) -> list[OwedUnit]:
    """Reports still owed (never submitted, or returned), most overdue first, with the last reminder
    delivered: one annotated query."""
    reports = (
        Report.objects.filter(directive=directive, state__in=OWED_STATES)
        .annotate(
            due=Coalesce("due_on", "directive__report_due", output_field=DateField()),
            last_reminded=Max("reminders__sent_at"),
        )
        .select_related("unit")
        .order_by("due", "unit__path", "pk")
    )
    if unit_ids is not None:
        reports = reports.filter(unit_id__in=unit_ids)
    names = names or {}
    owed = [
        OwedUnit(
            report_id=r.pk,
            unit_name=names.get(r.unit_id, str(r.unit)),
            state=r.state,
            state_label=str(ReportState(r.state).label),
            due_on=r.due,
            days_overdue=(today - r.due).days if r.due else None,
            last_reminded=r.last_reminded,
        )
        for r in reports
    ]
    owed.sort(key=lambda o: (o.days_overdue is None, -(o.days_overdue or 0)))
    return owed


def directive_dashboard(directive: Directive, access: DashboardAccess, *, today=None) -> Dashboard:
    today = today or local_today()
    aggregation = aggregate(directive)
    if access.whole:
        rows = aggregation.rows
        completeness = aggregation.completeness
        accepted, pending = aggregation.accepted, aggregation.pending
    else:
        mine = set(access.unit_ids)
        rows = [r for r in aggregation.rows if r.unit_id in mine]
        completeness = summary_completeness(directive, unit_ids=access.unit_ids, today=today)
        accepted, pending = _own_totals(rows, aggregation.indicators)
    names = {r.unit_id: r.unit_name for r in rows}
    return Dashboard(
        directive=directive,
        access=access,
        today=today,
        aggregation=aggregation,
        rows=rows,
        completeness=completeness,
        accepted=accepted,
        pending=pending,
        progress=Progress.of(completeness),
        group_charts=_group_charts(rows, aggregation.indicators),
        daily_chart=_daily_chart(directive, activities_per_day(directive, unit_ids=access.unit_ids)),
        owed=owed_reports(directive, unit_ids=access.unit_ids, names=names, today=today),
        # The areas below are shown to those who see the whole directive; a unit sees its own row only.
        areas=child_areas(directive, today=today) if access.whole else [],
    )


# --- "my units": every directive a person follows -------------------------------------------------------


@dataclass
class DirectiveProgress:
    directive: Directive
    completeness: Completeness

    def __getattr__(self, name: str):
        if name in Completeness.__dataclass_fields__:
            return getattr(self.completeness, name)
        raise AttributeError(name)

    @property
    def progress(self) -> Progress:
        return Progress.of(self.completeness)


@dataclass
class Deadline:
    directive: Directive
    due_on: datetime.date
    owed: int


@dataclass
class Overview:
    today: datetime.date
    week_start: datetime.date
    week_end: datetime.date
    directives: list[DirectiveProgress]
    deadlines: list[Deadline]


def overview_for(user, *, today=None) -> Overview:
    """The directives under way whose reports the person reads, counted over the reports they see, and the
    deadlines of this week (Monday to Sunday): three queries whatever the number of directives and units."""
    today = today or local_today()
    week_start = today - datetime.timedelta(days=today.weekday())
    week_end = week_start + datetime.timedelta(days=6)
    followed = reports_visible_to(user).filter(
        directive__state__in=[DirectiveState.ISSUED, DirectiveState.CLOSED]
    )
    counts = completeness_by_directive(followed, today=today)
    visible = followed.annotate(
        due=Coalesce("due_on", "directive__report_due", output_field=DateField())
    ).order_by()
    owed = Q(state__in=OWED_STATES)
    due_rows = list(
        visible.filter(owed, due__gte=week_start, due__lte=week_end)
        .values("directive_id", "due")
        .annotate(n=Count("pk"))
        .order_by("due", "directive_id")
    )
    directives = {
        d.pk: d
        for d in directives_visible_to(user).filter(pk__in=list(counts)).select_related("issuer", "office")
    }
    progress = [
        DirectiveProgress(directive=directives[pk], completeness=counted)
        for pk, counted in counts.items()
        if pk in directives
    ]
    progress.sort(key=lambda p: (-p.overdue, p.directive.report_due or datetime.date.max, -p.directive.pk))
    deadlines = [
        Deadline(directive=directives[r["directive_id"]], due_on=r["due"], owed=r["n"])
        for r in due_rows
        if r["directive_id"] in directives
    ]
    return Overview(
        today=today, week_start=week_start, week_end=week_end, directives=progress, deadlines=deadlines
    )


# --- drill-down: one indicator's total, unit by unit --------------------------------------------------


@dataclass
class IndicatorLine:
    unit_name: str
    report_id: int
    state: str
    state_label: str
    value: Number
    counted: bool  # accepted: in the total; otherwise submitted and awaiting review


def indicator_lines(dashboard: Dashboard, code: str) -> tuple[Indicator, list[IndicatorLine]]:
    """The units behind an indicator's total on the dashboard, largest first; each links to the activities
    of its report. Built from the dashboard's own rows, so it adds up to the same totals."""
    indicator = next((i for i in dashboard.indicators if i.code == code), None)
    if indicator is None:
        raise Http404
    lines = [
        IndicatorLine(
            unit_name=row.unit_name,
            report_id=row.report_id,
            state=row.state,
            state_label=row.state_label,
            value=row.figures[code],
            counted=row.is_counted,
        )
        for row in dashboard.rows
        if row.figures and (row.is_counted or row.is_pending) and row.figures.get(code)
    ]
    lines.sort(key=lambda line: (not line.counted, -line.value, line.unit_name))
    return indicator, lines

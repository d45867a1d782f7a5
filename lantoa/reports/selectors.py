"""Who may see which report, and the reads the report pages are built from. Every report read starts here."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import JSONField, OuterRef, Q, QuerySet, Subquery, prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _

from lantoa.activities import figures as kept_figures
from lantoa.activities.models import Activity
from lantoa.activities.selectors import activities_behind, counted_activities, ledger_figures
from lantoa.directives.models import Assignment, Directive, DirectiveState
from lantoa.directives.selectors import can_manage, office_below_q, office_serves
from lantoa.evidence.selectors import flag_counts_by_unit
from lantoa.indicators.models import Aggregation, Indicator
from lantoa.reports.models import ManualFigure, Report, ReportSnapshot, ReportState, ReportTransition
from lantoa.units.models import Membership, Role

# Who writes a unit's report: its own reporters, officers and leaders (viewers and admins only read).
AUTHOR_ROLES = (Role.REPORTER, Role.OFFICER, Role.LEADER)
NARRATIVE_FIELDS = ("results", "difficulties", "proposals")


def _memberships(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, is_active=True)


def reports_visible_to(user) -> QuerySet[Report]:
    """Reports a person may read.

    - people of the unit, and of any unit above it (the district reads its communes' reports);
    - people of the directive's issuer or of its office (an office that serves the issuer), and of any unit
      above them (they review; the level above reads down, as it reads the directive);
    - people of the unit the directive reports to or via (the level above reads).
    """
    if not user.is_authenticated:
        return Report.objects.none()
    if user.is_superuser:
        return Report.objects.all()
    paths = list(_memberships(user).values_list("unit__path", flat=True))
    if not paths:
        return Report.objects.none()
    unit_ids = _memberships(user).values("unit_id")
    condition = Q(directive__report_to__in=unit_ids) | Q(directive__report_via__in=unit_ids)
    for path in paths:
        condition |= (
            Q(unit__path__startswith=path)
            | Q(directive__issuer__path__startswith=path)
            | office_below_q(path, prefix="directive__")
        )
    return Report.objects.filter(condition)


def get_report_for_user_or_404(user, pk: int) -> Report:
    """The same 404 for a report that does not exist and one that is not the user's to see."""
    report = (
        reports_visible_to(user)
        .select_related("unit", "directive", "directive__issuer", "directive__office", "directive__report_to")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    return report


def is_report_author(user, report: Report) -> bool:
    """The unit's own reporters, officers and leaders write and submit its report."""
    if not user.is_authenticated:
        return False
    return _memberships(user).filter(unit_id=report.unit_id, role__in=AUTHOR_ROLES).exists()


def can_review(user, report: Report) -> bool:
    """The directive's managers (officers, leaders of the office or the issuer) accept and return."""
    return user.is_authenticated and can_manage(user, report.directive)


MANAGE, READ = "manage", "read"


def review_access(user, directive: Directive) -> str | None:
    """Who opens the review page: the directive's managers act on it (MANAGE); whoever else reads every
    report of the directive (people of the issuer, the office, the units above them, the units it reports
    to or via) reads it (READ); anyone else gets None."""
    if not user.is_authenticated:
        return None
    if can_manage(user, directive):
        return MANAGE
    rows = _memberships(user).values_list("unit_id", "unit__path")
    receivers = {directive.report_to_id, directive.report_via_id} - {None}
    serves = office_serves(office=directive.office, issuer=directive.issuer)
    for unit_id, path in rows:
        if (
            unit_id in receivers
            or directive.issuer.path.startswith(path)
            or (serves and directive.office.path.startswith(path))
        ):
            return READ
    return None


# --- content: what a report says, live from the ledger or as submitted ---------------------------------


def _number(value) -> int | float:
    """Figures in snapshots are plain JSON numbers: whole numbers stay integers."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def directive_indicators(directive: Directive) -> list[Indicator]:
    """The directive's indicators, fetched once per directive object: prefetching is skipped when already
    done, and the ledger selectors' `directive.indicators.all()` then reads the same cache."""
    prefetch_related_objects([directive], "indicators")
    return list(directive.indicators.all())


def report_content(report: Report) -> dict:
    """What the report says right now: the figures computed from the unit's ledger inside the directive's
    window, the manual figures, the activities behind each figure and the narrative. A submission stores
    exactly this as its snapshot."""
    directive = report.directive
    indicators = directive_indicators(directive)
    if report.source_summary_figures is not None:
        return _summary_content(report, indicators)
    ledger = ledger_figures(directive, unit_ids=[report.unit_id]).get(report.unit_id, {})
    rows = list(
        counted_activities(directive, unit_ids=[report.unit_id])
        .order_by("occurred_on", "pk")
        .values("pk", "type", "occurred_on", "title", "url")
    )
    figures: dict[str, int | float] = {}
    behind: dict[str, list[int]] = {}
    for indicator in indicators:
        if indicator.is_itemised:
            figures[indicator.code] = ledger.get(indicator.code, 0)
            behind[indicator.code] = [r["pk"] for r in rows if r["type"] in indicator.activity_types]
    manual_codes = []
    manual_ids = {i.pk: i for i in indicators if not i.is_itemised}
    for figure in report.manual_figures.all():
        indicator = manual_ids.get(figure.indicator_id)
        if indicator is not None:
            figures[indicator.code] = _number(figure.value)
            manual_codes.append(indicator.code)
    return {
        "figures": figures,
        "activities": behind,
        "manual": sorted(manual_codes),
        # Kept in the snapshot so "what changed" can still name an activity deleted since.
        "items": {
            str(r["pk"]): {"on": r["occurred_on"].isoformat(), "title": r["title"], "url": r["url"]}
            for r in rows
        },
        **{name: getattr(report, name) for name in NARRATIVE_FIELDS},
    }


def _summary_content(report: Report, indicators: list[Indicator]) -> dict:
    """A report that carries a compiled summary (the cascade): its figures are the summary's accepted
    totals, not the unit's own ledger; the activities behind them are in the summary's annex."""
    figures = report.source_summary_figures
    return {
        "figures": {i.code: figures[i.code] for i in indicators if figures.get(i.code) is not None},
        "activities": {},
        "manual": [],
        "items": {},
        "from_summary": True,
        **{name: getattr(report, name) for name in NARRATIVE_FIELDS},
    }


def shows_submitted_version(report: Report) -> bool:
    """Once submitted, a report shows what was submitted; while the unit edits it, the live ledger."""
    return report.state in (ReportState.SUBMITTED, ReportState.ACCEPTED) and report.version > 0


def last_snapshot(report: Report) -> ReportSnapshot | None:
    return report.snapshots.filter(version=report.version).select_related("submitted_by").first()


@dataclass
class FigureRow:
    indicator: Indicator
    value: int | float | None
    is_manual: bool
    activity_count: int
    # Of the figure: the part its activities with evidence make, and the part on the unit's word alone.
    backed: int | None = None
    word_only: int | None = None


def figure_rows(indicators: list[Indicator], content: dict) -> list[FigureRow]:
    figures = content.get("figures", {})
    behind = content.get("activities", {})
    return [
        FigureRow(
            indicator=i,
            value=figures.get(i.code),
            is_manual=not i.is_itemised,
            activity_count=len(behind.get(i.code, [])),
        )
        for i in indicators
    ]


# --- what changed between two submissions --------------------------------------------------------------


@dataclass
class FigureChange:
    name: str
    unit_of_measure: str
    before: int | float | None
    after: int | float | None

    @property
    def went_up(self) -> bool:
        return (self.after or 0) > (self.before or 0)


@dataclass
class TextChange:
    label: str
    before: str
    after: str


@dataclass
class ActivityChange:
    pk: int
    on: datetime.date | None
    title: str
    url: str


@dataclass
class Changes:
    figures: list[FigureChange] = field(default_factory=list)
    narrative: list[TextChange] = field(default_factory=list)
    added: list[ActivityChange] = field(default_factory=list)
    removed: list[ActivityChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.figures or self.narrative or self.added or self.removed)


def _narrative_labels() -> dict[str, str]:
    return {
        "results": _("Kết quả thực hiện"),
        "difficulties": _("Khó khăn, vướng mắc"),
        "proposals": _("Đề xuất, kiến nghị"),
    }


def _activity_ids(content: dict) -> set[int]:
    return {pk for ids in content.get("activities", {}).values() for pk in ids}


def _activity_change(pk: int, content: dict) -> ActivityChange:
    item = content.get("items", {}).get(str(pk), {})
    on = datetime.date.fromisoformat(item["on"]) if item.get("on") else None
    return ActivityChange(pk=pk, on=on, title=item.get("title", f"#{pk}"), url=item.get("url", ""))


def compare_contents(before: dict, after: dict, *, indicators: list[Indicator]) -> Changes:
    """What a resubmission changed: figures up or down, narrative rewritten, activities added or removed."""
    changes = Changes()
    known = {i.code: i for i in indicators}
    old, new = before.get("figures", {}), after.get("figures", {})
    codes = [i.code for i in indicators] + sorted((set(old) | set(new)) - set(known))
    for code in codes:
        if old.get(code) != new.get(code) and (code in old or code in new):
            indicator = known.get(code)
            changes.figures.append(
                FigureChange(
                    name=indicator.name if indicator else code,
                    unit_of_measure=indicator.unit_of_measure if indicator else "",
                    before=old.get(code),
                    after=new.get(code),
                )
            )
    labels = _narrative_labels()
    for name in NARRATIVE_FIELDS:
        if (before.get(name) or "").strip() != (after.get(name) or "").strip():
            changes.narrative.append(
                TextChange(label=labels[name], before=before.get(name) or "", after=after.get(name) or "")
            )
    old_ids, new_ids = _activity_ids(before), _activity_ids(after)
    changes.added = sorted(
        (_activity_change(pk, after) for pk in new_ids - old_ids),
        key=lambda a: (a.on or datetime.date.min, a.pk),
    )
    changes.removed = sorted(
        (_activity_change(pk, before) for pk in old_ids - new_ids),
        key=lambda a: (a.on or datetime.date.min, a.pk),
    )
    return changes


def changes_since_last_submission(report: Report, *, current: dict) -> tuple[Changes, int] | None:
    """For a resubmitted report: the last submission against the one before. For a returned report the
    unit is editing: the live content against what it last submitted. None when there is nothing to
    compare. Returns the changes and the version compared against."""
    if shows_submitted_version(report):
        if report.version < 2:
            return None
        versions = {
            s.version: s.content
            for s in report.snapshots.filter(version__in=[report.version - 1, report.version])
        }
        if len(versions) < 2:
            return None
        before, after, against = versions[report.version - 1], versions[report.version], report.version - 1
    else:
        if report.version < 1:
            return None
        snapshot = report.snapshots.filter(version=report.version).first()
        if snapshot is None:
            return None
        before, after, against = snapshot.content, current, report.version
    return compare_contents(before, after, indicators=directive_indicators(report.directive)), against


def figure_activities(
    report: Report, indicator: Indicator
) -> tuple[QuerySet[Activity], list[ActivityChange]]:
    """The activities behind one figure: those the submission named once submitted (the ledger may have
    moved on since), else those the ledger counts now. Second, what the submission named that has been
    deleted from the ledger since, as the snapshot remembers it, so the list still adds up to the figure."""
    if not shows_submitted_version(report):
        live = activities_behind(report.directive, unit_id=report.unit_id, indicator=indicator)
        return live.order_by("occurred_on", "pk"), []
    snapshot = report.snapshots.filter(version=report.version).first()
    content = snapshot.content if snapshot else {}
    ids = content.get("activities", {}).get(indicator.code, [])
    activities = Activity.objects.filter(pk__in=ids, unit_id=report.unit_id).order_by("occurred_on", "pk")
    present = set(activities.values_list("pk", flat=True))
    gone = [_activity_change(pk, content) for pk in ids if pk not in present]
    return activities, gone


def contribution(activity: Activity, indicator: Indicator) -> int:
    """How much one activity adds to a figure, as the ledger's SQL aggregate counts it."""
    if indicator.aggregation in (Aggregation.COUNT, Aggregation.YES_NO):
        return 1
    return getattr(activity, indicator.quantity) or 0


# --- "my tasks": a unit person's open assignments --------------------------------------------------------


@dataclass
class TaskGroup:
    report: Report
    assignments: list[Assignment]
    due_on: datetime.date | None
    today: datetime.date
    return_reason: str = ""

    @property
    def days_left(self) -> int | None:
        return (self.due_on - self.today).days if self.due_on else None

    @property
    def is_overdue(self) -> bool:
        return (
            self.due_on is not None
            and self.due_on < self.today
            and self.report.state in (ReportState.DRAFT, ReportState.RETURNED)
        )

    @property
    def days_overdue(self) -> int:
        return -(self.days_left or 0)

    @property
    def needs_action(self) -> bool:
        return self.report.state in (ReportState.DRAFT, ReportState.RETURNED)

    @property
    def urgency(self) -> str:
        """How the card is highlighted: overdue, due within three days, or waiting for the reviewer."""
        if self.is_overdue:
            return "overdue"
        if not self.needs_action:
            return "waiting"
        if self.days_left is not None and self.days_left <= 3:
            return "soon"
        return ""

    @property
    def roles(self) -> list[str]:
        return list(dict.fromkeys(a.get_role_display() for a in self.assignments))


def open_tasks_for(user, *, today: datetime.date | None = None) -> list[TaskGroup]:
    """The person's open work: per issued directive and per unit they belong to, the tasks it was given,
    the deadline and the report's state; nearest deadline first, reports awaiting the unit before those
    awaiting review. Three queries whatever the number of units, directives and tasks."""
    today = today or timezone.localdate()
    if not user.is_authenticated:
        return []
    unit_ids = _memberships(user).values("unit_id")
    reports = list(
        Report.objects.filter(unit__in=unit_ids, directive__state=DirectiveState.ISSUED)
        .exclude(state=ReportState.ACCEPTED)
        .select_related("unit", "directive", "directive__issuer")
    )
    if not reports:
        return []
    by_pair: dict[tuple[int, int], list[Assignment]] = {}
    assignments = (
        Assignment.objects.filter(unit__in=unit_ids, directive__state=DirectiveState.ISSUED)
        .select_related("task")
        .order_by("task__position", "task_id")
    )
    for assignment in assignments:
        by_pair.setdefault((assignment.directive_id, assignment.unit_id), []).append(assignment)
    # The officer on the phone needs the reason a report came back without opening it.
    reasons: dict[int, str] = {}
    returned = [r.pk for r in reports if r.state == ReportState.RETURNED]
    if returned:
        for row in (
            ReportTransition.objects.filter(report_id__in=returned, to_state=ReportState.RETURNED)
            .order_by("at", "pk")
            .values("report_id", "reason")
        ):
            reasons[row["report_id"]] = row["reason"]
    groups = []
    for report in reports:
        tasks = by_pair.get((report.directive_id, report.unit_id), [])
        dues = [a.due_on for a in tasks if a.due_on]
        due = report.due_on or (min(dues) if dues else report.directive.report_due)
        groups.append(
            TaskGroup(
                report=report,
                assignments=tasks,
                due_on=due,
                today=today,
                return_reason=reasons.get(report.pk, ""),
            )
        )
    groups.sort(
        key=lambda g: (
            not g.needs_action,
            g.due_on or datetime.date.max,
            g.report.directive_id,
            g.report.unit.name,
        )
    )
    return groups


# --- the review page ------------------------------------------------------------------------------------


# Rows per page of the review list and of a directive's unit table.
PAGE_SIZE = 50


@dataclass
class ReviewRow:
    report: Report
    figures: dict
    submitted_figures: bool
    values: list = field(default_factory=list)  # the figures in the order of the directive's indicators
    open_flags: int = 0  # evidence checks that raised a question no reviewer has answered yet
    checked_flags: int = 0
    # Written once per page rather than by the template per row: a page of 50 rows times a handful of
    # links and figure cells each.
    links: dict = field(default_factory=dict)  # detail, accept, return, nudge
    cells: list = field(default_factory=list)  # the figures as shown: "—" where there is none


_ANY_PK = 987654321  # a placeholder pk reversed once, then replaced by each row's


def _row_links(pk: int, templates: dict[str, str]) -> dict[str, str]:
    key = str(pk)
    return {name: url.replace(str(_ANY_PK), key) for name, url in templates.items()}


def review_reports(
    user, directive: Directive, *, state: str = "", late_only: bool = False, area_id: int | None = None
) -> QuerySet[Report]:
    """The reports of the review list the person may read, filtered and in list order (paged by the view).
    `area_id`: only the units directly under that unit (the district of a province's communes)."""
    # Only the figures of each report's current snapshot: never its activities and items, which a unit
    # with hundreds of activities fills with kilobytes the list does not show.
    snapshot = ReportSnapshot.objects.filter(report=OuterRef("pk"), version=OuterRef("version")).values(
        "content__figures"
    )[:1]
    reports = (
        reports_visible_to(user)
        .filter(directive=directive)
        .select_related("unit")
        .annotate(submitted_figures=Subquery(snapshot, output_field=JSONField()))
        .order_by("unit__name", "pk")
    )
    if state:
        reports = reports.filter(state=state)
    if late_only:
        reports = reports.filter(is_late=True)
    if area_id is not None:
        reports = reports.filter(unit__parent_id=area_id)
    return reports


def review_areas(directive: Directive) -> list[tuple[int, str]]:
    """The areas the review list can be narrowed to: the units directly above the reporting units (the
    districts of a province's communes), when there are several of them. One grouped query."""
    from lantoa.units.models import Unit

    parents = (
        Report.objects.filter(directive=directive, unit__parent__isnull=False)
        .order_by()
        .values_list("unit__parent_id", flat=True)
        .distinct()
    )
    areas = list(Unit.objects.filter(pk__in=parents).order_by("name").values_list("pk", "name"))
    return areas if len(areas) > 1 else []


def review_rows(
    user, directive: Directive, *, state: str = "", late_only: bool = False, reports=None
) -> list[ReviewRow]:
    """Every report of the directive the person may read (or just `reports`, one page of
    `review_reports`), with its figures: as submitted once it was submitted, live from the ledger
    (provisional) while it is a first draft. Constant query count, whatever the size of the page."""
    if reports is None:
        reports = review_reports(user, directive, state=state, late_only=late_only)
    reports = list(reports)
    indicators = directive_indicators(directive)  # primes the cache the ledger selectors read
    live, typed = {}, {}
    drafts = [r for r in reports if r.submitted_figures is None]
    if drafts:
        # A page's drafts are read by id; the whole list's (thousands nationally) by directive rather than
        # an IN list of every one of them.
        # From the kept figures, not the activities: a page of drafts costs the same at 10 or 1,000
        # activities per unit; `report_content` (the report's own page, its submission) reads them live.
        few = len(drafts) <= PAGE_SIZE
        live = kept_figures.ledger_figures(directive, unit_ids=[r.unit_id for r in drafts] if few else None)
        codes = {i.pk: i.code for i in indicators if not i.is_itemised}
        typed_rows = ManualFigure.objects.filter(indicator__in=list(codes))
        if few:
            typed_rows = typed_rows.filter(report__in=[r.pk for r in drafts])
        else:
            typed_rows = typed_rows.filter(report__directive=directive)
        for row in typed_rows.values("report_id", "indicator_id", "value"):
            typed.setdefault(row["report_id"], {})[codes[row["indicator_id"]]] = _number(row["value"])
    flags = (
        flag_counts_by_unit(
            directive, unit_ids=[r.unit_id for r in reports] if len(reports) <= PAGE_SIZE else None
        )
        if reports
        else {}
    )
    templates = {
        "detail": reverse("reports:detail", args=[_ANY_PK]),
        "accept": reverse("reports:accept", args=[_ANY_PK]),
        "return": reverse("reports:return", args=[_ANY_PK]),
        "nudge": reverse("notifications:nudge", args=[_ANY_PK]),
    }
    rows = []
    for report in reports:
        report.directive = directive  # the rows share one directive; spares a query per row
        if report.submitted_figures is not None:
            figures, submitted = report.submitted_figures, True
        else:
            # A first draft: what the ledger says so far, provisional, and only what is there. A unit that
            # has not reported shows "—", never 0: missing must not read as "reported nothing".
            figures = {code: value for code, value in live.get(report.unit_id, {}).items() if value}
            figures.update(typed.get(report.pk, {}))
            submitted = False
        rows.append(
            ReviewRow(
                report=report,
                figures=figures,
                submitted_figures=submitted,
                values=(values := [figures.get(i.code) for i in indicators]),
                open_flags=flags.get(report.unit_id, (0, 0))[0],
                checked_flags=flags.get(report.unit_id, (0, 0))[1],
                links=_row_links(report.pk, templates),
                cells=["—" if v is None else localize(v) for v in values],
            )
        )
    return rows

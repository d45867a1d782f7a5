"""Reads of the ledger, and the figures a report computes from it (SQL aggregates, one query)."""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual, IsNull, LessThanOrEqual
from django.http import Http404

from lantoa.activities.models import Activity, ActivityExclusion, Evidence
from lantoa.directives.models import IN_FORCE_STATES, Assignment, Directive, DirectiveState
from lantoa.directives.selectors import MANAGER_ROLES
from lantoa.indicators.models import Aggregation, Indicator
from lantoa.units.models import Membership, Role, Unit
from lantoa.units.selectors import units_visible_to


def itemised_indicators(directive: Directive) -> list[Indicator]:
    return [i for i in directive.indicators.all() if i.activity_types]


def counted_activities(directive: Directive, *, unit_ids=None) -> QuerySet[Activity]:
    """Activities that count toward `directive`: of an assigned unit, dated inside its window, of a type one
    of its indicators counts, and not unticked by the unit. Each activity appears once."""
    types = sorted({t for i in itemised_indicators(directive) for t in i.activity_types})
    if not types:
        return Activity.objects.none()
    start, end = directive.window
    qs = Activity.objects.filter(type__in=types)
    if start:
        qs = qs.filter(occurred_on__gte=start)
    if end:
        qs = qs.filter(occurred_on__lte=end)
    if unit_ids is None:
        qs = qs.filter(unit__in=Assignment.objects.filter(directive=directive).values("unit"))
    else:
        qs = qs.filter(unit_id__in=unit_ids)
    excluded = ActivityExclusion.objects.filter(activity=OuterRef("pk"), directive=directive)
    return qs.filter(~Exists(excluded))


def _indicator_expression(indicator: Indicator):
    matches = Q(type__in=indicator.activity_types)
    if indicator.aggregation == Aggregation.COUNT:
        return Sum(Case(When(matches, then=Value(1)), default=Value(0), output_field=IntegerField()))
    if indicator.aggregation == Aggregation.YES_NO:
        return Max(Case(When(matches, then=Value(1)), default=Value(0), output_field=IntegerField()))
    quantity = Coalesce(F(indicator.quantity), Value(0))
    return Sum(Case(When(matches, then=quantity), default=Value(0), output_field=IntegerField()))


def ledger_figures(directive: Directive, *, unit_ids=None) -> dict[int, dict[str, int]]:
    """{unit id: {indicator code: figure}} for every itemised indicator of the directive, in one query.

    Units with no counted activity are absent: the caller decides whether that is 0 or "not reported".
    """
    indicators = itemised_indicators(directive)
    if not indicators:
        return {}
    aliases = {f"i{indicator.pk}": indicator for indicator in indicators}
    rows = (
        counted_activities(directive, unit_ids=unit_ids)
        .order_by()
        .values("unit_id")
        .annotate(**{alias: _indicator_expression(ind) for alias, ind in aliases.items()})
    )
    return {row["unit_id"]: {ind.code: row[alias] or 0 for alias, ind in aliases.items()} for row in rows}


def activities_behind(directive: Directive, *, unit_id: int, indicator: Indicator) -> QuerySet[Activity]:
    """The activities a figure is made of (the drill-down)."""
    if not indicator.activity_types:
        return Activity.objects.none()
    return counted_activities(directive, unit_ids=[unit_id]).filter(type__in=indicator.activity_types)


# --- Who may see and who may log activities -------------------------------------------------------------

# Viewers and admins read; these roles of the activity's own unit write its ledger.
LOGGING_ROLES = (Role.REPORTER, Role.OFFICER, Role.LEADER)


def units_where_can_log(user) -> QuerySet[Unit]:
    if not user.is_authenticated:
        return Unit.objects.none()
    memberships = Membership.objects.filter(user=user, is_active=True, role__in=LOGGING_ROLES)
    return Unit.objects.filter(pk__in=memberships.values("unit_id")).order_by("path")


def member_units(user) -> QuerySet[Unit]:
    """The units a person belongs to (any role): the ledgers their "Sổ theo dõi" shows."""
    if not user.is_authenticated:
        return Unit.objects.none()
    memberships = Membership.objects.filter(user=user, is_active=True)
    return Unit.objects.filter(pk__in=memberships.values("unit_id")).order_by("path")


def can_log_for(user, unit: Unit) -> bool:
    """Only the unit's own reporters, officers and leaders write its ledger; the level above reads it."""
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user, unit_id=unit.pk, is_active=True, role__in=LOGGING_ROLES
    ).exists()


def _window_filter(prefix: str, day) -> Q:
    """`day` (a value or an OuterRef) lies inside the window of the directive at `prefix`.

    Mirrors Directive.window in SQL: the campaign period, else from issue to the report deadline; a missing
    bound does not limit."""
    start = Coalesce(f"{prefix}period_start", f"{prefix}issued_on")
    end = Coalesce(f"{prefix}period_end", f"{prefix}report_due")
    return (Q(IsNull(start, True)) | Q(LessThanOrEqual(start, day))) & (
        Q(IsNull(end, True)) | Q(GreaterThanOrEqual(end, day))
    )


def _indicator_ids_by_type() -> dict[str, list[int]]:
    """Which indicators each activity type feeds. The catalogue is a few dozen rows, read once per call."""
    feeds: dict[str, list[int]] = {}
    for pk, types in Indicator.objects.values_list("pk", "activity_types"):
        for activity_type in types or []:
            feeds.setdefault(activity_type, []).append(pk)
    return feeds


def _counted_in_managed_directive(manager_unit_ids: list[int]) -> Q:
    """The activity counts toward a directive these units issue or run (signed: issued or closed).

    One EXISTS per activity type rather than one per directive, so the query keeps its size however many
    campaigns an office has run."""
    # Only a signed directive counts (issued or closed), and its office only when that office serves the
    # issuer: an office that named a committee it does not serve as the issuer reads nothing through it.
    managed = Directive.objects.filter(
        Q(office_id__in=manager_unit_ids, office__parent=F("issuer")) | Q(issuer_id__in=manager_unit_ids),
        state__in=IN_FORCE_STATES,
    )
    assignments = (
        Assignment.objects.filter(unit_id=OuterRef("unit_id"), directive__in=managed.values("pk"))
        .filter(_window_filter("directive__", OuterRef("occurred_on")))
        .exclude(
            Exists(
                ActivityExclusion.objects.filter(
                    activity_id=OuterRef(OuterRef("pk")), directive_id=OuterRef("directive_id")
                )
            )
        )
    )
    condition = Q(pk__in=[])
    for activity_type, indicator_ids in _indicator_ids_by_type().items():
        condition |= Q(type=activity_type) & Q(
            Exists(assignments.filter(directive__indicators__in=indicator_ids))
        )
    return condition


def activities_visible_to(user) -> QuerySet[Activity]:
    """Activities a person may read.

    - people of the activity's unit and of every unit above it (units_visible_to reads downward);
    - managers (officers, leaders, admins of the office or the issuer) of a directive the activity counts
      toward: the Phòng VH&TT reviews the communes' evidence though the communes are not under it.
    """
    if not user.is_authenticated:
        return Activity.objects.none()
    if user.is_superuser:
        return Activity.objects.all()
    manager_unit_ids = list(
        Membership.objects.filter(user=user, is_active=True, role__in=MANAGER_ROLES).values_list(
            "unit_id", flat=True
        )
    )
    condition = Q(unit__in=units_visible_to(user).values("pk"))
    if manager_unit_ids:
        condition |= _counted_in_managed_directive(manager_unit_ids)
    return Activity.objects.filter(condition)


def get_activity_for_user_or_404(user, pk: int) -> Activity:
    """The same 404 for an activity that does not exist and one the person may not see."""
    activity = activities_visible_to(user).select_related("unit", "created_by").filter(pk=pk).first()
    if activity is None:
        raise Http404
    return activity


def get_evidence_for_user_or_404(user, pk: int) -> Evidence:
    evidence = (
        Evidence.objects.filter(activity__in=activities_visible_to(user).values("pk"))
        .select_related("activity", "activity__unit")
        .filter(pk=pk)
        .first()
    )
    if evidence is None:
        raise Http404
    return evidence


def ledger_of(user, *, unit_ids=None) -> QuerySet[Activity]:
    """The "Sổ theo dõi" list: activities of the person's own units, newest first, with evidence counted."""
    units = member_units(user)
    if unit_ids is not None:
        units = units.filter(pk__in=unit_ids)
    return (
        Activity.objects.filter(unit__in=units.values("pk"))
        .select_related("unit")
        .annotate(evidence_count=Count("evidence"))
        .order_by("-occurred_on", "-pk")
    )


# --- Which directives an activity counts toward ---------------------------------------------------------


def open_directives_for(unit: Unit) -> QuerySet[Directive]:
    """Issued (not closed) directives that assign the unit: where its new activities count."""
    return (
        Directive.objects.filter(
            state=DirectiveState.ISSUED,
            pk__in=Assignment.objects.filter(unit_id=unit.pk).values("directive_id"),
        )
        .prefetch_related("indicators")
        .order_by("-issued_on", "-pk")
    )


def accepted_directive_ids(unit_id: int) -> set[int]:
    """Directives on which this unit's report is accepted: their figures must not move any more.

    Reports sit above activities in the import order, so the model is looked up by name instead of imported.
    """
    report_model = apps.get_model("reports", "Report")
    return set(
        report_model.objects.filter(unit_id=unit_id, state="accepted").values_list("directive_id", flat=True)
    )


def feeds(directive: Directive, activity_type: str) -> bool:
    """Whether an activity of this type feeds one of the directive's indicators (indicators prefetched)."""
    return any(activity_type in (i.activity_types or []) for i in directive.indicators.all())


def in_window(directive: Directive, day) -> bool:
    start, end = directive.window
    return (start is None or start <= day) and (end is None or day <= end)


@dataclass(frozen=True)
class Counting:
    directive: Directive
    counted: bool  # False when the unit unticked it
    locked: bool  # the unit's report on it is accepted: ticking or unticking would move accepted figures


def counting_for(activity: Activity) -> list[Counting]:
    """The issued directives this activity falls into (its unit assigned, its date in the window, its type
    feeding an indicator), and whether the unit lets it count there."""
    excluded = set(activity.exclusions.values_list("directive_id", flat=True))
    locked = accepted_directive_ids(activity.unit_id)
    return [
        Counting(directive=d, counted=d.pk not in excluded, locked=d.pk in locked)
        for d in open_directives_for(activity.unit)
        if in_window(d, activity.occurred_on) and feeds(d, activity.type)
    ]


def locking_directives(
    *, unit_id: int, activity_type: str, occurred_on, excluded: set[int]
) -> list[Directive]:
    """Directives whose accepted report for this unit counts (or would count) an activity like this one.

    An accepted report is locked: the office checked its figures and they may already be in a summary, so an
    activity inside it can neither change nor disappear, and no new one may slip into it. Closed directives
    are included: closing a campaign does not reopen its accepted reports.
    """
    locked = accepted_directive_ids(unit_id)
    if not locked:
        return []
    directives = Directive.objects.filter(pk__in=locked).prefetch_related("indicators")
    return [
        d
        for d in directives
        if d.pk not in excluded and in_window(d, occurred_on) and feeds(d, activity_type)
    ]


def is_locked(activity: Activity) -> bool:
    excluded = set(activity.exclusions.values_list("directive_id", flat=True))
    return bool(
        locking_directives(
            unit_id=activity.unit_id,
            activity_type=activity.type,
            occurred_on=activity.occurred_on,
            excluded=excluded,
        )
    )

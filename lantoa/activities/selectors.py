"""Reads of the ledger, and the figures a report computes from it (SQL aggregates, one query)."""

from django.db.models import Case, Exists, F, IntegerField, Max, OuterRef, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from lantoa.activities.models import Activity, ActivityExclusion
from lantoa.directives.models import Assignment, Directive
from lantoa.indicators.models import Aggregation, Indicator


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

"""Who sees which flags, and the reads the review pages show. A flag is seen by whoever sees its activity:
every flag read starts from `flags_visible_to`, which starts from the ledger's own scoping function."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.http import Http404

from lantoa.activities.models import Activity, Evidence
from lantoa.activities.selectors import activities_visible_to, counted_activities, feeds, in_window
from lantoa.directives.models import IN_FORCE_STATES, Assignment, Directive
from lantoa.directives.selectors import can_manage
from lantoa.evidence.models import Flag
from lantoa.indicators.models import Aggregation, Indicator


def flags_visible_to(user) -> QuerySet[Flag]:
    return Flag.objects.filter(activity__in=activities_visible_to(user).values("pk"))


def get_flag_for_user_or_404(user, pk: int) -> Flag:
    flag = flags_visible_to(user).select_related("activity", "activity__unit").filter(pk=pk).first()
    if flag is None:
        raise Http404
    return flag


def can_check_flag(user, flag: Flag) -> bool:
    """The reviewers of a campaign the activity counts toward (its managers) answer its flags; the unit
    itself does not mark its own evidence as checked."""
    if not user.is_authenticated:
        return False
    activity = flag.activity
    directives = Directive.objects.filter(
        state__in=IN_FORCE_STATES,
        pk__in=Assignment.objects.filter(unit_id=activity.unit_id).values("directive_id"),
    ).prefetch_related("indicators")
    return any(
        in_window(d, activity.occurred_on) and feeds(d, activity.type) and can_manage(user, d)
        for d in directives
    )


def flags_of_activities(activity_ids) -> list[Flag]:
    return list(
        Flag.objects.filter(activity_id__in=activity_ids)
        .select_related("activity", "activity__unit", "checked_by")
        .order_by("checked_at", "activity__occurred_on", "pk")
    )


def _flags_on_counted(directive: Directive, units) -> QuerySet[Flag]:
    """The flags of `units` (ids or a subquery) on activities the directive counts. Read from the flags of
    those units (their own index), each checked against its one activity: the cost follows the flags, not
    the size of the units' ledgers."""
    counted = counted_activities(directive).filter(pk=OuterRef("activity_id"))
    return Flag.objects.filter(unit_id__in=units).filter(Exists(counted))


def flag_counts_by_unit(directive: Directive, *, unit_ids=None) -> dict[int, tuple[int, int]]:
    """{unit id: (open flags, flags checked by a reviewer)} on the activities the directive counts, in one
    grouped query: the review list's badge on every row (of `unit_ids` only, a page's, when given)."""
    units = Assignment.objects.filter(directive=directive).values("unit_id") if unit_ids is None else unit_ids
    rows = (
        _flags_on_counted(directive, units)
        .order_by()
        .values("unit_id")
        .annotate(
            open=Count("pk", filter=Q(checked_at__isnull=True)),
            checked=Count("pk", filter=Q(checked_at__isnull=False)),
        )
    )
    return {r["unit_id"]: (r["open"], r["checked"]) for r in rows}


def flagged_accepted_items(directive: Directive) -> dict[int, tuple[int, int]]:
    """Per unit: (activities with a flag, of which every flag is checked) in the directive's accepted reports:
    what the summary's completeness says was accepted although a check raised a question. One query."""
    from django.apps import apps

    report_model = apps.get_model("reports", "Report")  # reports sit above evidence in the import order
    accepted_units = report_model.objects.filter(directive=directive, state="accepted").values("unit_id")
    still_open = Flag.objects.filter(activity_id=OuterRef("activity_id"), checked_at__isnull=True)
    rows = (
        _flags_on_counted(directive, accepted_units)
        .order_by()
        .values("unit_id")
        .annotate(
            items=Count("activity_id", distinct=True),
            answered=Count("activity_id", distinct=True, filter=~Q(Exists(still_open))),
        )
    )
    return {row["unit_id"]: (row["items"], row["answered"]) for row in rows}


def evidence_backing(content: dict, indicators: list[Indicator]) -> dict[str, tuple[int, int]]:
    """Per itemised figure of a report: (the part its activities with evidence make, the part resting on the
    unit's word alone). Evidence is a file or link, or the activity's own link. One aggregate query."""
    behind = content.get("activities", {})
    itemised = [i for i in indicators if i.is_itemised and behind.get(i.code)]
    if not itemised:
        return {}
    ids = {pk for i in itemised for pk in behind[i.code]}
    backed = Q(Exists(Evidence.objects.filter(activity=OuterRef("pk")))) | ~Q(url="")
    aggregates = {}
    for n, indicator in enumerate(itemised):
        mine = Q(pk__in=behind[indicator.code])
        if indicator.aggregation in (Aggregation.COUNT, Aggregation.YES_NO):
            aggregates[f"b{n}"] = Count("pk", filter=mine & backed)
            aggregates[f"w{n}"] = Count("pk", filter=mine & ~backed)
        else:
            aggregates[f"b{n}"] = Sum(indicator.quantity, filter=mine & backed)
            aggregates[f"w{n}"] = Sum(indicator.quantity, filter=mine & ~backed)
    result = Activity.objects.filter(pk__in=ids).aggregate(**aggregates)
    return {
        indicator.code: (result[f"b{n}"] or 0, result[f"w{n}"] or 0) for n, indicator in enumerate(itemised)
    }

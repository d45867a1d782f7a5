"""Kept figures: the ledger's counts per signed directive, kept up to date as activities change (issue 12).

A dashboard must not add up a campaign's activities on every visit: a national campaign holds millions. So
for every issued or closed directive, two tables keep what its counted activities add up to:

- `LedgerTypeFigure`, per (directive, unit, activity type): how many activities and the sums of their
  quantities, from which every itemised indicator's figure follows;
- `LedgerDayFigure`, per (directive, unit, day): how many activities, for the dashboard's chart.

"Counted" means exactly what `selectors.counted_activities` says: of an assigned unit, dated in the
directive's window, of a type one of its indicators counts, not unticked by the unit.

After any change to the ledger only the touched units are recomputed, set-based (a DELETE and an
INSERT … SELECT … GROUP BY per table), in the transaction of the change: the ledger services call
`refresh(unit_ids=…)`; a directive whose counting changes (issued, its window or indicators edited in the
admin) or an indicator whose activity types change is recomputed through the receivers in
`activities.receivers`. Bulk loads that bypass the services call `rebuild()` (or `lantoa rebuild-figures`).
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from lantoa.activities.models import Activity, ActivityExclusion, LedgerDayFigure, LedgerTypeFigure
from lantoa.activities.selectors import counted_activities, itemised_indicators
from lantoa.directives.models import IN_FORCE_STATES, Assignment, Directive
from lantoa.indicators.models import Aggregation, Indicator
from lantoa.units.models import Unit

QUANTITIES = ("count", "minutes", "plays", "participants", "people_guided", "reach")
# Directives per INSERT … SELECT: each brings its own condition on the activity types it counts.
DIRECTIVES_PER_STATEMENT = 200


# --- keeping the tables ---------------------------------------------------------------------------------


def _counted_types(*, directive_ids=None, unit_ids=None) -> dict[int, list[str]]:
    """{directive id: the activity types its indicators count} for the signed directives in scope (those
    assigning one of `unit_ids`, when given): one query."""
    through = Directive.indicators.through
    rows = through.objects.filter(directive__state__in=IN_FORCE_STATES)
    if directive_ids is not None:
        rows = rows.filter(directive_id__in=list(directive_ids))
    if unit_ids is not None:
        assigned = Assignment.objects.filter(unit_id__in=list(unit_ids)).values("directive_id")
        rows = rows.filter(directive_id__in=assigned)
    types: dict[int, set[str]] = {}
    for directive_id, activity_types in rows.values_list("directive_id", "indicator__activity_types"):
        if isinstance(activity_types, str):  # a JSON value read through a join on some backends
            activity_types = json.loads(activity_types)
        types.setdefault(directive_id, set()).update(activity_types or [])
    return {pk: sorted(t) for pk, t in types.items() if t}


def _insert_select(table: str, columns: list[str], grouped: list[str], totals: list[str], types, unit_ids):
    """INSERT INTO table … SELECT the counted activities of `types`' directives grouped by `grouped`."""
    q = connection.ops.quote_name
    activity, assignment = q(Activity._meta.db_table), q(Assignment._meta.db_table)
    directive, exclusion = q(Directive._meta.db_table), q(ActivityExclusion._meta.db_table)
    params: list = []
    pair_filter = ""
    if unit_ids is not None:
        pair_filter = f" AND unit_id IN ({', '.join(['%s'] * len(unit_ids))})"
    feeds = []
    directive_ids = list(types)
    for pk in directive_ids:
        feeds.append(f"(p.directive_id = %s AND a.type IN ({', '.join(['%s'] * len(types[pk]))}))")
    # Every name is a quoted model table or a column of this module; every value is a parameter.
    # The window is Directive.window: the campaign period, else from issue to the report deadline.
    start, end = "COALESCE(d.period_start, d.issued_on)", "COALESCE(d.period_end, d.report_due)"
    parts = [
        f"INSERT INTO {q(table)} ({', '.join(q(c) for c in columns)})",
        f"SELECT p.directive_id, a.unit_id, {', '.join(grouped + totals)} FROM {activity} a",  # noqa: S608
        f"JOIN (SELECT DISTINCT directive_id, unit_id FROM {assignment}",  # noqa: S608
        f"WHERE directive_id IN ({', '.join(['%s'] * len(directive_ids))}){pair_filter}) p",
        f"ON p.unit_id = a.unit_id JOIN {directive} d ON d.id = p.directive_id",
        f"WHERE ({start} IS NULL OR a.occurred_on >= {start})",
        f"AND ({end} IS NULL OR a.occurred_on <= {end})",
        f"AND ({' OR '.join(feeds)})",
        f"AND NOT EXISTS (SELECT 1 FROM {exclusion} x",  # noqa: S608
        "WHERE x.activity_id = a.id AND x.directive_id = p.directive_id)",
        f"GROUP BY p.directive_id, a.unit_id, {', '.join(grouped)}",
    ]
    sql = " ".join(parts)
    params += directive_ids
    if unit_ids is not None:
        params += list(unit_ids)
    for pk in directive_ids:
        params += [pk, *types[pk]]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _sum(column: str) -> str:
    return f"COALESCE(SUM(a.{connection.ops.quote_name(column)}), 0)"


def refresh(*, directive_ids: Iterable[int] | None = None, unit_ids: Iterable[int] | None = None) -> None:
    """Recompute the kept figures of these directives and/or units (None: every one), set-based.

    Called inside the transaction of the change. On PostgreSQL the units' rows are locked first, so two
    writers of one unit's ledger recompute one after the other and the later one sees both changes."""
    directive_ids = None if directive_ids is None else sorted(set(directive_ids))
    unit_ids = None if unit_ids is None else sorted(set(unit_ids))
    if directive_ids == [] or unit_ids == []:
        return
    with transaction.atomic():
        if unit_ids is not None and connection.vendor == "postgresql":
            list(Unit.objects.select_for_update().filter(pk__in=unit_ids).order_by("pk").values_list("pk"))
        for model in (LedgerTypeFigure, LedgerDayFigure):
            kept = model.objects.all()
            if directive_ids is not None:
                kept = kept.filter(directive_id__in=directive_ids)
            if unit_ids is not None:
                kept = kept.filter(unit_id__in=unit_ids)
            kept.delete()  # one DELETE: nothing points at these rows and no signal listens
        types = _counted_types(directive_ids=directive_ids, unit_ids=unit_ids)
        batches = list(types)
        for start in range(0, len(batches), DIRECTIVES_PER_STATEMENT):
            chunk = {pk: types[pk] for pk in batches[start : start + DIRECTIVES_PER_STATEMENT]}
            _insert_select(
                LedgerTypeFigure._meta.db_table,
                ["directive_id", "unit_id", "type", "activities", *QUANTITIES],
                ["a.type"],
                ["COUNT(*)", *(_sum(c) for c in QUANTITIES)],
                chunk,
                unit_ids,
            )
            _insert_select(
                LedgerDayFigure._meta.db_table,
                ["directive_id", "unit_id", "day", "activities"],
                ["a.occurred_on"],
                ["COUNT(*)"],
                chunk,
                unit_ids,
            )


def rebuild(*, directive: Directive | None = None) -> None:
    """Recompute one directive's kept figures, or everyone's: after a bulk load that bypassed the services."""
    refresh(directive_ids=None if directive is None else [directive.pk])


# --- reading them ---------------------------------------------------------------------------------------


def activities_per_day(directive: Directive, *, unit_ids=None) -> dict:
    """{day: activities the directive counts that day}, from the kept rows: one grouped query."""
    rows = LedgerDayFigure.objects.filter(directive=directive)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    return dict(rows.order_by().values("day").annotate(n=Sum("activities")).values_list("day", "n"))


def ledger_figures(directive: Directive, *, unit_ids=None) -> dict[int, dict[str, int]]:
    """{unit id: {indicator code: figure}} from the kept rows, as `selectors.ledger_figures` computes it from
    the activities (units with no counted activity absent)."""
    indicators = itemised_indicators(directive)
    rows = LedgerTypeFigure.objects.filter(directive=directive)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    by_unit: dict[int, list[LedgerTypeFigure]] = {}
    for row in rows:
        by_unit.setdefault(row.unit_id, []).append(row)
    return {
        unit_id: {i.code: _figure(i, [r for r in kept if r.type in i.activity_types]) for i in indicators}
        for unit_id, kept in by_unit.items()
    }


def top_types(directive: Directive, *, unit_ids, limit: int = 5) -> list[tuple[str, int, int]]:
    """[(activity type, activities, units)] of the kept rows of these units, most done first: what
    `summaries.selectors._top_types` adds up from the activities of the accepted reports, in one grouped
    query over the kept rows (`unit_ids` may be a subquery)."""
    rows = (
        LedgerTypeFigure.objects.filter(directive=directive, unit_id__in=unit_ids)
        .order_by()
        .values("type")
        .annotate(n=Sum("activities"), units=Count("unit_id", distinct=True))
        .order_by("-n", "type")[:limit]
    )
    return [(r["type"], r["n"], r["units"]) for r in rows]


def _figure(indicator: Indicator, rows: list[LedgerTypeFigure]) -> int:
    if indicator.aggregation == Aggregation.COUNT:
        return sum(r.activities for r in rows)
    if indicator.aggregation == Aggregation.YES_NO:
        return 1 if any(r.activities for r in rows) else 0
    return sum(getattr(r, indicator.quantity) for r in rows)


# --- the same figures added up live from the activities, to check the kept ones -------------------------


def live_type_rows(directive: Directive) -> dict[tuple[int, str], tuple[int, ...]]:
    """{(unit, type): (activities, *quantity sums)} added up from the activities themselves."""
    if directive.state not in IN_FORCE_STATES:
        return {}
    rows = (
        counted_activities(directive)
        .order_by()
        .values("unit_id", "type")
        .annotate(n=Count("pk"), **{f"s_{c}": Coalesce(Sum(c), 0) for c in QUANTITIES})
    )
    return {(r["unit_id"], r["type"]): (r["n"], *(r[f"s_{c}"] for c in QUANTITIES)) for r in rows}


def live_day_rows(directive: Directive) -> dict[tuple[int, object], int]:
    if directive.state not in IN_FORCE_STATES:
        return {}
    rows = counted_activities(directive).order_by().values("unit_id", "occurred_on").annotate(n=Count("pk"))
    return {(r["unit_id"], r["occurred_on"]): r["n"] for r in rows}


def kept_type_rows(directive: Directive) -> dict[tuple[int, str], tuple[int, ...]]:
    rows = LedgerTypeFigure.objects.filter(directive=directive).values_list(
        "unit_id", "type", "activities", *QUANTITIES
    )
    return {(r[0], r[1]): tuple(r[2:]) for r in rows}


def kept_day_rows(directive: Directive) -> dict[tuple[int, object], int]:
    rows = LedgerDayFigure.objects.filter(directive=directive).values_list("unit_id", "day", "activities")
    return {(unit_id, day): n for unit_id, day, n in rows}


@dataclass
class Difference:
    directive_id: int
    table: str
    key: tuple
    kept: object
    live: object

    def __str__(self) -> str:
        return f"directive {self.directive_id} {self.table} {self.key}: kept {self.kept}, live {self.live}"


def differences(directive: Directive) -> list[Difference]:
    """Where the kept figures of a directive differ from the figures added up live (empty when they agree)."""
    found = []
    for table, kept, live in (
        ("per type", kept_type_rows(directive), live_type_rows(directive)),
        ("per day", kept_day_rows(directive), live_day_rows(directive)),
    ):
        for key in sorted(set(kept) | set(live), key=str):
            if kept.get(key) != live.get(key):
                found.append(Difference(directive.pk, table, key, kept.get(key), live.get(key)))
    return found

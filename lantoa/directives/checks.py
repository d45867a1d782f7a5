"""`lantoa check --database default`: directives in force that today's rules would not have let out.

Before the rules of who may issue in whose name, an office could name any committee above it as the issuer,
and a name found elsewhere in the tree could be assigned. Such a directive opens nothing through its office
any more (see selectors.office_serves_issuer_q), but the administrator should know it exists, and close it.
"""

from django.core import checks
from django.db.models import F, Q

from lantoa.directives.models import IN_FORCE_STATES, Assignment, Directive
from lantoa.directives.selectors import office_serves_issuer_q
from lantoa.units.models import UnitKind

SHOWN = 20


def _outside_area() -> Q:
    """An assignment outside its issuer's area: under the issuer if it is a committee, else under the
    committee directly above it (the same area as selectors.area_of, for the shapes Lantoa creates)."""
    committee = UnitKind.PEOPLES_COMMITTEE
    return (
        Q(directive__issuer__kind=committee) & ~Q(unit__path__startswith=F("directive__issuer__path"))
    ) | (
        ~Q(directive__issuer__kind=committee)
        & Q(directive__issuer__parent__kind=committee)
        & ~Q(unit__path__startswith=F("directive__issuer__parent__path"))
    )


@checks.register(checks.Tags.database)
def directives_within_the_rules(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    if not databases:
        return []
    in_force = Directive.objects.filter(state__in=IN_FORCE_STATES)
    found = []
    wrong_office = list(in_force.exclude(office_serves_issuer_q()).values_list("pk", flat=True)[:SHOWN])
    if wrong_office:
        found.append(
            checks.Warning(
                "Directives in force whose office does not serve their issuer: "
                + ", ".join(map(str, wrong_office)),
                hint="Their office reads nothing through them. Review them in the admin and close them.",
                id="directives.W001",
            )
        )
    outside = list(
        Assignment.objects.filter(directive__state__in=IN_FORCE_STATES)
        .filter(_outside_area())
        .values_list("directive_id", flat=True)
        .distinct()
        .order_by("directive_id")[:SHOWN]
    )
    if outside:
        found.append(
            checks.Warning(
                "Directives in force with units outside their issuer's area: " + ", ".join(map(str, outside)),
                hint="Their managers read those units' work through them. Review them and close them.",
                id="directives.W002",
            )
        )
    return found

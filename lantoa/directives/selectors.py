"""Who may see and who may manage a directive. Every directive read starts here."""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lantoa.directives.models import Assignment, Directive, DirectiveState
from lantoa.units.models import Level, Membership, Role, Unit, UnitKind
from lantoa.units.selectors import units_visible_to

MANAGER_ROLES = (Role.OFFICER, Role.LEADER, Role.ADMIN)


def _member_units(user, roles=None) -> QuerySet[Unit]:
    memberships = Membership.objects.filter(user=user, is_active=True)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return Unit.objects.filter(pk__in=memberships.values("unit_id"))


def directives_visible_to(user) -> QuerySet[Directive]:
    """Directives a person may read.

    - people of the issuer or of the office (and of any unit above them: the level above reads down);
    - people of a unit the directive assigns, once it is issued;
    - people of the unit the compiled report goes to.
    """
    if not user.is_authenticated:
        return Directive.objects.none()
    if user.is_superuser:
        return Directive.objects.all()
    paths = list(_member_units(user).values_list("path", flat=True))
    if not paths:
        return Directive.objects.none()
    unit_ids = _member_units(user).values("pk")
    below_mine = Q()
    for path in paths:
        below_mine |= Q(issuer__path__startswith=path) | Q(office__path__startswith=path)
    assigned = Exists(Assignment.objects.filter(directive=OuterRef("pk"), unit__in=unit_ids))
    return Directive.objects.filter(
        below_mine
        | Q(report_to__in=unit_ids, state__in=[DirectiveState.ISSUED, DirectiveState.CLOSED])
        | Q(assigned, state__in=[DirectiveState.ISSUED, DirectiveState.CLOSED])
    )


def get_directive_for_user_or_404(user, pk: int) -> Directive:
    directive = (
        directives_visible_to(user)
        .select_related("issuer", "office", "report_to", "report_via")
        .filter(pk=pk)
        .first()
    )
    if directive is None:
        raise Http404
    return directive


def can_manage(user, directive: Directive) -> bool:
    """Officers, leaders and admins of the office or the issuer prepare, issue and review."""
    if user.is_superuser:
        return True
    return Membership.objects.filter(
        user=user,
        is_active=True,
        role__in=MANAGER_ROLES,
        unit_id__in=[directive.office_id, directive.issuer_id],
    ).exists()


def issuers_for(user) -> QuerySet[Unit]:
    """The units a person may issue directives for: their own unit and the units above it.

    Closed units stay in the list: a directive of 2023 is entered for the district that signed it,
    even though districts were abolished on 01/07/2025.
    """
    ids: set[int] = set()
    for unit in _member_units(user, MANAGER_ROLES):
        ids.update(int(pk) for pk in unit.path.strip("/").split("/"))
    return Unit.objects.filter(pk__in=ids).order_by("path")


def offices_for(user) -> QuerySet[Unit]:
    return _member_units(user, MANAGER_ROLES).order_by("path")


def sees_whole_directive(user, directive: Directive) -> bool:
    """People of the issuer, the office, a unit above them, or the unit reports go to see every unit's row.

    A unit that only reads the directive because it is assigned sees its own rows, not its neighbours'.
    """
    if user.is_superuser:
        return True
    paths = list(_member_units(user).values_list("path", flat=True))
    if any(directive.issuer.path.startswith(p) or directive.office.path.startswith(p) for p in paths):
        return True
    receivers = {directive.report_to_id, directive.report_via_id} - {None}
    return bool(receivers) and _member_units(user).filter(pk__in=receivers).exists()


def assignments_visible_to(user, directive: Directive) -> QuerySet[Assignment]:
    """The directive's assignments this person may see (the directive itself must already be visible)."""
    assignments = Assignment.objects.filter(directive=directive)
    if sees_whole_directive(user, directive):
        return assignments
    return assignments.filter(unit__in=units_visible_to(user))


def resolution_date(directive: Directive) -> datetime.date:
    """The day whose organisation tree the directive speaks of: its date, else the dates it names.

    A 2023 text pasted without its header must still find the 2023 district, not today's communes.
    """
    return directive.issued_on or directive.period_start or directive.report_due or timezone.localdate()


def committee_of(unit: Unit) -> Unit:
    """The People's Committee a unit works for (itself if it is one), found along its path."""
    ids = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
    committees = Unit.objects.filter(pk__in=ids, kind=UnitKind.PEOPLES_COMMITTEE).order_by("-path")
    return committees.first() or unit


def assignable_units(directive: Directive) -> QuerySet[Unit]:
    """Units the officer can give a task to: everything under the issuer's committee, open on the date."""
    committee = committee_of(directive.issuer)
    return (
        Unit.objects.under(committee)
        .open_on(resolution_date(directive))
        .select_related("parent")
        .order_by("path")
    )


def communes_of(directive: Directive) -> QuerySet[Unit]:
    """The communes, wards and towns under the issuer's committee, open on the directive's date."""
    return assignable_units(directive).filter(kind=UnitKind.PEOPLES_COMMITTEE, level=Level.COMMUNE)


def report_recipients(directive: Directive) -> QuerySet[Unit]:
    """Where a report may go or pass through: the issuer's chain and the agencies (not committees) of each
    level of it, e.g. UBND huyện, its Phòng, UBND tỉnh and its Sở."""
    chain = [int(pk) for pk in directive.issuer.path.strip("/").split("/") if pk]
    candidates = (
        Unit.objects.filter(Q(pk__in=chain) | (Q(parent_id__in=chain) & ~Q(kind=UnitKind.PEOPLES_COMMITTEE)))
        .open_on(resolution_date(directive))
        .values("pk")
    )
    current = [pk for pk in (directive.report_to_id, directive.report_via_id) if pk]
    return Unit.objects.filter(Q(pk__in=candidates) | Q(pk__in=current)).order_by("path")

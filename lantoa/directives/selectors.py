"""Who may see and who may manage a directive. Every directive read starts here."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from lantoa.directives.models import Assignment, Directive, DirectiveState
from lantoa.units.models import Membership, Role, Unit

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
    """The units a person may issue directives for: their own unit and the units above it."""
    ids: set[int] = set()
    for unit in _member_units(user, MANAGER_ROLES):
        ids.update(int(pk) for pk in unit.path.strip("/").split("/"))
    return Unit.objects.filter(pk__in=ids, closed_on__isnull=True).order_by("path")


def offices_for(user) -> QuerySet[Unit]:
    return _member_units(user, MANAGER_ROLES).order_by("path")

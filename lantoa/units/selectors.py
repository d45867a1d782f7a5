"""Reads that depend on who is asking start here."""

from django.db.models import Q, QuerySet
from django.http import Http404

from lantoa.units.models import Membership, Role, Unit, UnitKey
from lantoa.units.names import name_key


def memberships_of(user) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("unit", "unit__parent")
        .order_by("unit__path", "role")
    )


def units_visible_to(user) -> QuerySet[Unit]:
    """A person sees the units they belong to and everything under them; site admins see the whole tree."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    paths = list(memberships_of(user).values_list("unit__path", flat=True))
    if not paths:
        return Unit.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Unit.objects.filter(condition)


def get_unit_for_user_or_404(user, pk: int) -> Unit:
    """The same 404 for a unit that does not exist and one that is not the user's to see."""
    unit = units_visible_to(user).select_related("parent").filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def is_site_admin(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or memberships_of(user).filter(role=Role.ADMIN).exists()
    )


def search_units(units: QuerySet[Unit], text: str) -> QuerySet[Unit]:
    """The units of `units` whose name contains `text`, however either is written.

    Through the stored name keys: "Thuỷ" finds "Thủy", "Ea H’Leo" finds "Ea H'Leo", "Phòng VH-TT" finds
    "Phòng Văn hóa và Thông tin".
    """
    key = name_key(text)
    if not key:
        return units
    return units.filter(pk__in=UnitKey.objects.filter(key__contains=key).values("unit_id"))

"""Who may see, prepare, sign and manage a directive. Every directive read starts here.

Who may act in whose name is derived from the organisation tree, never chosen freely:
- a person prepares directives for each unit where they are an officer or leader, and for the People's
  Committee that an office or department of theirs directly serves (the Phòng VH&TT for its UBND huyện, a
  Sở for its UBND tỉnh): `issuers_for`, checked by `preparing_refusal`;
- the office named on a directive is the issuer itself or an agency directly under it (`office_serves`):
  only then do the office's people manage it and read the assigned units' work;
- only a leader of the issuer signs (`can_sign`), and only a signed directive binds anyone;
- the assignees lie inside the issuer's area: under the People's Committee it works for (`area_of`).
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.directives.models import IN_FORCE_STATES, Assignment, Directive, DirectiveState, search_key
from lantoa.units.models import Level, Membership, Role, Unit, UnitKind
from lantoa.units.selectors import units_visible_to

MANAGER_ROLES = (Role.OFFICER, Role.LEADER, Role.ADMIN)
# The agencies that advise (tham mưu) the People's Committee directly above them and prepare its directives.
SERVING_KINDS = (UnitKind.OFFICE, UnitKind.DEPARTMENT)


def _member_units(user, roles=None) -> QuerySet[Unit]:
    memberships = Membership.objects.filter(user=user, is_active=True)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return Unit.objects.filter(pk__in=memberships.values("unit_id"))


def office_serves_issuer_q(prefix: str = "") -> Q:
    """SQL for `office_serves`: the directive at `prefix` names as its office the issuer or an agency directly
    under it. A directive of any other shape was never legitimately prepared (an office of one district
    claiming to act for the province), so its office gets nothing from it."""
    return Q(**{f"{prefix}office": F(f"{prefix}issuer")}) | Q(
        **{f"{prefix}office__parent": F(f"{prefix}issuer")}
    )


def office_serves(*, office: Unit, issuer: Unit) -> bool:
    return office.pk == issuer.pk or office.parent_id == issuer.pk


def office_below_q(path: str, prefix: str = "") -> Q:
    """The directive at `prefix` has its office at or under `path`, and that office directly serves the
    issuer (an office that is the issuer itself is found through the issuer)."""
    return Q(**{f"{prefix}office__path__startswith": path}) & Q(
        **{f"{prefix}office__parent": F(f"{prefix}issuer")}
    )


def directives_visible_to(user) -> QuerySet[Directive]:
    """Directives a person may read.

    - people of the issuer or of its office (and of any unit above them: the level above reads down);
    - people of a unit the directive assigns, once it is signed and issued;
    - people of the unit the compiled report goes to, once it is issued.
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
        below_mine |= Q(issuer__path__startswith=path) | office_below_q(path)
    assigned = Exists(Assignment.objects.filter(directive=OuterRef("pk"), unit__in=unit_ids))
    return Directive.objects.filter(
        below_mine
        | Q(report_to__in=unit_ids, state__in=IN_FORCE_STATES)
        | Q(assigned, state__in=IN_FORCE_STATES)
    )


def search_directives(directives: QuerySet[Directive], text: str) -> QuerySet[Directive]:
    """The directives of `directives` whose number or subject holds every word of `text`, however either is
    written ("1820", "ubnd-vhtt", "chuyen doi so", "CHUYỂN ĐỔI SỐ"). Narrows what the caller may already see."""
    for word in search_key(text).split()[:8]:
        directives = directives.filter(search_key__contains=word)
    return directives


def get_directive_for_user_or_404(user, pk: int) -> Directive:
    directive = (
        directives_visible_to(user)
        .select_related("issuer", "office", "report_to", "report_via", "submitted_by", "signed_by")
        .filter(pk=pk)
        .first()
    )
    if directive is None:
        raise Http404
    return directive


def can_manage(user, directive: Directive) -> bool:
    """Officers, leaders and admins of the issuer, or of its office, prepare and review (signing is apart:
    `can_sign`). The people of an office that does not serve the issuer manage nothing."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(
        Q(unit_id=directive.issuer_id) | Q(unit_id=directive.office_id, unit__parent_id=directive.issuer_id),
        user=user,
        is_active=True,
        role__in=MANAGER_ROLES,
    ).exists()


def can_sign(user, directive: Directive) -> bool:
    """Only a leader of the issuer itself signs (ký duyệt) in its name: not the office's leader, not a leader
    of a unit above, not a site administrator."""
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user, is_active=True, role=Role.LEADER, unit_id=directive.issuer_id
    ).exists()


def signers_of(issuer: Unit) -> QuerySet:
    """The people who may sign in the issuer's name (its active leaders)."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__unit=issuer,
            memberships__role=Role.LEADER,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("username")
    )


def issuers_for(user) -> QuerySet[Unit]:
    """Whose name a person may prepare directives in: each unit where they are an officer, leader or admin,
    and the People's Committee directly above an office or department of theirs. Never a unit further up
    or elsewhere: the Phòng VH&TT prepares for its UBND huyện, not for the UBND tỉnh.

    Closed units stay in the list: a directive of 2023 is entered for the district that signed it,
    even though districts were abolished on 01/07/2025.
    """
    own = _member_units(user, MANAGER_ROLES)
    served = own.filter(kind__in=SERVING_KINDS, parent__kind=UnitKind.PEOPLES_COMMITTEE).values("parent_id")
    return Unit.objects.filter(Q(pk__in=own.values("pk")) | Q(pk__in=served)).order_by("path")


def offices_for(user) -> QuerySet[Unit]:
    return _member_units(user, MANAGER_ROLES).order_by("path")


@dataclass(frozen=True)
class Refusal:
    message: str
    # True: the person may not act in that name at all; False: they chose an office that does not fit.
    authority: bool

    def __str__(self) -> str:
        return self.message


def preparing_refusal(user, *, issuer: Unit, office: Unit) -> Refusal | None:
    """Why this person may not prepare a directive in `issuer`'s name with `office` as its office (None: they
    may). The forms, the services and the pages all ask this one question."""
    if not user.is_authenticated or not issuers_for(user).filter(pk=issuer.pk).exists():
        return Refusal(
            _(
                "Bạn không được soạn văn bản nhân danh {issuer}: chỉ soạn cho đơn vị của mình và cho Ủy ban "
                "nhân dân mà cơ quan mình trực tiếp tham mưu."
            ).format(issuer=issuer),
            authority=True,
        )
    if not offices_for(user).filter(pk=office.pk).exists():
        return Refusal(
            _("Bạn không làm việc tại {office}: hãy chọn đơn vị đầu mối là đơn vị của mình.").format(
                office=office
            ),
            authority=True,
        )
    if not office_serves(office=office, issuer=issuer):
        return Refusal(
            _("{office} không trực thuộc {issuer}: hãy chọn đơn vị đầu mối thuộc cơ quan ban hành.").format(
                office=office, issuer=issuer
            ),
            authority=False,
        )
    return None


def directives_awaiting_signature_of(user) -> QuerySet[Directive]:
    """What waits for this person's signature: directives submitted in the name of a unit they lead."""
    if not user.is_authenticated:
        return Directive.objects.none()
    led = Membership.objects.filter(user=user, is_active=True, role=Role.LEADER).values("unit_id")
    return Directive.objects.filter(state=DirectiveState.PENDING, issuer__in=led)


def sees_whole_directive(user, directive: Directive) -> bool:
    """People of the issuer, the office, a unit above them, or the unit reports go to see every unit's row.

    A unit that only reads the directive because it is assigned sees its own rows, not its neighbours'.
    """
    if user.is_superuser:
        return True
    paths = list(_member_units(user).values_list("path", flat=True))
    office = (
        directive.office.path if office_serves(office=directive.office, issuer=directive.issuer) else None
    )
    if any(directive.issuer.path.startswith(p) or (office and office.startswith(p)) for p in paths):
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


def area_of(directive: Directive) -> Unit | None:
    """The issuer's area: the People's Committee it is or works for. A directive assigns only units under it
    (the Phòng VH&TT's and the UBND huyện's directives reach the district, a Sở's the province). None for a
    national body (a Bộ), which has no committee above it and speaks to the whole country."""
    committee = committee_of(directive.issuer)
    if committee.kind != UnitKind.PEOPLES_COMMITTEE and directive.issuer.level == Level.NATIONAL:
        return None
    return committee


def area_family(area: Unit) -> list[Unit]:
    """The area with every unit that carried it on or that it carried on (Tỉnh Đồng Nai and Thành phố Đồng
    Nai across 30/04/2026): its units on any date lie under one of them, whatever has moved since."""
    from lantoa.units.changes import continuation_family

    return continuation_family(area)


def in_area(unit: Unit, area: Unit | None, family: list[Unit] | None = None) -> bool:
    """Whether `unit` lies in the issuer's area (under it or under a unit that carried it on). Callers that
    test many units pass the `family` once."""
    if area is None:
        return True
    family = family if family is not None else area_family(area)
    return all(unit.pk != member.pk for member in family) and any(
        unit.path.startswith(member.path) for member in family
    )


def area_q(family: list[Unit], prefix: str = "") -> Q:
    """SQL for `in_area`: under one of the family's units, and none of them itself."""
    inside = Q(pk__in=[])
    for member in family:
        inside |= Q(**{f"{prefix}path__startswith": member.path})
    return inside & ~Q(**{f"{prefix}pk__in": [member.pk for member in family]})


def assignable_units(directive: Directive) -> QuerySet[Unit]:
    """Units the officer can give a task to: the tree in force on the directive's date, inside the issuer's
    area. A 2023 directive of the UBND huyện gets the district's 2023 communes and towns; a 2025 directive
    of Tỉnh Đồng Nai still gets the wards that moved under Thành phố Đồng Nai in 2026, as they were on its
    date. A national body is offered the provinces' committees and agencies, not every commune."""
    area = area_of(directive)
    if area is None:
        units = Unit.objects.filter(level=Level.PROVINCE)
    else:
        units = Unit.objects.filter(area_q(area_family(area)))
    return units.open_on(resolution_date(directive)).select_related("parent").order_by("path")


def picker_notice(directive: Directive) -> str | None:
    """Why the unit picker may surprise the officer: the date it is read on is today's (no date typed), or the
    issuer did not exist on that date (a district closed on 01/07/2025), so nothing lies under it."""
    day = resolution_date(directive)
    issuer = directive.issuer
    if not issuer.is_open_on(day):
        successors = ", ".join(str(u) for u in issuer.successors.all()[:5])
        if issuer.closed_on and day >= issuer.closed_on:
            message = _(
                "{issuer} thôi hoạt động từ {closed}, trước ngày của văn bản ({day}): không có đơn vị nào "
                "trực thuộc để giao. Hãy kiểm tra ngày ban hành, thời gian thực hiện và hạn báo cáo của văn bản."
            ).format(
                issuer=issuer, closed=issuer.closed_on.strftime("%d/%m/%Y"), day=day.strftime("%d/%m/%Y")
            )
        else:
            message = _("{issuer} chưa hoạt động vào ngày của văn bản ({day}).").format(
                issuer=issuer, day=day.strftime("%d/%m/%Y")
            )
        if successors:
            message += " " + _("Đơn vị kế thừa: {units}.").format(units=successors)
        return message
    if not (directive.issued_on or directive.period_start or directive.report_due):
        return _(
            "Văn bản chưa có ngày: danh sách là các đơn vị đang hoạt động hôm nay ({day}). Hãy nhập ngày ban "
            "hành để chọn đúng đơn vị của ngày đó."
        ).format(day=day.strftime("%d/%m/%Y"))
    return None


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


def gazetteer_for(issuer: Unit) -> list[str]:
    """The names of the bodies in an issuer's area, handed to the directive reader so it recognises them as
    written ("Tổ Công nghệ số cộng đồng xã Hoằng Xuân"): official names, short names and aliases, in one query."""
    committee = committee_of(issuer)
    units = Unit.objects.under(committee) if committee.level != Level.NATIONAL else Unit.objects.none()
    names: set[str] = set()
    for name, short, aliases in units.values_list("name", "short_name", "aliases")[:20000]:
        names.update(n for n in (name, short, *(aliases or [])) if n and len(n.split()) >= 2)
    return sorted(names)

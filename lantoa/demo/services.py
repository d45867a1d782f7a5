"""The demo installation: real Thanh Hóa units of both eras, the offices of the 2023 example, one user a persona;
with its campaigns, the closed one of 2023 and this year's, in progress (`campaign_today`)."""

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction

from lantoa.core.models import SiteFlag
from lantoa.indicators.services import ensure_default_catalogue
from lantoa.units.models import Role, Unit, UnitKind
from lantoa.units.services import grant_membership, import_divisions, import_units_file

DEMO_PASSWORD = "lantoa-demo"  # noqa: S105 - printed on purpose: it is the demo's published password
DEMO_PROVINCE = "Thanh Hóa"
DEMO_DISTRICT_CODE = "399"  # Huyện Hoằng Hóa (pre-2025 GSO code)
DEMO_COMMUNE_CODE = "15877"  # Xã Hoằng Xuân, Hoằng Hóa (pre-2025 GSO code)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    persona: str


@dataclass
class DemoResult:
    logins: list[DemoLogin]
    summary: str


def _unit(**lookup) -> Unit:
    return Unit.objects.get(**lookup)


@transaction.atomic
def load_demo(*, with_campaign: bool = True) -> DemoResult:
    """Load (or refresh) the demo; safe to run again. Tests take the world without the example campaign
    and build the campaigns they need."""
    ensure_default_catalogue()
    legacy = import_divisions(era="legacy", province=DEMO_PROVINCE)
    today_era = import_divisions(era="2025", province=DEMO_PROVINCE)
    with resources.as_file(resources.files("lantoa.units").joinpath("data", "demo_agencies.csv")) as path:
        agencies = import_units_file(path=Path(path), mark_demo=True)

    province = _unit(code_legacy="38")
    district = _unit(code_legacy=DEMO_DISTRICT_CODE)
    commune = _unit(code_legacy=DEMO_COMMUNE_CODE)
    culture_office = _unit(
        parent=district, kind=UnitKind.OFFICE, name__startswith="Phòng Văn hóa và Thông tin"
    )
    culture_center = _unit(parent=district, kind=UnitKind.CENTER, name__startswith="Trung tâm Văn hóa")
    department = _unit(parent=province, name__startswith="Sở Thông tin và Truyền thông")

    people = [
        (
            "chuyenvien",
            "Nguyễn Thị Lan",
            culture_office,
            Role.OFFICER,
            "Chuyên viên",
            "Chuyên viên Phòng VH&TT huyện Hoằng Hóa: nhập, trình ký, kiểm tra báo cáo",
        ),
        (
            "lanhdao",
            "Lê Văn Minh",
            district,
            Role.LEADER,
            "Phó Chủ tịch",
            "Lãnh đạo UBND huyện Hoằng Hóa: ký duyệt văn bản, xem tiến độ, ký báo cáo",
        ),
        (
            "canboxa",
            "Trần Văn Hùng",
            commune,
            Role.REPORTER,
            "Công chức Văn hóa - Xã hội",
            "Cán bộ văn hóa xã Hoằng Xuân: ghi hoạt động, nộp báo cáo",
        ),
        (
            "trungtam",
            "Phạm Thu Hà",
            culture_center,
            Role.REPORTER,
            "Viên chức",
            "Trung tâm VH,TT,TT&DL huyện: ghi hoạt động, nộp báo cáo",
        ),
        (
            "sotttt",
            "Đỗ Quang Huy",
            department,
            Role.OFFICER,
            "Chuyên viên",
            "Sở TT&TT Thanh Hóa (cấp trên, 2023): nhận báo cáo tổng hợp",
        ),
        (
            "lanhdaoso",
            "Trịnh Văn Quang",
            department,
            Role.LEADER,
            "Phó Giám đốc",
            "Lãnh đạo Sở TT&TT Thanh Hóa (2023): ký duyệt công văn của Sở",
        ),
        (
            "quantri",
            "Quản trị hệ thống",
            province,
            Role.ADMIN,
            "",
            "Quản trị: đơn vị, người dùng, vai trò, danh mục",
        ),
    ]
    user_model = get_user_model()
    logins = []
    for username, full_name, unit, role, title, persona in people:
        user, _created = user_model.objects.get_or_create(username=username)
        first, _sep, last = full_name.rpartition(" ")
        user.last_name, user.first_name = first, last
        user.is_staff = role == Role.ADMIN
        user.is_superuser = role == Role.ADMIN
        user.set_password(DEMO_PASSWORD)
        user.save()
        grant_membership(user=user, unit=unit, role=role, title=title)
        logins.append(DemoLogin(username, full_name, persona))

    from lantoa.demo.campaign_2023 import load_campaign

    leader = user_model.objects.get(username="lanhdao")
    officer = user_model.objects.get(username="chuyenvien")
    campaign = (
        load_campaign(district=district, office=culture_office, officer=officer, leader=leader)
        if with_campaign
        else None
    )
    current = None
    if with_campaign:
        from lantoa.demo.campaign_today import ensure_people, load_today_campaign

        # This year's personas come first: they are the ones a newcomer should try.
        logins = [
            DemoLogin(p.username, p.full_name, p.persona) for p in ensure_people(password=DEMO_PASSWORD)
        ] + [
            DemoLogin(login.username, login.full_name, f"{login.persona} (chiến dịch 2023, đã kết thúc)")
            if login.username != "quantri"
            else login
            for login in logins
        ]
        current = load_today_campaign()

    SiteFlag.objects.get_or_create(name=SiteFlag.DEMO)
    transaction.on_commit(lambda: cache.delete("lantoa:is_demo"))
    summary = (
        f"{Unit.objects.count()} units "
        f"(pre-2025: {legacy.created.total() + legacy.unchanged.total() + legacy.updated.total()}, "
        f"2025: {today_era.created.total() + today_era.unchanged.total() + today_era.updated.total()}, "
        f"agencies: {agencies.created.total() + agencies.unchanged.total() + agencies.updated.total()})"
        + ("; the 2023 campaign loaded, closed" if campaign else "; the 2023 campaign was already there")
        + (
            "; this year's campaign issued to the xã and phường"
            if current
            else ("; this year's campaign was already there" if with_campaign else "")
        )
    )
    return DemoResult(logins=logins, summary=summary)

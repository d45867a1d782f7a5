"""This year's campaign of the demo, under today's two-level structure: the UBND tỉnh Thanh Hóa asks every
xã and phường (the 2025 units) to take part in the Ngày Chuyển đổi số quốc gia, prepared by the Sở Khoa học
và Công nghệ and signed by a Phó Chủ tịch.

Everything is dated from the day the demo is loaded, so that a newcomer lands in a campaign in progress:
issued two and a half weeks ago, the report due in five days; some reports accepted, some waiting for
review (one of them resubmitted), some returned, most not yet in, nothing overdue, and the summary still
to draft. Every step goes through the real services, with the clock set to its moment (`at`).
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lantoa.activities.services import create_activity
from lantoa.demo.clock import at, photo
from lantoa.directives.lifecycle import approve_directive, submit_for_signature
from lantoa.directives.models import Directive
from lantoa.directives.services import add_task, create_directive, set_indicators, suggest_indicators
from lantoa.indicators.models import ActivityType
from lantoa.reports.models import Report
from lantoa.reports.services import accept_report, return_report, save_report, submit_report
from lantoa.units.models import Level, Role, Unit, UnitKind
from lantoa.units.services import grant_membership

NUMBER = "3415/UBND-KHCN"
PLAN_NUMBER = "212/KH-UBND"
PROVINCE_CODE = "38"
DEMO_COMMUNE_CODE_2025 = "15880"  # xã Hoằng Giang: Hoằng Xuân of the 2023 campaign is part of it
DEMO_WARD_CODE_2025 = "14758"  # phường Hàm Rồng
# How far from the day of loading each step happened (negative: days ago) or falls due.
ISSUED = -17
PERIOD = (-14, 3)
REPORT_DUE = 5


@dataclass(frozen=True)
class Person:
    username: str
    full_name: str
    persona: str
    role: str
    title: str


PEOPLE = [
    Person(
        "chuyenvienso",
        "Vũ Thị Mai",
        "Chuyên viên Sở KH&CN Thanh Hóa: soạn công văn của UBND tỉnh, kiểm tra báo cáo (chiến dịch năm nay)",
        Role.OFFICER,
        "Chuyên viên",
    ),
    Person(
        "lanhdaotinh",
        "Hoàng Văn Đức",
        "Lãnh đạo UBND tỉnh Thanh Hóa: ký ban hành, theo dõi tiến độ (chiến dịch năm nay)",
        Role.LEADER,
        "Phó Chủ tịch",
    ),
    Person(
        "canbohoanggiang",
        "Nguyễn Thị Thu",
        "Công chức VH-XH xã Hoằng Giang: ghi hoạt động, nộp báo cáo sắp đến hạn",
        Role.REPORTER,
        "Công chức Văn hóa - Xã hội",
    ),
    Person(
        "canbohamrong",
        "Lê Minh Tuấn",
        "Công chức VH-XH phường Hàm Rồng: báo cáo bị trả lại, cần bổ sung",
        Role.REPORTER,
        "Công chức Văn hóa - Xã hội",
    ),
]


def _units_of_people() -> dict[str, Unit]:
    province = Unit.objects.get(code_legacy=PROVINCE_CODE)
    return {
        "chuyenvienso": Unit.objects.get(parent=province, name__startswith="Sở Khoa học và Công nghệ"),
        "lanhdaotinh": province,
        "canbohoanggiang": Unit.objects.get(code_2025=DEMO_COMMUNE_CODE_2025),
        "canbohamrong": Unit.objects.get(code_2025=DEMO_WARD_CODE_2025),
    }


@transaction.atomic
def ensure_people(*, password: str) -> list[Person]:
    """The personas of this year's campaign, each in a unit that is open today."""
    user_model = get_user_model()
    units = _units_of_people()
    for person in PEOPLE:
        user, _created = user_model.objects.get_or_create(username=person.username)
        first, _sep, last = person.full_name.rpartition(" ")
        user.last_name, user.first_name = first, last
        user.set_password(password)
        user.save()
        grant_membership(user=user, unit=units[person.username], role=person.role, title=person.title)
    return PEOPLE


def _day(today: datetime.date, offset: int) -> datetime.date:
    return today + datetime.timedelta(days=offset)


@transaction.atomic
def load_today_campaign(*, today: datetime.date | None = None) -> Directive | None:
    """Load this year's campaign once (dated from `today`); a second run leaves it as it is."""
    today = today or timezone.localdate()
    province = Unit.objects.get(code_legacy=PROVINCE_CODE)
    if Directive.objects.filter(issuer=province, number=NUMBER).exists():
        return None
    users = get_user_model().objects
    officer, leader = users.get(username="chuyenvienso"), users.get(username="lanhdaotinh")
    office = _units_of_people()["chuyenvienso"]
    rng = random.Random(today.year)  # noqa: S311 - demo figures, not security
    day = lambda offset: _day(today, offset)  # noqa: E731 - a short alias keeps the timeline readable

    tasks = [
        (
            (
                f"Tuyên truyền hưởng ứng Ngày Chuyển đổi số quốc gia năm {today.year} trên hệ thống đài truyền thanh "
                "cơ sở, trang thông tin điện tử và mạng xã hội của địa phương; treo băng rôn, khẩu hiệu tại trụ sở "
                "và nơi công cộng."
            ),
            "UBND các xã, phường",
        ),
        (
            (
                "Chỉ đạo Tổ Công nghệ số cộng đồng hướng dẫn người dân cài đặt, sử dụng ứng dụng VNeID, dịch vụ công "
                "trực tuyến và thanh toán không dùng tiền mặt."
            ),
            "UBND các xã, phường",
        ),
        (
            "Xây dựng tin, bài, phóng sự về chuyển đổi số; treo băng rôn tại các thiết chế văn hóa của tỉnh.",
            "Sở Văn hóa, Thể thao và Du lịch",
        ),
    ]
    with at(day(ISSUED - 1), 8, 30):
        directive = create_directive(
            issuer=province,
            office=office,
            actor=officer,
            number=NUMBER,
            issued_on=day(ISSUED),
            place="Thanh Hóa",
            subject=f"V/v tổ chức các hoạt động hưởng ứng Ngày Chuyển đổi số quốc gia năm {today.year}",
            signer_authority="KT. CHỦ TỊCH",
            signer_position="PHÓ CHỦ TỊCH",
            signer_name="Hoàng Văn Đức",
            period_start=day(PERIOD[0]),
            period_end=day(PERIOD[1]),
            report_due=day(REPORT_DUE),
            report_to=office,
        )
        set_indicators(
            directive=directive, actor=officer, indicators=suggest_indicators(text for text, _who in tasks)
        )
        for text, who in tasks:
            add_task(directive=directive, actor=officer, text=text, assignee_text=who)
        submit_for_signature(
            directive=directive, actor=officer, note="Kính trình đồng chí Phó Chủ tịch xem xét, ký ban hành."
        )
    with at(day(ISSUED), 9, 15):
        directive = approve_directive(directive=directive, actor=leader)

    communes = list(
        Unit.objects.filter(
            parent=province, level=Level.COMMUNE, kind=UnitKind.PEOPLES_COMMITTEE, closed_on__isnull=True
        ).order_by("code_2025")
    )
    demo_units = _units_of_people()
    reporters: dict[int, object] = {
        demo_units["canbohoanggiang"].pk: users.get(username="canbohoanggiang"),
        demo_units["canbohamrong"].pk: users.get(username="canbohamrong"),
    }

    # Who has done what so far. Most units have not reported yet (the report is due in five days).
    plan: dict[int, str] = {}
    for index, unit in enumerate(communes):
        if unit.pk == demo_units["canbohoanggiang"].pk:
            plan[unit.pk] = "draft"  # activities logged, the report left for the demo login to submit
        elif unit.pk == demo_units["canbohamrong"].pk or index in (9, 26):
            plan[unit.pk] = "returned"
        elif index in (5, 14):
            plan[unit.pk] = "resubmitted"
        elif index % 4 == 0:
            plan[unit.pk] = "accepted"
        elif index % 4 == 1 and index < 70:
            plan[unit.pk] = "submitted"
        elif index % 4 == 2 and index < 90:
            plan[unit.pk] = "draft"
    for unit in communes:
        if unit.pk in plan and unit.pk not in reporters:
            user, created = users.get_or_create(username=f"dv{unit.code_2025}")
            if created:
                user.set_unusable_password()
                user.last_name, user.first_name = "Cán bộ", str(unit.area_name or unit.short_name)
                user.save()
            grant_membership(user=user, unit=unit, role=Role.REPORTER, title="Công chức Văn hóa - Xã hội")
            reporters[unit.pk] = user

    window = [day(offset) for offset in range(PERIOD[0], -6)]

    def log(unit, activity_type, title, *, on=None, with_photo=False, **quantities):
        on = on or rng.choice(window)
        quantities.setdefault("count", 1)
        with at(on, 17, rng.randint(0, 59)):
            create_activity(
                unit=unit,
                actor=reporters[unit.pk],
                activity_type=activity_type,
                occurred_on=on,
                title=title,
                channel=quantities.pop("channel", ""),
                quantities=quantities,
                files=[photo(title[:60])] if with_photo else [],
            )

    for index, unit in enumerate(u for u in communes if u.pk in plan):
        place = unit.area_name or unit.short_name
        for n in range(rng.randint(1, 3)):
            log(
                unit,
                ActivityType.BROADCAST,
                f"Phát tin hưởng ứng Ngày Chuyển đổi số trên đài truyền thanh {place} (lần {n + 1})",
                channel="Đài truyền thanh cơ sở",
                minutes=rng.choice([5, 8, 10]),
                plays=rng.choice([2, 3]),
            )
        log(
            unit,
            ActivityType.BANNER,
            f"Treo băng rôn hưởng ứng Ngày Chuyển đổi số tại trụ sở UBND {place}",
            count=rng.randint(1, 3),
            with_photo=index < 3,
        )
        if index % 2 == 0:
            log(
                unit,
                ActivityType.CNSCD_SESSION,
                f"Tổ Công nghệ số cộng đồng {place} hướng dẫn cài đặt VNeID, dịch vụ công trực tuyến",
                channel="Nhà văn hóa thôn, tổ dân phố",
                people_guided=rng.randint(20, 110),
            )

    reports = {r.unit_id: r for r in Report.objects.filter(directive=directive, unit_id__in=plan)}

    def write(report, extra=""):
        place = report.unit.area_name or report.unit.short_name
        save_report(
            report=report,
            actor=reporters[report.unit_id],
            results=f"{report.unit} đã tuyên truyền hưởng ứng Ngày Chuyển đổi số quốc gia trên đài truyền thanh, "
            f"treo băng rôn tại trụ sở; Tổ Công nghệ số cộng đồng {place} hướng dẫn người dân sử dụng "
            f"VNeID và dịch vụ công trực tuyến.{extra}",
            difficulties="Sau sắp xếp, một số cụm loa của các thôn cũ chưa kết nối về đài truyền thanh xã.",
            proposals="Đề nghị tỉnh hỗ trợ chuyển đổi hệ thống truyền thanh sang truyền thanh thông minh.",
        )

    reason = (
        "Báo cáo chưa nêu số người dân được Tổ Công nghệ số cộng đồng hướng dẫn; đề nghị bổ sung số liệu "
        "và ảnh minh chứng."
    )
    for unit in communes:
        outcome = plan.get(unit.pk)
        if outcome in (None, "draft"):
            continue
        report = reports[unit.pk]
        write(report)
        with at(day(rng.randint(-6, -3)), 10, rng.randint(0, 59)):
            submit_report(report=report, actor=reporters[unit.pk])
        if outcome == "accepted":
            with at(day(-2), 14, rng.randint(0, 59)):
                accept_report(report=report, actor=officer)
        elif outcome in ("returned", "resubmitted"):
            with at(day(-2), 9, rng.randint(0, 59)):
                return_report(report=report, actor=officer, reason=reason)
            if outcome == "resubmitted":
                report.refresh_from_db()
                write(report, extra=" Đã bổ sung: 85 lượt người dân được hướng dẫn.")
                with at(day(-1), 8, rng.randint(0, 59)):
                    submit_report(report=report, actor=reporters[unit.pk])
    _waiting_plan(province=province, office=office, officer=officer, today=today)
    return directive


def _waiting_plan(*, province: Unit, office: Unit, officer, today: datetime.date) -> Directive:
    """What `lanhdaotinh` finds waiting for a signature: next month's plan, submitted yesterday."""
    with at(_day(today, -1), 15, 30):
        plan = create_directive(
            issuer=province,
            office=office,
            actor=officer,
            doc_type="ke_hoach",
            number=PLAN_NUMBER,
            issued_on=_day(today, 1),
            place="Thanh Hóa",
            subject="Kế hoạch tuyên truyền Tháng tiêu dùng số trên địa bàn tỉnh",
            period_start=_day(today, 10),
            period_end=_day(today, 40),
            report_due=_day(today, 45),
        )
        add_task(
            directive=plan,
            actor=officer,
            text="Tuyên truyền Tháng tiêu dùng số trên đài truyền thanh cơ sở; treo băng rôn tại trụ sở.",
            assignee_text="UBND các xã, phường",
        )
        return submit_for_signature(
            directive=plan, actor=officer, note="Kính trình đồng chí Phó Chủ tịch xem xét, ký ban hành."
        )

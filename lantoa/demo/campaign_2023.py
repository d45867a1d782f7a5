"""The example campaign of the demo, closed and complete: the 2023 công văn read by the real parser, prepared
by the Phòng VH&TT, signed by a leader of the UBND huyện Hoằng Hóa and so issued to its units, with their
activities; every unit reported (some late, two returned and fixed), every report was accepted, the summary
went up to the Sở and both công văn were closed.

The campaign happened in October 2023, so its events are written with the clock set to their moments
(`_at`): trình ký and ký duyệt on 25/09, activities in the window, submissions around the 15/10 deadline.
The units of that campaign (huyện Hoằng Hóa and its offices) closed on 01/07/2025; this year's campaign,
under the two-level structure, is in `campaign_today`.
"""

import datetime
import random
from importlib import resources

from django.contrib.auth import get_user_model
from django.db import transaction

from lantoa.activities.services import create_activity
from lantoa.demo.clock import at as _at
from lantoa.demo.clock import photo as _photo
from lantoa.directives.lifecycle import approve_directive, close_directive, submit_for_signature
from lantoa.directives.models import Directive
from lantoa.directives.services import create_directive_from_parse, update_directive
from lantoa.documents import parse_text
from lantoa.indicators.models import ActivityType, Indicator
from lantoa.reports.models import Report
from lantoa.reports.services import accept_report, return_report, save_report, submit_report
from lantoa.units.models import Unit, UnitKind
from lantoa.units.services import grant_membership

EXAMPLE_NUMBER = "1820/UBND-VHTT"


def example_text() -> str:
    return (
        resources.files("lantoa.demo")
        .joinpath("data", "cong-van-ngay-cds-2023.txt")
        .read_text(encoding="utf-8")
    )


UPSTREAM_NUMBER = "2276/STTTT-TTBCXB"


def load_department_directive(*, department: Unit, officer, leader) -> Directive:
    """The Sở's công văn the district's example implements, issued to the districts' UBND: the district's
    compiled summary is its report on it (the cascade). Its officer prepares it and a leader of the Sở signs
    it. Loaded before the example so that reading the example links it by number."""
    from lantoa.directives.services import add_task, create_directive, set_indicators, suggest_indicators

    existing = Directive.objects.filter(issuer=department, number=UPSTREAM_NUMBER).first()
    if existing is not None:
        return existing
    parsed = parse_text(example_text())
    with _at(datetime.date(2023, 9, 20), 8, 0):
        directive = create_directive(
            issuer=department,
            office=department,
            actor=officer,
            number=UPSTREAM_NUMBER,
            issued_on=datetime.date(2023, 9, 20),
            place="Thanh Hóa",
            subject="V/v tuyên truyền hưởng ứng Ngày Chuyển đổi số quốc gia năm 2023",
            signer_authority="KT. GIÁM ĐỐC",
            signer_position="PHÓ GIÁM ĐỐC",
            period_start=datetime.date(2023, 10, 1),
            period_end=datetime.date(2023, 10, 10),
            report_due=datetime.date(2023, 10, 20),
            report_to=department,
        )
        # The same indicators the district's directive will count, so the districts' totals add up.
        set_indicators(
            directive=directive,
            actor=officer,
            indicators=suggest_indicators(t.text for a in parsed.assignments for t in a.tasks),
        )
        add_task(
            directive=directive,
            actor=officer,
            text="Tuyên truyền hưởng ứng Ngày Chuyển đổi số quốc gia năm 2023 trên các phương tiện thông tin, "
            "truyền thông của địa phương; báo cáo kết quả về Sở Thông tin và Truyền thông trước ngày 20/10/2023.",
            assignee_text="UBND các huyện, thị xã, thành phố",
        )
        submit_for_signature(directive=directive, actor=officer)
    with _at(datetime.date(2023, 9, 20), 10, 30):
        return approve_directive(directive=directive, actor=leader)


def roll_up(*, directive: Directive, officer, leader) -> None:
    """The Phòng compiles the district's summary, the leader submits it to the Sở as the district's report."""
    from django.conf import settings

    from lantoa.summaries.narrative import defaults
    from lantoa.summaries.selectors import aggregate, upstream_report
    from lantoa.summaries.services import generate_summary, save_summary, submit_upward

    if upstream_report(directive) is None:
        return
    with _at(datetime.date(2023, 10, 18), 9):
        text = defaults(aggregate(directive))
        text.pop("date")
        save_summary(directive=directive, actor=officer, date=datetime.date(2023, 10, 18), **text)
        generate_summary(
            directive=directive, actor=officer, base_url=settings.LANTOA_BASE_URL, with_pdf=False
        )
        submit_upward(directive=directive, actor=leader)


def close_upstream(*, directive: Directive, officer) -> None:
    """The Sở accepts the district's summary and, its campaign over, closes its công văn: a closed directive
    counts no one as overdue, years later."""
    from lantoa.summaries.selectors import upstream_report

    report = upstream_report(directive)
    if report is None:
        return
    with _at(datetime.date(2023, 10, 20), 9):
        accept_report(report=report, actor=officer)
    with _at(datetime.date(2023, 10, 31), 9):
        close_directive(directive=report.directive, actor=officer, reason="Đã tổng hợp, báo cáo Bộ.")


@transaction.atomic
def load_campaign(*, district: Unit, office: Unit, officer, leader) -> Directive | None:
    """Load the example campaign once; a second run leaves it as it is."""
    if Directive.objects.filter(issuer=district, number=EXAMPLE_NUMBER).exists():
        # A demo loaded before the signing step gets its waiting plan too.
        load_waiting_plan(district=district, office=office, officer=officer)
        return None
    text = example_text()
    user_model = get_user_model()
    center = Unit.objects.get(parent=district, kind=UnitKind.CENTER, name__startswith="Trung tâm Văn hóa")
    communes = list(district.children.filter(kind=UnitKind.PEOPLES_COMMITTEE).order_by("code_legacy"))
    rng = random.Random(2023)  # noqa: S311 - demo figures, not security
    department = Unit.objects.filter(
        parent=district.parent_id, name__startswith="Sở Thông tin và Truyền thông"
    ).first()
    department_officer = user_model.objects.filter(username="sotttt").first()
    department_leader = user_model.objects.filter(username="lanhdaoso").first()
    if department and department_officer and department_leader:
        load_department_directive(department=department, officer=department_officer, leader=department_leader)

    with _at(datetime.date(2023, 9, 25), 8, 30):
        directive = create_directive_from_parse(
            issuer=district,
            office=office,
            actor=officer,
            parsed=parse_text(text),
            source_text=text,
            source_name="cong-van-ngay-cds-2023.txt",
        )
        # The text was extracted without its header: the officer types the number, date and signer in.
        update_directive(
            directive=directive,
            actor=officer,
            number=EXAMPLE_NUMBER,
            issued_on=datetime.date(2023, 9, 25),
            place="Hoằng Hóa",
            subject="V/v tuyên truyền hưởng ứng Ngày Chuyển đổi số quốc gia năm 2023",
            signer_name="Lê Văn Minh",
        )
        # The Phòng prepares it in the name of the UBND huyện; only the committee's leader signs it out.
        submit_for_signature(directive=directive, actor=officer)
    with _at(datetime.date(2023, 9, 25), 10, 15):
        directive = approve_directive(directive=directive, actor=leader)

    # One reporter account per unit that reports in the demo; the commune of "canboxa" is one of them.
    reporters: dict[int, object] = {}
    for unit in [center, *communes]:
        username = "trungtam" if unit == center else f"xa{unit.code_legacy}"
        user, _created = user_model.objects.get_or_create(username=username)
        if _created:
            user.set_unusable_password()
            user.last_name, user.first_name = "Cán bộ", str(unit.area_name or unit.short_name)
            user.save()
        grant_membership(user=user, unit=unit, role="reporter", title="Cán bộ văn hóa")
        reporters[unit.pk] = user
    demo_reporter = user_model.objects.get(username="canboxa")
    for unit in communes:
        if unit.code_legacy == "15877":
            reporters[unit.pk] = demo_reporter
    reporters[office.pk] = officer

    window = [datetime.date(2023, 10, d) for d in range(1, 11)]

    def log(unit, activity_type, title, *, day=None, channel="", url="", photo=False, **quantities):
        day = day or rng.choice(window)
        quantities.setdefault("count", 1)
        with _at(day, 17, rng.randint(0, 59)):
            return create_activity(
                unit=unit,
                actor=reporters[unit.pk],
                activity_type=activity_type,
                occurred_on=day,
                title=title,
                channel=channel,
                url=url,
                quantities=quantities,
                files=[_photo(title[:60])] if photo else [],
            )

    # The office: the district portal and its banner.
    for n, title in enumerate(
        [
            "Hưởng ứng Ngày Chuyển đổi số quốc gia 10/10/2023",
            "Hoằng Hóa đẩy mạnh chuyển đổi số trong cải cách hành chính",
            "Tháng tiêu dùng số: người dân Hoằng Hóa mua sắm trực tuyến",
            "Kết quả triển khai Tổ Công nghệ số cộng đồng trên địa bàn huyện",
        ],
        start=1,
    ):
        log(
            office,
            ActivityType.ARTICLE,
            title,
            channel="Trang thông tin điện tử huyện",
            url=f"https://example.gov.vn/hoang-hoa/tin-tuc/cds-2023-{n}",
        )
    log(
        office,
        ActivityType.WEB_BANNER,
        "Banner hưởng ứng Ngày Chuyển đổi số quốc gia trên trang chủ",
        day=window[0],
        channel="Trang thông tin điện tử huyện",
        photo=True,
    )

    # The centre: district radio, stories.
    for n in range(1, 7):
        log(
            center,
            ActivityType.BROADCAST,
            f"Bản tin chuyển đổi số số {n}",
            channel="Đài truyền thanh huyện",
            count=1,
            minutes=rng.choice([10, 12, 15]),
            plays=rng.choice([2, 3]),
        )
    log(
        center,
        ActivityType.STORY,
        "Anh Nguyễn Văn Hải đưa nông sản Hoằng Hóa lên sàn thương mại điện tử",
        channel="Đài truyền thanh huyện",
        url="https://example.gov.vn/hoang-hoa/guong-dien-hinh/1",
    )
    log(
        center,
        ActivityType.STORY,
        "Tổ Công nghệ số cộng đồng xã Hoằng Xuân: mỗi gia đình một tài khoản VNeID",
        url="https://example.gov.vn/hoang-hoa/guong-dien-hinh/2",
        photo=True,
    )

    # The communes: radio, banners, community tech team sessions, posts.
    for index, unit in enumerate(communes):
        if index % 9 == 8:
            continue  # a few communes log nothing at all
        place = unit.area_name
        for n in range(rng.randint(2, 4)):
            log(
                unit,
                ActivityType.BROADCAST,
                f"Phát tin tuyên truyền Ngày Chuyển đổi số trên đài truyền thanh {place} (lần {n + 1})",
                channel="Đài truyền thanh xã",
                count=1,
                minutes=rng.choice([5, 8, 10]),
                plays=rng.choice([2, 3, 4]),
            )
        log(
            unit,
            ActivityType.BANNER,
            f"Treo băng rôn hưởng ứng Ngày Chuyển đổi số tại trụ sở UBND {place}",
            count=rng.randint(1, 4),
            photo=index < 4,
        )
        if index % 2 == 0:
            log(
                unit,
                ActivityType.CNSCD_SESSION,
                f"Tổ Công nghệ số cộng đồng {place} hướng dẫn cài đặt VNeID, thanh toán không dùng tiền mặt",
                channel="Nhà văn hóa thôn",
                count=1,
                people_guided=rng.randint(25, 120),
            )
        if index % 3 == 0:
            log(
                unit,
                ActivityType.SOCIAL_POST,
                f"Bài đăng Tháng tiêu dùng số trên fanpage {place}",
                channel="Fanpage",
                url=f"https://example.gov.vn/fanpage/{unit.code_legacy}",
                count=1,
                reach=rng.randint(300, 2500),
            )

    guidance = Indicator.objects.filter(code="guidance-documents").first()
    reports = {r.unit_id: r for r in Report.objects.filter(directive=directive).select_related("unit")}

    def write(report, *, extra=""):
        place = report.unit.area_name or report.unit.short_name
        manual = {guidance: rng.randint(1, 3)} if guidance and guidance in directive.indicators.all() else {}
        save_report(
            report=report,
            actor=reporters[report.unit_id],
            results=f"{report.unit} đã triển khai tuyên truyền Ngày Chuyển đổi số quốc gia năm 2023 trên đài truyền thanh, "
            f"treo băng rôn tại trụ sở và nơi công cộng; Tổ Công nghệ số cộng đồng {place} hướng dẫn người dân cài đặt, "
            f"sử dụng các ứng dụng số.{extra}",
            difficulties="Hệ thống loa truyền thanh ở một số thôn đã xuống cấp, ảnh hưởng chất lượng phát sóng.",
            proposals="Đề nghị huyện hỗ trợ kinh phí nâng cấp hệ thống truyền thanh thông minh.",
            manual_figures=manual,
        )

    def submit(report, day, hour=10):
        with _at(day, hour):
            submit_report(report=report, actor=reporters[report.unit_id])

    # Who reported what, and when. The campaign is over: every unit reported in the end and every report
    # was accepted, but the history shows the way there (two returned and fixed, some late).
    plan: list[tuple[Unit, str]] = [(office, "on_time"), (center, "on_time")]
    for index, unit in enumerate(communes):
        if index in (3, 5):
            plan.append((unit, "returned_resubmitted"))
        elif index % 9 == 8 or index in (7, 11, 30, 33, 35):
            plan.append((unit, "late"))
        else:
            plan.append((unit, "on_time"))

    for unit, outcome in plan:
        report = reports[unit.pk]
        write(report)
        if outcome == "late":
            submit(report, datetime.date(2023, 10, rng.choice([16, 17])), 15)
            with _at(datetime.date(2023, 10, 17), 16):
                accept_report(report=report, actor=officer)
            continue
        submit(report, datetime.date(2023, 10, rng.randint(11, 15)))
        if outcome == "returned_resubmitted":
            with _at(datetime.date(2023, 10, 16), 9):
                return_report(
                    report=report,
                    actor=officer,
                    reason="Báo cáo chưa nêu số buổi hoạt động của Tổ Công nghệ số cộng đồng và số người dân được hướng dẫn; "
                    "đề nghị bổ sung minh chứng hình ảnh.",
                )
            log(
                unit,
                ActivityType.CNSCD_SESSION,
                f"Tổ Công nghệ số cộng đồng {unit.area_name} hướng dẫn người dân dùng dịch vụ công trực tuyến",
                day=window[6],
                count=1,
                people_guided=64,
                photo=True,
            )
            report.refresh_from_db()
            write(report, extra=" Đã bổ sung kết quả hoạt động của Tổ Công nghệ số cộng đồng.")
            submit(report, datetime.date(2023, 10, 17), 8)
            with _at(datetime.date(2023, 10, 17), 14):
                accept_report(report=report, actor=officer)
            continue
        with _at(datetime.date(2023, 10, 16), 14):
            accept_report(report=report, actor=officer)
    roll_up(directive=directive, officer=officer, leader=leader)
    with _at(datetime.date(2023, 10, 25), 10):
        close_directive(
            directive=directive,
            actor=officer,
            reason="Đã nhận đủ báo cáo của các đơn vị và gửi báo cáo tổng hợp.",
        )
    if department_officer is not None:
        close_upstream(directive=directive, officer=department_officer)
    load_waiting_plan(district=district, office=office, officer=officer)
    return directive


WAITING_NUMBER = "95/KH-UBND"


def load_waiting_plan(*, district: Unit, office: Unit, officer) -> Directive:
    """A plan the Phòng has submitted for signature and the leader has not signed yet: what `lanhdao` finds
    waiting in "Văn bản chờ ký duyệt"."""
    from lantoa.directives.services import add_task, create_directive

    existing = Directive.objects.filter(issuer=district, number=WAITING_NUMBER).first()
    if existing is not None:
        return existing
    with _at(datetime.date(2023, 10, 20), 15, 0):
        plan = create_directive(
            issuer=district,
            office=office,
            actor=officer,
            doc_type="ke_hoach",
            number=WAITING_NUMBER,
            issued_on=datetime.date(2023, 10, 23),
            place="Hoằng Hóa",
            subject="Kế hoạch tuyên truyền Tháng tiêu dùng số năm 2023 trên địa bàn huyện",
            period_start=datetime.date(2023, 11, 1),
            period_end=datetime.date(2023, 11, 30),
            report_due=datetime.date(2023, 12, 5),
        )
        add_task(
            directive=plan,
            actor=officer,
            text="Tuyên truyền Tháng tiêu dùng số trên đài truyền thanh xã, thị trấn; treo băng rôn tại trụ sở.",
            assignee_text="UBND các xã, thị trấn",
        )
        return submit_for_signature(
            directive=plan, actor=officer, note="Kính trình đồng chí Phó Chủ tịch xem xét, ký ban hành."
        )

"""“Việc cần làm”: the home page tells each persona what waits for them today: the office its reviews, its
overdue units and its drafts; a commune its tasks by due date and what came back; a leader what waits for
their signature and how their directives are going. The same number of queries for 10 units as for 200."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lantoa.core.todo import todo_for
from lantoa.directives.lifecycle import submit_for_signature
from lantoa.reports.services import return_report, save_report, submit_report
from tests.bulk_campaign import bulk_campaign

pytestmark = pytest.mark.django_db

LOCAL = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def on_day(monkeypatch):
    def set_to(day: datetime.date):
        moment = datetime.datetime(day.year, day.month, day.day, 9, tzinfo=LOCAL)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


def _home(client, person) -> str:
    client.force_login(person)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def plan(officer, district_committee, culture_office, commune_committee):
    """A second directive the Phòng is still preparing: a plan for the next month, one task, one commune."""
    from lantoa.directives.services import add_task, assign_units, create_directive

    directive = create_directive(
        issuer=district_committee,
        office=culture_office,
        actor=officer,
        doc_type="ke_hoach",
        number="96/KH-UBND",
        issued_on=datetime.date(2023, 10, 23),
        subject="Kế hoạch tuyên truyền Tháng tiêu dùng số",
        report_due=datetime.date(2023, 12, 5),
    )
    task = add_task(directive=directive, actor=officer, text="Hướng dẫn người dân mua sắm trực tuyến.")
    assign_units(task=task, units=[commune_committee], actor=officer)
    return directive


def _submitted(report, person, results="Đã đăng 3 tin bài."):
    save_report(report=report, actor=person, results=results, difficulties="", proposals="")
    return submit_report(report=report, actor=person)


def test_the_office_sees_reports_to_review_units_overdue_and_drafts(
    client, example_directive, officer, commune_reporter, commune_committee, plan, on_day
):
    report = example_directive.reports.get(unit=commune_committee)
    on_day(datetime.date(2023, 10, 14))
    _submitted(report, commune_reporter)
    on_day(datetime.date(2023, 10, 18))
    todo = todo_for(officer)
    assert [(r.directive, r.waiting) for r in todo.reviews] == [(example_directive, 1)]
    assert todo.overdue_total == 37  # every other unit, three days past 15/10/2023
    assert plan in todo.drafts
    page = _home(client, officer)
    assert "<h1>Việc cần làm</h1>" in page
    assert "1 báo cáo chờ kiểm tra" in page
    assert f"{reverse('reports:review', args=[example_directive.pk])}?state=submitted" in page
    assert "37 đơn vị quá hạn chưa gửi báo cáo" in page
    assert "quá hạn 3 ngày" in page
    assert page.count(">Nhắc ngay</button>") == 20  # the most overdue first; the rest on the dashboard
    assert reverse("directives:edit", args=[plan.pk]) in page
    # "Nhiệm vụ của tôi" no longer looks empty to the officer while reports wait.
    tasks = client.get(reverse("reports:my_tasks")).content.decode()
    assert "Báo cáo chờ bạn kiểm tra" in tasks


def test_a_commune_sees_its_tasks_by_due_date_and_what_came_back_with_the_reason(
    client, example_directive, officer, commune_reporter, commune_committee, on_day
):
    report = example_directive.reports.get(unit=commune_committee)
    on_day(datetime.date(2023, 10, 12))
    page = _home(client, commune_reporter)
    assert "1 báo cáo đơn vị cần làm" in page
    assert "còn 3 ngày" in page
    assert reverse("reports:detail", args=[report.pk]) in page
    assert "chờ kiểm tra" not in page.split("<h1>")[1].split("nhiem-vu")[0]  # no office parts
    _submitted(report, commune_reporter)
    return_report(report=report, actor=officer, reason="Bổ sung ảnh minh chứng buổi phát thanh.")
    page = _home(client, commune_reporter)
    assert "1 bị trả lại" in page
    assert "Bổ sung ảnh minh chứng buổi phát thanh." in page


def test_a_leader_sees_what_waits_for_their_signature_and_the_progress_of_their_directives(
    client, plan, example_directive, officer, leader
):
    submit_for_signature(directive=plan, actor=officer)
    page = _home(client, leader)
    assert "1 văn bản chờ bạn ký duyệt" in page
    assert reverse("directives:detail", args=[plan.pk]) + "#ky-duyet" in page
    assert "Tiến độ các văn bản của đơn vị bạn" in page
    assert "<strong>0/38</strong> đơn vị đã gửi báo cáo" in page
    assert reverse("dashboard:directive", args=[example_directive.pk]) in page


def test_someone_with_nothing_to_do_is_told_so(client, department_officer):
    page = _home(client, department_officer)
    assert "Hiện không có việc nào đang chờ bạn." in page


def test_an_account_without_a_unit_is_told_whom_to_ask(client, outsider):
    page = _home(client, outsider)
    assert "chưa được gán vào đơn vị nào" in page


def _queries(client, person) -> int:
    client.force_login(person)
    client.get(reverse("home"))  # warm the per-process caches (the demo flag)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("person", ["officer", "leader"])
def test_the_home_page_costs_the_same_for_10_units_as_for_200(
    client, officer, leader, province_committee, culture_office, on_day, person
):
    on_day(datetime.date(2023, 10, 20))
    who = {"officer": officer, "leader": leader}[person]
    bulk_campaign(10, officer=officer, province_committee=province_committee, culture_office=culture_office)
    small = _queries(client, who)
    bulk_campaign(200, officer=officer, province_committee=province_committee, culture_office=culture_office)
    assert _queries(client, who) == small <= 16

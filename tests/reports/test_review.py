"""The office reviews every report of its directive: filter, see who was late, accept or return with a reason."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantoa.reports.models import Report, ReportState
from lantoa.reports.selectors import PAGE_SIZE
from lantoa.reports.services import return_report, save_report, submit_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(hoang_xuan_report, commune_reporter) -> Report:
    report = save_report(
        report=hoang_xuan_report,
        actor=commune_reporter,
        results="Đăng 3 tin bài.",
        difficulties="",
        proposals="",
    )
    return submit_report(report=report, actor=commune_reporter)


def test_the_office_sees_every_report_with_its_state_and_figures(
    client, officer, example_directive, submitted, commune_committee, log_activity
):
    log_activity(commune_committee, type="broadcast", title="Bản tin sau khi nộp", minutes=30)
    client.force_login(officer)
    page = client.get(reverse("reports:review", args=[example_directive.pk])).content.decode()
    assert page.count("<tr>") == 1 + 38  # header + one row per assigned unit
    assert "UBND xã Hoằng Xuân" in page
    assert "Đang soạn (37)" in page
    assert "Đã nộp (1)" in page
    assert reverse("reports:accept", args=[submitted.pk]) in page
    assert "Thời lượng phát sóng"[:40] in page
    assert submitted.submitted_at.astimezone().strftime("%d/%m/%Y") in page


def test_filter_by_state_and_by_lateness(client, officer, example_directive, submitted, other_commune_report):
    Report.objects.filter(pk=submitted.pk).update(is_late=True)
    client.force_login(officer)
    url = reverse("reports:review", args=[example_directive.pk])
    page = client.get(url, {"state": "submitted"}).content.decode()
    assert page.count("<tr>") == 2
    assert "UBND xã Hoằng Xuân" in page
    assert "Muộn" in page
    page = client.get(url, {"state": "draft"}).content.decode()
    assert page.count("<tr>") == 38
    page = client.get(url, {"late": "on"}).content.decode()
    assert page.count("<tr>") == 2
    page = client.get(url, {"state": "accepted"}).content.decode()
    assert "Không có báo cáo nào khớp bộ lọc." in page
    assert client.get(url, {"state": "nonsense"}).status_code == 200  # a bad filter shows everything


def test_accepting_from_the_review_page_comes_back_to_it(client, officer, example_directive, submitted):
    client.force_login(officer)
    review = reverse("reports:review", args=[example_directive.pk]) + "?state=submitted"
    response = client.post(reverse("reports:accept", args=[submitted.pk]), {"next": review, "xac_nhan": "1"})
    assert response.status_code == 302
    assert response["Location"] == review
    submitted.refresh_from_db()
    assert submitted.state == ReportState.ACCEPTED
    assert submitted.transitions.last().actor == officer


def test_an_outside_next_address_is_ignored(client, officer, submitted):
    client.force_login(officer)
    response = client.post(
        reverse("reports:accept", args=[submitted.pk]), {"next": "https://evil.example/", "xac_nhan": "1"}
    )
    assert response["Location"] == reverse("reports:detail", args=[submitted.pk])


def test_returning_without_a_reason_shows_a_clear_error_and_changes_nothing(client, officer, submitted):
    client.force_login(officer)
    response = client.post(reverse("reports:return", args=[submitted.pk]), {"reason": "   "})
    assert response.status_code == 200
    assert "Hãy ghi lý do trả lại để đơn vị biết cần sửa, bổ sung gì." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == ReportState.SUBMITTED


def test_returning_with_a_reason_sends_the_report_back_to_the_unit(
    client, officer, commune_reporter, submitted
):
    client.force_login(officer)
    response = client.post(
        reverse("reports:return", args=[submitted.pk]), {"reason": "Thiếu số phút phát sóng."}, follow=True
    )
    assert "Đã trả lại báo cáo của UBND xã Hoằng Xuân." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == ReportState.RETURNED
    last = submitted.transitions.last()
    assert (last.from_state, last.to_state, last.actor, last.reason) == (
        "submitted",
        "returned",
        officer,
        "Thiếu số phút phát sóng.",
    )


def test_accepting_a_report_already_returned_explains_why_not(client, officer, leader, submitted):
    return_report(report=submitted, actor=leader, reason="Thiếu ảnh minh chứng.")
    client.force_login(officer)
    response = client.post(reverse("reports:accept", args=[submitted.pk]), follow=True)
    assert "chờ đơn vị sửa và nộp lại rồi mới duyệt" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == ReportState.RETURNED


@pytest.mark.parametrize("communes", [10, 200])
def test_review_takes_the_same_number_of_queries_for_10_or_200_units(
    client, campaign, officer, communes, django_assert_num_queries
):
    directive, person = campaign(communes)
    reports = list(
        Report.objects.filter(directive=directive).select_related("directive", "unit").order_by("pk")
    )
    for report in reports[:3]:
        save_report(report=report, actor=person, results="Kết quả", difficulties="", proposals="")
        submitted = submit_report(report=report, actor=person)
    return_report(report=submitted, actor=officer, reason="Bổ sung")
    client.force_login(officer)
    client.get(reverse("reports:review", args=[directive.pk]))  # warm the per-process caches (demo flag)
    # session, user; the directive's scope (2); may manage; the areas; the pager's count; the page's reports
    # with their submitted figures (2); indicators; the ledger's figures; typed-in figures; the evidence
    # flags per unit; the completeness
    with django_assert_num_queries(14):
        response = client.get(reverse("reports:review", args=[directive.pk]))
    page = response.content.decode()
    assert page.count("<tr>") == 1 + min(communes, PAGE_SIZE)
    page = client.get(reverse("reports:review", args=[directive.pk]), {"state": "submitted"}).content.decode()
    assert page.count(">Duyệt</button>") == 2


def test_a_page_of_submitted_reports_is_read_from_their_submitted_figures_alone(client, campaign, officer):
    """Nationally a snapshot holds hundreds of activities and their titles: the review list reads only the
    figures out of each report's snapshot, never the whole of it."""
    directive, person = campaign(10)
    reports = list(
        Report.objects.filter(directive=directive).select_related("directive", "unit").order_by("pk")
    )
    for report in reports[:3]:
        save_report(report=report, actor=person, results="Kết quả", difficulties="", proposals="")
        submit_report(report=report, actor=person)
    client.force_login(officer)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("reports:review", args=[directive.pk]), {"state": "submitted"})
    assert page.content.decode().count(">Duyệt</button>") == 3
    for query in queries.captured_queries:
        sql = query["sql"]
        whole = re.findall(r'"reports_reportsnapshot"\."content"(?!\s*(?:->|,\s*\'\$\."figures"))', sql)
        assert not whole, sql

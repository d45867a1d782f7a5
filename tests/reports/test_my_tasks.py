"""“Nhiệm vụ của tôi”: a unit person's open assignments, nearest deadline first, on a phone."""

import datetime

import pytest
from django.urls import reverse

from lantoa.directives.lifecycle import close_directive
from lantoa.reports.models import Report, ReportState
from lantoa.reports.selectors import open_tasks_for
from lantoa.reports.services import accept_report, return_report, save_report, submit_report

pytestmark = pytest.mark.django_db


def test_commune_reporter_sees_the_tasks_given_to_the_commune(client, commune_reporter, hoang_xuan_report):
    client.force_login(commune_reporter)
    page = client.get(reverse("reports:my_tasks")).content.decode()
    assert "Nhiệm vụ của tôi" in page
    assert "1234/UBND-VHTT" in page
    assert "UBND xã Hoằng Xuân" in page
    assert "Chỉ đạo bộ phận Đài phát thanh xã, thị trấn" in page
    assert "2 nhiệm vụ" in page
    assert "Hạn 15/10/2023" in page
    assert reverse("reports:detail", args=[hoang_xuan_report.pk]) in page
    assert "Làm báo cáo" in page


def test_an_overdue_report_is_highlighted_with_the_days_it_is_late(commune_reporter, hoang_xuan_report):
    (group,) = open_tasks_for(commune_reporter, today=datetime.date(2023, 10, 18))
    assert group.is_overdue
    assert group.days_overdue == 3
    assert group.urgency == "overdue"
    (group,) = open_tasks_for(commune_reporter, today=datetime.date(2023, 10, 13))
    assert not group.is_overdue
    assert (group.days_left, group.urgency) == (2, "soon")
    (group,) = open_tasks_for(commune_reporter, today=datetime.date(2023, 10, 1))
    assert group.urgency == ""


def test_the_page_marks_the_overdue_report(client, commune_reporter, hoang_xuan_report):
    client.force_login(commune_reporter)
    page = client.get(reverse("reports:my_tasks")).content.decode()  # today is long after 15/10/2023
    assert 'class="task-card overdue"' in page
    assert "1 báo cáo cần làm · " in page
    assert "1 quá hạn" in page


def test_a_returned_report_shows_why_and_a_submitted_one_waits_without_alarm(
    client, commune_reporter, officer, hoang_xuan_report
):
    report = save_report(
        report=hoang_xuan_report, actor=commune_reporter, results="Kết quả", difficulties="", proposals=""
    )
    report = submit_report(report=report, actor=commune_reporter)
    client.force_login(commune_reporter)
    page = client.get(reverse("reports:my_tasks")).content.decode()
    assert "Đã nộp, đang chờ kiểm tra." in page
    assert "task-card waiting" in page
    assert "0 báo cáo cần làm · 1 đang chờ kiểm tra" in page
    return_report(report=report, actor=officer, reason="Thiếu số liệu truyền thanh.")
    page = client.get(reverse("reports:my_tasks")).content.decode()
    assert "Bị trả lại" in page
    assert "Thiếu số liệu truyền thanh." in page


def test_accepted_reports_and_closed_directives_leave_the_list(
    commune_reporter, officer, hoang_xuan_report, example_directive
):
    report = save_report(
        report=hoang_xuan_report, actor=commune_reporter, results="Kết quả", difficulties="", proposals=""
    )
    accept_report(report=submit_report(report=report, actor=commune_reporter), actor=officer)
    assert open_tasks_for(commune_reporter) == []
    Report.objects.filter(pk=report.pk).update(state=ReportState.DRAFT)
    assert len(open_tasks_for(commune_reporter)) == 1
    close_directive(directive=example_directive, actor=officer)
    assert open_tasks_for(commune_reporter) == []


def test_a_draft_directive_gives_no_tasks_yet(commune_reporter, draft_example_directive):
    assert open_tasks_for(commune_reporter) == []


def test_nearest_deadline_first_and_work_awaiting_the_unit_before_work_awaiting_review(campaign):
    first, person = campaign(3)
    reports = list(Report.objects.filter(directive=first).order_by("pk"))
    Report.objects.filter(pk=reports[0].pk).update(due_on=datetime.date(2023, 10, 20))
    Report.objects.filter(pk=reports[1].pk).update(
        due_on=datetime.date(2023, 10, 12), state=ReportState.SUBMITTED
    )
    Report.objects.filter(pk=reports[2].pk).update(due_on=datetime.date(2023, 10, 14))
    groups = open_tasks_for(person, today=datetime.date(2023, 10, 10))
    assert [g.report.pk for g in groups] == [reports[2].pk, reports[0].pk, reports[1].pk]
    assert [len(g.assignments) for g in groups] == [2, 2, 2]


@pytest.mark.parametrize("communes", [10, 200])
def test_my_tasks_takes_the_same_number_of_queries_for_10_or_200_communes(
    client, campaign, officer, communes, django_assert_num_queries
):
    directive, person = campaign(communes)
    reports = list(
        Report.objects.filter(directive=directive).select_related("directive", "unit").order_by("pk")
    )
    for report in reports[:2]:
        save_report(report=report, actor=person, results="Kết quả", difficulties="", proposals="")
        submitted = submit_report(report=report, actor=person)
    return_report(report=submitted, actor=officer, reason="Bổ sung")
    client.force_login(person)
    client.get(reverse("reports:my_tasks"))  # warm the per-process caches (demo flag)
    # session, user, memberships+reports, assignments, return reasons; whether the person reviews reports
    with django_assert_num_queries(6):
        response = client.get(reverse("reports:my_tasks"))
    page = response.content.decode()
    assert page.count('class="task-card') == communes
    assert "Bổ sung" in page

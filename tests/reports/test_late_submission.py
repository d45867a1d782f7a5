"""A report submitted after its due date is late, judged by the local date in Asia/Ho_Chi_Minh."""

import datetime

import pytest
from django.utils import timezone

from lantoa.reports.models import Report
from lantoa.reports.services import return_report, save_report, submit_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready_report(hoang_xuan_report, commune_reporter) -> Report:
    assert hoang_xuan_report.due_on == datetime.date(2023, 10, 15)
    return save_report(
        report=hoang_xuan_report,
        actor=commune_reporter,
        results="Đã đăng 3 tin bài.",
        difficulties="",
        proposals="",
    )


def test_submitted_on_the_due_date_late_in_the_evening_is_on_time(ready_report, commune_reporter, clock):
    moment = clock("15/10/2023 23:59")
    report = submit_report(report=ready_report, actor=commune_reporter)
    assert report.is_late is False
    assert report.submitted_at == report.first_submitted_at == moment
    assert report.snapshots.get().submitted_at == moment
    assert report.transitions.get().at == moment


def test_submitted_five_minutes_after_local_midnight_is_late_though_it_is_still_the_15th_in_utc(
    ready_report, commune_reporter, clock
):
    moment = clock("16/10/2023 00:05")
    assert moment.astimezone(datetime.UTC).date() == datetime.date(2023, 10, 15)
    report = submit_report(report=ready_report, actor=commune_reporter)
    assert report.is_late is True
    Report.objects.get(pk=report.pk, is_late=True)


def test_lateness_is_decided_by_the_first_submission_not_by_a_requested_correction(
    ready_report, commune_reporter, officer, clock
):
    clock("14/10/2023 09:00")
    report = submit_report(report=ready_report, actor=commune_reporter)
    return_report(report=report, actor=officer, reason="Bổ sung số liệu phát thanh.")
    clock("20/10/2023 08:00")
    report = submit_report(report=report, actor=commune_reporter)
    assert report.version == 2
    assert report.is_late is False
    assert timezone.localtime(report.submitted_at).date() == datetime.date(2023, 10, 20)
    assert timezone.localtime(report.first_submitted_at).date() == datetime.date(2023, 10, 14)


def test_a_report_without_a_due_date_is_never_late(ready_report, commune_reporter, clock):
    Report.objects.filter(pk=ready_report.pk).update(due_on=None)
    clock("31/12/2030 12:00")
    report = submit_report(report=Report.objects.get(pk=ready_report.pk), actor=commune_reporter)
    assert report.is_late is False


def test_the_late_mark_shows_on_the_report_page(ready_report, commune_reporter, client, clock):
    clock("16/10/2023 00:05")
    submit_report(report=ready_report, actor=commune_reporter)
    client.force_login(commune_reporter)
    page = client.get(f"/bao-cao/{ready_report.pk}/").content.decode()
    assert "Nộp muộn" in page
    assert "00:05 16/10/2023" in page

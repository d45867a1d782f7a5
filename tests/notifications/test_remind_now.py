"""“Nhắc ngay”: the office chases one overdue unit at once, from its home page, the review list or the
report; at most once every 12 hours per report, and every press is audited."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lantoa.core.models import AuditEvent
from lantoa.notifications.models import Message, MessageKind, ReminderKind
from lantoa.notifications.services import remind_now
from lantoa.reports.services import save_report, submit_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(commune_report, clock):
    clock("17/10/2023 09:00")  # two days after the deadline
    return commune_report


def test_the_officer_reminds_an_overdue_unit_now(
    client, overdue, officer, commune_reporter, django_capture_on_commit_callbacks
):
    from django.core import mail

    client.force_login(officer)
    home = client.get(reverse("home")).content.decode()
    assert reverse("notifications:nudge", args=[overdue.pk]) in home
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:nudge", args=[overdue.pk]), {"next": "/#qua-han"})
    assert response["Location"] == "/#qua-han"
    message = Message.objects.get(recipient=commune_reporter, kind=MessageKind.NUDGE)
    assert "Đã quá hạn nộp 2 ngày (hạn 15/10/2023)." in message.body
    assert [m.to for m in mail.outbox] == [["canboxa@hoangxuan.example"]]
    reminder = overdue.reminders.get()
    assert (reminder.kind, reminder.sent_at is not None) == (ReminderKind.MANUAL, True)
    assert AuditEvent.objects.filter(
        action="reminders.nudge", object_id=str(overdue.pk), actor=officer
    ).exists()
    page = client.get(reverse("home")).content.decode()
    assert "Đã nhắc UBND xã Hoằng Xuân" in page
    assert "nhắc lần cuối 09:00 17/10/2023" in page


def test_pressing_again_within_twelve_hours_is_refused_and_says_when(overdue, officer, clock):
    remind_now(report=overdue, actor=officer)
    clock("17/10/2023 20:00")
    with pytest.raises(
        ValidationError, match="vừa được nhắc lúc 09:00 17/10/2023; có thể nhắc lại sau 21:00 17/10/2023"
    ):
        remind_now(report=overdue, actor=officer)
    clock("17/10/2023 21:01")
    remind_now(report=overdue, actor=officer)
    assert overdue.reminders.count() == 2


def test_a_unit_that_has_submitted_is_not_chased(overdue, officer, commune_reporter):
    save_report(report=overdue, actor=commune_reporter, results="Đã làm.", difficulties="", proposals="")
    submit_report(report=overdue, actor=commune_reporter)
    with pytest.raises(ValidationError, match="đã nộp báo cáo: không cần nhắc"):
        remind_now(report=overdue, actor=officer)


def test_only_the_directives_managers_remind(client, overdue, commune_reporter, outsider):
    for person in (commune_reporter, outsider):
        client.force_login(person)
        assert client.post(reverse("notifications:nudge", args=[overdue.pk])).status_code == 404
    assert not overdue.reminders.exists()
    assert not AuditEvent.objects.filter(action="reminders.nudge").exists()


def test_the_review_list_and_the_report_offer_it_for_units_that_owe_a_report(client, overdue, officer):
    client.force_login(officer)
    review = client.get(reverse("reports:review", args=[overdue.directive_id])).content.decode()
    assert reverse("notifications:nudge", args=[overdue.pk]) in review
    page = client.get(reverse("reports:detail", args=[overdue.pk])).content.decode()
    assert "Nhắc ngay" in page
    remind_now(report=overdue, actor=officer)
    page = client.get(reverse("reports:detail", args=[overdue.pk])).content.decode()
    assert "vừa được nhắc lúc" in page  # instead of the button
    assert datetime.date(2023, 10, 17).strftime("%d/%m/%Y") in page

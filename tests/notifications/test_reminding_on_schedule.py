"""Who is reminded of what, on which day: 3 days and 1 day before, on the day, then every 2 days overdue."""

import pytest
from django.core import mail
from django.core.management import call_command

from lantoa.notifications.models import Message, Reminder, ReminderPolicy
from lantoa.notifications.services import plan_reminders, run_reminders
from lantoa.reports.models import Report, ReportState
from lantoa.reports.services import save_report, submit_report
from tests.notifications.conftest import day

pytestmark = pytest.mark.django_db


def _keys(report) -> list[str]:
    return sorted(report.reminders.values_list("key", flat=True))


@pytest.mark.parametrize(
    ("offset", "key"),
    [(-3, "before-3"), (-1, "before-1"), (0, "due"), (2, "overdue-2023-10-17"), (4, "overdue-2023-10-19")],
)
def test_a_commune_is_reminded_on_each_occasion(
    settings, campaign, commune_report, commune_reporter, offset, key
):
    settings.LANTOA_BASE_URL = "https://lantoa.example"
    result = run_reminders(today=day(offset))

    assert _keys(commune_report) == [key]
    assert result.reminders == 38  # every assigned unit still owes its report
    message = Message.objects.get(recipient=commune_reporter)
    assert message.reminder.report == commune_report
    assert "15/10/2023" in message.body
    assert message.url == f"https://lantoa.example/bao-cao/{commune_report.pk}/"
    assert "chưa nộp báo cáo" in message.body
    to_commune = [m for m in mail.outbox if m.to == ["canboxa@hoangxuan.example"]]
    assert len(to_commune) == 1
    assert "15/10/2023" in to_commune[0].body


@pytest.mark.parametrize("offset", [-5, -4, -2, 1, 3])
def test_nobody_is_reminded_between_occasions(campaign, offset):
    result = run_reminders(today=day(offset))

    assert result.reminders == 0
    assert not Reminder.objects.exists()
    assert not Message.objects.exists()
    assert mail.outbox == []


def test_the_whole_campaign_sends_one_reminder_per_occasion(campaign, commune_report):
    for offset in range(-6, 7):
        run_reminders(today=day(offset))

    assert _keys(commune_report) == sorted(
        ["before-3", "before-1", "due", "overdue-2023-10-17", "overdue-2023-10-19", "overdue-2023-10-21"]
    )
    assert all(commune_report.reminders.values_list("sent_at", flat=True))


def test_running_twice_sends_nothing_twice(campaign, commune_reporter):
    run_reminders(today=day(0))
    sent = len(mail.outbox)
    messages = Message.objects.count()

    again = run_reminders(today=day(0))

    assert again.reminders == 0
    assert again.messages == 0
    assert again.summaries == 0
    assert len(mail.outbox) == sent
    assert Message.objects.count() == messages
    assert Message.objects.filter(recipient=commune_reporter).count() == 1


def test_a_submitted_or_accepted_report_is_never_reminded(
    campaign, commune_report, commune_reporter, officer
):
    save_report(
        report=commune_report,
        actor=commune_reporter,
        results="Đã tuyên truyền trên loa.",
        difficulties="",
        proposals="",
    )
    submit_report(report=commune_report, actor=commune_reporter)
    accepted = Report.objects.filter(directive=campaign).exclude(pk=commune_report.pk).first()
    Report.objects.filter(pk=accepted.pk).update(state=ReportState.ACCEPTED)

    result = run_reminders(today=day(0))

    assert result.reminders == 36
    assert not commune_report.reminders.exists()
    assert not accepted.reminders.exists()
    assert not Message.objects.filter(recipient=commune_reporter).exists()


def test_a_returned_report_is_reminded_and_told_it_was_returned(campaign, commune_report, commune_reporter):
    Report.objects.filter(pk=commune_report.pk).update(state=ReportState.RETURNED)

    run_reminders(today=day(-1))

    body = Message.objects.get(recipient=commune_reporter).body
    assert "bị trả lại" in body


def test_a_directive_policy_changes_the_days(campaign, commune_report):
    ReminderPolicy.objects.create(directive=campaign, days_before=[5], on_due_day=False, overdue_every_days=3)

    assert run_reminders(today=day(-3)).reminders == 0
    assert run_reminders(today=day(0)).reminders == 0
    assert run_reminders(today=day(-5)).reminders == 38
    assert run_reminders(today=day(3)).reminders == 38
    assert _keys(commune_report) == ["before-5", "overdue-2023-10-18"]


def test_a_disabled_policy_reminds_nobody(campaign):
    ReminderPolicy.objects.create(directive=campaign, enabled=False, days_before=[3, 1])

    assert run_reminders(today=day(0)).reminders == 0


def test_dry_run_says_who_and_why_and_writes_nothing(campaign, capsys):
    call_command("remind", "--dry-run", "--today", "2023-10-14")

    out = capsys.readouterr().out
    assert "[before-1] UBND xã Hoằng Xuân" in out
    assert "canboxa <canboxa@hoangxuan.example>" in out
    assert "chuyenvien" in out
    assert not Reminder.objects.exists()
    assert not Message.objects.exists()
    assert mail.outbox == []


def test_the_command_runs_for_a_given_day(campaign, commune_report, capsys):
    call_command("remind", "--today", "2023-10-12")

    assert _keys(commune_report) == ["before-3"]
    assert "38 lần nhắc" in capsys.readouterr().out


def test_the_command_explains_a_bad_date(campaign):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("remind", "--today", "15/10/2023")


def test_planning_takes_the_same_number_of_queries_for_any_campaign_size(
    campaign, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        plans = plan_reminders(today=day(0))
    assert len(plans[0].reminders) == 38

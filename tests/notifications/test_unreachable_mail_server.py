"""A mail server that cannot be reached never crashes the run and never marks a reminder sent."""

import pytest
from django.core import mail

from lantoa.notifications.models import Message
from lantoa.notifications.services import run_reminders
from tests.notifications.conftest import day

pytestmark = pytest.mark.django_db


def test_a_failed_mail_is_retried_on_the_next_run(settings, campaign, commune_report, commune_reporter):
    settings.EMAIL_BACKEND = "tests.notifications.backends.UnreachableBackend"

    result = run_reminders(today=day(0))

    assert result.reminders == 38
    assert result.emails_failed >= 1
    reminder = commune_report.reminders.get()
    assert reminder.sent_at is None
    assert reminder.attempts == 1
    assert "SMTPConnectError" in reminder.last_error
    message = Message.objects.get(recipient=commune_reporter)
    assert message.emailed_at is None

    run_reminders(today=day(0))
    reminder.refresh_from_db()
    assert reminder.attempts == 2
    assert reminder.sent_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    retry = run_reminders(today=day(0))

    reminder.refresh_from_db()
    assert retry.reminders == 0  # nothing new: only the owed e-mails
    assert reminder.sent_at is not None
    assert reminder.last_error == ""
    assert [m.to for m in mail.outbox].count(["canboxa@hoangxuan.example"]) == 1
    # The in-app message was written once, on the first run.
    assert Message.objects.filter(recipient=commune_reporter).count() == 1


def test_reminders_without_email_are_sent_even_when_the_server_is_down(settings, campaign, commune_report):
    settings.EMAIL_BACKEND = "tests.notifications.backends.UnreachableBackend"
    run_reminders(today=day(0))

    # Nobody in most communes has an address: their in-app messages are all there is to send.
    others = commune_report.directive.reports.exclude(pk=commune_report.pk)
    assert all(r.reminders.get().sent_at is not None for r in others.filter(unit__memberships__isnull=True))
    assert commune_report.reminders.get().sent_at is None

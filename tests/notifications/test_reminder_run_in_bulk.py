"""A national reminder run writes thousands of reminders for many directives: the number of queries it takes
depends neither on the number of reminders, messages or e-mails, nor on the number of directives."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from lantoa.core.models import AuditEvent
from lantoa.notifications.models import Message, Reminder
from lantoa.notifications.services import run_reminders
from lantoa.units.models import Membership, Role
from tests.bulk_campaign import bulk_campaign

pytestmark = pytest.mark.django_db

# Two days after the campaign's deadline (15/10/2023): the default policy chases overdue reports.
REMIND_ON = datetime.date(2023, 10, 17)


@pytest.fixture
def overdue_campaign(officer, province_committee, culture_office):
    def make(n: int):
        directive, communes, never_submitted = bulk_campaign(
            n, officer=officer, province_committee=province_committee, culture_office=culture_office
        )
        reporter = get_user_model().objects.create_user(
            username=f"canbo-{n}", email=f"canbo{n}@xa.example", password="x-unused-x"
        )
        Membership.objects.bulk_create(
            Membership(user=reporter, unit=u, role=Role.REPORTER) for u in communes
        )
        return directive, never_submitted

    return make


# The plan (directives, reports, reminders already written, people, their channels); the reminders in one
# INSERT (in a savepoint), the escalation counts, the messages and the audit rows in one INSERT each; the
# e-mails owed and the marks of the sent ones; the digests.
RUN_QUERIES = 21


@pytest.mark.parametrize("communes", [20, 200])
def test_a_reminder_run_takes_the_same_queries_for_2_or_20_overdue_units(
    overdue_campaign, communes, django_assert_num_queries
):
    directive, never_submitted = overdue_campaign(communes)
    with django_assert_num_queries(RUN_QUERIES):
        result = run_reminders(today=REMIND_ON)
    assert result.reminders == len(never_submitted) == communes // 10
    assert Reminder.objects.filter(report__directive=directive).count() == communes // 10
    assert Message.objects.filter(directive=directive, reminder__isnull=False).count() == communes // 10
    assert len(mail.outbox) == communes // 10


@pytest.mark.parametrize("sizes", [(30,), (30, 50, 70)])
def test_a_reminder_run_takes_the_same_queries_for_one_directive_or_three(
    overdue_campaign, sizes, django_assert_num_queries
):
    campaigns = [overdue_campaign(n) for n in sizes]
    with django_assert_num_queries(RUN_QUERIES):
        result = run_reminders(today=REMIND_ON)
    assert result.reminders == sum(len(never) for _directive, never in campaigns)
    for directive, never_submitted in campaigns:
        reminded = Reminder.objects.filter(report__directive=directive)
        assert sorted(reminded.values_list("report_id", flat=True)) == sorted(r.pk for r in never_submitted)
        # each directive's office hears once, and the trail holds one row per directive
        assert (
            AuditEvent.objects.filter(
                action="reminders.create", object_type="directives.directive", object_id=str(directive.pk)
            ).count()
            == 1
        )


def test_a_second_run_the_same_day_writes_nothing_more(overdue_campaign):
    directive, _never = overdue_campaign(20)
    run_reminders(today=REMIND_ON)
    again = run_reminders(today=REMIND_ON)
    assert again.reminders == 0
    assert Reminder.objects.filter(report__directive=directive).count() == 2

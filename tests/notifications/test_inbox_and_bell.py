"""The inbox lists a person's own messages; opening one marks it read; the bell counts the unread."""

import re

import pytest
from django.urls import reverse

from lantoa.notifications.models import Message
from lantoa.notifications.services import run_reminders
from tests.notifications.conftest import day

pytestmark = pytest.mark.django_db


def _bell(page: str) -> str:
    return re.search(r'class="bell".*?</a>', page, re.S).group(0)


def test_the_bell_counts_unread_messages_and_opening_one_clears_it(
    client, campaign, commune_report, commune_reporter
):
    run_reminders(today=day(-3))
    run_reminders(today=day(-1))
    client.force_login(commune_reporter)

    page = client.get(reverse("notifications:inbox")).content.decode()
    assert '<span class="badge">2</span>' in _bell(page)
    assert "Còn 3 ngày nữa là đến hạn nộp (15/10/2023)" in page

    message = Message.objects.filter(recipient=commune_reporter).first()
    response = client.post(reverse("notifications:open", args=[message.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:detail", args=[commune_report.pk])
    message.refresh_from_db()
    assert message.read_at is not None

    page = client.get(reverse("notifications:inbox")).content.decode()
    assert '<span class="badge">1</span>' in _bell(page)


def test_marking_all_read_empties_the_bell(client, campaign, commune_reporter):
    run_reminders(today=day(0))
    client.force_login(commune_reporter)

    client.post(reverse("notifications:read_all"))

    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "badge" not in _bell(page)
    assert not Message.objects.filter(recipient=commune_reporter, read_at__isnull=True).exists()


def test_nobody_opens_another_persons_message(client, campaign, commune_reporter, outsider, officer):
    run_reminders(today=day(0))
    message = Message.objects.get(recipient=commune_reporter)

    for person in (outsider, officer):
        client.force_login(person)
        assert client.post(reverse("notifications:open", args=[message.pk])).status_code == 404
        assert message.subject not in client.get(reverse("notifications:inbox")).content.decode()
    message.refresh_from_db()
    assert message.read_at is None


def test_the_inbox_takes_the_same_queries_for_few_or_many_messages(
    client, campaign, commune_reporter, django_assert_num_queries
):
    client.force_login(commune_reporter)
    template = Message(recipient=commune_reporter, directive=campaign, subject="s", body="b", url="http://x/")

    def count_queries(n: int) -> int:
        Message.objects.filter(recipient=commune_reporter).delete()
        Message.objects.bulk_create(
            [
                Message(
                    **{f: getattr(template, f) for f in ("recipient", "directive", "subject", "body", "url")}
                )
                for _ in range(n)
            ]
        )
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.get(reverse("notifications:inbox"))  # warm the session and the bell's cached count
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("notifications:inbox")).status_code == 200
        return len(ctx.captured_queries)

    few, many = count_queries(10), count_queries(200)
    assert few == many
    assert many <= 6

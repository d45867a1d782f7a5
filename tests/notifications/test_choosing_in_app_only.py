"""A person may choose in-app messages only; the page to choose it is theirs alone."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from lantoa.notifications.models import Channel, Message, NotificationPreference
from lantoa.notifications.services import run_reminders
from tests.notifications.conftest import day

pytestmark = pytest.mark.django_db


def test_in_app_only_gets_a_message_and_no_mail(client, campaign, commune_report, commune_reporter):
    client.force_login(commune_reporter)
    response = client.post(reverse("notifications:preferences"), {"channel": Channel.APP_ONLY})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=commune_reporter).channel == Channel.APP_ONLY

    run_reminders(today=day(-3))

    assert Message.objects.filter(recipient=commune_reporter).count() == 1
    assert not [m for m in mail.outbox if "canboxa@hoangxuan.example" in m.to]
    assert commune_report.reminders.get().sent_at is not None


def test_the_settings_page_shows_the_current_choice(client, commune_reporter):
    client.force_login(commune_reporter)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert re.search(r'value="email"[^>]*checked', page)
    assert "Chỉ thông báo trong Lantoa" in page


def test_an_empty_choice_says_what_to_do(client, commune_reporter):
    client.force_login(commune_reporter)
    page = client.post(reverse("notifications:preferences"), {}).content.decode()
    assert "Hãy chọn một cách nhận thông báo" in page
    assert not NotificationPreference.objects.filter(user=commune_reporter).exists()

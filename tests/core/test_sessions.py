"""A session ends after 30 minutes without a request and 12 hours after signing in, whatever happens."""

import time

import pytest
from django.conf import settings
from django.urls import reverse

from lantoa.core.middleware import SESSION_SEEN, SESSION_STARTED
from lantoa.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _age(client, *, seen_ago: int = 0, started_ago: int = 0) -> None:
    session = client.session
    now = int(time.time())
    session[SESSION_SEEN] = now - seen_ago
    session[SESSION_STARTED] = now - started_ago
    session.save()


def test_the_defaults_are_thirty_idle_minutes_and_twelve_hours():
    assert settings.LANTOA_SESSION_IDLE_MINUTES == 30
    assert settings.LANTOA_SESSION_MAX_HOURS == 12
    assert settings.SESSION_COOKIE_AGE == 12 * 3600


def test_a_commune_officer_back_within_half_an_hour_is_still_signed_in(client, commune_reporter):
    client.force_login(commune_reporter)
    _age(client, seen_ago=29 * 60, started_ago=3 * 3600)
    assert client.get(reverse("home")).status_code == 200


def test_after_thirty_idle_minutes_the_next_page_asks_to_sign_in_again_and_says_why(client, commune_reporter):
    client.force_login(commune_reporter)
    _age(client, seen_ago=31 * 60)
    response = client.get(reverse("activities:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "next=/hoat-dong/" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "không hoạt động quá 30 phút" in page
    assert client.get(reverse("home")).status_code == 302
    event = AuditEvent.objects.get(action="auth.session_expired")
    assert event.actor == commune_reporter
    assert event.detail == {"reason": "idle"}


def test_twelve_hours_after_signing_in_the_session_ends_even_when_busy(client, officer):
    client.force_login(officer)
    _age(client, seen_ago=60, started_ago=12 * 3600 + 60)
    response = client.get(reverse("home"), follow=True)
    assert "Phiên làm việc đã quá 12 giờ" in response.content.decode()
    assert AuditEvent.objects.get(action="auth.session_expired").detail == {"reason": "max_age"}


def test_the_idle_limit_is_a_setting(client, officer, settings):
    settings.LANTOA_SESSION_IDLE_MINUTES = 5
    client.force_login(officer)
    _age(client, seen_ago=6 * 60)
    assert client.get(reverse("home")).status_code == 302


def test_an_htmx_request_after_the_timeout_sends_the_whole_page_to_login(client, officer):
    client.force_login(officer)
    _age(client, seen_ago=31 * 60)
    response = client.get(reverse("home"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(reverse("login"))


def test_each_request_keeps_the_session_alive(client, officer, settings):
    settings.LANTOA_SEEN_RESOLUTION_SECONDS = 60
    client.force_login(officer)
    _age(client, seen_ago=25 * 60)
    assert client.get(reverse("home")).status_code == 200
    assert int(time.time()) - client.session[SESSION_SEEN] < 5


def test_requests_within_the_minute_do_not_write_the_session(client, officer, settings):
    settings.LANTOA_SEEN_RESOLUTION_SECONDS = 60
    client.force_login(officer)
    _age(client, seen_ago=30)
    seen = client.session[SESSION_SEEN]
    assert client.get(reverse("home")).status_code == 200
    assert client.session[SESSION_SEEN] == seen

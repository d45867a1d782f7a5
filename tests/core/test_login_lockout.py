"""Guessing passwords: after 10 wrong ones an account is locked for a while, on the app's login page and
the admin's, cheaply, in the audit trail, and never for long against someone who did nothing wrong."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.urls import reverse
from django.utils import timezone

from lantoa.core.models import AuditEvent
from lantoa.demo.services import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

OFFICE = "203.0.113.10"  # one office router: everybody there shares this address
ELSEWHERE = "198.51.100.20"
APP_LOGIN = "/dang-nhap/"
ADMIN_LOGIN = "/quan-tri/login/"


@pytest.fixture(autouse=True)
def quick_hashing(settings):
    """These tests check hundreds of passwords: a fast hasher keeps them quick; the throttle is the same."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for user in get_user_model().objects.filter(username__in=["chuyenvien", "lanhdao", "quantri"]):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])


def _try(client, username, password, *, address=OFFICE, url=APP_LOGIN):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def _signed_in(client) -> bool:
    return client.get(reverse("home")).status_code == 200


def _guess(client, username, times, *, address=OFFICE, url=APP_LOGIN):
    for n in range(times):
        _try(client, username, f"doan-sai-{n}", address=address, url=url)


def _let_the_cool_off_pass():
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))


def test_after_ten_wrong_passwords_the_right_one_no_longer_signs_in_to_the_app(client):
    _guess(client, "chuyenvien", 10)
    response = _try(client, "chuyenvien", DEMO_PASSWORD)
    page = response.content.decode()
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in page
    assert "nhập sai mật khẩu 10 lần" in page
    assert "Xin thử lại sau 15 phút" in page
    assert not _signed_in(client)


def test_after_ten_wrong_passwords_the_right_one_no_longer_signs_in_to_the_admin(client):
    _guess(client, "quantri", 10, url=ADMIN_LOGIN)
    response = _try(client, "quantri", DEMO_PASSWORD, url=ADMIN_LOGIN)
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    assert client.get("/quan-tri/").status_code == 302


def test_the_two_login_pages_count_the_same_failures(client):
    _guess(client, "quantri", 5, url=APP_LOGIN)
    _guess(client, "quantri", 5, url=ADMIN_LOGIN)
    assert _try(client, "quantri", DEMO_PASSWORD, url=ADMIN_LOGIN).status_code == 429


def test_nine_wrong_passwords_then_the_right_one_signs_in_and_clears_the_count(client):
    _guess(client, "chuyenvien", 9)
    assert _try(client, "chuyenvien", DEMO_PASSWORD).status_code == 302
    client.post(reverse("logout"))
    _guess(client, "chuyenvien", 9)
    assert _try(client, "chuyenvien", DEMO_PASSWORD).status_code == 302


def test_the_lockout_and_each_failure_are_in_the_audit_trail(client, officer):
    _guess(client, "chuyenvien", 10)
    _try(client, "chuyenvien", DEMO_PASSWORD)
    failures = AuditEvent.objects.filter(action="auth.login_failed", object_id=str(officer.pk))
    assert failures.count() == 10
    lockout = AuditEvent.objects.get(action="auth.lockout")
    assert lockout.object_id == str(officer.pk)
    assert lockout.ip == OFFICE
    assert lockout.detail["scope"] == "account_at_address"
    assert lockout.detail["where"] == "app"
    # Tries while locked are refused without a row each: a flood does not fill the trail.
    assert not AuditEvent.objects.filter(action="auth.login", object_id=str(officer.pk)).exists()


def test_a_failed_login_for_a_name_that_is_no_account_is_recorded_with_that_name(client):
    _try(client, "khong-co-ai", "doan-sai", url=ADMIN_LOGIN)
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.summary == "khong-co-ai"
    assert event.object_id == ""
    assert event.detail["where"] == "admin"


def test_a_colleague_behind_the_same_office_router_still_signs_in(client):
    _guess(client, "chuyenvien", 10)
    assert _try(client, "lanhdao", DEMO_PASSWORD).status_code == 302


def test_the_owner_signing_in_from_elsewhere_is_not_locked_out_by_a_guesser(client):
    _guess(client, "chuyenvien", 10, address="192.0.2.66")
    assert _try(client, "chuyenvien", DEMO_PASSWORD, address=ELSEWHERE).status_code == 302


def test_one_address_trying_many_accounts_is_locked_and_its_neighbours_only_until_the_cool_off(client):
    for username in ("canboxa", "trungtam", "sotttt"):
        _guess(client, username, 9)
    _guess(client, "quantri", 3)
    refused = _try(client, "lanhdao", DEMO_PASSWORD)
    assert refused.status_code == 429
    assert "từ địa chỉ mạng này" in refused.content.decode()
    assert AuditEvent.objects.filter(action="auth.lockout", detail__scope="address").exists()
    _let_the_cool_off_pass()
    assert _try(client, "lanhdao", DEMO_PASSWORD).status_code == 302


def test_guesses_spread_over_many_addresses_lock_the_account_until_the_cool_off(client):
    for n in range(3):
        _guess(client, "chuyenvien", 10, address=f"192.0.2.{n + 1}")
    assert _try(client, "chuyenvien", DEMO_PASSWORD, address=ELSEWHERE).status_code == 429
    _let_the_cool_off_pass()
    assert _try(client, "chuyenvien", DEMO_PASSWORD, address=ELSEWHERE).status_code == 302


def test_the_lock_ends_by_itself_after_fifteen_minutes(client):
    _guess(client, "chuyenvien", 10)
    assert _try(client, "chuyenvien", DEMO_PASSWORD).status_code == 429
    _let_the_cool_off_pass()
    assert _try(client, "chuyenvien", DEMO_PASSWORD).status_code == 302
    assert _signed_in(client)


def test_tries_while_locked_check_no_password_and_do_not_extend_the_lock(client, monkeypatch):
    _guess(client, "chuyenvien", 10)
    locked_since = AccessAttempt.objects.get(username="chuyenvien").attempt_time
    hashed = []
    real_verify = MD5PasswordHasher.verify

    def counting_verify(self, password, encoded):
        hashed.append(password)
        return real_verify(self, password, encoded)

    monkeypatch.setattr(MD5PasswordHasher, "verify", counting_verify)
    for n in range(20):
        assert _try(client, "chuyenvien", f"doan-tiep-{n}").status_code == 429
    assert _try(client, "chuyenvien", DEMO_PASSWORD).status_code == 429
    assert hashed == []
    attempt = AccessAttempt.objects.get(username="chuyenvien")
    assert attempt.attempt_time == locked_since
    assert attempt.failures_since_start == 10


def test_a_locked_attempt_costs_a_few_queries(client, django_assert_max_num_queries):
    _guess(client, "chuyenvien", 10)
    with django_assert_max_num_queries(10):
        assert _try(client, "chuyenvien", DEMO_PASSWORD).status_code == 429


def test_the_lockout_page_offers_a_password_reset(client):
    _guess(client, "chuyenvien", 10)
    page = _try(client, "chuyenvien", DEMO_PASSWORD).content.decode()
    assert reverse("password_reset") in page

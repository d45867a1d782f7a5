"""Everybody can change their password, and get a new one by e-mail; weak passwords are refused."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from lantoa.core.models import AuditEvent
from lantoa.demo.services import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

GOOD = "Lua-chin-vang-dong-2023"


@pytest.fixture(autouse=True)
def quick_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _change(client, new, old=DEMO_PASSWORD):
    return client.post(
        reverse("password_change"), {"old_password": old, "new_password1": new, "new_password2": new}
    )


@pytest.fixture
def reporter(commune_reporter):
    commune_reporter.set_password(DEMO_PASSWORD)
    commune_reporter.email = "hung.tv@hoangxuan.example.gov.vn"
    commune_reporter.save()
    return commune_reporter


def test_a_commune_officer_finds_the_password_page_from_every_page(client, reporter):
    client.force_login(reporter)
    home = client.get(reverse("home")).content.decode()
    assert reverse("account") in home
    account = client.get(reverse("account")).content.decode()
    assert reverse("password_change") in account
    page = client.get(reverse("password_change")).content.decode()
    assert "Đổi mật khẩu" in page
    assert "Ít nhất 12 ký tự" in page


def test_a_commune_officer_changes_their_password_and_other_sessions_end(client, reporter):
    from django.test import Client

    other_phone = Client()
    other_phone.force_login(reporter)
    client.force_login(reporter)
    response = _change(client, GOOD)
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200  # this session goes on
    assert other_phone.get(reverse("home")).status_code == 302  # the other one ended
    reporter.refresh_from_db()
    assert reporter.check_password(GOOD)
    assert AuditEvent.objects.filter(action="auth.password_change", actor=reporter).exists()


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("ngan-qua1", "quá ngắn"),
        ("matkhau@2024!", "quá dễ đoán"),
        ("Lantoa-2023-!!", "quá dễ đoán"),
        ("qwertyuiop12", "quá dễ đoán"),
        ("aaaaaaaaaaaa1", "ký tự khác nhau"),
        ("1234567890123", "hoàn toàn là số"),
        ("canboxa-canboxa", "tên đăng nhập"),
    ],
)
def test_weak_passwords_are_refused_with_a_vietnamese_reason(client, reporter, password, why):
    client.force_login(reporter)
    response = _change(client, password)
    assert response.status_code == 200
    assert why in response.content.decode()
    reporter.refresh_from_db()
    assert reporter.check_password(DEMO_PASSWORD)


def test_a_passphrase_is_accepted():
    validate_password(GOOD, get_user_model()(username="canbo"))
    with pytest.raises(ValidationError):
        validate_password("x" * 129 + "Ab1-")


def test_the_wrong_old_password_changes_nothing(client, reporter):
    client.force_login(reporter)
    response = _change(client, GOOD, old="khong-phai")
    assert "Mật khẩu cũ không chính xác" in response.content.decode()


def _reset_link(message) -> str:
    return re.search(r"http://testserver(/quen-mat-khau/\S+/)", message.body).group(1)


def test_a_forgotten_password_is_reset_by_e_mail(client, reporter, settings):
    settings.LANTOA_BASE_URL = "http://testserver"
    page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in page
    response = client.post(reverse("password_reset"), {"email": reporter.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [reporter.email]
    assert "đặt lại mật khẩu" in message.subject
    assert "Chào Trần Văn Hùng" in message.body
    form_url = client.get(_reset_link(message), follow=True).redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": GOOD, "new_password2": GOOD}, follow=True)
    assert "Đã đặt mật khẩu mới" in done.content.decode()
    reporter.refresh_from_db()
    assert reporter.check_password(GOOD)
    assert client.post(reverse("login"), {"username": "canboxa", "password": GOOD}).status_code == 302
    actions = set(AuditEvent.objects.filter(object_id=str(reporter.pk)).values_list("action", flat=True))
    assert {"auth.password_reset_request", "auth.password_reset", "auth.login"} <= actions


def test_the_reset_link_works_once(client, reporter, settings):
    settings.LANTOA_BASE_URL = "http://testserver"
    client.post(reverse("password_reset"), {"email": reporter.email})
    link = _reset_link(mail.outbox[0])
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": GOOD, "new_password2": GOOD})
    again = client.get(link, follow=True).content.decode()
    assert "Đường dẫn này không còn dùng được" in again


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    response = client.post(reverse("password_reset"), {"email": "ai-do@example.com"}, follow=True)
    assert "Hãy kiểm tra hộp thư" in response.content.decode()
    assert mail.outbox == []
    assert AuditEvent.objects.get(action="auth.password_reset_request").detail == {"known": False}


def test_resetting_the_password_lifts_a_lockout_on_the_account(client, reporter, settings):
    settings.LANTOA_BASE_URL = "http://testserver"
    for n in range(10):
        client.post(reverse("login"), {"username": "canboxa", "password": f"sai-{n}"})
    assert (
        client.post(reverse("login"), {"username": "canboxa", "password": DEMO_PASSWORD}).status_code == 429
    )
    client.post(reverse("password_reset"), {"email": reporter.email})
    form_url = client.get(_reset_link(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": GOOD, "new_password2": GOOD})
    assert not AccessAttempt.objects.filter(username="canboxa").exists()
    assert client.post(reverse("login"), {"username": "canboxa", "password": GOOD}).status_code == 302
    assert AuditEvent.objects.get(action="auth.password_reset").detail == {"lockout_lifted": True}

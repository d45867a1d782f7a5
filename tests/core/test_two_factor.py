"""The second factor: an officer sets up an authenticator app from a QR code, then every login asks for
its code after the password — on the app's login page and the admin's. Codes are computed here from the
secret the page shows, exactly as a phone app computes them (RFC 6238)."""

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantoa.core.models import AuditEvent
from lantoa.demo.services import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.contrib.auth import get_user_model

    for user in get_user_model().objects.filter(username__in=["chuyenvien", "quantri", "canboxa"]):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])


def totp(secret: str, *, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows for this base32 secret (RFC 6238, SHA-1, 30 s)."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def _sign_in(client, username, url="/dang-nhap/"):
    return client.post(url, {"username": username, "password": DEMO_PASSWORD})


def _enrol(client) -> tuple[str, list[str]]:
    """Set up the app from the page; returns the secret shown and the backup codes."""
    client.post(reverse("two_factor_enrol"), {"action": "start"})
    page = client.get(reverse("two_factor_enrol")).content.decode()
    assert '<svg class="qr"' in page
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page).group(1)
    done = client.post(reverse("two_factor_enrol"), {"action": "confirm", "otp_token": totp(secret)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>(\d{8})</code></li>", done.content.decode())
    return secret, codes


def _later(secret: str) -> str:
    # The app's next code: the one just used cannot be replayed, the next window is accepted.
    return totp(secret, at=time.time() + 30)


def test_an_officer_sets_up_the_app_from_a_qr_code_and_gets_ten_backup_codes(client, officer):
    client.force_login(officer)
    account = client.get(reverse("account")).content.decode()
    assert "Bật xác thực hai bước" in account
    secret, codes = _enrol(client)
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=officer).confirmed
    assert AuditEvent.objects.filter(action="auth.2fa_enrol", actor=officer).exists()
    assert "Đang bật" in client.get(reverse("account")).content.decode()
    assert secret


def test_the_qr_code_page_draws_no_inline_style(client, officer):
    client.force_login(officer)
    client.post(reverse("two_factor_enrol"), {"action": "start"})
    page = client.get(reverse("two_factor_enrol")).content.decode()
    assert "style=" not in page
    assert "otpauth://" not in page  # the secret is in the QR's drawing, not in a link


def test_after_the_password_the_officer_must_give_the_code_before_any_page(client, officer):
    client.force_login(officer)
    secret, _codes = _enrol(client)
    client.post(reverse("logout"))
    response = _sign_in(client, "chuyenvien")
    assert response.status_code == 302
    blocked = client.get(reverse("directives:list"))
    assert blocked["Location"].startswith(reverse("two_factor_verify"))
    wrong = client.post(reverse("two_factor_verify"), {"otp_token": "000000"})
    assert wrong.status_code == 400
    assert "Mã không đúng" in wrong.content.decode()
    time.sleep(1.1)  # the app throttles: a second try waits a second after one wrong code
    ok = client.post(reverse("two_factor_verify") + "?next=/van-ban/", {"otp_token": _later(secret)})
    assert ok["Location"] == "/van-ban/"
    assert client.get(reverse("directives:list")).status_code == 200
    actions = list(AuditEvent.objects.filter(actor=officer).values_list("action", flat=True))
    assert "auth.2fa_failed" in actions
    assert "auth.2fa_verify" in actions


def test_wrong_codes_in_a_row_make_the_next_try_wait(client, officer):
    client.force_login(officer)
    secret, _codes = _enrol(client)
    client.post(reverse("logout"))
    _sign_in(client, "chuyenvien")
    client.post(reverse("two_factor_verify"), {"otp_token": "111111"})
    refused = client.post(reverse("two_factor_verify"), {"otp_token": _later(secret)})
    assert "hãy chờ" in refused.content.decode()


def test_the_admin_login_asks_for_the_code_too(client, site_admin):
    client.force_login(site_admin)
    secret, _codes = _enrol(client)
    client.post(reverse("logout"))
    assert _sign_in(client, "quantri", url="/quan-tri/login/?next=/quan-tri/").status_code == 302
    blocked = client.get("/quan-tri/")
    assert blocked["Location"].startswith(reverse("two_factor_verify"))
    client.post(reverse("two_factor_verify"), {"otp_token": _later(secret)})
    assert client.get("/quan-tri/").status_code == 200


def test_a_backup_code_works_once_when_the_phone_is_lost(client, officer):
    client.force_login(officer)
    _secret, codes = _enrol(client)
    client.post(reverse("logout"))
    _sign_in(client, "chuyenvien")
    assert client.post(reverse("two_factor_verify"), {"otp_token": codes[0]}).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    _sign_in(client, "chuyenvien")
    time.sleep(1.1)
    assert client.post(reverse("two_factor_verify"), {"otp_token": codes[0]}).status_code == 400


def test_when_the_setting_requires_it_an_officer_must_set_it_up_before_working(client, officer, settings):
    settings.LANTOA_REQUIRE_2FA_ROLES = frozenset({"admin", "officer"})
    _sign_in(client, "chuyenvien")
    response = client.get(reverse("directives:list"))
    assert response["Location"].startswith(reverse("two_factor_enrol"))
    page = client.get(response["Location"]).content.decode()
    assert "bắt buộc" in page
    _enrol(client)
    assert client.get(reverse("directives:list")).status_code == 200


def test_a_commune_officer_is_not_required_when_only_officers_and_admins_are(client, settings):
    settings.LANTOA_REQUIRE_2FA_ROLES = frozenset({"admin", "officer"})
    _sign_in(client, "canboxa")
    assert client.get(reverse("home")).status_code == 200


def test_a_person_turns_it_off_with_a_current_code_unless_their_role_requires_it(client, officer, settings):
    client.force_login(officer)
    secret, _codes = _enrol(client)
    settings.LANTOA_REQUIRE_2FA_ROLES = frozenset({"officer"})
    refused = client.post(reverse("two_factor_disable"), {"otp_token": _later(secret)}, follow=True)
    assert "bắt buộc" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=officer).exists()
    settings.LANTOA_REQUIRE_2FA_ROLES = frozenset()
    client.post(reverse("two_factor_disable"), {"otp_token": _later(secret)})
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert AuditEvent.objects.filter(action="auth.2fa_disable", actor=officer).exists()


def test_an_administrator_removes_the_second_factor_of_someone_who_lost_their_phone(
    client, officer, site_admin
):
    client.force_login(officer)
    _enrol(client)
    client.force_login(site_admin)
    response = client.post(
        "/quan-tri/auth/user/",
        {"action": "reset_second_factor", "_selected_action": [officer.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=officer).exists()
    event = AuditEvent.objects.get(action="admin.2fa_reset")
    assert (event.actor, event.object_id) == (site_admin, str(officer.pk))

"""A commune officer signs in on a phone-sized screen."""

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_commune_officer_signs_in_on_a_phone_and_sees_their_commune(phone, shot):
    phone.goto("/")
    assert "/dang-nhap/" in phone.url
    shot(phone, "01-login-phone")
    login(phone, "canboxa")
    body = phone.inner_text("main")
    assert "Trần Văn Hùng" in body
    assert "UBND xã Hoằng Xuân" in body
    assert "Cán bộ báo cáo" in body
    # Nothing overflows the 360-px screen sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "02-home-phone")

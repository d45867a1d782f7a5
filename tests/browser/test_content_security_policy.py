"""The Content-Security-Policy holds in a real browser: the pages and htmx work under it, and a violation
is caught (the conftest's `phone` fixture fails any browser test that causes one)."""

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_an_inline_style_or_script_is_blocked_and_reported(phone, csp_violations):
    phone.goto("/dang-nhap/")
    phone.evaluate(
        """() => {
        const box = document.createElement("div");
        box.innerHTML = '<p id="red" style="color: rgb(255, 0, 0)">x</p><img src="x" onerror="window.hacked = 1">';
        document.body.appendChild(box);
        const s = document.createElement("script");
        s.textContent = "window.injected = 1";
        document.body.appendChild(s);
    }"""
    )
    phone.wait_for_timeout(300)
    assert phone.evaluate("getComputedStyle(document.getElementById('red')).color") != "rgb(255, 0, 0)"
    assert phone.evaluate("window.injected") is None
    assert phone.evaluate("window.hacked") is None
    caught = list(csp_violations)
    csp_violations.clear()  # expected here; anywhere else the fixture fails the test
    assert any("style-src" in v for v in caught), caught
    assert any("script-src" in v for v in caught), caught


def test_the_officer_pages_and_the_admin_load_with_no_violation(phone, shot):
    login(phone, "chuyenvien")
    for path in (
        "/",
        "/van-ban/",
        "/van-ban/nhap/",
        "/hoat-dong/",
        "/bang-dieu-khien/",
        "/thong-bao/",
        "/tai-khoan/",
    ):
        phone.goto(path)
        assert phone.evaluate("typeof htmx") == "object", path
    phone.goto("/tai-khoan/xac-thuc-hai-buoc/")
    phone.click("text=Bắt đầu thiết lập")
    assert phone.locator("svg.qr").is_visible()
    shot(phone, "account-2fa-enrol")
    phone.context.clear_cookies()
    login(phone, "quantri")
    phone.goto("/quan-tri/")
    assert "Quản trị" in phone.inner_text("body")

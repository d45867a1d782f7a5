"""The officer imports, checks and submits the example on a 360-px phone, the leader signs it; the commune
officer reads it."""

from pathlib import Path

import pytest

from tests.browser.conftest import confirm, login, open_menu

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).parents[1] / "documents" / "fixtures" / "cong-van-ngay-cds-2023.txt"


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_officer_imports_checks_and_submits_the_example_and_the_leader_signs_on_a_phone(
    phone, shot, browser, live_server
):
    login(phone, "chuyenvien")
    open_menu(phone)
    phone.click("text=Văn bản chỉ đạo")
    phone.click("text=Nhập văn bản")
    _fits(phone)
    phone.fill("#id_text", EXAMPLE.read_text(encoding="utf-8"))
    phone.click("main form.dform button[type=submit]")
    phone.wait_for_url("**/sua/")
    body = phone.inner_text("main")
    assert "38 đơn vị" in body
    assert phone.locator("mark").count() == 8
    _fits(phone)
    shot(phone, "directives-01-proposal-phone")

    desk = browser.new_context(
        viewport={"width": 1366, "height": 900}, locale="vi-VN", base_url=live_server.url
    )
    page = desk.new_page()
    login(page, "chuyenvien")
    page.goto(phone.url)
    # On a desk the proposal and the text sit side by side.
    proposal, text = page.locator(".proposal").bounding_box(), page.locator(".source-pane").bounding_box()
    assert text["x"] > proposal["x"] + proposal["width"] - 1
    shot(page, "directives-00-proposal-desktop")

    phone.click("a[href='#task-3']")
    assert phone.evaluate("location.hash") == "#task-3"
    phone.click("text=Sửa nhiệm vụ, thêm hoặc bớt đơn vị >> nth=6")
    _fits(phone)
    shot(phone, "directives-02-task-phone")
    phone.go_back()

    phone.click("#giao button[type=submit]")
    phone.wait_for_url("**/van-ban/*/")
    assert "Chờ ký duyệt" in phone.inner_text("main")
    directive_url = phone.url

    phone.context.clear_cookies()
    login(phone, "lanhdao")
    phone.goto(directive_url)
    phone.click("button:has-text('Ký duyệt và giao nhiệm vụ')")
    confirm(phone)
    phone.wait_for_url(directive_url)
    assert "Đơn vị thực hiện (38)" in phone.inner_text("main")
    _fits(phone)
    shot(phone, "directives-03-issued-phone")

    page.goto(phone.url)
    shot(page, "directives-04-issued-desktop")
    desk.close()

    phone.context.clear_cookies()
    login(phone, "canboxa")
    phone.goto("/van-ban/")
    phone.click("ul.directive-list a")
    body = phone.inner_text("main")
    assert "Đơn vị thực hiện (1)" in body
    assert "UBND xã Hoằng Xuân" in body
    _fits(phone)
    shot(phone, "directives-05-commune-phone")

"""The site's frame at 360 px and 1,366 px: on a phone the menu is one line (≤ 56 px) that opens under
"Menu" and the review table reads as cards with nothing cut off; on a desktop the same table uses the
width. Screenshots land in build/screenshots."""

import pytest

from tests.browser.conftest import login, open_menu
from tests.browser.test_a_working_day_that_flows import DESKTOP, _example, _fits, _submit

pytestmark = pytest.mark.browser


def test_on_a_phone_the_menu_is_one_short_line_that_opens_under_menu(phone, shot):
    login(phone, "chuyenvien")
    bar = phone.locator("header.topbar").bounding_box()
    assert bar["height"] <= 56
    assert not phone.locator("#site-menu a:has-text('Văn bản chỉ đạo')").is_visible()
    assert phone.locator("header .bell").is_visible()  # told of news without opening anything
    shot(phone, "frame-01-phone-menu-closed")
    open_menu(phone)
    assert phone.locator("#site-menu a:has-text('Văn bản chỉ đạo')").is_visible()
    shot(phone, "frame-02-phone-menu-open")
    phone.click("#site-menu a:has-text('Văn bản chỉ đạo')")
    phone.wait_for_url("**/van-ban/")
    _fits(phone)


def test_the_review_table_is_cards_on_a_phone_and_uses_the_width_on_a_desktop(
    phone, browser, live_server, shot
):
    directive = _example(issued=True)
    _submit(directive)
    login(phone, "chuyenvien")
    phone.goto(f"/bao-cao/van-ban/{directive.pk}/")
    table = phone.locator("table.review")
    assert "cards" in table.get_attribute("class")
    assert not phone.locator("table.review thead").is_visible()
    first = phone.locator("table.review tbody tr").first
    assert first.locator("td[data-label='Trạng thái']").count() == 1
    _fits(phone)
    shot(phone, "frame-03-review-cards-on-a-phone")

    context = browser.new_context(viewport=DESKTOP, locale="vi-VN", base_url=live_server.url)
    desk = context.new_page()
    try:
        login(desk, "chuyenvien")
        desk.goto(f"/bao-cao/van-ban/{directive.pk}/")
        assert desk.locator("table.review thead").is_visible()
        # Wider than the 60rem (960 px) column the text pages keep to.
        assert desk.locator("main.content").bounding_box()["width"] > 1100
        assert not desk.locator("label.menu-button").is_visible()
        shot(desk, "frame-04-review-table-on-a-desktop")
    finally:
        context.close()

"""Finding things in real Chromium: the unit picker narrows as a name is typed (htmx type-ahead, no page
load, typed without diacritics); the directives list finds a công văn by its number."""

import pytest

from tests.browser.conftest import login
from tests.browser.test_a_working_day_that_flows import _example

pytestmark = pytest.mark.browser


def test_the_unit_picker_narrows_as_the_officer_types_a_name(phone, shot):
    directive = _example(issued=False)
    task = directive.tasks.order_by("position").first()
    login(phone, "chuyenvien")
    phone.goto(f"/van-ban/{directive.pk}/nhiem-vu/{task.pk}/#them-don-vi")
    choices = phone.locator("#unit-choices input[type=checkbox]")
    assert choices.count() > 20
    phone.evaluate("window.lantoaMarker = 'typed here'")
    phone.locator("#tim-don-vi").press_sequentially("hoang xuan", delay=30)
    # (wait_for_function would evaluate a string, which the Content-Security-Policy forbids)
    for _ in range(50):
        if choices.count() < 5:
            break
        phone.wait_for_timeout(100)
    assert 0 < choices.count() < 5
    assert "Hoằng Xuân" in phone.inner_text("#unit-choices")
    assert phone.evaluate("window.lantoaMarker") == "typed here"  # the list changed, the page stayed
    shot(phone, "finding-01-unit-type-ahead")


def test_the_officer_finds_a_directive_by_its_number(phone, shot):
    directive = _example(issued=True)
    login(phone, "chuyenvien")
    phone.goto("/van-ban/")
    phone.fill("#directive-q", "1234/ubnd")
    phone.click(".directive-search button[type=submit]")
    phone.wait_for_url("**/van-ban/?q=*")
    assert "1 văn bản khớp" in phone.inner_text("#search-count")
    assert phone.locator(f"a[href='/van-ban/{directive.pk}/']").count() == 1
    shot(phone, "finding-02-directive-search")


def test_the_unit_search_page_answers_as_the_name_is_typed(phone, shot):
    login(phone, "chuyenvien")
    phone.goto("/don-vi/")
    phone.evaluate("window.lantoaMarker = 'typed here'")
    phone.locator("#tim-don-vi").press_sequentially("phong van hoa", delay=30)
    results = phone.locator("#unit-results li")
    for _ in range(50):
        if results.count():
            break
        phone.wait_for_timeout(100)
    assert "Phòng Văn hóa và Thông tin" in phone.inner_text("#unit-results")
    assert phone.evaluate("window.lantoaMarker") == "typed here"
    assert "q=phong" in phone.url  # the address follows, so the search can be shared or reloaded
    shot(phone, "finding-03-unit-search-type-ahead")

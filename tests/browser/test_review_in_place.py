"""On a phone, the officer accepts a report from the review list and only that row changes: no page load,
the scroll position stays, the counts of the filter bar follow."""

import datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from lantoa.directives.services import create_directive_from_parse, update_directive
from lantoa.documents import parse_text
from lantoa.reports.models import Report, ReportState
from lantoa.reports.services import save_report, submit_report
from lantoa.units.models import Unit, UnitKind
from tests.browser.conftest import confirm, login
from tests.signing import sign_and_issue

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).parents[1] / "documents" / "fixtures" / "cong-van-ngay-cds-2023.txt"


def _submitted_report() -> Report:
    """The example prepared by the Phòng VH&TT and signed by the UBND huyện's leader, and UBND xã Hoằng Xuân's report submitted by its reporter."""
    users = get_user_model().objects
    officer, reporter = users.get(username="chuyenvien"), users.get(username="canboxa")
    district = Unit.objects.get(code_legacy="399")
    office = Unit.objects.get(parent=district, kind=UnitKind.OFFICE, name__startswith="Phòng Văn hóa")
    text = EXAMPLE.read_text(encoding="utf-8")
    directive = create_directive_from_parse(
        issuer=district,
        office=office,
        actor=officer,
        parsed=parse_text(text),
        source_text=text,
        source_name=EXAMPLE.name,
    )
    update_directive(
        directive=directive, actor=officer, number="1234/UBND-VHTT", issued_on=datetime.date(2023, 9, 25)
    )
    sign_and_issue(directive, preparer=officer, signer=users.get(username="lanhdao"))
    report = Report.objects.select_related("directive", "unit").get(
        directive=directive, unit__code_legacy="15877"
    )
    report = save_report(
        report=report,
        actor=reporter,
        results="Xã đã phát 2 bản tin trên đài truyền thanh xã.",
        difficulties="",
        proposals="",
    )
    return submit_report(report=report, actor=reporter)


def test_the_officer_accepts_a_report_and_only_its_row_changes(phone, shot):
    report = _submitted_report()
    login(phone, "chuyenvien")
    phone.goto(f"/bao-cao/van-ban/{report.directive_id}/")
    review_url = phone.url
    assert phone.inner_text("#tab-submitted") == "Đã nộp (1)"
    row = phone.locator("tr", has_text="UBND xã Hoằng Xuân")
    row.scroll_into_view_if_needed()
    phone.evaluate("window.lantoaMarker = 'before the click'")
    scrolled = phone.evaluate("window.scrollY")
    assert scrolled > 0  # the row is far down the list of 38 units

    row.locator("button", has_text="Duyệt").click()
    assert "Duyệt báo cáo của UBND xã Hoằng Xuân?" in confirm(phone, navigates=False)
    phone.wait_for_selector("text=Đã duyệt báo cáo của UBND xã Hoằng Xuân.")

    row = phone.locator("tr", has_text="UBND xã Hoằng Xuân")
    assert row.locator(".state").inner_text() == "Đã duyệt"
    assert row.locator("button").count() == 0
    assert phone.inner_text("#tab-submitted") == "Đã nộp (0)"
    assert phone.inner_text("#tab-accepted") == "Đã duyệt (1)"
    # No navigation: same address, one navigation entry, the page's script state survived, same place.
    assert phone.url == review_url
    assert phone.evaluate("performance.getEntriesByType('navigation').length") == 1
    assert phone.evaluate("window.lantoaMarker") == "before the click"
    # Same place: no jump to the top; the row stays on the screen. On a phone the rows are cards, and when the
    # accepted card loses its buttons the browser keeps the next card still, so the offset moves by as much.
    box = row.bounding_box()
    assert phone.evaluate("window.scrollY") > 0
    assert box["y"] < 780
    assert box["y"] + box["height"] > 0
    # The swapped-in tab kept its link and the filter still works as a plain link.
    assert phone.get_attribute("#tab-accepted", "href") == "?state=accepted"
    phone.evaluate(
        "document.querySelector('.scroll').scrollLeft = 0"
    )  # the click scrolled the table sideways
    shot(phone, "review-accepted-in-place")

    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED

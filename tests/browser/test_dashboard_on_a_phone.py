"""On a 360-px phone the officer opens a campaign's dashboard: the progress figures read, the charts are
drawn by the server as SVG and fit the screen."""

import datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from lantoa.activities.models import Activity
from lantoa.directives.services import create_directive_from_parse, update_directive
from lantoa.documents import parse_text
from lantoa.reports.models import Report
from lantoa.reports.services import accept_report, save_report, submit_report
from lantoa.units.models import Unit, UnitKind
from tests.browser.conftest import login, open_menu
from tests.signing import sign_and_issue

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).parents[1] / "documents" / "fixtures" / "cong-van-ngay-cds-2023.txt"


def _campaign():
    """The example issued by the Phòng VH&TT; UBND xã Hoằng Xuân logs two bulletins and reports, accepted."""
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
    for day in (2, 3):
        Activity.objects.create(
            unit=report.unit,
            created_by=reporter,
            type="broadcast",
            occurred_on=datetime.date(2023, 10, day),
            title=f"Bản tin chuyển đổi số ngày {day}",
            minutes=10,
            plays=2,
        )
    report = save_report(
        report=report, actor=reporter, results="Xã đã phát 2 bản tin.", difficulties="", proposals=""
    )
    report = submit_report(report=report, actor=reporter)
    accept_report(report=report, actor=officer)
    return directive


def test_the_officer_reads_the_campaign_progress_on_a_phone(phone, shot):
    directive = _campaign()
    login(phone, "chuyenvien")
    open_menu(phone)
    phone.click("text=Tiến độ")
    phone.click(f"a[href='/bang-dieu-khien/van-ban/{directive.pk}/']")
    assert phone.inner_text("#progress-figure").startswith("1/38")
    assert "3%" in phone.inner_text("#progress-figure")
    assert phone.inner_text("#count-accepted .n") == "1"
    assert phone.inner_text("#count-missing .n") == "37"
    chart = phone.locator("#so-lieu figure", has_text="Phát thanh, truyền thanh").locator("svg.chart")
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box is not None
    assert 200 < box["width"] <= 360
    assert box["height"] > 50
    assert "UBND xã Hoằng Xuân" in chart.inner_html()
    # Nothing is wider than the phone: no sideways scrolling of the page.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.click("#hoat-dong summary")
    assert phone.locator("#hoat-dong td", has_text="02/10/2023").count() == 1
    phone.evaluate("window.scrollTo(0, 0)")
    shot(phone, "dashboard-phone")

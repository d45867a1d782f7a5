"""Trình ký → ký duyệt on a 360-px phone: the officer submits the prepared directive with a note, the leader of
the UBND huyện finds it waiting, reads who submitted it and why, and signs it, which issues it."""

import datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from lantoa.directives.models import Directive, DirectiveState
from lantoa.directives.services import create_directive_from_parse, update_directive
from lantoa.documents import parse_text
from lantoa.reports.models import Report
from lantoa.units.models import Unit, UnitKind
from tests.browser.conftest import confirm, login

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).parents[1] / "documents" / "fixtures" / "cong-van-ngay-cds-2023.txt"


def _prepared() -> Directive:
    """The example as the Phòng VH&TT prepared it in the name of the UBND huyện, ready to submit."""
    officer = get_user_model().objects.get(username="chuyenvien")
    district = Unit.objects.get(code_legacy="399")
    office = Unit.objects.get(parent=district, kind=UnitKind.OFFICE, name__startswith="Phòng Văn hóa")
    text = EXAMPLE.read_text(encoding="utf-8")
    directive = create_directive_from_parse(
        issuer=district, office=office, actor=officer, parsed=parse_text(text), source_text=text
    )
    return update_directive(
        directive=directive, actor=officer, number="1234/UBND-VHTT", issued_on=datetime.date(2023, 9, 25)
    )


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_submit_for_signature_then_sign_on_a_phone(phone, shot):
    directive = _prepared()
    detail = f"/van-ban/{directive.pk}/"

    login(phone, "chuyenvien")
    phone.goto(f"{detail}sua/#giao")
    phone.fill("#id_note", "Kính trình đồng chí Phó Chủ tịch ký ban hành.")
    _fits(phone)
    phone.click("#giao button[type=submit]")
    phone.wait_for_url(f"**{detail}")
    main = phone.inner_text("main")
    assert "Chờ ký duyệt" in main
    assert "Đang chờ lãnh đạo UBND huyện Hoằng Hóa ký duyệt" in main
    _fits(phone)
    shot(phone, "signing-01-officer-submitted")

    phone.context.clear_cookies()
    login(phone, "lanhdao")
    phone.goto("/van-ban/")
    assert "1 văn bản chờ bạn ký duyệt" in phone.inner_text("main")
    phone.goto("/van-ban/cho-ky/")
    assert "Văn bản chờ ký duyệt (1)" in phone.inner_text("main")
    phone.click("ul.directive-list a.title")
    phone.wait_for_url(f"**{detail}#ky-duyet")
    card = phone.inner_text("#ky-duyet")
    assert "Nguyễn Thị Lan" in card
    assert "Kính trình đồng chí Phó Chủ tịch ký ban hành." in card
    _fits(phone)
    shot(phone, "signing-02-leader-waiting")

    phone.click("button:has-text('Ký duyệt và giao nhiệm vụ')")
    confirm(phone)
    phone.wait_for_url(f"**{detail}")
    main = phone.inner_text("main")
    assert "Đã ký duyệt và giao nhiệm vụ" in main
    assert "Đơn vị thực hiện (38)" in main
    _fits(phone)
    shot(phone, "signing-03-leader-signed")

    directive.refresh_from_db()
    assert directive.state == DirectiveState.ISSUED
    assert directive.signed_by.username == "lanhdao"
    assert Report.objects.filter(directive=directive).count() == 38

"""A working day in real Chromium, at 360 px and 1,366 px: the officer's and the commune's “Việc cần làm”;
the leader asked in a dialog before issuing; the commune told in Lantoa when its report is returned, and the
office when it comes back. Screenshots land in build/screenshots."""

import pytest
from django.contrib.auth import get_user_model

from lantoa.directives.models import Directive
from lantoa.reports.models import Report, ReportState
from lantoa.reports.services import save_report, submit_report
from lantoa.units.models import Unit
from tests.browser.conftest import confirm, login

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}


def _fits(page, width: int = 360) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def _switch(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def _example(*, issued: bool) -> Directive:
    """The example công văn, prepared by the Phòng VH&TT for the UBND huyện; issued when asked."""
    import datetime

    from lantoa.directives.services import create_directive_from_parse
    from lantoa.documents import parse_text
    from tests.signing import sign_and_issue

    users = get_user_model().objects
    district = Unit.objects.get(code_legacy="399")
    office = Unit.objects.get(parent=district, kind="office", name__startswith="Phòng Văn hóa")
    from lantoa.demo.campaign_2023 import example_text

    source = example_text()
    directive = create_directive_from_parse(
        issuer=district,
        office=office,
        actor=users.get(username="chuyenvien"),
        parsed=parse_text(source),
        source_text=source,
        source_name="cong-van-ngay-cds-2023.txt",
    )
    directive.number = "1234/UBND-VHTT"
    directive.issued_on = datetime.date(2023, 9, 25)
    directive.save(update_fields=["number", "issued_on"])
    if issued:
        sign_and_issue(
            directive, preparer=users.get(username="chuyenvien"), signer=users.get(username="lanhdao")
        )
    return directive


def _submit(directive: Directive) -> Report:
    reporter = get_user_model().objects.get(username="canboxa")
    report = Report.objects.get(directive=directive, unit__code_legacy="15877")
    save_report(report=report, actor=reporter, results="Xã đã phát 2 bản tin.", difficulties="", proposals="")
    return submit_report(report=report, actor=reporter)


def test_the_leader_is_asked_in_a_dialog_before_issuing_to_38_units(phone, shot):
    directive = _example(issued=False)
    from lantoa.directives.lifecycle import submit_for_signature

    submit_for_signature(directive=directive, actor=get_user_model().objects.get(username="chuyenvien"))
    login(phone, "lanhdao")
    phone.goto("/")
    assert "1 văn bản chờ bạn ký duyệt" in phone.inner_text("main")
    _fits(phone)
    shot(phone, "flow-01-leader-viec-can-lam")
    phone.goto(f"/van-ban/{directive.pk}/")
    phone.click("button:has-text('Ký duyệt và giao nhiệm vụ')")
    dialog = phone.locator("dialog.confirm-dialog[open]")
    dialog.wait_for()
    said = dialog.inner_text()
    assert "Ký duyệt và giao nhiệm vụ?" in said
    assert "giao 8 nhiệm vụ cho 38 đơn vị" in said
    assert "Sau khi giao không sửa nhiệm vụ, đơn vị được nữa." in said
    shot(phone, "flow-02-confirm-before-issuing")
    dialog.locator("button.confirm-no").click()  # "Thôi": nothing happens
    directive.refresh_from_db()
    assert directive.state == "pending"
    phone.click("button:has-text('Ký duyệt và giao nhiệm vụ')")
    confirm(phone)
    phone.wait_for_url(f"**/van-ban/{directive.pk}/")
    assert "Đơn vị thực hiện (38)" in phone.inner_text("main")
    directive.refresh_from_db()
    assert directive.state == "issued"
    # The issued page shows the units each task really went to, grouped.
    assert "xã, phường, thị trấn — UBND huyện Hoằng Hóa" in phone.inner_text("#nhiem-vu")
    _fits(phone)
    shot(phone, "flow-03-issued-units-grouped")


def test_the_commune_and_the_office_each_see_their_day(phone, browser, live_server, shot):
    directive = _example(issued=True)
    login(phone, "canboxa")
    phone.goto("/")
    main = phone.inner_text("main")
    assert "Việc cần làm" in main
    assert "1 báo cáo đơn vị cần làm" in main
    assert "Nhiệm vụ mới" not in main  # the news is in the bell, the work is here
    assert phone.locator(".bell .badge").inner_text() == "1"  # told of the new task
    _fits(phone)
    shot(phone, "flow-04-commune-viec-can-lam")

    _submit(directive)
    _switch(phone, "chuyenvien")
    phone.goto("/")
    main = phone.inner_text("main")
    assert "1 báo cáo chờ kiểm tra" in main
    assert "quá hạn" in main  # the 2023 deadline has long passed for the 37 others
    assert phone.locator("#qua-han button", has_text="Nhắc ngay").count() == 20
    _fits(phone)
    shot(phone, "flow-05-officer-viec-can-lam")

    desk = browser.new_context(viewport=DESKTOP, locale="vi-VN", base_url=live_server.url)
    page = desk.new_page()
    login(page, "chuyenvien")
    page.goto("/")
    _fits(page, DESKTOP["width"])
    shot(page, "flow-06-officer-viec-can-lam-desktop")
    desk.close()


def test_the_commune_is_told_of_a_return_and_the_office_of_the_resubmission(phone, shot):
    directive = _example(issued=True)
    report = _submit(directive)

    login(phone, "chuyenvien")
    phone.goto(f"/bao-cao/{report.pk}/")
    phone.fill("#id_reason", "Đề nghị bổ sung ảnh buổi phát thanh.")
    phone.click("text=Trả lại báo cáo")
    phone.wait_for_load_state()

    _switch(phone, "canboxa")
    phone.goto("/")
    assert phone.locator(".bell .badge").inner_text() == "2"  # the new task, and now the return
    main = phone.inner_text("main")
    assert "1 bị trả lại" in main
    assert "Đề nghị bổ sung ảnh buổi phát thanh." in main
    phone.click(".bell")
    phone.wait_for_url("**/thong-bao/")
    inbox = phone.inner_text("main")
    assert "Báo cáo bị trả lại: Công văn số 1234/UBND-VHTT" in inbox
    assert "Lý do: Đề nghị bổ sung ảnh buổi phát thanh." in inbox
    _fits(phone)
    shot(phone, "flow-07-commune-told-of-the-return")
    phone.locator("li.card", has_text="Báo cáo bị trả lại").locator("button", has_text="Mở").click()
    phone.wait_for_url(f"**/bao-cao/{report.pk}/")
    phone.click("text=Sửa báo cáo")
    phone.fill("#id_results", "Xã đã phát 2 bản tin; ảnh buổi phát thanh đã bổ sung.")
    phone.click("text=Lưu báo cáo")
    phone.wait_for_url(f"**/bao-cao/{report.pk}/")
    phone.click("button:has-text('Nộp lại báo cáo')")
    assert "Nộp lại báo cáo?" in confirm(phone)
    phone.wait_for_url(f"**/bao-cao/{report.pk}/")

    _switch(phone, "chuyenvien")
    phone.goto("/thong-bao/")
    inbox = phone.inner_text("main")
    assert "Báo cáo nộp lại (lần 2): UBND xã Hoằng Xuân" in inbox
    _fits(phone)
    shot(phone, "flow-08-office-told-of-the-resubmission")
    report.refresh_from_db()
    assert (report.state, report.version) == (ReportState.SUBMITTED, 2)

"""The whole campaign loop in real Chromium on a phone-sized screen.

The officer uploads the example công văn as a PDF, confirms it and submits it for signature; the leader of
the UBND huyện signs it, which issues it; the commune officer logs a broadcast with a photo from the phone
and submits; the officer returns it with a reason; the commune
officer fixes it and resubmits; the officer accepts. Screenshots of the key pages land in build/screenshots.
"""

import io
from pathlib import Path

import pytest

from lantoa.reports.models import Report, ReportState, ReportTransition
from tests.browser.conftest import confirm, login

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).parents[1] / "documents" / "fixtures" / "cong-van-ngay-cds-2023.txt"
SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def _example_pdf(folder: Path) -> Path:
    """The example as a PDF with a text layer, the way offices receive it."""
    if not Path(SERIF).exists():
        pytest.skip(f"font {SERIF} is missing (apt-get install fonts-dejavu-core)")
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 15)
    pdf.add_font("Serif", "", SERIF)
    pdf.set_font("Serif", size=10)
    pdf.add_page()
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        pdf.cell(0, 6, line.strip(), new_x="LMARGIN", new_y="NEXT")
    path = folder / "cong-van-ngay-cds-2023.pdf"
    pdf.output(str(path))
    return path


def _photo(folder: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 600), (200, 220, 240))
    ImageDraw.Draw(image).text((40, 280), "Loa truyen thanh xa Hoang Xuan", fill=(0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    path = folder / "IMG_20231005_0930.jpg"
    path.write_bytes(buffer.getvalue())
    return path


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def _switch(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def test_the_whole_campaign_loop_on_a_phone(phone, shot, tmp_path):
    # 1. The officer of the Phòng VH&TT uploads the PDF and issues it.
    login(phone, "chuyenvien")
    phone.goto("/van-ban/nhap/")
    phone.set_input_files("#id_file", str(_example_pdf(tmp_path)))
    phone.click("main form.dform button[type=submit]")
    phone.wait_for_url("**/sua/")
    proposal = phone.inner_text("main")
    assert "38 đơn vị" in proposal
    assert phone.locator("mark").count() == 8
    _fits(phone)
    shot(phone, "loop-01-officer-proposal")
    phone.click("#giao button[type=submit]")
    phone.wait_for_url("**/van-ban/*/")
    assert "Chờ ký duyệt" in phone.inner_text("main")
    directive_url = phone.url
    shot(phone, "loop-02-officer-submitted")

    # 1b. The leader of the UBND huyện finds it waiting and signs it: only now is it issued.
    _switch(phone, "lanhdao")
    phone.goto("/van-ban/")
    phone.click("text=văn bản chờ bạn ký duyệt")
    phone.wait_for_url("**/cho-ky/")
    phone.click("ul.directive-list a.title")
    phone.wait_for_url(directive_url + "#ky-duyet")
    phone.click("button:has-text('Ký duyệt và giao nhiệm vụ')")
    assert "giao 8 nhiệm vụ cho 38 đơn vị" in confirm(phone)
    phone.wait_for_url(directive_url)
    assert "Đơn vị thực hiện (38)" in phone.inner_text("main")
    _fits(phone)
    shot(phone, "loop-02b-leader-signed")

    # 2. The commune officer finds the task, logs a broadcast with a photo, writes the report and submits.
    _switch(phone, "canboxa")
    phone.goto("/bao-cao/nhiem-vu/")
    assert "UBND xã Hoằng Xuân" in phone.inner_text("main")
    _fits(phone)
    shot(phone, "loop-03-commune-my-tasks")
    phone.click("text=Làm báo cáo")
    phone.wait_for_url("**/bao-cao/*/")
    report_url = phone.url
    phone.click("text=+ Ghi hoạt động")
    phone.click("text=Phát thanh, truyền hình")
    phone.fill("#id_occurred_on", "05/10/2023")
    phone.fill("#id_title", "Phát bản tin hưởng ứng Ngày Chuyển đổi số quốc gia trên đài truyền thanh xã")
    phone.fill("#id_channel", "Đài truyền thanh xã")
    phone.fill("#id_count", "2")
    phone.fill("#id_minutes", "15")
    phone.fill("#id_plays", "3")
    phone.set_input_files("#id_files", str(_photo(tmp_path)))
    _fits(phone)
    shot(phone, "loop-04-commune-log-activity")
    phone.click("text=Ghi vào sổ")
    phone.wait_for_url(report_url)
    figures = phone.inner_text("main")
    assert "xem hoạt động (1)" in figures
    phone.click("text=Sửa báo cáo")
    phone.fill("#id_results", "Xã đã phát 2 bản tin trên đài truyền thanh xã, 3 lượt phát.")
    phone.click("text=Lưu báo cáo")
    phone.wait_for_url(report_url)
    phone.click("button:has-text('Nộp báo cáo')")
    confirm(phone)
    phone.wait_for_url(report_url)
    assert "Đã nộp" in phone.inner_text("main")
    _fits(phone)
    shot(phone, "loop-05-commune-submitted")
    report = Report.objects.get(pk=int(report_url.rstrip("/").rsplit("/", 1)[1]))
    assert report.state == ReportState.SUBMITTED

    # 3. The officer returns it with a reason.
    _switch(phone, "chuyenvien")
    phone.goto(report_url)
    phone.fill("#id_reason", "Đề nghị bổ sung hoạt động của Tổ Công nghệ số cộng đồng.")
    phone.click("text=Trả lại báo cáo")
    phone.wait_for_load_state()
    assert "Bị trả lại" in phone.inner_text("main")
    shot(phone, "loop-06-officer-returned")

    # 4. The commune officer sees why, fixes the report and resubmits.
    _switch(phone, "canboxa")
    phone.goto(report_url)
    assert "Tổ Công nghệ số cộng đồng" in phone.inner_text("main")
    phone.click("text=Sửa báo cáo")
    phone.fill(
        "#id_results",
        "Xã đã phát 2 bản tin trên đài truyền thanh xã, 3 lượt phát; Tổ CNSCĐ hướng dẫn 40 người dân cài VNeID.",
    )
    phone.click("text=Lưu báo cáo")
    phone.wait_for_url(report_url)
    phone.click("button:has-text('Nộp lại báo cáo')")
    confirm(phone)
    phone.wait_for_url(report_url)
    shot(phone, "loop-07-commune-resubmitted")

    # 5. The officer sees what changed and accepts.
    _switch(phone, "chuyenvien")
    phone.goto(report_url)
    assert "Tổ CNSCĐ hướng dẫn 40 người dân" in phone.inner_text("main")
    phone.click("button:has-text('Duyệt báo cáo')")
    confirm(phone)
    phone.wait_for_load_state()
    assert "Đã duyệt" in phone.inner_text("main")
    _fits(phone)
    shot(phone, "loop-08-officer-accepted")

    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    assert report.version == 2
    assert list(ReportTransition.objects.filter(report=report).values_list("to_state", flat=True)) == [
        ReportState.SUBMITTED,
        ReportState.RETURNED,
        ReportState.SUBMITTED,
        ReportState.ACCEPTED,
    ]
    assert report.snapshots.get(version=2).content["figures"]["radio-news"] == 2

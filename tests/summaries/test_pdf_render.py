"""The DOCX writers' output printed through LibreOffice: the PDF keeps the Nghị định 30 layout (A4, the
header lines where they belong, page numbers from page 2), page 1 is rendered to PNG under build/summaries
for a person to look at, and a missing or stuck LibreOffice gives an error that says what to do."""

import io
import os
import shutil
import subprocess
import time
from pathlib import Path

import pdfplumber
import pytest

from lantoa.summaries import pdf
from lantoa.summaries.document import Section
from lantoa.summaries.docx_writer import MOTTO, NATIONAL_NAME, write_docx
from tests.summaries.writers_fixtures import letter_document, report_document

BUILD = Path(__file__).parents[2] / "build" / "summaries"
A4 = (595.3, 841.9)


def require(tool: str, package: str) -> None:
    if shutil.which(tool):
        return
    reason = f"{tool} is not installed (apt-get install {package})"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def tools():
    if not pdf.libreoffice_available():
        require("soffice", "libreoffice-writer-nogui")
    require("pdftoppm", "poppler-utils")


def render_first_page(pdf_bytes: bytes, name: str) -> Path:
    BUILD.mkdir(parents=True, exist_ok=True)
    source = BUILD / f"{name}.pdf"
    source.write_bytes(pdf_bytes)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(source), str(BUILD / name)],
        check=True,
        timeout=60,
    )
    return BUILD / f"{name}.png"


def lines_of(page) -> dict[str, dict]:
    """Text lines of a PDF page keyed by their text, with their top and horizontal extent."""
    out = {}
    for line in page.extract_text_lines():
        out[line["text"].strip()] = line
    return out


def long_report():
    document = report_document()
    document.sections.append(
        Section(
            heading="IV. NHIỆM VỤ THỜI GIAN TỚI",
            paragraphs=[
                f"{n}. Tiếp tục đẩy mạnh tuyên truyền trên hệ thống truyền thanh cơ sở, cổng thông tin điện tử "
                "và mạng xã hội; cập nhật đầy đủ minh chứng hoạt động vào sổ theo dõi của đơn vị."
                for n in range(1, 13)
            ],
        )
    )
    return document


@pytest.mark.slow
@pytest.mark.usefixtures("tools")
def test_report_prints_on_a4_with_the_header_laid_out_and_page_one_rendered():
    pdf_bytes = pdf.docx_to_pdf(write_docx(long_report()))
    png = render_first_page(pdf_bytes, "bao-cao-trang-1")
    assert png.stat().st_size > 10_000
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as document:
        pages = document.pages
        assert len(pages) >= 3
        first = pages[0]
        assert (first.width, first.height) == pytest.approx(A4, abs=1)
        # The header table's columns meet at the left margin plus the left column (Mẫu 1.4: 3829 twips,
        # hung 199 twips into the margin).
        split = 35 / 25.4 * 72 + (3829 - 199) / 20
        left = lines_of(first.crop((0, 0, split, 200)))
        right = lines_of(first.crop((split, 0, first.width, 200)))
        assert NATIONAL_NAME in right, "the national name fits on one line"
        assert MOTTO in right
        assert right[NATIONAL_NAME]["x1"] <= first.width - 5, "the header stays on the page"
        number = left["Số: 05/BC-VHTT"]
        date = right["Hoằng Hóa, ngày 05 tháng 10 năm 2023"]
        assert abs(number["bottom"] - date["bottom"]) < 2, "Số and the date share a row"
        lines = lines_of(first)
        assert "BÁO CÁO" in lines
        assert not [t for t in lines if t.isdigit()], "no page number on page 1"
        second = lines_of(pages[1])
        top_line = min(second.values(), key=lambda line: line["top"])
        assert top_line["text"].strip() == "2"
        assert abs((top_line["x0"] + top_line["x1"]) / 2 - (35 + (210 - 35 - 20) / 2) / 25.4 * 72) < 10
        appendix = pages[-1]
        assert (appendix.width, appendix.height) == pytest.approx(A4[::-1], abs=1)
        assert "SỐ LIỆU CỦA CÁC ĐƠN VỊ" in appendix.extract_text()


@pytest.mark.slow
@pytest.mark.usefixtures("tools")
def test_cong_van_prints_with_the_vv_line_and_page_one_rendered():
    pdf_bytes = pdf.docx_to_pdf(write_docx(letter_document()))
    png = render_first_page(pdf_bytes, "cong-van-trang-1")
    assert png.stat().st_size > 10_000
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as document:
        text = document.pages[0].extract_text()
    assert "V/v đôn đốc báo cáo" in text
    assert "BÁO CÁO\n" not in text
    assert "Kính gửi:" in text


@pytest.mark.slow
@pytest.mark.usefixtures("tools")
def test_a_200_row_appendix_converts_within_the_timeout():
    docx_bytes = write_docx(report_document(rows=200))
    started = time.perf_counter()
    pdf_bytes = pdf.docx_to_pdf(docx_bytes)
    elapsed = time.perf_counter() - started
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as document:
        assert len(document.pages) >= 6
        last = document.pages[-1].extract_text()
    assert "Tổng cộng" in last
    assert elapsed < 60, f"conversion took {elapsed:.1f} s"


def test_without_libreoffice_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    assert not pdf.libreoffice_available()
    with pytest.raises(pdf.PdfUnavailable, match="apt-get install libreoffice-writer-nogui"):
        pdf.docx_to_pdf(b"PK")


def fake_soffice(tmp_path, monkeypatch, script: str) -> None:
    program = tmp_path / "bin" / "soffice"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n" + script)
    program.chmod(0o755)
    monkeypatch.setenv("PATH", str(program.parent))


def test_a_stuck_conversion_is_stopped_with_a_clear_error(tmp_path, monkeypatch):
    fake_soffice(tmp_path, monkeypatch, "exec /bin/sleep 30\n")
    started = time.perf_counter()
    with pytest.raises(pdf.PdfConversionFailed, match="sau 1 giây"):
        pdf.docx_to_pdf(b"PK", timeout=1)
    assert time.perf_counter() - started < 10


def test_a_failed_conversion_reports_libreoffice_s_message(tmp_path, monkeypatch):
    fake_soffice(tmp_path, monkeypatch, "echo 'Error: source file could not be loaded' >&2\nexit 1\n")
    with pytest.raises(pdf.PdfConversionFailed, match="source file could not be loaded"):
        pdf.docx_to_pdf(b"not a docx")

"""The figures exported as XLSX: numbers stay numbers, totals are values every reader shows, the header is
frozen, links are real hyperlinks, sheet titles are ones Excel accepts."""

import csv
import io
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import openpyxl
import pytest

from lantoa.summaries.xlsx_writer import MAX_WIDTH, Sheet, computed_totals, write_xlsx
from tests.summaries.writers_fixtures import APPENDIX_COLUMNS, appendix_rows, decomposed, totals_of


def figures_sheet(count: int = 20, **kwargs) -> Sheet:
    return Sheet(title="Số liệu các đơn vị", columns=APPENDIX_COLUMNS, rows=appendix_rows(count), **kwargs)


def read(*sheets: Sheet) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(write_xlsx(list(sheets))))


def test_figures_are_stored_as_numbers_with_a_thousands_format():
    ws = read(figures_sheet()).active
    people = ws.cell(row=21, column=7)
    reach = ws.cell(row=21, column=8)
    assert people.value == 150 + 37 * 19
    assert reach.value == 22800
    assert isinstance(reach.value, int)
    assert reach.data_type == "n"
    assert reach.number_format == "#,##0"
    assert ws.cell(row=2, column=2).value == "UBND xã Hoằng Xuân"


def test_decimals_keep_their_fraction_and_yes_no_becomes_words():
    sheet = Sheet(title="Tỷ lệ", columns=["Đơn vị", "Tỷ lệ", "Đã báo cáo"], rows=[["Xã A", 12.5, True]])
    ws = read(sheet).active
    assert ws["B2"].value == 12.5
    assert ws["B2"].number_format == "#,##0.00"
    assert ws["C2"].value == "Có"


def test_header_row_is_bold_and_frozen():
    ws = read(figures_sheet()).active
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]] == APPENDIX_COLUMNS
    assert all(c.font.bold for c in ws[1])
    assert ws.auto_filter.ref == "A1:H21"


def test_totals_computed_here_are_plain_correct_values_not_formulas():
    ws = read(figures_sheet(totals=True)).active
    rows = appendix_rows(20)
    totals = [c.value for c in ws[22]]
    assert totals[1] == "Tổng cộng"
    assert totals[2:] == [sum(r[c] for r in rows) for c in range(2, 8)]
    assert totals[0] == 210  # the TT column holds numbers too, so it is summed like the rest
    assert all(c.data_type != "f" for c in ws[22])
    assert all(c.font.bold for c in ws[22] if c.value is not None)


def test_given_totals_are_written_as_given():
    rows = appendix_rows(5)
    ws = read(figures_sheet(5, totals=totals_of(rows), number_columns=range(2, 8))).active
    assert [c.value for c in ws[7]] == [None, "Tổng cộng", *totals_of(rows)[2:]]


def test_number_columns_can_be_named_so_the_row_number_is_not_summed():
    sheet = figures_sheet(3, number_columns=range(2, 8))
    assert computed_totals(sheet)[:3] == [None, "Tổng cộng", 3 + 4 + 5]


def test_links_are_real_hyperlinks_and_unsafe_ones_stay_text():
    sheet = Sheet(
        title="Minh chứng",
        columns=["Hoạt động", "Đường dẫn"],
        rows=[["Tin trên cổng", "Xem bài"], ["Phát thanh", None], ["Lạ", "bấm vào"]],
        links=[
            [None, "https://hoanghoa.thanhhoa.gov.vn/tin/1"],
            [None, "https://hoanghoa.thanhhoa.gov.vn/tin/2"],
            [None, "javascript:alert(1)"],
        ],
    )
    ws = read(sheet).active
    assert ws["B2"].hyperlink.target == "https://hoanghoa.thanhhoa.gov.vn/tin/1"
    assert ws["B2"].value == "Xem bài"
    assert ws["B2"].font.underline == "single"  # shown as a link in every reader
    assert ws["B3"].value == "https://hoanghoa.thanhhoa.gov.vn/tin/2", "a link without a label shows the URL"
    assert ws["B3"].hyperlink.target == "https://hoanghoa.thanhhoa.gov.vn/tin/2"
    assert ws["B4"].hyperlink is None
    assert ws["B4"].value == "bấm vào"


def test_column_widths_fit_the_content_and_are_capped():
    sheet = Sheet(
        title="Độ rộng",
        columns=["TT", "Đơn vị", "Ghi chú"],
        rows=[[1, "UBND xã Hoằng Xuân", "rất dài " * 40]],
    )
    ws = read(sheet).active
    widths = {col: ws.column_dimensions[col].width for col in "ABC"}
    assert widths["A"] < widths["B"] < widths["C"]
    assert widths["B"] >= len("UBND xã Hoằng Xuân")
    # Excel stores a width with the font's padding added (60 → 60.71), so the cap is checked to a character.
    assert MAX_WIDTH <= widths["C"] < MAX_WIDTH + 1


def test_sheet_titles_are_made_acceptable_to_excel_and_unique():
    long_title = "Số liệu: các đơn vị [tháng 10/2023] * cấp xã?"
    workbook = read(
        Sheet(title=long_title, columns=["A"], rows=[]),
        Sheet(title=long_title, columns=["A"], rows=[]),
        Sheet(title="", columns=["A"], rows=[]),
    )
    titles = workbook.sheetnames
    assert len(set(titles)) == 3
    for title in titles:
        assert len(title) <= 31
        assert not set(title) & set("[]:*?/\\")
    assert titles[0].startswith("Số liệu- các đơn vị")


def test_text_that_looks_like_a_formula_stays_text():
    ws = read(Sheet(title="Ghi chú", columns=["Ghi chú"], rows=[['=HYPERLINK("http://x")']])).active
    assert ws["A2"].data_type == "s"
    assert ws["A2"].value == '=HYPERLINK("http://x")'


def test_text_is_written_nfc_and_control_characters_are_dropped():
    ws = read(
        Sheet(title=decomposed("Hoằng Hóa"), columns=[decomposed("Đơn vị")], rows=[["Xã\x07 Hoằng Xuân"]])
    ).active
    assert ws.title == "Hoằng Hóa"
    assert unicodedata.is_normalized("NFC", ws["A1"].value)
    assert ws["A2"].value == "Xã Hoằng Xuân"


def test_no_sheets_still_gives_a_workbook_that_opens():
    assert read().sheetnames == ["Trang 1"]


def test_libreoffice_reads_the_totals_without_recalculating(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice is required in CI (apt-get install libreoffice-writer-nogui)")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    if not (Path(soffice).resolve().parent / "libsclo.so").exists():
        # The PDF export only needs Writer; this check also needs Calc (make test installs it where root).
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice Calc is required in CI (apt-get install libreoffice-calc-nogui)")
        pytest.skip("LibreOffice Calc is not installed (apt-get install libreoffice-calc-nogui)")
    source = tmp_path / "so-lieu.xlsx"
    source.write_bytes(write_xlsx([figures_sheet(totals=True)]))
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    with (tmp_path / "so-lieu.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == APPENDIX_COLUMNS
    assert rows[1][1] == "UBND xã Hoằng Xuân"
    assert rows[-1][1] == "Tổng cộng"
    assert rows[-1][7].replace(",", "").replace(".", "") == str(sum(r[7] for r in appendix_rows(20)))

"""The báo cáo tổng hợp and the công văn written as DOCX follow Nghị định 30/2020/NĐ-CP, Phụ lục I: every
rule python-docx can read back is checked here (the rendered look is checked in test_pdf_render)."""

import dataclasses
import datetime
import io
import time
import unicodedata

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from lantoa.summaries.docx_writer import (
    FONT,
    MOTTO,
    NATIONAL_NAME,
    date_line,
    format_number,
    text_width_pt,
    vietnamese_date,
    write_docx,
)
from tests.summaries.writers_fixtures import decomposed, letter_document, report_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def mm(*lengths) -> tuple[float, ...]:
    return tuple(length / 36000 for length in lengths)


def read(document) -> docx.Document:
    return docx.Document(io.BytesIO(write_docx(document)))


@pytest.fixture(scope="module")
def report():
    return read(report_document())


@pytest.fixture(scope="module")
def letter():
    return read(letter_document())


def cell_paragraphs(cell):
    return [p for p in cell.paragraphs if p.text.strip()]


def find(paragraphs, text):
    matches = [p for p in paragraphs if p.text.strip() == text]
    assert matches, f"no paragraph reads {text!r}"
    return matches[0]


def all_paragraphs(doc):
    out = list(doc.paragraphs)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                out.extend(cell.paragraphs)
    return out


def style_of(paragraph):
    """(size in pt, bold, italic) shared by every run of the paragraph."""
    runs = [r for r in paragraph.runs if r.text]
    assert runs, f"{paragraph.text!r} has no text runs"
    sizes = {r.font.size.pt for r in runs}
    bolds = {bool(r.font.bold) for r in runs}
    italics = {bool(r.font.italic) for r in runs}
    assert len(sizes) == len(bolds) == len(italics) == 1, f"{paragraph.text!r} mixes formats"
    return sizes.pop(), bolds.pop(), italics.pop()


def header_cells(doc):
    table = doc.tables[0]
    return table.rows[0].cells[0], table.rows[0].cells[1], table.rows[1].cells[0], table.rows[1].cells[1]


def rule_after(cell_or_doc_paragraphs, paragraph):
    """The paragraph right after `paragraph` must be an empty one with a bottom border; returns its length."""
    paragraphs = list(cell_or_doc_paragraphs)
    index = next(i for i, p in enumerate(paragraphs) if p._p is paragraph._p)
    rule = paragraphs[index + 1]
    assert rule.text == ""
    bottom = rule._p.find(f"{W}pPr/{W}pBdr/{W}bottom")
    assert bottom is not None, f"no line under {paragraph.text!r}"
    assert bottom.get(qn("w:val")) == "single"
    return rule


def rule_length_pt(rule, available_pt):
    fmt = rule.paragraph_format
    return available_pt - (fmt.left_indent or 0) / 12700 - (fmt.right_indent or 0) / 12700


# --- page ---------------------------------------------------------------------------------------------


def test_page_is_a4_portrait_with_the_decree_margins(report):
    section = report.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert mm(section.page_width, section.page_height) == pytest.approx((210, 297), abs=0.05)
    assert mm(section.top_margin, section.bottom_margin) == pytest.approx((25, 20), abs=0.05)
    assert mm(section.left_margin, section.right_margin) == pytest.approx((35, 20), abs=0.05)
    assert mm(section.header_distance) == pytest.approx((10,), abs=0.05)


def test_every_run_is_times_new_roman_for_every_script(report, letter):
    for doc in (report, letter):
        defaults = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
        assert {defaults.get(qn(f"w:{k}")) for k in ("ascii", "hAnsi", "eastAsia", "cs")} == {FONT}
        assert not [a for a in defaults.attrib if "Theme" in a]
        parts = (
            [doc.element]
            + [s.header._element for s in doc.sections]
            + [doc.sections[0].first_page_header._element]
        )
        fonts = [f for part in parts for f in part.iter(f"{W}rFonts")]
        assert len(fonts) > 20
        for element in fonts:
            for key in ("ascii", "hAnsi", "eastAsia", "cs"):
                assert element.get(qn(f"w:{key}")) == FONT


def test_no_text_is_underlined_the_lines_are_paragraph_borders(report, letter):
    for doc in (report, letter):
        assert not [r for p in all_paragraphs(doc) for r in p.runs if r.font.underline]


def test_vietnamese_text_is_written_nfc_even_from_decomposed_input():
    document = report_document()
    document.agency = decomposed(document.agency)
    document.subject = decomposed(document.subject)
    document.sections[0].paragraphs = [decomposed(p) for p in document.sections[0].paragraphs]
    doc = read(document)
    texts = [t.text for t in doc.element.iter(f"{W}t") if t.text]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    assert "PHÒNG VĂN HÓA VÀ THÔNG TIN" in [p.text for p in all_paragraphs(doc)]


# --- header block -------------------------------------------------------------------------------------


def test_agency_block_is_upper_case_parent_regular_issuer_bold_13pt(report):
    left, _, _, _ = header_cells(report)
    parent, agency = cell_paragraphs(left)
    assert parent.text == "UBND HUYỆN HOẰNG HÓA"
    assert style_of(parent) == (13, False, False)
    assert agency.text == "PHÒNG VĂN HÓA VÀ THÔNG TIN"
    assert style_of(agency) == (13, True, False)
    assert parent.alignment == agency.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_short_line_under_the_issuing_agency_is_a_third_to_a_half_of_its_text(report):
    left, _, _, _ = header_cells(report)
    agency = cell_paragraphs(left)[-1]
    rule = rule_after(left.paragraphs, agency)
    available = left.width / 12700 - 2 * 108 / 20
    line = rule_length_pt(rule, available)
    text = min(text_width_pt(agency.text, 13, bold=True), available)
    assert text / 3 <= line <= text / 2
    assert rule.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_agency_without_parent_leaves_the_parent_line_out(letter):
    left, _, _, _ = header_cells(letter)
    assert [p.text for p in cell_paragraphs(left)] == ["ỦY BAN NHÂN DÂN HUYỆN HOẰNG HÓA"]


def test_national_name_and_motto_are_bold_with_a_line_as_long_as_the_motto(report):
    _, right, _, _ = header_cells(report)
    national, motto = cell_paragraphs(right)
    assert national.text == NATIONAL_NAME
    assert style_of(national) == (13, True, False)
    assert motto.text == MOTTO
    assert style_of(motto) == (14, True, False)
    rule = rule_after(right.paragraphs, motto)
    available = right.width / 12700 - 2 * 108 / 20
    assert rule_length_pt(rule, available) == pytest.approx(text_width_pt(MOTTO, 14, bold=True), abs=2)


def test_number_and_date_sit_on_the_same_row(report):
    _, _, number_cell, date_cell = header_cells(report)
    number = cell_paragraphs(number_cell)[0]
    date = cell_paragraphs(date_cell)[0]
    assert number.text == "Số: 05/BC-VHTT"
    assert style_of(number) == (13, False, False)
    assert date.text == "Hoằng Hóa, ngày 05 tháng 10 năm 2023"
    assert style_of(date) == (14, False, True)
    assert number.alignment == date.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert number.paragraph_format.space_before == date.paragraph_format.space_before


def test_header_right_column_is_wide_enough_for_the_national_name_on_one_line(report):
    _, right, _, _ = header_cells(report)
    available = right.width / 12700 - 2 * 108 / 20
    assert text_width_pt(NATIONAL_NAME, 13, bold=True) < available


def test_number_left_blank_keeps_its_spaces_for_the_clerk():
    doc = read(letter_document())
    _, _, number_cell, _ = header_cells(doc)
    assert number_cell.paragraphs[0].text == "Số:    /UBND-VHTT"


# --- dates --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"), [(1, "01"), (5, "05"), (9, "09"), (10, "10"), (15, "15"), (29, "29"), (31, "31")]
)
def test_days_one_to_nine_take_a_leading_zero(day, expected):
    assert vietnamese_date(datetime.date(2023, 10, day)) == f"ngày {expected} tháng 10 năm 2023"


@pytest.mark.parametrize(
    ("month", "expected"),
    [(1, "01"), (2, "02"), (3, "3"), (4, "4"), (5, "5"), (6, "6"), (7, "7"), (8, "8"), (9, "9"),
     (10, "10"), (11, "11"), (12, "12")],
)  # fmt: skip
def test_only_january_and_february_take_a_leading_zero(month, expected):
    assert vietnamese_date(datetime.date(2024, month, 28)) == f"ngày 28 tháng {expected} năm 2024"


def test_the_date_line_in_the_document_uses_the_padding_rule():
    doc = read(report_document(date=datetime.date(2024, 2, 3)))
    _, _, _, date_cell = header_cells(doc)
    assert date_cell.paragraphs[0].text == "Hoằng Hóa, ngày 03 tháng 02 năm 2024"


def test_a_document_without_a_date_leaves_the_date_to_fill_by_hand():
    doc = read(report_document(date=None))
    _, _, _, date_cell = header_cells(doc)
    assert date_cell.paragraphs[0].text == "Hoằng Hóa, ngày … tháng … năm …"
    assert date_line("", None) == "Ngày … tháng … năm …"


# --- title, Kính gửi, body ----------------------------------------------------------------------------


def test_report_title_and_subject_are_bold_centred_with_a_short_line_under(report):
    title = find(report.paragraphs, "BÁO CÁO")
    subject = find(report.paragraphs, "Kết quả tuyên truyền kỷ niệm 69 năm Ngày Giải phóng Thủ đô")
    for paragraph in (title, subject):
        assert style_of(paragraph) == (14, True, False)
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    rule = rule_after(report.paragraphs, subject)
    text_width = (Mm(210) - Mm(35) - Mm(20)) / 12700
    line = rule_length_pt(rule, text_width)
    assert (
        text_width_pt(subject.text, 14, bold=True) / 3
        <= line
        <= text_width_pt(subject.text, 14, bold=True) / 2
    )


def test_one_recipient_is_written_on_the_kinh_gui_line(report):
    line = find(report.paragraphs, "Kính gửi: Ủy ban nhân dân huyện Hoằng Hóa.")
    assert style_of(line) == (14, False, False)


def test_several_recipients_are_dash_lines_under_the_colon(letter):
    texts = [p.text for p in letter.paragraphs]
    start = texts.index("Kính gửi:")
    assert texts[start + 1 : start + 4] == [
        "- UBND xã Hoằng Xuân;",
        "- UBND xã Hoằng Giang;",
        "- UBND xã Hoằng Hợp.",
    ]
    heading = letter.paragraphs[start]
    first = letter.paragraphs[start + 1]
    dash_start = first.paragraph_format.left_indent + first.paragraph_format.first_line_indent
    colon = heading.paragraph_format.left_indent + Pt(text_width_pt("Kính gửi", 14))
    assert abs(dash_start - colon) < Pt(1)


def body_paragraphs(doc, document):
    texts = list(document.intro)
    for section in document.sections:
        texts += [section.heading, *section.paragraphs]
    texts += document.closing
    by_text = {p.text: p for p in doc.paragraphs}
    found = [by_text.get(t) or by_text.get(t[:-1] + "./.") for t in texts]
    assert None not in found
    return found


def test_body_is_justified_14pt_with_first_line_indent_and_spacing(report):
    paragraphs = body_paragraphs(report, report_document())
    assert len(paragraphs) == 9
    for paragraph in paragraphs:
        fmt = paragraph.paragraph_format
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert fmt.first_line_indent == Cm(1.27)
        assert fmt.space_after >= Pt(6)
        assert 1.0 <= fmt.line_spacing <= 1.5
        assert style_of(paragraph)[0] == 14


def test_section_headings_are_bold_and_the_text_is_not(report):
    document = report_document()
    headings = {s.heading for s in document.sections}
    for paragraph in body_paragraphs(report, document):
        assert style_of(paragraph)[1] is (paragraph.text in headings)


def test_body_ends_with_the_closing_mark(report, letter):
    assert "Trên đây là báo cáo kết quả tuyên truyền của Phòng Văn hóa và Thông tin./." in [
        p.text for p in report.paragraphs
    ]
    assert "Trân trọng./." in [p.text for p in letter.paragraphs]


# --- footer: Nơi nhận and the signer ------------------------------------------------------------------


def test_footer_is_noi_nhan_on_the_left_and_the_signer_on_the_right(report):
    left, right = report.tables[1].rows[0].cells
    noi_nhan, *items = cell_paragraphs(left)
    assert noi_nhan.text == "Nơi nhận:"
    assert style_of(noi_nhan) == (12, True, True)
    assert noi_nhan.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert [p.text for p in items] == ["- Như trên;", "- Chủ tịch, các PCT UBND huyện;", "- Lưu: VT, VHTT."]
    for item in items:
        assert style_of(item) == (11, False, False)
        assert item.alignment == WD_ALIGN_PARAGRAPH.LEFT
        assert not item.paragraph_format.left_indent
    lines = right.paragraphs
    assert [p.text for p in lines if p.text] == ["KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG", "Lê Văn Minh"]
    for paragraph in lines:
        if paragraph.text:
            assert style_of(paragraph) == (14, True, False)
            assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    texts = [p.text for p in lines]
    assert texts.index("Lê Văn Minh") - texts.index("PHÓ TRƯỞNG PHÒNG") >= 4, (
        "room for the signature and seal"
    )


def test_noi_nhan_starts_with_nhu_tren_when_there_is_kinh_gui_and_always_ends_with_luu():
    document = report_document()
    document.cc = ["Chủ tịch UBND huyện;"]
    doc = read(document)
    left = doc.tables[1].rows[0].cells[0]
    assert [p.text for p in cell_paragraphs(left)][1:] == [
        "- Như trên;",
        "- Chủ tịch UBND huyện;",
        "- Lưu: VT.",
    ]


def test_header_and_footer_tables_have_no_borders(report, letter):
    for doc in (report, letter):
        for table in doc.tables[:2]:
            borders = table._tbl.tblPr.find(f"{W}tblBorders")
            assert {b.get(qn("w:val")) for b in borders} == {"nil"}
            assert len(borders) == 6
            for tc in table._tbl.iter(f"{W}tc"):
                cell_borders = tc.find(f"{W}tcPr/{W}tcBorders")
                assert {b.get(qn("w:val")) for b in cell_borders} == {"nil"}


# --- page numbers -------------------------------------------------------------------------------------


def test_page_number_is_a_centred_page_field_hidden_on_the_first_page(report):
    section = report.sections[0]
    assert section.different_first_page_header_footer
    header = section.header
    assert not header.is_linked_to_previous
    instructions = [i.text.strip() for i in header._element.iter(f"{W}instrText")]
    assert instructions == ["PAGE"]
    paragraph = header.paragraphs[0]
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {r.font.size.pt for r in paragraph.runs} == {14}
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert not list(first._element.iter(f"{W}instrText"))
    assert not list(first._element.iter(f"{W}fldSimple"))


# --- công văn -----------------------------------------------------------------------------------------


def test_cong_van_has_the_vv_line_under_the_number_and_no_title(letter):
    _, right, number_cell, _ = header_cells(letter)
    number, vv = cell_paragraphs(number_cell)
    assert number.text.startswith("Số:")
    assert vv.text == "V/v đôn đốc báo cáo kết quả tuyên truyền kỷ niệm Ngày Giải phóng Thủ đô"
    assert style_of(vv) == (12, False, False)
    assert vv.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert vv.paragraph_format.space_before == Pt(6)
    texts = [p.text for p in letter.paragraphs]
    assert "BÁO CÁO" not in texts
    assert not [t for t in texts if "tuyên truyền kỷ niệm Ngày" in t and not t.startswith("Ngày 28")]
    national = cell_paragraphs(right)[0]
    assert style_of(national) == (12, True, False)


def test_vv_prefix_is_not_doubled():
    document = letter_document()
    document.subject = "V/v đôn đốc báo cáo"
    _, _, number_cell, _ = header_cells(read(document))
    assert cell_paragraphs(number_cell)[1].text == "V/v đôn đốc báo cáo"


# --- appendix -----------------------------------------------------------------------------------------


def test_appendix_is_a_landscape_section_numbered_on_its_own(report):
    assert len(report.sections) == 2
    section = report.sections[1]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert mm(section.page_width, section.page_height) == pytest.approx((297, 210), abs=0.05)
    assert section.different_first_page_header_footer
    assert section._sectPr.find(f"{W}pgNumType").get(qn("w:start")) == "1"
    assert section.start_type == 2  # WD_SECTION.NEW_PAGE


def test_appendix_heading_is_bold_centred_with_the_reference_to_the_report(report):
    texts = [p.text for p in report.paragraphs]
    start = texts.index("Phụ lục")
    label, title, reference = report.paragraphs[start : start + 3]
    assert title.text == "SỐ LIỆU CỦA CÁC ĐƠN VỊ"
    for paragraph in (label, title):
        assert style_of(paragraph) == (14, True, False)
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert reference.text == "(Kèm theo Báo cáo số 05/BC-VHTT ngày 05 tháng 10 năm 2023)"
    assert style_of(reference) == (14, False, True)


def test_appendix_table_is_bordered_with_bold_repeated_header_and_bold_totals(report):
    table = report.tables[2]
    borders = table._tbl.tblPr.find(f"{W}tblBorders")
    assert {b.get(qn("w:val")) for b in borders} == {"single"}
    header = table.rows[0]
    assert header._tr.find(f"{W}trPr/{W}tblHeader") is not None
    assert [c.text for c in header.cells][:2] == ["TT", "Đơn vị"]
    assert all(style_of(c.paragraphs[0])[1] for c in header.cells)
    assert len(table.rows) == 1 + 20 + 1
    totals = table.rows[-1]
    assert [c.text for c in totals.cells][1:4] == ["Tổng cộng", "117", "331"]
    assert all(style_of(c.paragraphs[0])[1] for c in totals.cells if c.text)
    body = table.rows[1]
    assert not style_of(body.cells[1].paragraphs[0])[1]


def test_appendix_numbers_are_right_aligned_with_vietnamese_thousands_separator(report):
    table = report.tables[2]
    row = table.rows[20]  # UBND xã Hoằng Đồng: 150 + 37 × 19 people, 1 200 × 19 reached
    assert row.cells[1].text == "UBND xã Hoằng Đồng"
    assert row.cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert row.cells[6].text == "853"
    assert row.cells[7].text == "22.800"
    for cell in row.cells[2:]:
        assert cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.rows[-1].cells[7].text == "228.000"


def test_appendix_columns_fill_the_landscape_text_width(report):
    table = report.tables[2]
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
    assert sum(widths) == pytest.approx((297 - 35 - 20) / 25.4 * 1440, abs=2)
    assert widths[1] > widths[0], "the unit names get more room than the row numbers"


def test_a_portrait_appendix_stays_portrait():
    document = report_document()
    document.appendix = [dataclasses.replace(document.appendix[0], landscape=False)]
    section = read(document).sections[1]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert mm(section.page_width) == pytest.approx((210,), abs=0.05)


def test_two_appendices_are_numbered_in_roman_numerals():
    document = report_document()
    second = dataclasses.replace(document.appendix[0], title="Danh sách đơn vị báo cáo muộn", totals=None)
    document.appendix.append(second)
    texts = [p.text for p in read(document).paragraphs]
    assert "Phụ lục I" in texts
    assert "Phụ lục II" in texts
    assert "DANH SÁCH ĐƠN VỊ BÁO CÁO MUỘN" in texts


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "0"), (999, "999"), (1234, "1.234"), (1234567, "1.234.567"), (-4500, "-4.500"), (1234.5, "1.234,5"),
     (12.0, "12"), (0.25, "0,25"), (True, "Có"), (False, "Không")],
)  # fmt: skip
def test_numbers_use_vietnamese_separators(value, expected):
    assert format_number(value) == expected


def test_a_200_row_appendix_is_written_in_a_few_seconds():
    started = time.perf_counter()
    doc = read(report_document(rows=200))
    elapsed = time.perf_counter() - started
    assert len(doc.tables[2].rows) == 202
    assert elapsed < 10, f"writing took {elapsed:.1f} s"


def test_an_unknown_document_kind_is_refused_with_a_hint():
    document = report_document()
    document.doc_kind = "quyet_dinh"
    with pytest.raises(ValueError, match="bao_cao"):
        write_docx(document)

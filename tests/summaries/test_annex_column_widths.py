"""The annex's columns are sized to their headers: no header word is broken mid-word ("Th/ời/lư/ợn/g") and
no figure is split over two lines, even with all sixteen indicators of the catalogue side by side."""

import dataclasses
import io

import docx
from docx.oxml.ns import qn

from lantoa.summaries.document import Table
from lantoa.summaries.docx_writer import _CELL_MARGIN, text_width_pt, write_docx
from tests.summaries.writers_fixtures import report_document

INDICATORS = [
    ("Tin, bài đăng trên Trang thông tin điện tử", "tin, bài"),
    ("Banner, bộ nhận diện đăng trên Trang thông tin điện tử", "banner"),
    ("Tin, bài phát trên đài truyền thanh (bản tin)", "tin, bài"),
    ("Lượt phát trên hệ thống truyền thanh", "lượt"),
    ("Thời lượng phát sóng", "phút"),
    ("Bảng điện tử, màn hình trình chiếu nội dung tuyên truyền", "bảng"),
    ("Băng rôn, khẩu hiệu, pano, áp phích", "cái"),
    ("Bài đăng trên fanpage, nhóm Zalo và mạng xã hội", "bài"),
    ("Lượt tiếp cận các bài đăng trên mạng xã hội", "lượt"),
    ("Sự kiện: lễ phát động, hội thi, hội nghị, tập huấn", "buổi"),
    ("Người tham dự các sự kiện", "người"),
    ("Người tham gia cuộc thi trực tuyến", "người"),
    ("Buổi hoạt động của Tổ Công nghệ số cộng đồng", "buổi"),
    ("Người dân được hướng dẫn (VNeID, dịch vụ công trực tuyến, thanh toán không dùng tiền mặt)", "người"),
    ("Gương điển hình, câu chuyện thành công được giới thiệu", "câu chuyện"),
    ("Văn bản chỉ đạo, hướng dẫn đã ban hành", "văn bản"),
]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _annex(indicators) -> Table:
    columns = ["STT", "Đơn vị", "Tình trạng báo cáo", *(f"{name} ({unit})" for name, unit in indicators)]
    rows = [[n, f"UBND xã Hoằng {n}", "Đã duyệt", *(1234 * n for _ in indicators)] for n in range(1, 39)]
    return Table(title="Phụ lục: Số liệu của các đơn vị", columns=columns, rows=rows)


def _printed_annex(indicators):
    document = dataclasses.replace(report_document(), appendix=[_annex(indicators)])
    return docx.Document(io.BytesIO(write_docx(document))).tables[-1]


def _check_no_word_or_figure_breaks(table) -> None:
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
    header = table.rows[0].cells
    size = header[0].paragraphs[0].runs[0].font.size.pt
    assert size >= 8
    for cell, width in zip(header, widths, strict=True):
        room = (width - 2 * _CELL_MARGIN) / 20
        for word in cell.text.split():
            assert text_width_pt(word, size, bold=True) <= room, f"“{word}” breaks in “{cell.text}”"
    for cell, width in zip(table.rows[-1].cells, widths, strict=True):
        if cell.text.replace(".", "").isdigit():  # a figure stays on one line
            assert text_width_pt(cell.text, size) <= (width - 2 * _CELL_MARGIN) / 20


def test_no_header_word_breaks_with_all_sixteen_indicators_side_by_side():
    _check_no_word_or_figure_breaks(_printed_annex(INDICATORS))


def test_no_header_word_breaks_with_a_few_indicators_and_the_unit_names_get_the_room_left():
    table = _printed_annex(INDICATORS[:5])
    _check_no_word_or_figure_breaks(table)
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
    assert widths[1] > widths[0]

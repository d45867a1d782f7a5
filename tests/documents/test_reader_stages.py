"""Each stage of the reader on its own: layout, zones, outline, names, dates."""

from __future__ import annotations

from lantoa.documents import layout, outline, timeline
from lantoa.documents.entities import GRAMMAR
from lantoa.documents.zones import read_header, split_zones


def names(text: str) -> list[str]:
    return [m.name for m in GRAMMAR.mentions(text)]


def test_hard_wraps_join_and_list_items_do_not() -> None:
    paras = layout.paragraphs(
        "1. Sở Nông nghiệp và Môi\ntrường\n- Chủ trì tham mưu, tổ chức\ntriển khai Kế hoạch.\n"
    )
    assert [p.text for p in paras] == [
        "1. Sở Nông nghiệp và Môi trường",
        "- Chủ trì tham mưu, tổ chức triển khai Kế hoạch.",
    ]


def test_a_blank_line_after_every_line_carries_no_structure() -> None:
    text = "Đề nghị các xã tăng cường thời lượng phát sóng về\n\nchuyển đổi số trên hệ thống truyền thanh cơ sở.\n\nTrân trọng./.\n"
    first = layout.paragraphs(text)[0]
    assert first.text.endswith("trên hệ thống truyền thanh cơ sở.")


def test_pipe_rows_become_cells_and_rules_disappear() -> None:
    paras = layout.paragraphs("| Số: 12/UBND | Hà Nội, ngày 01 tháng 02 năm 2024 |\n|---|---|\n")
    assert [(p.row, p.col, p.text) for p in paras] == [
        (0, 0, "Số: 12/UBND"),
        (0, 1, "Hà Nội, ngày 01 tháng 02 năm 2024"),
    ]


def test_glued_words_split_and_spans_map_back() -> None:
    mapped = layout.clean("Kínhgửi: Vănphòng Quốc hội", 10)
    assert mapped.text == "Kính gửi: Văn phòng Quốc hội"
    assert mapped.span(10, 19) == (19, 27)


def test_zones_find_the_header_in_a_flattened_two_column_layout() -> None:
    paras = layout.paragraphs(
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH HẬU GIANG Độc lập - Tự do - Hạnh phúc\n"
        "Số: 25/UBND-KGVX Hậu Giang, ngày 5 tháng 1 năm 2018\nV/v hợp tác thông tin\nKính gửi: Sở Tài chính.\n"
        "Giao Sở Tài chính thẩm định kinh phí.\n"
    )
    zones = split_zones(paras)
    header = read_header(zones)
    assert (header.number, header.date, header.place) == ("25/UBND-KGVX", "2018-01-05", "Hậu Giang")
    assert header.issuer == "Ủy ban nhân dân tỉnh Hậu Giang"
    assert header.recipients == ["Sở Tài chính"]
    assert [p.text for p in zones.body] == ["Giao Sở Tài chính thẩm định kinh phí."]


def test_outline_nests_markers_and_names_section_kinds() -> None:
    roots = outline.build(
        layout.paragraphs(
            "I. MỤC ĐÍCH\nNâng cao nhận thức.\nII. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế\n- Chủ trì kiểm tra.\n"
        )
    )
    assert [outline.section_kind(n) for n in outline.iter_nodes(roots)] == [
        "purpose", "purpose", "organisation", "organisation", "organisation",
    ]  # fmt: skip
    assert roots[1].children[0].children[0].text == "Chủ trì kiểm tra."


def test_names_end_where_the_predicate_starts() -> None:
    assert names("Công an tỉnh Chỉ đạo các đơn vị trực thuộc") == ["Công an tỉnh", "các đơn vị trực thuộc"]
    assert names("UBND phường Phú Bài treo cờ") == ["UBND phường Phú Bài"]
    assert names(
        "Bộ trưởng Bộ Tài chính - Phó Trưởng ban Thường trực Ban Chỉ đạo 389 quốc gia tập trung"
    ) == ["Bộ trưởng Bộ Tài chính - Phó Trưởng ban Thường trực Ban Chỉ đạo 389 quốc gia"]
    assert names("Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh, Kho bạc nhà nước khu vực XI tăng cường") == [
        "Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh",
        "Kho bạc nhà nước khu vực XI",
    ]
    assert names("Sở Văn hóa, Thể thao và Du lịch các tỉnh, thành phố trực thuộc Trung ương") == [
        "Sở Văn hóa, Thể thao và Du lịch các tỉnh, thành phố trực thuộc Trung ương"
    ]


def test_dates_are_labelled_by_what_they_are_for() -> None:
    period, deadlines, _ = timeline.read(
        [
            "Thực hiện Công văn số 12/UBND ngày 02/3/2024 của UBND tỉnh.",
            "Thời gian cao điểm từ ngày 01/4 đến hết ngày 30/4/2024.",
            "Các xã gửi báo cáo về Phòng Văn hóa và Thông tin trước ngày 05/5/2024.",
            "Sở Y tế báo cáo UBND tỉnh trước ngày 20 hằng tháng.",
        ],
        doc_date="2024-03-15",
        year_hint=2024,
    )
    assert (period.start, period.end) == ("2024-04-01", "2024-04-30")
    assert [(d.date, d.recurrence, d.to) for d in deadlines] == [
        ("2024-05-05", None, "Phòng Văn hóa và Thông tin"),
        (None, "monthly", "UBND tỉnh"),
    ]

"""One made-up minimal directive per layout that real texts arrive in, with the exact reading that matters.

Each text is ours, written to show one shape seen in real directives (a header cut by separator lines, a
crawl with "|" lines and hard wraps, a blank line after every line, labelled fields, a task table, persons
by position, waves, recurring and expired dates, Party-style numbers, a letter that starts at "Kính gửi",
a signer above the body…). The assertions name the fields a user relies on.
"""

from __future__ import annotations

import unicodedata

from lantoa.documents import parse_text


def units(text: str) -> list[tuple[str, str, int]]:
    return [(a.unit, a.role, len(a.tasks)) for a in parse_text(text).assignments]


def test_a_header_cut_by_separator_lines_still_gives_its_number_and_date() -> None:
    text = """UỶ BAN NHÂN DÂN
HUYỆN NGỌC LẶC
--------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 815/UBND-VHTT
V/v tuyên truyền Tháng hành động
vì bình đẳng giới năm 2024
Ngọc Lặc, ngày 06 tháng 11 năm 2024
Kính gửi: UBND các xã, thị trấn.
UBND huyện đề nghị UBND các xã, thị trấn hoàn thành việc treo băng rôn tuyên truyền trước ngày 15/11/2024 và báo cáo kết quả về UBND huyện (qua Phòng Văn hóa và Thông tin) trước ngày 10/12/2024./.
"""
    parsed = parse_text(text)
    assert (parsed.number, parsed.date, parsed.place) == ("815/UBND-VHTT", "2024-11-06", "Ngọc Lặc")
    assert parsed.subject == "V/v tuyên truyền Tháng hành động vì bình đẳng giới năm 2024"
    assert parsed.recipients == ["UBND các xã, thị trấn"]
    assert units(text) == [("UBND các xã, thị trấn", "perform", 1)]
    assert [d.date for d in parsed.report_deadlines] == ["2024-11-15", "2024-12-10"]
    report = parsed.report_deadlines[1]
    assert (report.to, report.via) == ("UBND huyện", "Phòng Văn hóa và Thông tin")


def test_a_crawled_plan_with_pipe_lines_and_hard_wraps_reads_its_assignment_section() -> None:
    text = """|
ỦY BAN NHÂN DÂN
TỈNH LẠNG SƠN
--------
|
CỘNG HÒA XÃ
HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số: 77/KH-UBND
|
Lạng Sơn, ngày
04 tháng 3 năm 2025
|

KẾ HOẠCH

TUYÊN TRUYỀN PHÒNG, CHỐNG THIÊN TAI NĂM 2025

I. MỤC ĐÍCH, YÊU CẦU

Các sở, ngành nâng cao nhận thức của người dân về phòng, chống thiên tai.

II. TỔ CHỨC
THỰC HIỆN

1. Sở Nông nghiệp và Môi
trường

- Chủ trì tham mưu, tổ chức triển khai Kế hoạch
này; tổng hợp kết quả báo cáo Ủy ban nhân dân tỉnh.

2. Sở Văn hóa, Thể thao
và Du lịch

Chỉ đạo Báo và Phát thanh, Truyền hình Lạng Sơn mở chuyên mục về phòng, chống
thiên tai.

Trên đây là Kế hoạch tuyên truyền phòng, chống thiên tai năm 2025; trong quá
trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị các cơ quan, đơn vị phản ánh
về Sở Nông nghiệp và Môi trường./.

|
Nơi nhận:
- Như trên;
- Lưu: VT.
|
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Hoàng Văn Nam
"""
    parsed = parse_text(text)
    assert (parsed.number, parsed.date, parsed.doc_type) == ("77/KH-UBND", "2025-03-04", "ke_hoach")
    # The purpose section's sentence about "các sở, ngành" gives nobody work; the closing asks nothing.
    assert units(text) == [
        ("Sở Nông nghiệp và Môi trường", "lead", 1),
        ("Sở Văn hóa, Thể thao và Du lịch", "perform", 1),
    ]
    assert parsed.assignments[1].tasks[0].text == (
        "Chỉ đạo Báo và Phát thanh, Truyền hình Lạng Sơn mở chuyên mục về phòng, chống thiên tai."
    )
    assert (parsed.signer.authority, parsed.signer.position, parsed.signer.name) == (
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Hoàng Văn Nam",
    )
    assert parsed.cc == ["Như trên", "Lưu: VT"]


def test_a_blank_line_after_every_line_does_not_cut_sentences() -> None:
    text = """Kính gửi: Sở Thông tin và Truyền thông các tỉnh, thành phố.

Bộ Thông tin và Truyền thông đề nghị Quý Sở chỉ đạo các cơ quan báo chí

địa phương tuyên truyền về Ngày Chuyển đổi số quốc gia; gửi báo cáo kết quả

về Bộ trước ngày 20/10/2024.

Trân trọng./.
"""
    parsed = parse_text(text)
    assert units(text) == [("Quý Sở", "perform", 1)]
    task = parsed.assignments[0].tasks[0].text
    assert task.startswith("chỉ đạo các cơ quan báo chí địa phương tuyên truyền")
    assert [d.date for d in parsed.report_deadlines] == ["2024-10-20"]


def test_labelled_fields_give_roles_and_the_due_date() -> None:
    text = """II. NHIỆM VỤ
1. Số hóa hồ sơ một cửa
a) Nhiệm vụ: Số hóa toàn bộ hồ sơ thủ tục hành chính còn hiệu lực.
b) Cơ quan thực hiện:
- Đơn vị chủ trì: Văn phòng UBND tỉnh.
- Đơn vị phối hợp: Sở Khoa học và Công nghệ, UBND các xã, phường.
c) Thời gian hoàn thành: trước ngày 30/6/2025.
"""
    parsed = parse_text(text)
    assert units(text) == [
        ("Văn phòng UBND tỉnh", "lead", 1),
        ("Sở Khoa học và Công nghệ", "coordinate", 1),
        ("UBND các xã, phường", "coordinate", 1),
    ]
    task = parsed.assignments[0].tasks[0]
    assert (task.text, task.due) == ("Số hóa toàn bộ hồ sơ thủ tục hành chính còn hiệu lực.", "2025-06-30")
    assert [d.date for d in parsed.report_deadlines] == ["2025-06-30"]


def test_a_task_table_in_the_appendix_is_read_row_by_row() -> None:
    text = """UBND TỈNH QUẢNG BÌNH
Số: 30/KH-UBND
Quảng Bình, ngày 10 tháng 02 năm 2025
KẾ HOẠCH
Chuyển đổi số năm 2025
I. TỔ CHỨC THỰC HIỆN
Các sở, ngành thực hiện nhiệm vụ tại Phụ lục kèm theo.
Nơi nhận:
- Lưu: VT.
CHỦ TỊCH
Trần Văn B
PHỤ LỤC
| STT | Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành |
|---|---|---|---|---|
| 1 | Xây dựng kho dữ liệu dùng chung | Sở Khoa học và Công nghệ | Sở Tài chính | Trước ngày 30/9/2025 |
| 2 | Tuyên truyền kỹ năng số | Sở Văn hóa, Thể thao và Du lịch | UBND các xã, phường | Quý IV/2025 |
"""
    parsed = parse_text(text)
    by_unit = {a.unit: a for a in parsed.assignments}
    assert by_unit["Sở Khoa học và Công nghệ"].role == "lead"
    assert [(t.text, t.due) for t in by_unit["Sở Khoa học và Công nghệ"].tasks] == [
        ("Xây dựng kho dữ liệu dùng chung", "2025-09-30")
    ]
    assert by_unit["Sở Tài chính"].role == "coordinate"
    assert by_unit["UBND các xã, phường"].role == "coordinate"
    assert [t.text for t in by_unit["Sở Văn hóa, Thể thao và Du lịch"].tasks] == ["Tuyên truyền kỹ năng số"]


def test_persons_by_position_are_assignees_and_act_for_their_body() -> None:
    text = """III. TỔ CHỨC THỰC HIỆN
1. Ban Thường trực Ủy ban MTTQ Việt Nam xã
- Đồng chí Chủ tịch Ủy ban MTTQ Việt Nam xã chỉ đạo chung công tác bầu cử.
- Các đồng chí Phó Chủ tịch theo dõi các thôn được phân công.
2. Phó Chủ tịch phụ trách lĩnh vực Công tác xã hội
- Chủ trì tổng hợp dư luận xã hội về công tác bầu cử.
"""
    assert units(text) == [
        ("Ban Thường trực Ủy ban MTTQ Việt Nam xã", "perform", 2),
        ("Phó Chủ tịch phụ trách lĩnh vực Công tác xã hội", "lead", 1),
    ]


def test_waves_make_one_window_from_the_first_day_to_the_last() -> None:
    text = """UBND xã Quảng Phú thông báo các thôn treo cờ Tổ quốc như sau:
- Đợt 1: Ngày 02/9/2024 (tức 30/7 âm lịch).
- Đợt 2: Từ ngày 19/12/2024 đến hết ngày 22/12/2024.
"""
    period = parse_text(text).period
    assert (period.start, period.end) == ("2024-09-02", "2024-12-22")


def test_an_anniversary_span_and_a_lunar_date_are_not_the_window() -> None:
    text = """Kỷ niệm 80 năm Ngày thành lập Quân đội nhân dân Việt Nam (22/12/1944 - 22/12/2024), UBND xã đề nghị các thôn treo cờ Tổ quốc từ ngày 20/12/2024 đến hết ngày 23/12/2024 (tức 20/11 âm lịch)."""
    period = parse_text(text).period
    assert (period.start, period.end) == ("2024-12-20", "2024-12-23")


def test_a_yearly_date_is_recurring_not_a_date_of_this_year() -> None:
    text = """UBND TỈNH BẮC KẠN
Số: 14/CT-UBND
Bắc Kạn, ngày 03 tháng 4 năm 2025
CHỈ THỊ
Về công tác bảo vệ rừng
Ủy ban nhân dân tỉnh yêu cầu:
1. Sở Nông nghiệp và Môi trường tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12 hằng năm.
"""
    deadline = parse_text(text).report_deadlines[0]
    assert (deadline.date, deadline.recurrence) == (None, "yearly")
    assert "15/12" in deadline.text


def test_a_deadline_quoted_from_an_earlier_letter_is_expired() -> None:
    text = """VĂN PHÒNG CHÍNH PHỦ
Số: 2210/VPCP-KGVX
Hà Nội, ngày 04 tháng 4 năm 2024
Kính gửi: Bộ Y tế.
Tại văn bản số 912/VPCP-KGVX ngày 12 tháng 02 năm 2024, Phó Thủ tướng đã giao Bộ Y tế báo cáo Thủ tướng Chính phủ trước ngày 15 tháng 3 năm 2024. Đến nay Bộ chưa có báo cáo.
Phó Thủ tướng yêu cầu Bộ Y tế khẩn trương hoàn thành và báo cáo Thủ tướng Chính phủ trước ngày 20 tháng 4 năm 2024./.
"""
    parsed = parse_text(text)
    assert [d.date for d in parsed.report_deadlines] == ["2024-04-20"]
    assert units(text) == [("Bộ Y tế", "perform", 1)]


def test_party_style_bare_and_blank_numbers() -> None:
    assert parse_text("ĐẢNG ỦY XÃ HÀ LONG\nSố 402-CV/ĐU\nKính gửi: Các chi bộ.\n").number == "402-CV/ĐU"
    assert parse_text("1187/BVHTTDL-VP\n\nKính gửi: Các Sở Văn hóa.\n").number == "1187/BVHTTDL-VP"
    blank = parse_text("UBND XÃ AN PHÚ\nSố: /KH-UBND\nAn Phú, ngày ... tháng 5 năm 2025\nKẾ HOẠCH\n")
    assert blank.number is None
    assert any("để trống" in w for w in blank.warnings)


def test_a_letter_that_starts_at_kinh_gui_gives_its_numbered_points_to_the_addressee() -> None:
    text = """Kính gửi: Bộ Tư pháp.

Về đề nghị của Bộ Tư pháp tại Tờ trình số 15/TTr-BTP, Phó Thủ tướng có ý kiến chỉ đạo Bộ Tư pháp như sau:

1. Hoàn thiện dự thảo Đề án, bảo đảm tính khả thi.

2. Lấy ý kiến các bộ, cơ quan liên quan trước khi trình Thủ tướng Chính phủ.

Văn phòng Chính phủ thông báo để Bộ Tư pháp biết, thực hiện./.
"""
    assert units(text) == [("Bộ Tư pháp", "perform", 2)]


def test_a_signer_above_the_body_is_the_signer_not_an_assignee() -> None:
    text = """5123/BVHTTDL-VP

TL. BỘ TRƯỞNG CHÁNH VĂN PHÒNG Lê Văn Cường Theo BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH -

CÔNG VĂN Về việc tuyên truyền Ngày Gia đình Việt Nam

Kính gửi: Các cơ quan báo chí thuộc Bộ

Các cơ quan báo chí thuộc Bộ mở chuyên mục tuyên truyền Ngày Gia đình Việt Nam 28/6./.
"""
    parsed = parse_text(text)
    assert parsed.number == "5123/BVHTTDL-VP"
    assert parsed.issuer == "Bộ Văn hóa, Thể thao và Du lịch"
    assert (parsed.signer.authority, parsed.signer.name) == ("TL. BỘ TRƯỞNG", "Lê Văn Cường")
    assert units(text) == [("Các cơ quan báo chí thuộc Bộ", "perform", 1)]


def test_footnote_markers_and_decomposed_letters_are_cleaned_but_spans_still_point_at_the_source() -> None:
    text = unicodedata.normalize(
        "NFD", "Giao Sở Tài chính[1] bố trí kinh phí tuyên truyền[2] trước ngày 30/5/2025.\n"
    )
    parsed = parse_text(text)
    task = parsed.assignments[0].tasks[0]
    assert parsed.assignments[0].unit == "Sở Tài chính"
    assert task.text == "bố trí kinh phí tuyên truyền trước ngày 30/5/2025."
    assert unicodedata.normalize("NFC", text[task.span[0] : task.span[1]]).startswith("bố trí")


def test_a_delegation_gives_work_to_both_bodies() -> None:
    text = "UBND các huyện, thị xã giao cho Phòng Văn hóa và Thông tin làm đầu mối hướng dẫn các xã tuyên truyền."
    assert units(text) == [
        ("UBND các huyện, thị xã", "perform", 1),
        ("Phòng Văn hóa và Thông tin", "lead", 1),
    ]


def test_partners_of_a_lead_coordinate() -> None:
    text = "Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính, Công an tỉnh kiểm tra an toàn thực phẩm dịp Tết."
    assert units(text) == [
        ("Sở Y tế", "lead", 1),
        ("Sở Tài chính", "coordinate", 1),
        ("Công an tỉnh", "coordinate", 1),
    ]


def test_an_escalation_clause_is_neither_an_assignment_nor_a_deadline() -> None:
    text = """1. Sở Xây dựng rà soát quy hoạch các khu dân cư.
Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị các cơ quan, đơn vị báo cáo về Sở Xây dựng trước ngày 30/6/2025 để tổng hợp./.
"""
    parsed = parse_text(text)
    assert units(text) == [("Sở Xây dựng", "perform", 1)]
    assert parsed.report_deadlines == []


def test_encouragement_is_an_assignment_and_a_recap_is_not() -> None:
    text = """Tại Quyết định số 12/QĐ-UBND, UBND tỉnh đã giao Sở Nội vụ chủ trì xây dựng đề án.
Khuyến khích Hội Nông dân tỉnh vận động hội viên tham gia mô hình kinh tế số."""
    assert units(text) == [("Hội Nông dân tỉnh", "perform", 1)]


def test_a_group_with_its_qualifier_is_one_body() -> None:
    text = """IV. TỔ CHỨC THỰC HIỆN
1. Các doanh nghiệp bưu chính, viễn thông trên địa bàn tỉnh có trách nhiệm:
a) Bảo đảm hạ tầng mạng phục vụ chuyển đổi số.
b) Hỗ trợ người dân cài đặt ứng dụng.
"""
    assert units(text) == [("Các doanh nghiệp bưu chính, viễn thông trên địa bàn tỉnh", "perform", 2)]


def test_a_vague_report_line_sets_a_deadline_but_gives_nobody_work() -> None:
    text = """1. Phòng Văn hóa và Thông tin tổ chức tuyên truyền trên hệ thống truyền thanh.
2. Các cơ quan, đơn vị báo cáo kết quả thực hiện về UBND huyện trước ngày 25/6/2024 để tổng hợp.
3. Các phòng, đơn vị, UBND các xã định kỳ báo cáo kết quả thực hiện về UBND huyện.
"""
    assert units(text) == [("Phòng Văn hóa và Thông tin", "perform", 1), ("UBND các xã", "perform", 1)]
    assert [d.date for d in parse_text(text).report_deadlines] == ["2024-06-25"]


def test_school_levels_and_a_members_union_stay_in_one_name() -> None:
    text = """1. Hiệu trưởng các trường mầm non, tiểu học, trung học cơ sở tổ chức cho học sinh tham gia cuộc thi.
2. Hội Liên hiệp Phụ nữ xã phối hợp vận động hội viên tham gia.
3. Chi cục An toàn vệ sinh thực phẩm kiểm tra các bếp ăn tập thể.
"""
    assert [name for name, _, _ in units(text)] == [
        "Hiệu trưởng các trường mầm non, tiểu học, trung học cơ sở",
        "Hội Liên hiệp Phụ nữ xã",
        "Chi cục An toàn vệ sinh thực phẩm",
    ]


def test_the_enacting_formula_of_a_decision_is_not_work() -> None:
    text = """Điều 1. Giao Phòng Văn hóa và Thông tin chủ trì tổ chức Ngày Sách và Văn hóa đọc cấp huyện.
Điều 2. Quyết định có hiệu lực từ ngày ký.
Điều 3. Chánh Văn phòng HĐND và UBND huyện, Trưởng phòng Văn hóa và Thông tin, Chủ tịch UBND các xã chịu trách nhiệm thi hành Quyết định này./.
"""
    assert units(text) == [("Phòng Văn hóa và Thông tin", "lead", 1)]


def test_a_single_time_line_and_a_month_range_are_the_window() -> None:
    single = "Kính gửi: UBND các xã.\nĐề nghị UBND các xã tổ chức tuyên truyền.\nThời gian thực hiện: từ nay đến hết ngày 31/12/2023."
    period = parse_text("Lệ Thủy, ngày 30 tháng 10 năm 2023\n" + single).period
    assert (period.start, period.end) == ("2023-10-30", "2023-12-31")
    months = "Thời gian: Từ tháng 8/2025 đến hết tháng 12/2025.\nGiao Sở Nội vụ tổ chức hội thi."
    period = parse_text(months).period
    assert (period.start, period.end) == ("2025-08-01", "2025-12-31")


def test_a_subject_followed_by_its_basis_and_a_person_with_a_field_of_work() -> None:
    text = """III. TỔ CHỨC THỰC HIỆN
1. Sở Khoa học và Công nghệ theo dõi, đôn đốc việc thực hiện Kế hoạch.
2. Các Sở, ban, ngành, UBND xã, phường và các cơ quan, tổ chức có liên quan căn cứ Kế hoạch này, xây dựng Kế hoạch triển khai tại cơ quan, đơn vị.
3. Cán bộ phụ trách lĩnh vực giám sát và phản biện xã hội tham mưu tổ chức hội nghị.
"""
    assert units(text) == [
        ("Sở Khoa học và Công nghệ", "perform", 1),
        ("Các Sở, ban, ngành", "perform", 1),
        ("UBND xã, phường", "perform", 1),
        ("Cán bộ phụ trách lĩnh vực giám sát và phản biện xã hội", "perform", 1),
    ]


def test_a_report_line_under_a_vague_introduction_gives_the_introduction_no_task() -> None:
    text = """UBND huyện đề nghị các đơn vị thực hiện các nội dung sau:
1. UBND các xã, thị trấn treo băng rôn, khẩu hiệu tại trụ sở.
2. Các cơ quan, đơn vị báo cáo kết quả thực hiện về UBND huyện trước ngày 20/11/2025 để tổng hợp./.
"""
    assert units(text) == [("UBND các xã, thị trấn", "perform", 1)]


def test_a_remark_in_brackets_under_a_list_of_bodies_names_nobody() -> None:
    text = """II. NHIỆM VỤ
1. Số hóa hồ sơ một cửa
a) Nhiệm vụ: Số hóa toàn bộ hồ sơ thủ tục hành chính còn hiệu lực.
b) Cơ quan chủ trì:
- Văn phòng UBND tỉnh.
(Văn phòng là cơ quan thường trực, giúp Ban Chỉ đạo tổng hợp, báo cáo kết quả số hóa của các cấp).
c) Cơ quan phối hợp:
- Sở Khoa học và Công nghệ.
"""
    assert units(text) == [
        ("Văn phòng UBND tỉnh", "lead", 1),
        ("Sở Khoa học và Công nghệ", "coordinate", 1),
    ]

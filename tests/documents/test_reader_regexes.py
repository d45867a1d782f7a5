"""The patterns and shortcuts the reader was made faster with, each on a made-up minimal example.

Each pattern was rewritten so the regex engine scans for its first character instead of trying every
position (a lookbehind moved after the first digit or letter, a lookahead naming the first letters), and
several passes skip text that cannot hold what they look for. These tests pin what the rewritten forms
find and, as much, what they must not.
"""

from __future__ import annotations

import re
import sys

from lantoa.documents import layout, parse_text, timeline
from lantoa.documents.duties import _DIRECT, _ESCALATION_HINT, _TRIGGER, _clauses, _leads, _leads_at_start
from lantoa.documents.entities import GRAMMAR, Grammar, Tokens
from lantoa.documents.parse import _dominant_year


def _date(text: str) -> tuple[str | None, ...] | None:
    match = timeline.DATE.search(text)
    return None if match is None else timeline._parts(match, "0")


def test_a_numeric_date_is_read_whole_after_a_space() -> None:
    assert _date("Báo cáo trước 30/9/2023 về Sở") == ("30", "9", "2023")
    assert _date("từ ngày 01-10") == ("01", "10", None)


def test_a_date_in_words_is_read_with_its_month_and_year() -> None:
    assert _date("ngày 5 tháng 10 năm 2023") == ("5", "10", "2023")


def test_no_date_starts_inside_a_number_or_after_a_slash() -> None:
    assert _date("mã hồ sơ 1230/9") is None
    assert _date("Số 15/2023") is None
    assert _date("Kế hoạch 215/KH-UBND") is None


def test_a_range_of_dates_still_finds_both_ends() -> None:
    match = timeline.RANGE.search("Thời gian treo cờ từ ngày 01/10 đến hết ngày 10/10/2023.")
    assert timeline._parts(match, "1") == ("01", "10", None)
    assert timeline._parts(match, "2") == ("10", "10", "2023")


def test_clauses_break_at_stops_but_not_after_tp_dc_or_an_initial() -> None:
    text = "Giao TP. Huế và Đ.c Nam, Nguyễn V. An thực hiện. Sở B phối hợp; UBND xã báo cáo"
    assert [text[a:b] for a, b in _clauses(text, 0, len(text))] == [
        "Giao TP. Huế và Đ.c Nam, Nguyễn V. An thực hiện. ",
        "Sở B phối hợp; ",
        "UBND xã báo cáo",
    ]


def test_triggers_are_found_at_word_starts_in_any_case() -> None:
    text = "Sở đề nghị UBND; Kính đề nghị Bộ; GIAO cho Sở; bàn giao xong; traogiao X; uỷ quyền cho Y"
    assert [m.group() for m in _TRIGGER.finditer(text)] == [
        "đề nghị ",
        "Kính đề nghị ",
        "GIAO cho ",
        "giao ",
        "uỷ quyền cho ",
    ]


def test_chi_dao_is_a_direction_only_as_a_word_of_its_own() -> None:
    assert [m.group() for m in _DIRECT.finditer("UBND huyện Chỉ đạo các xã; cán bộ chỉđạo; tuchỉ đạo X")] == [
        "Chỉ đạo "
    ]


def test_the_dominant_year_counts_whole_years_only() -> None:
    assert _dominant_year("năm 2023, năm 2023 và 2022, mã 12023, số 20201") == 2023
    assert _dominant_year("mã 12023 và 120191") is None


def test_cleaning_removes_footnotes_emphasis_and_zero_width_characters() -> None:
    assert layout.clean("được giao[1]. Đơn vị²").text == "được giao. Đơn vị"
    assert layout.clean("**Điều 1.** Giao\u200b Sở").text == "Điều 1. Giao Sở"
    assert layout.clean("Sở_Tài chính").text == "Sở_Tài chính"


def test_a_line_with_long_words_is_still_checked_for_glued_ones() -> None:
    assert layout.clean("Kính gửi: Vănphòng Thường trực").text == "Kính gửi: Văn phòng Thường trực"
    assert layout.clean("Chuyển đổi số quốc gia").text == "Chuyển đổi số quốc gia"


def test_only_lines_that_start_like_a_rule_are_dropped_as_rules() -> None:
    paras = layout.paragraphs("Sở A\n|---|---|\n-----\n- Chủ trì.\n...\n")
    assert [p.text for p in paras] == ["Sở A", "- Chủ trì."]


def test_administrative_levels_are_read_where_they_start() -> None:
    t = Tokens("UBND thị xã Hương Thủy, xã hội, TP. Huế, Tỉnh ủy")
    assert [(t.toks[i], t.admin_len(i)) for i in range(len(t)) if t.admin_len(i)] == [
        ("thị", 2),
        ("xã", 1),
        ("TP", 2),
    ]


def test_a_name_starts_only_at_a_title_a_head_noun_a_group_or_a_known_name() -> None:
    assert GRAMMAR.mention_at(Tokens("tuyên truyền Sở Y tế"), 0) is None
    assert GRAMMAR.mention_at(Tokens("Sở Y tế tỉnh Thanh Hóa thực hiện"), 0).name == "Sở Y tế tỉnh Thanh Hóa"
    assert GRAMMAR.mention_at(Tokens("Nhà văn hóa thôn Đông tổ chức"), 0) is None
    known = Grammar(["Nhà văn hóa thôn Đông"])
    assert known.mention_at(Tokens("Nhà văn hóa thôn Đông tổ chức"), 0).name == "Nhà văn hóa thôn Đông"


def test_a_deadline_in_the_second_sentence_of_a_paragraph_is_still_found() -> None:
    _period, deadlines, _ = timeline.read(
        ["Các đơn vị tổ chức tuyên truyền. Báo cáo kết quả gửi về Sở trước ngày 30/11/2023."],
        doc_date="2023-10-01",
        year_hint=2023,
    )
    assert [d.date for d in deadlines] == ["2023-11-30"]


def test_a_task_stops_where_an_escalation_begins() -> None:
    head = "Kính gửi: Các sở, ban, ngành.\nỦy ban nhân dân tỉnh đề nghị Sở Y tế chủ trì tổ chức tiêm chủng cho trẻ em"
    escalating = parse_text(head + ", nếu có khó khăn, vướng mắc báo cáo về Ủy ban nhân dân tỉnh.\n")
    plain = parse_text(head + ".\n")
    assert [t.text for t in escalating.assignments[0].tasks] == ["chủ trì tổ chức tiêm chủng cho trẻ em"]
    assert [t.text for t in plain.assignments[0].tasks] == ["chủ trì tổ chức tiêm chủng cho trẻ em."]


def test_the_first_letters_named_for_triggers_cover_every_case_the_pattern_matches() -> None:
    # The lookahead of _TRIGGER and _DIRECT names first letters under re.I; every character that re.I lets
    # a trigger's first letter match must pass it (the Kelvin sign "\u212a" matches "k", for one).
    assert [m.group() for m in _TRIGGER.finditer("\u212aÍNH ĐỀ NGHỊ Sở Y tế; ỦY QUYỀN CHO Phòng")] == [
        "\u212aÍNH ĐỀ NGHỊ ",
        "ỦY QUYỀN CHO ",
    ]
    assert [m.group() for m in _DIRECT.finditer("UBND huyện CHỈ ĐẠO các xã")] == ["CHỈ ĐẠO "]


def test_letters_spelt_out_case_by_case_are_every_case_re_ignorecase_matches() -> None:
    # _ESCALATION_HINT, _DIRECT, _DUE_HINT and the lookahead of _TRIGGER spell some letters out instead of
    # using re.I: the spelling must hold exactly the characters re.I matches, over all of Unicode.
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    spelt = {
        "ế": "ếẾ",
        "ợ": "ợỢ",
        "u": "uU",
        "p": "pP",
        "c": "cC",
        "ó": "óÓ",
        "t": "tT",
        "h": "hH",
        "x": "xX",
    }
    spelt |= {"k": "kK\u212a", "đ": "đĐ", "y": "yY", "g": "gG", "ủ": "ủỦ"}
    for letter, cases in spelt.items():
        assert set(re.findall(re.escape(letter), every, re.I)) == set(cases), letter


def test_an_escalation_and_a_due_word_are_found_in_any_case() -> None:
    assert _ESCALATION_HINT.search("thực hiện, NẾU CÓ khó khăn") is not None
    assert _ESCALATION_HINT.search("trường hợp\tcó vướng mắc") is not None
    assert _ESCALATION_HINT.search("nếu cókhó khăn") is None
    assert timeline._DUE_HINT.search("HOÀN THÀNH trong tháng") is not None
    assert timeline._DUE_HINT.search("\u212aHÔNG QUÁ ngày 5") is not None
    assert timeline._DUE_HINT.search("tổ chức hội nghị") is None


def test_the_case_table_of_the_timeline_holds_every_case_re_ignorecase_matches() -> None:
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    for letter, cases in timeline._CASES.items():
        assert set(re.findall(re.escape(letter), every, re.I)) == set(cases), letter


def test_a_yes_no_search_finds_its_words_in_any_case_and_only_them() -> None:
    returns = timeline._any_of(r"báo\s+cáo", "gửi", r"kết\s+quả")
    assert returns.search("Các xã BÁO  CÁO về huyện") is not None
    assert returns.search("\u212aẾT QUẢ tuyên truyền") is not None
    assert returns.search("nhận Gửi lại") is not None
    assert returns.search("tổ chức hội nghị, báo chí đưa tin") is None
    assert timeline._WINDOW_CONTEXT.search("Đợt 1 từ ngày 01/10") is not None
    assert timeline._WINDOW_CONTEXT.search("Các xã gửi hồ sơ") is None


def test_the_lead_is_read_at_the_start_or_after_a_stop_or_a_comma_only() -> None:
    assert _leads("Chủ trì, phối hợp với các xã")
    assert _leads("Sở Y tế, chủ trì tổ chức tiêm chủng")
    assert _leads("tham mưu; căn cứ chức năng, LÀ CƠ QUAN ĐẦU MỐI")
    assert not _leads("Sở Y tế chủ trì tổ chức tiêm chủng")
    assert _leads_at_start(", là cơ quan thường trực")
    assert not _leads_at_start("tham gia; chủ trì")

"""The example công văn (text extracted from a PDF, no header) read into the DESIGN.md §5 contract."""

from __future__ import annotations

import json

import pytest

from lantoa.documents import ParsedDirective, parse_text


@pytest.fixture(scope="module")
def parsed(example_text: str) -> ParsedDirective:
    return parse_text(example_text)


def test_example_is_a_cong_van_without_header(parsed: ParsedDirective) -> None:
    assert parsed.doc_type == "cong_van"
    assert (parsed.number, parsed.date, parsed.place) == (None, None, None)


def test_example_recipients_are_the_three_units_of_kinh_gui(parsed: ParsedDirective) -> None:
    assert parsed.recipients == [
        "Phòng Văn hóa và Thông tin",
        "Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch",
        "UBND các xã, thị trấn",
    ]


def test_example_has_one_reference_to_the_province_cong_van(parsed: ParsedDirective) -> None:
    assert len(parsed.references) == 1
    ref = parsed.references[0]
    assert (ref.type, ref.number, ref.date) == ("Công văn", "2276/STTTT-TTBCXB", "2023-09-20")
    assert ref.issuer == "Sở Thông tin và Truyền thông tỉnh Thanh Hóa"


def test_example_directive_has_three_assignments(parsed: ParsedDirective) -> None:
    units = [(a.unit, a.role, len(a.tasks)) for a in parsed.assignments]
    assert units == [
        ("Phòng Văn hóa và Thông tin", "perform", 3),
        ("Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch", "perform", 3),
        ("UBND các xã, thị trấn", "perform", 2),
    ]


def test_example_third_task_without_dash_is_its_own_task(parsed: ParsedDirective) -> None:
    third = parsed.assignments[0].tasks[2]
    assert third.text.startswith("Kiểm tra, giám sát việc thực hiện tuyên truyền")
    assert third.text.endswith("Thông tin và Truyền thông Thanh Hóa theo quy định.")


def test_example_time_section_is_not_an_assignee(parsed: ParsedDirective) -> None:
    assert all("Thời gian" not in a.unit for a in parsed.assignments)


def test_example_task_spans_slice_to_the_task_text(parsed: ParsedDirective, example_text: str) -> None:
    for assignment in parsed.assignments:
        for task in assignment.tasks:
            start, end = task.span
            assert 0 <= start < end <= len(example_text)
            assert " ".join(example_text[start:end].split()) == task.text
            assert task.due is None


def test_example_first_task_matches_the_design_contract(parsed: ParsedDirective) -> None:
    first = parsed.assignments[0].tasks[0]
    assert first.text == (
        "Tuyên truyền, phổ biến Ngày chuyển đổi số quốc gia năm 2023 trên trang thông tin điện tử UBND huyện."
    )


def test_example_period_and_report_deadline(parsed: ParsedDirective) -> None:
    assert parsed.period is not None
    assert (parsed.period.start, parsed.period.end) == ("2023-10-01", "2023-10-10")
    assert len(parsed.report_deadlines) == 1
    deadline = parsed.report_deadlines[0]
    assert (deadline.date, deadline.recurrence) == ("2023-10-15", None)
    assert (deadline.to, deadline.via) == ("UBND huyện", "Phòng Văn hóa và Thông tin")


def test_example_signer_and_cc(parsed: ParsedDirective) -> None:
    assert parsed.signer is not None
    assert (parsed.signer.authority, parsed.signer.position, parsed.signer.name) == (
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        None,
    )
    assert parsed.cc == [
        "Như trên",
        "Đ.c Phạm Quốc Thành - PBT HU (để B/c)",
        "Các đồng chí PCT UBND huyện",
        "Các phòng chuyên môn UBND huyện",
        "Lưu: VT, VHTT",
    ]


def test_json_has_exactly_the_contract_keys(parsed: ParsedDirective) -> None:
    data = json.loads(parsed.to_json())
    assert list(data) == [
        "doc_type", "number", "date", "place", "issuer", "subject", "recipients", "references",
        "assignments", "period", "report_deadlines", "signer", "cc", "warnings",
    ]  # fmt: skip
    assert set(data["assignments"][0]["tasks"][0]) == {"text", "span", "due"}
    assert set(data["report_deadlines"][0]) == {"date", "recurrence", "to", "via", "text"}
    assert "\\u" not in parsed.to_json()  # ensure_ascii=False keeps Vietnamese readable
    assert "Phòng Văn hóa" in parsed.to_json()

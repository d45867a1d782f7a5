"""Turning what directives write into units of the tree, as each issuer means it.

The phrasings are the ways Vietnamese directives name their recipients and assignees; the issuers are
UBND huyện Hoằng Hóa and its Phòng VH&TT in 2023, UBND tỉnh Thanh Hóa in 2023, and the Sở KH&CN in 2025.
"""

import datetime

import pytest

from lantoa.units.models import Level, Unit, UnitKind
from lantoa.units.resolve import resolve_units, split_phrases
from lantoa.units.services import import_units_file

pytestmark = pytest.mark.django_db

IN_2023 = datetime.date(2023, 9, 25)
IN_2025 = datetime.date(2025, 9, 15)


def _names(resolution) -> list[str]:
    return [str(u) for u in resolution.units]


# (phrase as written, expected units) — issued by UBND huyện Hoằng Hóa on 25/09/2023.
DISTRICT_PHRASES = [
    ("Phòng Văn hóa và Thông tin", ["Phòng Văn hóa và Thông tin"]),
    ("phòng Văn hóa và Thông tin", ["Phòng Văn hóa và Thông tin"]),
    ("Phòng Văn hoá và Thông tin huyện", ["Phòng Văn hóa và Thông tin"]),
    ("Phòng VH&TT", ["Phòng Văn hóa và Thông tin"]),
    ("Phòng VH-TT huyện", ["Phòng Văn hóa và Thông tin"]),
    ("PHÒNG VĂN HÓA VÀ THÔNG TIN", ["Phòng Văn hóa và Thông tin"]),
    ("Phòng VHTT huyện Hoằng Hóa", ["Phòng Văn hóa và Thông tin"]),
    ("Phòng Vănhóa và Thông tin", ["Phòng Văn hóa và Thông tin"]),  # glued by PDF extraction
    (
        "Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch",
        ["Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch"],
    ),
    (
        "Trung tâm Văn hóa, Thông tin, Thể thao và du lịch huyện",
        ["Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch"],
    ),
    ("Trung tâm VH,TT,TT&DL huyện", ["Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch"]),
    ("Trung tâm VHTTTT&DL", ["Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch"]),
    ("Trungtâm Văn hóa,Thông tin,Thể thao và Du lịch", ["Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch"]),
    ("Vănphòng HĐND và UBND huyện", ["Văn phòng HĐND và UBND huyện"]),
    ("Văn phòng HĐND&UBND huyện", ["Văn phòng HĐND và UBND huyện"]),
    ("UBND huyện", ["UBND huyện Hoằng Hóa"]),
    ("Ủy ban nhân dân huyện", ["UBND huyện Hoằng Hóa"]),
    ("UBND xã Hoằng Xuân", ["UBND xã Hoằng Xuân"]),
    ("Uỷ ban nhân dân xã Hoằng Xuân", ["UBND xã Hoằng Xuân"]),
    ("xã Hoằng Xuân", ["UBND xã Hoằng Xuân"]),
    ("UBND thị trấn Bút Sơn", ["UBND thị trấn Bút Sơn"]),
    ("UBND TT Bút Sơn", ["UBND thị trấn Bút Sơn"]),
    ("Sở Thông tin và Truyền thông tỉnh Thanh Hóa", ["Sở Thông tin và Truyền thông"]),
    ("Sở Thông tin và Truyền thông Thanh Hóa", ["Sở Thông tin và Truyền thông"]),
    ("Sở TT&TT", ["Sở Thông tin và Truyền thông"]),
    ("UBND tỉnh Thanh Hóa", ["UBND tỉnh Thanh Hóa"]),
    ("Phòng Tài chính - Kế hoạch, Phòng Nội vụ", ["Phòng Tài chính - Kế hoạch", "Phòng Nội vụ"]),
    (
        "Phòng GD&ĐT và Trung tâm VH,TT,TT&DL",
        ["Phòng Giáo dục và Đào tạo", "Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch"],
    ),
    (
        "Phòng Văn hóa và Thông tin; Trung tâm Văn hóa, Thông tin, Thể thao và du lịch huyện",
        ["Phòng Văn hóa và Thông tin", "Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch"],
    ),
    ("- Phòng Văn hóa và Thông tin;", ["Phòng Văn hóa và Thông tin"]),
    ("Giao Phòng Văn hóa và Thông tin", ["Phòng Văn hóa và Thông tin"]),
]


@pytest.mark.parametrize(("phrase", "expected"), DISTRICT_PHRASES)
def test_district_directive_names_resolve_to_its_units(phrase, expected, district_committee):
    resolution = resolve_units(phrase, context=district_committee, on=IN_2023)
    assert resolution.is_complete, resolution.unresolved
    assert _names(resolution) == expected


COMMUNE_GROUPS = [
    "UBND các xã, thị trấn",
    "UBND các xã, thị trấn trên địa bàn huyện",
    "Ủy ban nhân dân các xã, thị trấn",
    "UBND các xã, thịtrấn",
    "các xã, thị trấn",
    "Chủ tịch UBND các xã, thị trấn",
]


@pytest.mark.parametrize("phrase", COMMUNE_GROUPS)
def test_commune_group_expands_to_every_commune_and_town_of_the_district(phrase, district_committee):
    resolution = resolve_units(phrase, context=district_committee, on=IN_2023)
    assert resolution.is_complete
    units = resolution.units
    assert len(units) == 36
    assert {u.level for u in units} == {Level.COMMUNE}
    assert all(u.parent_id == district_committee.pk for u in units)
    assert "UBND thị trấn Bút Sơn" in _names(resolution)


def test_the_example_recipients_resolve_to_two_offices_and_36_communes(culture_office):
    text = "Phòng Văn hóa và Thông tin; Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch; UBND các xã, thị trấn."
    resolution = resolve_units(text, context=culture_office, on=IN_2023)
    assert resolution.is_complete
    assert len(resolution.units) == 38
    assert [m.is_group for m in resolution.matches] == [False, False, True]


def test_offices_group_expands_to_the_offices_of_the_issuer(district_committee):
    resolution = resolve_units("Các phòng chuyên môn UBND huyện", context=district_committee, on=IN_2023)
    assert resolution.is_complete
    assert {u.kind for u in resolution.units} == {UnitKind.OFFICE}
    assert "Phòng Văn hóa và Thông tin" in _names(resolution)
    assert all(u.parent_id == district_committee.pk for u in resolution.units)


def test_province_directive_reaches_all_26_districts(province_committee):
    resolution = resolve_units("UBND các huyện, thị xã, thành phố", context=province_committee, on=IN_2023)
    assert resolution.is_complete
    assert len(resolution.units) == 26
    assert {u.level for u in resolution.units} == {Level.DISTRICT}


def test_province_departments_group(province_committee):
    resolution = resolve_units("Các sở, ban, ngành cấp tỉnh", context=province_committee, on=IN_2023)
    assert resolution.is_complete
    assert "Sở Thông tin và Truyền thông" in _names(resolution)
    assert "UBND huyện Hoằng Hóa" not in _names(resolution)


def test_2025_department_reaches_the_166_new_communes_not_the_old_ones(province_committee):
    department = Unit.objects.get(parent=province_committee, name__startswith="Sở Khoa học")
    resolution = resolve_units("UBND các xã, phường", context=department, on=IN_2025)
    assert resolution.is_complete
    assert len(resolution.units) == 166
    assert all(u.code_2025 and u.closed_on is None for u in resolution.units)


def test_same_group_in_2023_reaches_the_547_old_communes(province_committee):
    resolution = resolve_units("UBND các xã, phường, thị trấn", context=province_committee, on=IN_2023)
    assert len(resolution.units) == 547


def test_department_closed_before_the_directive_is_not_resolved_and_its_successors_are_suggested(
    province_committee,
):
    resolution = resolve_units("Sở Thông tin và Truyền thông", context=province_committee, on=IN_2025)
    assert resolution.units == []
    [problem] = resolution.unresolved
    assert "đã thôi hoạt động từ ngày 01/03/2025" in problem.reason
    assert {str(s) for s in problem.suggestions} == {
        "Sở Khoa học và Công nghệ",
        "Sở Văn hóa, Thể thao và Du lịch",
    }


def test_commune_merged_in_2025_is_unresolved_for_a_later_directive(province_committee, commune_committee):
    resolution = resolve_units("UBND xã Hoằng Xuân", context=province_committee, on=IN_2025)
    [problem] = resolution.unresolved
    assert "01/07/2025" in problem.reason
    assert set(problem.suggestions) == set(commune_committee.successors.all())


def test_unknown_unit_comes_back_unresolved_with_suggestions(district_committee):
    resolution = resolve_units("Phòng Tài chính", context=district_committee, on=IN_2023)
    assert resolution.units == []
    [problem] = resolution.unresolved
    assert "Không tìm thấy" in problem.reason
    assert str(problem.suggestions[0]) == "Phòng Tài chính - Kế hoạch"


def test_name_shared_by_several_units_is_never_guessed(province_committee, tmp_path):
    # Two districts each with a Phòng VH&TT: from the province, "Phòng VH&TT" alone is ambiguous.
    path = tmp_path / "u.csv"
    path.write_text(
        "Đơn vị cấp trên,Tên đơn vị\nUBND huyện Nga Sơn,Phòng Văn hóa và Thông tin huyện Nga Sơn\n",
        encoding="utf-8",
    )
    import_units_file(path=path)
    resolution = resolve_units("Phòng Văn hóa và Thông tin", context=province_committee, on=IN_2023)
    assert resolution.units == []
    [problem] = resolution.unresolved
    assert len(problem.suggestions) == 2


def test_per_area_group_finds_the_named_office_in_every_district_and_reports_the_missing(province_committee):
    resolution = resolve_units("Phòng Văn hóa và Thông tin các huyện", context=province_committee, on=IN_2023)
    assert _names(resolution) == ["Phòng Văn hóa và Thông tin"]
    [problem] = resolution.unresolved
    assert "25/26" in problem.reason


def test_a_vague_phrase_is_not_guessed(district_committee):
    resolution = resolve_units("các cơ quan, đơn vị liên quan", context=district_committee, on=IN_2023)
    assert resolution.units == []
    assert resolution.unresolved


def test_phrases_are_cut_at_agency_nouns_but_not_inside_names():
    assert split_phrases(
        "Phòng Văn hóa và Thông tin; Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch; UBND các xã, thị trấn"
    ) == [
        "Phòng Văn hóa và Thông tin",
        "Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch",
        "UBND các xã, thị trấn",
    ]
    assert split_phrases("Phòng Nội vụ, Phòng Tư pháp và Trung tâm Y tế") == [
        "Phòng Nội vụ",
        "Phòng Tư pháp",
        "Trung tâm Y tế",
    ]

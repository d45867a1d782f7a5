"""A letter from another province never hands its names to our units (issue 9).

Tried in the browser: a Hà Nội plan's "Các Sở, ban, ngành" became Thanh Hóa's departments; "Sở Văn hóa,
Thể thao và Du lịch" in a Hậu Giang letter became Thanh Hóa's Sở; "Đài Phát thanh - Truyền hình Hậu Giang"
was offered "UBND xã Thiệu Giang". The fixture is a made-up, minimal Hậu Giang-style letter.
"""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from lantoa.directives.services import create_directive_from_parse
from lantoa.documents import parse_text
from lantoa.units.models import Level, Unit, UnitKind
from lantoa.units.resolve import resolve_units

pytestmark = pytest.mark.django_db

LETTER = Path(__file__).parent / "fixtures" / "cong-van-so-vhttdl-hau-giang.txt"
IN_2024 = datetime.date(2024, 8, 12)
IN_2025 = datetime.date(2025, 9, 15)


@pytest.fixture
def hau_giang_letter(department_officer, province_committee):
    """Read by the Sở TT&TT for the UBND tỉnh: the province's departments and districts are in its area,
    so they are what a flagged name can be offered (a district's import is offered only its own area)."""
    text = LETTER.read_text(encoding="utf-8")
    office = department_officer.memberships.get().unit
    return create_directive_from_parse(
        issuer=province_committee,
        office=office,
        actor=department_officer,
        parsed=parse_text(text),
        source_text=text,
        source_name=LETTER.name,
    )


def _inside_thanh_hoa(unit: Unit, province: Unit) -> bool:
    return unit.path.startswith(province.path)


def test_none_of_the_letters_names_goes_to_our_units_and_each_is_flagged_with_ours_first(
    hau_giang_letter, province_committee
):
    assert hau_giang_letter.place == "Hậu Giang"
    assert not hau_giang_letter.assignments.exists()
    assert hau_giang_letter.report_to is None  # "báo cáo về Sở Văn hóa…" is Hậu Giang's Sở, not ours
    flagged = [item for task in hau_giang_letter.tasks.all() for item in task.unresolved]
    assert [item["text"] for item in flagged][:2] == [
        "Các sở, ban, ngành tỉnh",
        "UBND các huyện, thị xã, thành phố",
    ]
    assert len(flagged) == hau_giang_letter.tasks.count() == 3
    for item in flagged:
        assert "Hậu Giang" in item["reason"]
        suggestions = list(Unit.objects.filter(pk__in=item["suggestions"]))
        assert all(_inside_thanh_hoa(u, province_committee) for u in suggestions), item
    departments = Unit.objects.filter(pk__in=flagged[0]["suggestions"])
    assert departments
    assert {u.kind for u in departments} == {UnitKind.DEPARTMENT}
    districts = Unit.objects.filter(pk__in=flagged[1]["suggestions"])
    assert districts
    assert {u.level for u in districts} == {Level.DISTRICT}


def test_a_district_reading_the_same_letter_is_offered_only_units_of_its_own_area(
    officer, district_committee, culture_office
):
    text = LETTER.read_text(encoding="utf-8")
    letter = create_directive_from_parse(
        issuer=district_committee,
        office=culture_office,
        actor=officer,
        parsed=parse_text(text),
        source_text=text,
        source_name=LETTER.name,
    )
    offered = {pk for task in letter.tasks.all() for item in task.unresolved for pk in item["suggestions"]}
    assert len([item for task in letter.tasks.all() for item in task.unresolved]) == 3
    assert all(u.path.startswith(district_committee.path) for u in Unit.objects.filter(pk__in=offered))


def test_the_station_of_another_province_is_never_offered_a_commune(hau_giang_letter):
    station = [
        item for task in hau_giang_letter.tasks.all() for item in task.unresolved if "Đài" in item["text"]
    ]
    assert station
    for item in station:
        offered = Unit.objects.filter(pk__in=item["suggestions"])
        assert not offered.filter(kind=UnitKind.PEOPLES_COMMITTEE).exists()
        assert "Thiệu Giang" not in " ".join(str(u) for u in offered)


def test_the_import_page_flags_each_name_and_shows_where_each_suggested_unit_is(
    client, department_officer, hau_giang_letter
):
    client.force_login(department_officer)
    page = client.get(reverse("directives:edit", args=[hau_giang_letter.pk])).content.decode()
    assert page.count("Chưa xác định được đơn vị") == 3
    assert "Văn bản của Hậu Giang" in page
    assert "— tỉnh Thanh Hóa</span>" in page  # each department's chip says where it is


@pytest.mark.parametrize(
    ("place", "issuer_text", "written"),
    [
        ("Hà Nội", "UBND thành phố Hà Nội", "Các Sở, ban, ngành"),
        ("Hậu Giang", "Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
        ("", "UBND tỉnh Quảng Ninh", "UBND các xã, phường"),
    ],
)
def test_generic_names_of_another_provinces_text_stay_unresolved_with_our_units_suggested(
    province_committee, place, issuer_text, written
):
    resolution = resolve_units(
        written, context=province_committee, on=IN_2025, place=place, issuer=issuer_text
    )
    assert resolution.units == []
    [problem] = resolution.unresolved
    assert problem.suggestions
    assert all(_inside_thanh_hoa(u, province_committee) for u in problem.suggestions)


def test_the_same_department_of_our_own_letter_still_resolves(province_committee):
    culture = Unit.objects.get(parent=province_committee, short_name="Sở Văn hóa, Thể thao và Du lịch")
    for place in ("", "Thanh Hóa", "Thanh Hoá"):
        resolution = resolve_units(
            "Sở Văn hóa, Thể thao và Du lịch", context=province_committee, on=IN_2025, place=place
        )
        assert resolution.units == [culture], place


def test_a_named_unit_of_another_province_is_not_assigned_silently(province_committee):
    resolution = resolve_units(
        "Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Ninh", context=province_committee, on=IN_2025
    )
    assert resolution.units == []
    [problem] = resolution.unresolved
    assert "Quảng Ninh" in problem.reason
    assert str(problem.suggestions[0]) == "Sở Văn hóa, Thể thao và Du lịch"
    assert problem.suggestions[0].area_label == "tỉnh Thanh Hóa"


def test_a_commune_named_like_a_province_is_not_another_province(province_committee):
    # "xã Long An" is a commune's name, not the province of Long An.
    from lantoa.units.areas import provinces_named_in

    assert provinces_named_in("ubnd xa long an") == []
    assert provinces_named_in("dai phat thanh truyen hinh hau giang") == ["hau giang"]
    assert provinces_named_in("so van hoa tinh quang ninh") == ["quang ninh"]

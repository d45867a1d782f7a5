"""A name written one way finds the unit written the other: in a directive, in the picker, in the search.

"Thuỷ" and "Thủy" are the two tone-mark conventions; "Ea H'Leo" and "Ea H’Leo" two apostrophes.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from lantoa.directives.services import add_task, create_directive
from lantoa.units.models import Role, Unit
from lantoa.units.services import grant_membership, import_divisions

pytestmark = pytest.mark.django_db

IN_2025 = datetime.date(2025, 9, 15)


def _officer_of(unit: Unit, username: str):
    person = get_user_model().objects.create_user(username=username, password="x-unused-x")
    grant_membership(user=person, unit=unit, role=Role.OFFICER)
    return person


def _task(issuer: Unit, actor, assignee: str):
    directive = create_directive(
        issuer=issuer, office=issuer, actor=actor, number="7/UBND-VX", issued_on=IN_2025
    )
    return add_task(directive=directive, actor=actor, text="Tuyên truyền.", assignee_text=assignee)


@pytest.fixture
def dak_lak():
    import_divisions(era="2025", province="Đắk Lắk")
    return Unit.objects.get(code_2025="66")


@pytest.mark.parametrize("written", ["UBND xã Cẩm Thuỷ", "UBND xã Cẩm Thủy", "Uỷ ban nhân dân xã Cẩm Thuỷ"])
def test_both_tone_conventions_find_the_commune_in_a_directive(province_committee, written):
    officer = _officer_of(province_committee, "cv-tinh")
    task = _task(province_committee, officer, written)
    assert [a.unit.code_2025 for a in task.assignments.all()] == ["15127"]
    assert task.unresolved == []


@pytest.mark.parametrize("written", ["UBND xã Ea H'Leo", "UBND xã Ea H’Leo", "xã Ea Hʼleo"])
def test_every_apostrophe_finds_ea_hleo_in_a_directive(dak_lak, written):
    officer = _officer_of(dak_lak, "cv-daklak")
    task = _task(dak_lak, officer, written)
    assert [a.unit.code_2025 for a in task.assignments.all()] == ["24184"]
    assert task.unresolved == []


def _picker(client, task, search: str) -> str:
    url = reverse("directives:task", args=[task.directive_id, task.pk])
    response = client.get(url, {"tim": search})
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index('id="them-don-vi"') :]


@pytest.mark.parametrize("search", ["Cẩm Thuỷ", "Cẩm Thủy", "cam thuy"])
def test_the_picker_finds_the_commune_however_it_is_typed(client, province_committee, search):
    officer = _officer_of(province_committee, "cv-tinh")
    task = _task(province_committee, officer, "Phòng Văn hóa")
    client.force_login(officer)
    picker = _picker(client, task, search)
    assert "UBND xã Cẩm Thủy" in picker
    assert "UBND xã Hoằng Xuân" not in picker  # the list is narrowed, not just searched in


@pytest.mark.parametrize("search", ["Ea H'Leo", "Ea H’Leo"])
def test_the_picker_finds_ea_hleo_with_either_apostrophe(client, dak_lak, search):
    officer = _officer_of(dak_lak, "cv-daklak")
    task = _task(dak_lak, officer, "Sở Văn hóa")
    client.force_login(officer)
    picker = _picker(client, task, search)
    assert "UBND xã Ea H&#x27;Leo" in picker


def test_the_unit_search_finds_names_however_written_and_only_among_the_persons_units(
    client, province_committee, officer, outsider
):
    client.force_login(officer)  # the district office's officer: sees Hoằng Hóa's units, not Cẩm Thủy's
    page = client.get(reverse("units:search"), {"q": "Phòng VH-TT"}).content.decode()
    assert "Phòng Văn hóa và Thông tin" in page
    assert "— huyện Hoằng Hóa, tỉnh Thanh Hóa" in page
    assert "UBND xã Cẩm Thủy" not in client.get(reverse("units:search"), {"q": "Cẩm Thuỷ"}).content.decode()
    province_officer = _officer_of(province_committee, "cv-tinh")
    client.force_login(province_officer)
    assert "UBND xã Cẩm Thủy" in client.get(reverse("units:search"), {"q": "Cẩm Thuỷ"}).content.decode()
    client.force_login(outsider)
    page = client.get(reverse("units:search"), {"q": "Thủy"}).content.decode()
    assert "0 đơn vị" in page

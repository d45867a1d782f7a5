"""Importing the official administrative divisions of both eras."""

import datetime
import io
import time

import pytest
from django.core.management import CommandError, call_command

from lantoa.units.models import AreaType, Level, Unit, UnitKind
from lantoa.units.services import import_divisions

pytestmark = pytest.mark.django_db

REFORM = datetime.date(2025, 7, 1)


def test_2025_import_gives_34_provinces_and_3321_communes_with_codes_as_they_are_today():
    started = time.perf_counter()
    import_divisions(era="2025")
    elapsed = time.perf_counter() - started

    today = datetime.date(2026, 11, 30)
    provinces = Unit.objects.filter(level=Level.PROVINCE, kind=UnitKind.PEOPLES_COMMITTEE).open_on(today)
    communes = Unit.objects.filter(level=Level.COMMUNE, kind=UnitKind.PEOPLES_COMMITTEE).open_on(today)
    assert provinces.count() == 34
    assert communes.count() == 3321
    assert not communes.filter(code_2025="").exists()
    # Since 20/09/2026 (Đồng Nai, Quảng Ninh, Bắc Ninh became cities; 22 xã became phường).
    assert communes.filter(area_type=AreaType.COMMUNE).count() == 2599
    assert communes.filter(area_type=AreaType.WARD).count() == 709
    assert communes.filter(area_type=AreaType.SPECIAL_ZONE).count() == 13
    assert provinces.filter(area_type=AreaType.CENTRAL_CITY).count() == 9
    # Every 2025 commune hangs directly under its province: there is no district level any more.
    assert not communes.exclude(parent__level=Level.PROVINCE).exists()
    assert communes.exclude(opened_on=REFORM).count() == 22

    # The tree of 1/7/2025 is still there for the directives of that day.
    on_reform_day = Unit.objects.filter(level=Level.COMMUNE, kind=UnitKind.PEOPLES_COMMITTEE).open_on(REFORM)
    assert on_reform_day.count() == 3321
    assert on_reform_day.filter(area_type=AreaType.COMMUNE).count() == 2621
    assert on_reform_day.filter(area_type=AreaType.WARD).count() == 687
    assert elapsed < 30  # "a few seconds"; measured properly in bench/import_units.py


def test_2025_thanh_hoa_has_166_communes_under_the_same_province_committee_as_in_2023(province_committee):
    import_divisions(era="2025")
    province_committee.refresh_from_db()
    assert province_committee.code_legacy == province_committee.code_2025 == "38"
    assert province_committee.closed_on is None
    new_communes = Unit.objects.filter(parent=province_committee, level=Level.COMMUNE)
    assert new_communes.count() == 166
    assert new_communes.filter(area_type=AreaType.WARD).count() == 19


def test_reimporting_changes_nothing():
    import_divisions(era="2025")
    before = Unit.objects.count(), Unit.successors.through.objects.count()
    again = import_divisions(era="2025")
    assert again.created.total() == 0
    assert again.updated.total() == 0
    assert again.unchanged["communes"] == 3321
    assert (Unit.objects.count(), Unit.successors.through.objects.count()) == before


def test_legacy_thanh_hoa_has_26_districts_and_547_communes_closed_at_the_reform(province_committee):
    districts = Unit.objects.filter(
        parent=province_committee, level=Level.DISTRICT, kind=UnitKind.PEOPLES_COMMITTEE
    )
    assert districts.count() == 26
    hoang_hoa = districts.get(code_legacy="399")
    assert hoang_hoa.short_name == "UBND huyện Hoằng Hóa"
    assert hoang_hoa.closed_on == REFORM
    communes = Unit.objects.filter(level=Level.COMMUNE, parent__in=districts, kind=UnitKind.PEOPLES_COMMITTEE)
    assert communes.count() == 547
    assert communes.filter(parent=hoang_hoa).count() == 36
    assert (
        communes.filter(parent=hoang_hoa, area_type=AreaType.TOWNSHIP).get().short_name
        == "UBND thị trấn Bút Sơn"
    )
    assert not communes.exclude(closed_on=REFORM).exists()


def test_closed_communes_point_to_the_2025_communes_that_took_them_over(commune_committee):
    successors = list(commune_committee.successors.all())
    assert successors
    assert all(s.opened_on == REFORM and s.code_2025 for s in successors)
    assert all(s.parent.code_2025 == "38" for s in successors)


def test_merged_province_closes_and_points_to_the_new_province():
    import_divisions(era="legacy", province="Hà Nam")
    import_divisions(era="2025", province="Ninh Bình")
    ha_nam = Unit.objects.get(level=Level.PROVINCE, area_name="Hà Nam")
    assert ha_nam.closed_on == REFORM
    assert [s.area_name for s in ha_nam.successors.all()] == ["Ninh Bình"]


def test_import_is_scoped_to_one_province_and_accepts_it_without_diacritics():
    result = import_divisions(era="legacy", province="nghe an")
    assert result.created["provinces"] + result.updated["provinces"] == 1
    assert Unit.objects.filter(level=Level.DISTRICT, parent__area_name="Nghệ An").count() > 15


def test_unknown_province_is_a_clear_error_from_the_command():
    with pytest.raises(CommandError, match="Không có tỉnh “Atlantis”"):
        call_command("import_units", era="legacy", province="Atlantis")


def test_command_prints_what_it_did():
    out = io.StringIO()
    call_command("import_units", era="legacy", province="Thanh Hóa", stdout=out)
    assert "unchanged: 547 communes, 26 districts, 1 provinces" in out.getvalue()

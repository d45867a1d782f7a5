"""The source data's known errors are corrected in one reviewed place (lantoa/units/corrections.py).

The data package's type column contradicts its own names in exactly four rows (codes 10543, 11848, 31213,
31299): "Phường Việt Hòa" typed "Xã" became "Ủy ban nhân dân xã Việt Hòa" everywhere it was shown.
"""

import pytest

from lantoa.units import divisions
from lantoa.units.corrections import KNOWN_DIFFERENCES, TYPE_CORRECTIONS_2025
from lantoa.units.models import AreaType, Unit
from lantoa.units.services import import_divisions


def test_the_type_of_every_one_of_the_3321_communes_agrees_with_its_name():
    rows = list(divisions.communes_2025())
    assert len(rows) == 3321
    disagreeing = [r.commune for r in rows if not r.commune.name.startswith(f"{r.commune.type_label} ")]
    assert disagreeing == []


def test_each_correction_and_known_difference_says_why():
    assert set(TYPE_CORRECTIONS_2025) == {"10543", "11848", "31213", "31299"}
    assert all(len(c.reason) > 40 for c in TYPE_CORRECTIONS_2025.values())
    assert {(k.kind, k.code, k.other) for k in KNOWN_DIFFERENCES} == {
        ("code", "23938", "23737"),
        ("name", "00745", "Phó Bảng"),
    }
    assert all(len(k.reason) > 40 for k in KNOWN_DIFFERENCES)


@pytest.mark.django_db
def test_the_four_mistyped_communes_are_imported_with_the_type_their_names_say():
    import_divisions(era="2025", province="Hải Phòng")
    import_divisions(era="2025", province="Cần Thơ")
    expected = {
        "10543": ("UBND phường Việt Hòa", AreaType.WARD),
        "11848": ("UBND xã Vĩnh Hòa", AreaType.COMMUNE),
        "31213": ("UBND phường Tân Lộc", AreaType.WARD),
        "31299": ("UBND xã Phong Điền", AreaType.COMMUNE),
    }
    for code, (short_name, area_type) in expected.items():
        unit = Unit.objects.get(code_2025=code)
        assert (unit.short_name, unit.area_type) == (short_name, area_type)
        assert unit.name == "Ủy ban nhân dân " + short_name.removeprefix("UBND ")


@pytest.mark.django_db
def test_an_installation_imported_with_the_wrong_type_is_corrected_by_importing_again():
    import_divisions(era="2025", province="Hải Phòng")
    Unit.objects.filter(code_2025="10543").update(
        name="Ủy ban nhân dân xã Việt Hòa", short_name="UBND xã Việt Hòa", area_type=AreaType.COMMUNE
    )
    result = import_divisions(era="2025", province="Hải Phòng")
    assert result.updated["communes"] == 1
    assert Unit.objects.get(code_2025="10543").short_name == "UBND phường Việt Hòa"


@pytest.mark.django_db
def test_both_spellings_of_the_disputed_name_find_the_commune():
    from lantoa.units.resolve import resolve_units

    import_divisions(era="2025", province="Tuyên Quang")
    province = Unit.objects.get(code_2025="08")
    for written in ("UBND xã Phố Bảng", "UBND xã Phó Bảng"):
        resolution = resolve_units(written, context=province)
        assert [u.code_2025 for u in resolution.units] == ["00745"], written

"""`lantoa check-units`: the tree against an official list, in the Statistics Office's layout.

The fixture is made from the tree itself (Thanh Hóa's province and 166 communes of 2025), with five
deliberate differences, one of each kind, and one name spelled the other convention, which is no difference.
"""

import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from lantoa.units.check import Row, compare, read_official_list
from lantoa.units.models import AreaType, Level, Unit

pytestmark = pytest.mark.django_db

_TYPE = {
    AreaType.COMMUNE: "Xã",
    AreaType.WARD: "Phường",
    AreaType.TOWNSHIP: "Thị trấn",
    AreaType.SPECIAL_ZONE: "Đặc khu",
}


def _official_rows(province):
    communes = Unit.objects.filter(parent=province, level=Level.COMMUNE, closed_on__isnull=True).order_by(
        "code_2025"
    )
    return [[c.code_2025, f"{_TYPE[c.area_type]} {c.area_name}", _TYPE[c.area_type]] for c in communes]


def _write(path, rows, province):
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH MỤC ĐƠN VỊ HÀNH CHÍNH CẤP XÃ"])
    sheet.append([])
    sheet.append(["Mã TP", "Tỉnh / Thành Phố", "Mã", "Tên", "Cấp"])
    for code, name, type_label in rows:
        sheet.append([province.code_2025, "Tỉnh Thanh Hóa", code, name, type_label])
    book.save(path)
    return path


def _run(path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("check_units", file=str(path), stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, out.getvalue() + err.getvalue()
    return 0, out.getvalue()


def test_a_list_that_matches_the_tree_reports_nothing(tmp_path, province_committee):
    rows = _official_rows(province_committee)
    # The other tone-mark convention is the same name, not a difference.
    written = next(r for r in rows if "óa" in r[1])
    written[1] = written[1].replace("óa", "oá")
    code, output = _run(_write(tmp_path / "dm.xlsx", rows, province_committee))
    assert code == 0, output
    assert "167 đơn vị trong danh mục" in output
    assert "Không có khác biệt nào" in output


def test_every_deliberate_difference_is_reported_by_kind_and_nothing_else(tmp_path, province_committee):
    rows = _official_rows(province_committee)
    renamed, recoded, dropped = rows[0], rows[5], rows[7]
    retyped = next(r for r in rows[8:] if r[2] == "Phường")
    renamed_was, recoded_was = renamed[1], recoded[0]
    renamed[1] = renamed[1] + " Mới"
    retyped[1], retyped[2] = retyped[1].replace("Phường", "Xã"), "Xã"
    recoded[0] = "99999"
    rows.remove(dropped)
    rows.append(["99998", "Xã Không Có", "Xã"])
    code, output = _run(_write(tmp_path / "dm.xlsx", rows, province_committee))
    assert code == 1
    listed = [line for line in output.splitlines() if line.startswith("  - ")]
    assert len(listed) == 5, output
    assert (
        f"Khác tên (name): 1\n  - mã {renamed[0]}: trong cây “{renamed_was}”, trong danh mục “{renamed[1]}”"
        in output
    )
    assert f"Khác loại (type): 1\n  - mã {retyped[0]}: trong cây Phường" in output
    assert (
        f"Khác mã (code): 1\n  - {recoded[1]} (Thanh Hóa): mã trong cây {recoded_was}, trong danh mục 99999"
        in output
    )
    assert (
        "Có trong danh mục, không có trong cây (missing): 1\n  - mã 99998: Xã Không Có (Thanh Hóa)" in output
    )
    assert f"Có trong cây, không có trong danh mục (extra): 1\n  - mã {dropped[0]}: {dropped[1]}" in output
    assert "5 khác biệt." in output


def test_the_csv_layout_is_read_too_and_a_whole_province_missing_from_the_tree_is_one_line(
    tmp_path, province_committee
):
    path = tmp_path / "dm.csv"
    lines = ["Mã TP,Tỉnh / Thành Phố,Mã,Tên,Cấp"]
    lines += [f"38,Tỉnh Thanh Hóa,{c},{n},{t}" for c, n, t in _official_rows(province_committee)]
    lines += ["40,Tỉnh Nghệ An,16681,Phường Vinh Phú,Phường", "40,Tỉnh Nghệ An,16690,Phường Vinh Hưng,Phường"]
    path.write_text("\n".join(lines), encoding="utf-8")
    code, output = _run(path)
    assert code == 0, output
    assert "Tỉnh chưa nhập vào cây (không so): 1\n  - Nghệ An: 2 đơn vị cấp xã" in output


def test_a_reviewed_known_difference_is_shown_with_its_reason_and_does_not_fail():
    ours = [Row("52", "Gia Lai", "Tỉnh", "52", "Gia Lai"), Row("23938", "Ia Mơ", "Xã", "52", "Gia Lai")]
    theirs = [Row("52", "Gia Lai", "Tỉnh", "52", "Gia Lai"), Row("23737", "Ia Mơ", "Xã", "52", "Gia Lai")]
    result = compare(ours, theirs)
    [difference] = result.differences
    assert difference.kind == "code"
    assert difference.known is not None
    assert result.failing == []
    assert "Ia Mơ Nông" in "\n".join(result.lines())


def test_a_file_without_the_official_columns_says_what_it_looks_for(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(Exception, match="cột “Mã” và “Tên”"):
        read_official_list(path)

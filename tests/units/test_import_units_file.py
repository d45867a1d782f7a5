"""Importing departments, offices and centres from a spreadsheet under units that exist."""

import csv
import datetime

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from lantoa.units.models import Level, Unit, UnitKind
from lantoa.units.services import UnitImportError, import_units_file

pytestmark = pytest.mark.django_db

HEADER = [
    "Đơn vị cấp trên",
    "Tên đơn vị",
    "Tên ngắn",
    "Loại",
    "Tên gọi khác",
    "Viết tắt",
    "Ngày bắt đầu",
    "Ngày kết thúc",
]


def _xlsx(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _csv(path, rows, header=HEADER):
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_offices_import_from_xlsx_under_a_district(tmp_path, district_committee):
    path = _xlsx(
        tmp_path / "units.xlsx",
        [
            [
                "UBND huyện Hoằng Hóa",
                "Phòng Y tế huyện Hoằng Hóa",
                "Phòng Y tế",
                "Phòng",
                "",
                "YT",
                None,
                datetime.date(2025, 7, 1),
            ],
            [
                "UBND huyện Hoằng Hóa",
                "Đài Truyền thanh huyện Hoằng Hóa",
                "",
                "Đài",
                "Đài TT huyện",
                "",
                "",
                "",
            ],
        ],
    )
    result = import_units_file(path=path)
    assert result.created.total() == 2
    health = Unit.objects.get(parent=district_committee, short_name="Phòng Y tế")
    assert (health.kind, health.level, health.abbreviation) == (UnitKind.OFFICE, Level.DISTRICT, "YT")
    assert health.closed_on == datetime.date(2025, 7, 1)
    radio = Unit.objects.get(parent=district_committee, name="Đài Truyền thanh huyện Hoằng Hóa")
    assert radio.kind == UnitKind.STATION
    assert radio.aliases == ["Đài TT huyện"]


def test_csv_import_guesses_the_kind_and_links_a_successor_defined_later(tmp_path, province_committee):
    header = [*HEADER, "Đơn vị kế thừa"]
    path = _csv(
        tmp_path / "units.csv",
        [
            [
                "UBND tỉnh Thanh Hóa",
                "Sở Nội vụ tỉnh Thanh Hóa",
                "",
                "",
                "",
                "",
                "",
                "01/03/2025",
                "Sở Nội vụ mới",
            ],
            ["UBND tỉnh Thanh Hóa", "Sở Nội vụ mới", "", "", "", "", "01/03/2025", "", ""],
        ],
        header=header,
    )
    import_units_file(path=path)
    old = Unit.objects.get(parent=province_committee, name="Sở Nội vụ tỉnh Thanh Hóa")
    assert old.kind == UnitKind.DEPARTMENT
    assert [s.name for s in old.successors.all()] == ["Sở Nội vụ mới"]


def test_reimporting_the_same_file_changes_nothing(tmp_path):
    path = _xlsx(
        tmp_path / "units.xlsx",
        [["UBND huyện Hoằng Hóa", "Phòng Y tế huyện Hoằng Hóa", "", "Phòng", "", "", "", ""]],
    )
    import_units_file(path=path)
    count = Unit.objects.count()
    again = import_units_file(path=path)
    assert again.created.total() == again.updated.total() == 0
    assert again.unchanged.total() == 1
    assert Unit.objects.count() == count


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(tmp_path):
    count = Unit.objects.count()
    path = _xlsx(
        tmp_path / "units.xlsx",
        [
            [
                "UBND huyện Hoằng Hóa",
                "Phòng Y tế huyện Hoằng Hóa",
                "",
                "Phòng",
                "",
                "",
                "",
                "",
            ],  # line 2: fine
            ["UBND huyện Không Có", "Phòng Nội vụ", "", "Phòng", "", "", "", ""],  # line 3: unknown parent
            ["UBND huyện Hoằng Hóa", "", "", "Phòng", "", "", "", ""],  # line 4: no name
            ["UBND huyện Hoằng Hóa", "Phòng Tư pháp", "", "Bệnh xá", "", "", "", ""],  # line 5: bad kind
            [
                "UBND huyện Hoằng Hóa",
                "Phòng Kinh tế",
                "",
                "Phòng",
                "",
                "",
                "31/02/2024",
                "",
            ],  # line 6: bad date
        ],
    )
    with pytest.raises(UnitImportError) as caught:
        import_units_file(path=path)
    errors = caught.value.errors
    assert [e.split(":")[0] for e in errors] == ["Dòng 3", "Dòng 4", "Dòng 5", "Dòng 6"]
    assert "không tìm thấy đơn vị cấp trên “UBND huyện Không Có”" in errors[0]
    assert "thiếu tên đơn vị" in errors[1]
    assert "loại “Bệnh xá” không hợp lệ" in errors[2]
    assert "31/02/2024" in errors[3]
    assert Unit.objects.count() == count  # the good row on line 2 was not kept either


def test_ambiguous_parent_name_asks_for_the_code(tmp_path):
    import_units_file(
        path=_csv(
            tmp_path / "a.csv",
            [["UBND huyện Hoằng Hóa", "Tổ Công nghệ số cộng đồng", "", "", "", "", "", ""]],
        )
    )
    import_units_file(
        path=_csv(
            tmp_path / "b.csv", [["UBND xã Hoằng Xuân", "Tổ Công nghệ số cộng đồng", "", "", "", "", "", ""]]
        )
    )
    with pytest.raises(UnitImportError, match="Dòng 2: có 2 đơn vị tên “Tổ Công nghệ số cộng đồng”"):
        import_units_file(
            path=_csv(tmp_path / "c.csv", [["Tổ Công nghệ số cộng đồng", "Nhóm 1", "", "", "", "", "", ""]])
        )


def test_parent_by_administrative_code(tmp_path, commune_committee):
    path = _csv(
        tmp_path / "units.csv",
        [["15877", "Tổ Công nghệ số cộng đồng xã Hoằng Xuân", "Tổ CNSCĐ xã Hoằng Xuân", "", "", "", "", ""]],
        header=["Mã đơn vị cấp trên", *HEADER[1:]],
    )
    import_units_file(path=path)
    team = Unit.objects.get(parent=commune_committee)
    assert (team.kind, team.level) == (UnitKind.COMMUNITY_TECH_TEAM, Level.COMMUNE)


def test_missing_columns_and_wrong_file_types_are_clear(tmp_path):
    with pytest.raises(UnitImportError, match="thiếu cột “Tên đơn vị”"):
        import_units_file(path=_csv(tmp_path / "x.csv", [["a"]], header=["Đơn vị cấp trên"]))
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(UnitImportError, match=r"Chỉ nhận tệp \.xlsx hoặc \.csv"):
        import_units_file(path=tmp_path / "x.pdf")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(UnitImportError, match="Không đọc được tệp Excel"):
        import_units_file(path=tmp_path / "broken.xlsx")


def test_command_reports_errors_without_a_traceback(tmp_path):
    path = _csv(tmp_path / "units.csv", [["UBND huyện Không Có", "Phòng Nội vụ", "", "", "", "", "", ""]])
    with pytest.raises(CommandError) as caught:
        call_command("import_units", file=path)
    assert "chưa có gì được lưu" in str(caught.value)
    assert "Dòng 2" in str(caught.value)

"""Checking the tree against an official list of provinces and communes (`lantoa check-units`).

The list is read in the layout the Statistics Office publishes (one row a commune: its code, its name, its
type ("Cấp"), its province's code and name), as .xlsx or .csv; the reference by default is the data package
with its reviewed corrections and the shipped changes in force on the day. Differences come by kind:

    code     the same commune (province, name and type) under another code
    name     the same code under another name (spelling conventions aside: "Hoà" = "Hòa")
    type     the same code and name, another type (xã / phường / đặc khu; tỉnh / thành phố)
    missing  in the list, not in the tree
    extra    in the tree, not in the list

A difference recorded in `corrections.KNOWN_DIFFERENCES` is shown as known, with its reason, and does not
make the check fail.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from lantoa.documents.names import same_name
from lantoa.units import divisions
from lantoa.units.corrections import KnownDifference, known_difference
from lantoa.units.models import AreaType, Level, Unit, UnitKind
from lantoa.units.names import name_key, nfc

KINDS = ("code", "name", "type", "missing", "extra")
_KIND_TITLES = {
    "code": "Khác mã (code)",
    "name": "Khác tên (name)",
    "type": "Khác loại (type)",
    "missing": "Có trong danh mục, không có trong cây (missing)",
    "extra": "Có trong cây, không có trong danh mục (extra)",
}
_TYPE_LABELS = ("Thành phố", "Tỉnh", "Phường", "Xã", "Thị trấn", "Đặc khu")
_AREA_LABEL = {
    AreaType.PROVINCE: "Tỉnh",
    AreaType.CENTRAL_CITY: "Thành phố",
    AreaType.COMMUNE: "Xã",
    AreaType.WARD: "Phường",
    AreaType.TOWNSHIP: "Thị trấn",
    AreaType.SPECIAL_ZONE: "Đặc khu",
}


@dataclass(frozen=True)
class Row:
    """One unit of a list: a province (province_code == code) or a commune."""

    code: str
    short: str  # the name without its type: "Việt Hòa"
    type_label: str  # "Phường"
    province_code: str
    province: str = ""  # the province's short name, for messages
    line: int = 0

    @property
    def name(self) -> str:
        return f"{self.type_label} {self.short}".strip()

    @property
    def is_province(self) -> bool:
        return self.code == self.province_code


@dataclass
class Difference:
    kind: str
    ours: Row | None
    theirs: Row | None
    known: KnownDifference | None = None

    def describe(self) -> str:
        if self.kind == "code":
            text = _("{name} ({province}): mã trong cây {ours}, trong danh mục {theirs}").format(
                name=self.theirs.name,
                province=self.theirs.province,
                ours=self.ours.code,
                theirs=self.theirs.code,
            )
        elif self.kind == "name":
            text = _("mã {code}: trong cây “{ours}”, trong danh mục “{theirs}”").format(
                code=self.ours.code, ours=self.ours.name, theirs=self.theirs.name
            )
        elif self.kind == "type":
            text = _("mã {code}: trong cây {ours}, trong danh mục {theirs}").format(
                code=self.ours.code, ours=self.ours.name, theirs=self.theirs.name
            )
        elif self.kind == "missing":
            text = _("mã {code}: {name} ({province})").format(
                code=self.theirs.code, name=self.theirs.name, province=self.theirs.province
            )
        else:
            text = _("mã {code}: {name} ({province})").format(
                code=self.ours.code, name=self.ours.name, province=self.ours.province
            )
        line = (self.theirs.line if self.theirs else 0) or 0
        return f"{text}" + (_(" [dòng {line}]").format(line=line) if line else "")


@dataclass
class CheckResult:
    differences: list[Difference] = field(default_factory=list)
    compared: int = 0
    absent_provinces: list[tuple[str, int]] = field(default_factory=list)  # (province, communes in the list)

    @property
    def failing(self) -> list[Difference]:
        return [d for d in self.differences if d.known is None]

    def lines(self) -> list[str]:
        out = []
        by_kind: dict[str, list[Difference]] = defaultdict(list)
        for difference in self.differences:
            by_kind["known" if difference.known else difference.kind].append(difference)
        for kind in KINDS:
            items = by_kind.get(kind, [])
            if items:
                out.append(f"{_KIND_TITLES[kind]}: {len(items)}")
                out.extend(f"  - {d.describe()}" for d in items)
        if self.absent_provinces:
            out.append(_("Tỉnh chưa nhập vào cây (không so): {n}").format(n=len(self.absent_provinces)))
            out.extend(
                _("  - {province}: {count} đơn vị cấp xã").format(province=p, count=c)
                for p, c in self.absent_provinces
            )
        if by_kind.get("known"):
            out.append(_("Khác biệt đã biết, đã xem xét: {n}").format(n=len(by_kind["known"])))
            out.extend(f"  - {d.describe()} — {d.known.reason}" for d in by_kind["known"])
        return out


# --- Reading an official list ---------------------------------------------------------------------

_COLUMNS = {
    "code": ("Mã", "Mã PX", "Mã xã", "Mã phường xã", "Mã ĐVHC", "Mã đơn vị", "Mã số", "code"),
    "name": ("Tên", "Phường Xã", "Phường/Xã", "Tên đơn vị", "Tên ĐVHC", "Tên phường xã", "name"),
    "type": ("Cấp", "Loại", "Loại đơn vị", "type"),
    "province_code": ("Mã TP", "Mã tỉnh", "Mã Tỉnh/TP", "Mã tỉnh thành phố", "province_code"),
    "province": ("Tỉnh / Thành Phố", "Tỉnh Thành Phố", "Tỉnh/Thành phố", "Tỉnh", "Tên tỉnh", "province"),
}
_COLUMN_KEYS = {field: {name_key(s) for s in spellings} for field, spellings in _COLUMNS.items()}


class OfficialListError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _split_type(name: str, type_label: str = "") -> tuple[str, str]:
    """("Phường Việt Hòa", "") → ("Việt Hòa", "Phường"); the type column wins over the name's prefix."""
    name = nfc(name)
    prefix = ""
    for label in _TYPE_LABELS:
        if name.lower().startswith(label.lower() + " "):
            prefix, name = label, name[len(label) + 1 :].strip()
            break
    type_label = nfc(type_label)
    if type_label:
        key = name_key(type_label)
        # "Thành phố Trung ương", "Thành phố trực thuộc trung ương": a province-level city.
        type_label = "Thành phố" if key.startswith(name_key("Thành phố")) else type_label
        type_label = next((t for t in _TYPE_LABELS if name_key(t) == name_key(type_label)), type_label)
    return name, type_label or prefix


def read_official_list(path: Path) -> list[Row]:
    """Read the list; the header row is found by its titles, title rows above it are skipped."""
    from lantoa.units.services import UnitImportError, _read_rows

    try:
        rows = _read_rows(Path(path))
    except UnitImportError as exc:
        raise OfficialListError(exc.errors) from exc
    columns: dict[str, int] = {}
    start = None
    for index, (_line, cells) in enumerate(rows):
        found = {}
        for col, title in enumerate(cells):
            key = name_key(str(title))
            for field_name, keys in _COLUMN_KEYS.items():
                if key in keys and field_name not in found:
                    found[field_name] = col
        if "code" in found and "name" in found:
            columns, start = found, index
            break
    if start is None:
        raise OfficialListError(
            [_("Không thấy dòng tiêu đề có cột “Mã” và “Tên” (bố cục danh mục của Cục Thống kê).")]
        )
    result: list[Row] = []
    provinces: dict[str, tuple[str, str]] = {}
    errors = []
    for line, cells in rows[start + 1 :]:

        def cell(field_name: str, cells=cells) -> str:
            col = columns.get(field_name)
            return (
                nfc(str(cells[col]))
                if col is not None and col < len(cells) and cells[col] is not None
                else ""
            )

        code, name = cell("code"), cell("name")
        if not code and not name:
            continue
        if not code or not name:
            errors.append(_("Dòng {line}: thiếu mã hoặc tên.").format(line=line))
            continue
        short, type_label = _split_type(name, cell("type"))
        province_short, province_type = _split_type(cell("province"))
        province_code = cell("province_code")
        if code.isdigit():
            code = code.zfill(5 if len(code) > 2 else 2)
        if province_code.isdigit():
            province_code = province_code.zfill(2)
        result.append(Row(code, short, type_label, province_code, province_short, line))
        if province_code and province_short:
            provinces.setdefault(province_code, (province_short, province_type or "Tỉnh"))
    if errors:
        raise OfficialListError(errors)
    # The Statistics Office lists communes; each row also names its province, which is checked too.
    for code, (short, type_label) in provinces.items():
        if not any(r.code == code for r in result):
            result.append(Row(code, short, type_label, code, short))
    return result


# --- The two sides ----------------------------------------------------------------------------------


def tree_rows(on: datetime.date) -> list[Row]:
    """The provinces and communes of the tree open on `on`, with their 2025-era codes."""
    units = Unit.objects.filter(
        kind=UnitKind.PEOPLES_COMMITTEE, level__in=[Level.PROVINCE, Level.COMMUNE]
    ).exclude(code_2025="")
    rows = []
    for unit in units.open_on(on).select_related("parent"):
        province = unit if unit.level == Level.PROVINCE else unit.parent
        rows.append(
            Row(
                unit.code_2025,
                unit.area_name,
                _AREA_LABEL.get(unit.area_type, ""),
                province.code_2025 if province else "",
                province.area_name if province else "",
            )
        )
    return rows


def reference_rows(on: datetime.date) -> list[Row]:
    """What the tree should hold on `on`: the data package, corrected, with the shipped changes in force."""
    from lantoa.units.changes import read_changes, shipped_files

    by_code: dict[str, Row] = {}
    for r in divisions.communes_2025():
        p, c = r.province, r.commune
        by_code.setdefault(
            p.code,
            Row(
                p.code, p.short, "Thành phố" if p.type_label.startswith("Thành") else "Tỉnh", p.code, p.short
            ),
        )
        by_code[c.code] = Row(c.code, c.short, c.type_label, p.code, p.short)
    specs = [s for path in shipped_files() for s in read_changes(path) if s.effective_on <= on]
    for spec in sorted(specs, key=lambda s: s.effective_on):
        if spec.kind in {"rename", "retype", "recode", "move"} and spec.code in by_code:
            old = by_code.pop(spec.code)
            province_code = spec.parent or old.province_code
            new = Row(
                spec.new_code or old.code,
                spec.name or old.short,
                spec.type_label or old.type_label,
                old.code if old.is_province else province_code,
                old.province,
            )
            by_code[new.code] = new
        elif spec.kind == "merge":
            first = by_code.get(spec.codes[0])
            for code in spec.codes:
                if code != spec.into:
                    by_code.pop(code, None)
            for n in spec.new_units:
                if first:
                    by_code[n.code] = Row(n.code, n.name, n.type_label, first.province_code, first.province)
        elif spec.kind == "split" and spec.code in by_code:
            old = by_code.pop(spec.code)
            for n in spec.new_units:
                by_code[n.code] = Row(n.code, n.name, n.type_label, old.province_code, old.province)
    return list(by_code.values())


# --- Comparing ----------------------------------------------------------------------------------------


def compare(ours: list[Row], theirs: list[Row], *, province: str | None = None) -> CheckResult:
    """Every difference between the tree's rows and the list's, by kind; provinces absent from the tree apart."""
    if province:
        wanted = name_key(province)

        def keep(row: Row) -> bool:
            return name_key(row.province) == wanted or row.province_code == province

        ours, theirs = [r for r in ours if keep(r)], [r for r in theirs if keep(r)]
    result = CheckResult(compared=len(theirs))
    our_provinces = {r.province_code for r in ours}
    absent: dict[str, list[Row]] = defaultdict(list)
    for row in theirs:
        if row.province_code and row.province_code not in our_provinces:
            absent[row.province_code].append(row)
    result.absent_provinces = [
        (rows[0].province or code, sum(1 for r in rows if not r.is_province))
        for code, rows in sorted(absent.items())
    ]
    theirs = [r for r in theirs if r.province_code not in absent]

    by_code = {r.code: r for r in ours}
    unmatched_theirs = []
    matched: set[str] = set()
    for row in theirs:
        mine = by_code.get(row.code)
        if mine is None:
            unmatched_theirs.append(row)
            continue
        matched.add(row.code)
        if not same_name(mine.short, row.short):
            result.differences.append(
                Difference("name", mine, row, known_difference("name", mine.code, row.short))
            )
        elif row.type_label and name_key(mine.type_label) != name_key(row.type_label):
            result.differences.append(Difference("type", mine, row))
    unmatched_ours = [r for r in ours if r.code not in matched]
    for row in unmatched_theirs:
        twin = next(
            (
                r
                for r in unmatched_ours
                if r.province_code == row.province_code
                and same_name(r.short, row.short)
                and name_key(r.type_label) == name_key(row.type_label or r.type_label)
                and r.is_province == row.is_province
            ),
            None,
        )
        if twin is not None:
            unmatched_ours.remove(twin)
            result.differences.append(
                Difference("code", twin, row, known_difference("code", twin.code, row.code))
            )
        else:
            result.differences.append(Difference("missing", None, row))
    result.differences.extend(Difference("extra", r, None) for r in unmatched_ours)
    order = {k: i for i, k in enumerate(KINDS)}
    result.differences.sort(key=lambda d: (order[d.kind], (d.ours or d.theirs).code))
    return result

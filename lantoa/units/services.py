"""Every write to the organisation tree goes through here."""

import csv
import datetime
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from lantoa.units import divisions
from lantoa.units.corrections import EXTRA_ALIASES_2025
from lantoa.units.keys import refresh_keys
from lantoa.units.models import AreaType, Level, Membership, Unit, UnitKind
from lantoa.units.names import name_key, nfc

User = get_user_model()

_PROVINCE_TYPES = {"tinh": AreaType.PROVINCE, "thanhpho": AreaType.CENTRAL_CITY}
_DISTRICT_TYPES = {
    "huyen": AreaType.RURAL_DISTRICT,
    "quan": AreaType.URBAN_DISTRICT,
    "thixa": AreaType.DISTRICT_TOWN,
    "thanhpho": AreaType.PROVINCIAL_CITY,
}
_COMMUNE_TYPES = {
    "xa": AreaType.COMMUNE,
    "phuong": AreaType.WARD,
    "thitran": AreaType.TOWNSHIP,
    "dackhu": AreaType.SPECIAL_ZONE,
}


@dataclass
class ImportResult:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    successors_linked: int = 0
    changes_applied: int = 0

    def summary(self) -> str:
        def fmt(c: Counter) -> str:
            return ", ".join(f"{n} {k}" for k, n in sorted(c.items())) or "0"

        return (
            f"created: {fmt(self.created)}; updated: {fmt(self.updated)}; unchanged: {fmt(self.unchanged)}; "
            f"successor links added: {self.successors_linked}"
            + (f"; administrative changes applied: {self.changes_applied}" if self.changes_applied else "")
        )


class UnitImportError(ValueError):
    """A file of units that cannot be imported; `errors` says which line and why. Nothing was saved."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


# The abbreviations of area types that directives write: "UBND TT Bút Sơn", "UBND TP Thanh Hóa".
_AREA_ABBREVIATIONS = {"thị trấn": "TT", "thành phố": "TP", "thị xã": "TX"}


def _committee_fields(
    division: divisions.Division, level: str, area_type: str, extra_aliases: list[str] | None = None
) -> dict:
    type_word = division.type_label[:1].lower() + division.type_label[1:]
    aliases = [division.name]
    if type_word in _AREA_ABBREVIATIONS:
        aliases.append(f"UBND {_AREA_ABBREVIATIONS[type_word]} {division.short}")
    aliases += extra_aliases or []
    return {
        "kind": UnitKind.PEOPLES_COMMITTEE,
        "level": level,
        "name": f"Ủy ban nhân dân {type_word} {division.short}",
        "short_name": f"UBND {type_word} {division.short}",
        "aliases": aliases,
        "area_type": area_type,
        "area_name": division.short,
    }


class _Upserter:
    """Creates or updates units keyed by one of the code columns, in bulk, and keeps paths right."""

    def __init__(self, code_field: str, result: ImportResult, label: str):
        self.code_field = code_field
        self.result = result
        self.label = label

    def run(
        self, specs: dict[str, dict], existing: dict[str, Unit], leave: set[str] = frozenset()
    ) -> dict[str, Unit]:
        """`leave`: codes a later administrative change took over; their units are used, never rewritten."""
        units: dict[str, Unit] = {}
        to_create: list[Unit] = []
        to_update: list[Unit] = []
        moved: list[Unit] = []
        update_fields: set[str] = set()
        for code, spec in specs.items():
            unit = existing.get(code)
            if code in leave and unit is not None:
                units[code] = unit
                self.result.unchanged[self.label] += 1
                continue
            if unit is None:
                unit = Unit(**spec, **{self.code_field: code})
                to_create.append(unit)
            else:
                changed = [
                    k
                    for k, v in spec.items()
                    if getattr(unit, k if k != "parent" else "parent_id")
                    != (v.pk if k == "parent" and v else v)
                ]
                if getattr(unit, self.code_field) != code:
                    setattr(unit, self.code_field, code)
                    changed.append(self.code_field)
                if changed:
                    for k in changed:
                        if k != self.code_field:
                            setattr(unit, k, spec[k])
                    if "parent" in changed:
                        moved.append(unit)
                    else:
                        to_update.append(unit)
                        update_fields.update(changed)
                    self.result.updated[self.label] += 1
                else:
                    self.result.unchanged[self.label] += 1
            units[code] = unit
        if to_create:
            Unit.objects.bulk_create(to_create, batch_size=1000)
            for unit in to_create:
                unit.path = f"{unit.parent.path if unit.parent else '/'}{unit.pk}/"
            Unit.objects.bulk_update(to_create, ["path"], batch_size=1000)
            self.result.created[self.label] += len(to_create)
        if to_update:
            Unit.objects.bulk_update(to_update, sorted(update_fields), batch_size=1000)
        for unit in moved:
            unit.save()
        return units


def _index_by(field_name: str, codes: Iterable[str]) -> dict[str, Unit]:
    codes = list(codes)
    found: dict[str, Unit] = {}
    for start in range(0, len(codes), 900):
        chunk = codes[start : start + 900]
        for unit in Unit.objects.filter(**{f"{field_name}__in": chunk}).select_related("parent"):
            found[getattr(unit, field_name)] = unit
    return found


@transaction.atomic
def import_divisions(*, era: str, province: str | None = None, with_changes: bool = True) -> ImportResult:
    """Import the official units of one era ("2025" or "legacy"), for the whole country or one province.

    Re-running changes nothing. Provinces that the 2025 reform did not touch are one unit across both eras.
    The 2025 era is followed by the administrative changes shipped with Lantoa (`changes.apply_changes`),
    so a fresh install is current; `with_changes=False` stops at the tree of 1/7/2025.
    """
    if era not in {"2025", "legacy"}:
        raise ValueError(_("Thời kỳ phải là “2025” hoặc “legacy”."))
    from lantoa.units.changes import apply_changes, codes_owned_by_changes, original_unit

    result = ImportResult()
    # The data file is the tree of 1/7/2025; units that later changes replaced belong to the change log.
    leave = codes_owned_by_changes() if era == "2025" else set()
    conv = divisions.conversion()
    legacy_rows = list(divisions.communes_legacy())
    new_rows = list(divisions.communes_2025())
    legacy_provinces = {r.province.key: r.province for r in legacy_rows}
    new_provinces = {r.province.key: r.province for r in new_rows}

    rows = legacy_rows if era == "legacy" else new_rows
    if province:
        rows = [r for r in rows if divisions.province_matches(province, r.province)]
        if not rows:
            names = sorted({r.province.short for r in (legacy_rows if era == "legacy" else new_rows)})
            raise ValueError(
                _("Không có tỉnh “{province}” trong danh mục {era}. Các tỉnh: {names}.").format(
                    province=province, era=era, names=", ".join(names)
                )
            )

    # Provinces
    province_divisions = {r.province.code: r.province for r in rows}
    code_field = "code_legacy" if era == "legacy" else "code_2025"
    other_field = "code_2025" if era == "legacy" else "code_legacy"
    other_provinces = new_provinces if era == "legacy" else legacy_provinces
    existing = _index_by(code_field, province_divisions)
    for code, division in province_divisions.items():
        if code in existing or not conv.unchanged_province(division.key):
            continue
        twin = other_provinces.get(division.key)
        if twin is not None:
            adopted = Unit.objects.filter(**{other_field: twin.code}).first()
            if adopted is not None and era == "legacy":
                # The province may have changed since (Quảng Ninh became a city in 2026): its pre-2025 self is
                # the unit the first change started from, not the city of today.
                adopted = original_unit(adopted)
            if adopted is not None:
                existing[code] = adopted
    if era == "legacy":
        # A province a later change closed keeps its dates; it only learns its pre-2025 code.
        for code, unit in existing.items():
            if unit.changes_out.exists():
                leave.add(code)
                if unit.code_legacy != code:
                    Unit.objects.filter(pk=unit.pk).update(code_legacy=code)
                    unit.code_legacy = code
    specs = {}
    for code, division in province_divisions.items():
        unchanged = conv.unchanged_province(division.key)
        spec = _committee_fields(
            division, Level.PROVINCE, _PROVINCE_TYPES.get(name_key(division.type_label), AreaType.PROVINCE)
        )
        spec["parent"] = None
        spec["opened_on"] = None if unchanged or era == "legacy" else divisions.REFORM_DATE
        spec["closed_on"] = None if unchanged or era == "2025" else divisions.REFORM_DATE
        specs[code] = spec
    provinces = _Upserter(code_field, result, "provinces").run(specs, existing, leave)

    if era == "legacy":
        district_specs: dict[str, dict] = {}
        for r in rows:
            district_specs[r.district.code] = {
                **_committee_fields(
                    r.district,
                    Level.DISTRICT,
                    _DISTRICT_TYPES.get(name_key(r.district.type_label), AreaType.RURAL_DISTRICT),
                ),
                "parent": provinces[r.province.code],
                "opened_on": None,
                "closed_on": divisions.REFORM_DATE,
            }
        districts = _Upserter(code_field, result, "districts").run(
            district_specs, _index_by(code_field, district_specs)
        )
        parent_of = {r.commune.code: districts[r.district.code] for r in rows if r.commune}
    else:
        parent_of = {r.commune.code: provinces[r.province.code] for r in rows}

    commune_specs: dict[str, dict] = {}
    for r in rows:
        if r.commune is None or r.commune.code in commune_specs:
            continue  # island districts without communes; the data repeats a handful of codes
        commune_specs[r.commune.code] = {
            **_committee_fields(
                r.commune,
                Level.COMMUNE,
                _COMMUNE_TYPES.get(name_key(r.commune.type_label), AreaType.COMMUNE),
                EXTRA_ALIASES_2025.get(r.commune.code) if era == "2025" else None,
            ),
            "parent": parent_of[r.commune.code],
            "opened_on": None if era == "legacy" else divisions.REFORM_DATE,
            "closed_on": divisions.REFORM_DATE if era == "legacy" else None,
        }
    _Upserter(code_field, result, "communes").run(commune_specs, _index_by(code_field, commune_specs), leave)

    result.successors_linked = _link_successors(conv, legacy_rows, new_rows)
    # Bulk writes skip the save signal, so the name index is brought up to date here (only what differs).
    refresh_keys()
    if era == "2025" and with_changes:
        # A fresh install is current: the changes published after 1/7/2025 follow the data file at once.
        result.changes_applied = len(apply_changes(actor=None).applied)
    return result


def _link_successors(
    conv: divisions.Conversion,
    legacy_rows: list[divisions.LegacyCommune],
    new_rows: list[divisions.Commune2025],
) -> int:
    """Point each closed pre-2025 commune and province at the 2025 units that took it over."""
    new_commune_code = {(r.province.key, r.commune.key): r.commune.code for r in new_rows}
    new_province_code = {r.province.key: r.province.code for r in new_rows}
    pairs: set[tuple[str, str]] = set()  # (legacy code, 2025 code), communes
    for r in legacy_rows:
        if r.commune is None:
            continue
        for target in conv.communes.get(f"{r.province.key}_{r.district.key}_{r.commune.key}", []):
            if target in new_commune_code:
                pairs.add((r.commune.code, new_commune_code[target]))
    province_pairs: set[tuple[str, str]] = set()
    legacy_province_code = {r.province.key: r.province.code for r in legacy_rows}
    for new_key, old_keys in conv.provinces.items():
        if old_keys == [new_key]:
            continue
        for old_key in old_keys:
            if old_key in legacy_province_code and new_key in new_province_code:
                province_pairs.add((legacy_province_code[old_key], new_province_code[new_key]))

    legacy_ids = dict(
        Unit.objects.filter(level__in=[Level.COMMUNE, Level.PROVINCE])
        .exclude(code_legacy="")
        .values_list("code_legacy", "pk")
    )
    new_ids = dict(
        Unit.objects.filter(level__in=[Level.COMMUNE, Level.PROVINCE])
        .exclude(code_2025="")
        .values_list("code_2025", "pk")
    )
    # Commune and province codes do not collide within an era, so one map per era is enough.
    through = Unit.successors.through
    wanted = {
        (legacy_ids[old], new_ids[new])
        for old, new in pairs | province_pairs
        if old in legacy_ids and new in new_ids and legacy_ids[old] != new_ids[new]
    }
    if not wanted:
        return 0
    present = set(
        through.objects.filter(from_unit_id__in={a for a, _b in wanted}).values_list(
            "from_unit_id", "to_unit_id"
        )
    )
    missing = [through(from_unit_id=a, to_unit_id=b) for a, b in wanted - present]
    through.objects.bulk_create(missing, batch_size=1000)
    return len(missing)


# --- Spreadsheet of agencies (Sở, Phòng, Trung tâm…) -------------------------------------------------

# Column headers as a person would type them; matched without diacritics or case.
FILE_COLUMNS = {
    "parent": ("Đơn vị cấp trên", "don_vi_cap_tren", "parent"),
    "parent_code": ("Mã đơn vị cấp trên", "ma_don_vi_cap_tren", "parent_code"),
    "name": ("Tên đơn vị", "ten_don_vi", "name"),
    "short_name": ("Tên ngắn", "ten_ngan", "short_name"),
    "kind": ("Loại", "loai", "kind"),
    "aliases": ("Tên gọi khác", "ten_goi_khac", "aliases"),
    "abbreviation": ("Viết tắt", "viet_tat", "abbreviation"),
    "opened_on": ("Ngày bắt đầu", "ngay_bat_dau", "opened_on"),
    "closed_on": ("Ngày kết thúc", "ngay_ket_thuc", "closed_on"),
    "successors": ("Đơn vị kế thừa", "don_vi_ke_thua", "successors"),
}
_KIND_WORDS = {
    name_key("Sở"): UnitKind.DEPARTMENT,
    name_key("Ban"): UnitKind.DEPARTMENT,
    name_key("Ngành"): UnitKind.DEPARTMENT,
    name_key("Phòng"): UnitKind.OFFICE,
    name_key("Văn phòng"): UnitKind.OFFICE,
    name_key("Trung tâm"): UnitKind.CENTER,
    name_key("Đài"): UnitKind.STATION,
    name_key("Tổ"): UnitKind.COMMUNITY_TECH_TEAM,
    name_key("Tổ Công nghệ số cộng đồng"): UnitKind.COMMUNITY_TECH_TEAM,
    name_key("Tổ CNSCĐ"): UnitKind.COMMUNITY_TECH_TEAM,
    name_key("Bộ"): UnitKind.MINISTRY,
    name_key("UBND"): UnitKind.PEOPLES_COMMITTEE,
    name_key("Khác"): UnitKind.OTHER,
}
_KIND_WORDS.update({name_key(str(label)): value for value, label in UnitKind.choices})
_KIND_WORDS.update({value.replace("_", ""): value for value in UnitKind.values})


def _read_rows(path: Path) -> list[tuple[int, list[str]]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "utf-16"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise UnitImportError([_("Tệp CSV không ở mã UTF-8; hãy lưu lại với mã UTF-8 (CSV UTF-8).")])
        sample = text[:4096]
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        return [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1)]
    if suffix in {".xlsx", ".xlsm"}:
        import zipfile

        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
            raise UnitImportError([_("Không đọc được tệp Excel: {error}").format(error=exc)]) from exc
        sheet = workbook.worksheets[0]
        rows = []
        for n, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = []
            for v in values:
                if v is None:
                    cells.append("")
                elif isinstance(v, datetime.datetime):
                    cells.append(v.date().strftime("%d/%m/%Y"))
                elif isinstance(v, datetime.date):
                    cells.append(v.strftime("%d/%m/%Y"))
                else:
                    cells.append(str(v))
            rows.append((n, cells))
        workbook.close()
        return rows
    raise UnitImportError([_("Chỉ nhận tệp .xlsx hoặc .csv (tệp đã cho: {name}).").format(name=path.name)])


def _parse_date(value: str) -> datetime.date:
    value = value.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValueError(value)


@transaction.atomic
def import_units_file(*, path: Path, mark_demo: bool = False) -> ImportResult:
    """Import agencies from a spreadsheet (.xlsx or .csv) under units that already exist.

    All rows or none: every bad row is reported with its line number, and then nothing is saved.
    """
    rows = _read_rows(Path(path))
    # The one normalisation: "Hoà"/"Hòa", apostrophes, dashes, spaces are stored one way.
    rows = [(n, [nfc(c) for c in cells]) for n, cells in rows]
    rows = [(n, cells) for n, cells in rows if any(cells)]
    if not rows:
        raise UnitImportError([_("Tệp trống.")])
    header_line, header = rows[0]
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        key = name_key(title)
        for field_name, spellings in FILE_COLUMNS.items():
            if key in {name_key(s) for s in spellings}:
                columns[field_name] = index
    errors: list[str] = []
    if "name" not in columns:
        errors.append(_("Dòng {line}: thiếu cột “Tên đơn vị”.").format(line=header_line))
    if "parent" not in columns and "parent_code" not in columns:
        errors.append(
            _("Dòng {line}: thiếu cột “Đơn vị cấp trên” hoặc “Mã đơn vị cấp trên”.").format(line=header_line)
        )
    if errors:
        raise UnitImportError(errors)

    result = ImportResult()
    finder = _ParentFinder()
    successor_names: list[tuple[int, Unit | None, str]] = []
    for line, cells in rows[1:]:

        def cell(field_name: str, cells=cells) -> str:
            index = columns.get(field_name)
            return cells[index] if index is not None and index < len(cells) else ""

        problems: list[str] = []
        name = cell("name")
        if not name:
            problems.append(_("thiếu tên đơn vị"))
        parent = None
        if cell("parent_code"):
            code = cell("parent_code")
            matches = list(Unit.objects.filter(code_2025=code)) or list(Unit.objects.filter(code_legacy=code))
            if not matches:
                problems.append(_("không có đơn vị nào mang mã “{code}”").format(code=code))
            else:
                parent = matches[0]
        elif cell("parent"):
            parent, problem = finder.find(cell("parent"))
            if problem:
                problems.append(problem)
        else:
            problems.append(_("thiếu đơn vị cấp trên"))
        kind = UnitKind.OTHER
        if cell("kind"):
            kind = _KIND_WORDS.get(name_key(cell("kind")))
            if kind is None:
                problems.append(
                    _("loại “{kind}” không hợp lệ (dùng: Sở, Phòng, Trung tâm, Đài, Tổ CNSCĐ, Khác)").format(
                        kind=cell("kind")
                    )
                )
        elif name:
            kind = _guess_kind(name)
        dates: dict[str, datetime.date | None] = {}
        for field_name in ("opened_on", "closed_on"):
            try:
                dates[field_name] = _parse_date(cell(field_name)) if cell(field_name) else None
            except ValueError:
                problems.append(_("ngày “{value}” không đúng dạng dd/mm/yyyy").format(value=cell(field_name)))
        if dates.get("opened_on") and dates.get("closed_on") and dates["closed_on"] <= dates["opened_on"]:
            problems.append(_("ngày kết thúc phải sau ngày bắt đầu"))
        if problems:
            errors.append(_("Dòng {line}: {problems}.").format(line=line, problems="; ".join(problems)))
            continue
        spec = {
            "kind": kind,
            "level": parent.level,
            "name": name,
            "short_name": cell("short_name"),
            "aliases": [a.strip() for a in cell("aliases").replace("|", ";").split(";") if a.strip()],
            "abbreviation": cell("abbreviation"),
            "opened_on": dates["opened_on"],
            "closed_on": dates["closed_on"],
        }
        key = name_key(name)
        unit = next((u for u in Unit.objects.filter(parent=parent) if name_key(u.name) == key), None)
        if unit is None:
            unit = Unit.objects.create(parent=parent, is_demo=mark_demo, **spec)
            finder.add(unit)
            result.created[kind] += 1
        else:
            changed = [k for k, v in spec.items() if getattr(unit, k) != v]
            if changed:
                for k in changed:
                    setattr(unit, k, spec[k])
                unit.save()
                result.updated[kind] += 1
            else:
                result.unchanged[kind] += 1
        for successor in cell("successors").replace("|", ";").split(";"):
            if successor.strip():
                successor_names.append((line, unit, successor.strip()))
    # Successors may be defined further down the same file, so they are linked once every row exists.
    for line, unit, successor_name in successor_names:
        successor, problem = finder.find(successor_name)
        if problem:
            errors.append(_("Dòng {line}: đơn vị kế thừa: {problem}.").format(line=line, problem=problem))
        elif not unit.successors.filter(pk=successor.pk).exists():
            unit.successors.add(successor)
            result.successors_linked += 1
    if errors:
        # Raising inside the atomic block undoes the rows that were fine: all or nothing.
        raise UnitImportError(errors)
    return result


def _guess_kind(name: str) -> str:
    key = name_key(name)
    for word, kind in sorted(_KIND_WORDS.items(), key=lambda kv: len(kv[0]), reverse=True):
        if key.startswith(word):
            return kind
    return UnitKind.OTHER


class _ParentFinder:
    """Finds a parent named in full ("UBND huyện Hoằng Hóa"); an exact name key is required."""

    def __init__(self):
        self._by_key: dict[str, list[Unit]] | None = None

    def _index(self) -> dict[str, list[Unit]]:
        if self._by_key is None:
            self._by_key = {}
            for unit in Unit.objects.only(
                "pk", "name", "short_name", "aliases", "level", "path", "closed_on"
            ):
                self.add(unit)
        return self._by_key

    def add(self, unit: Unit) -> None:
        if self._by_key is None:
            return
        for name in unit.all_names():
            self._by_key.setdefault(name_key(name), []).append(unit)

    def find(self, text: str) -> tuple[Unit | None, str | None]:
        candidates = self._index().get(name_key(text), [])
        candidates = [u for u in candidates if u.closed_on is None] or candidates
        if not candidates:
            return None, _("không tìm thấy đơn vị cấp trên “{parent}”").format(parent=text)
        if len({u.pk for u in candidates}) > 1:
            return None, _("có {count} đơn vị tên “{parent}”; hãy dùng cột “Mã đơn vị cấp trên”").format(
                count=len(candidates), parent=text
            )
        return candidates[0], None


# --- People --------------------------------------------------------------------------------------


@transaction.atomic
def grant_membership(*, user, unit: Unit, role: str, title: str = "") -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, unit=unit, role=role, defaults={"title": title}
    )
    if not created and (membership.title != title or not membership.is_active):
        membership.title = title
        membership.is_active = True
        membership.save(update_fields=["title", "is_active"])
    return membership


@transaction.atomic
def create_unit(*, parent: Unit | None, kind: str, name: str, level: str | None = None, **fields) -> Unit:
    return Unit.objects.create(
        parent=parent,
        kind=kind,
        name=name,
        level=level or (parent.level if parent else Level.NATIONAL),
        **fields,
    )

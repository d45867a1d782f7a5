"""The official administrative divisions of Vietnam, both eras, as shipped by `vietnamadminunits` (MIT).

We read the package's SQLite data file directly rather than importing its modules: the file is the data
(GSO/NSO codes and names, 2025-07 state and the pre-2025 state), and its modules pull in geocoding we
do not need.
"""

import datetime
import functools
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from lantoa.units.corrections import TYPE_CORRECTIONS_2025
from lantoa.units.names import name_key, nfc

# The two-level government started on 1/7/2025: districts closed, the new communes opened.
REFORM_DATE = datetime.date(2025, 7, 1)


@dataclass(frozen=True)
class Division:
    code: str
    name: str  # with its type, as official: "Xã Hoằng Xuân", "Tỉnh Thanh Hóa"
    short: str  # "Hoằng Xuân"
    type_label: str  # "Xã", "Phường", "Thị trấn", "Đặc khu", "Huyện", "Tỉnh", "Thành phố"…
    key: str  # the package's ASCII key, used by its 2025 conversion table


@dataclass(frozen=True)
class LegacyCommune:
    province: Division
    district: Division
    commune: Division | None  # a few island districts have no commune level


@dataclass(frozen=True)
class Commune2025:
    province: Division
    commune: Division


class DivisionDataError(RuntimeError):
    pass


def _data_file(name: str):
    try:
        return resources.files("vietnamadminunits").joinpath("data", name)
    except ModuleNotFoundError as exc:  # pragma: no cover - a broken install
        raise DivisionDataError(
            "The package 'vietnamadminunits' is not installed (pip install -e .)."
        ) from exc


def _connect() -> sqlite3.Connection:
    path = _data_file("dataset.db")
    with resources.as_file(path) as real_path:
        return sqlite3.connect(f"file:{real_path}?mode=ro", uri=True)


def _province(name: str, short: str, code: str, key: str) -> Division:
    name, short = nfc(name), nfc(short)
    type_label = name[: len(name) - len(short)].strip() if name.endswith(short) else "Tỉnh"
    return Division(code=code, name=name, short=short, type_label=type_label, key=key)


def _division(name: str, short: str, type_label: str, code: str, key: str, corrections=None) -> Division:
    """One unit of the data file, its names in the one normalisation and its known errors corrected."""
    correction = (corrections or {}).get(code)
    name, short = nfc(name), nfc(short)
    if correction is not None:
        type_label = correction.type_label
        name = f"{type_label} {short}"
    return Division(code=code, name=name, short=short, type_label=nfc(type_label), key=key)


def province_matches(query: str, division: Division) -> bool:
    return name_key(query) in {name_key(division.short), name_key(division.name)}


def communes_2025() -> Iterator[Commune2025]:
    with _connect() as db:
        rows = db.execute(
            "SELECT province, provinceShort, provinceCode, provinceKey, ward, wardShort, wardType, wardCode, wardKey "
            "FROM admin_units ORDER BY provinceCode, wardCode"
        ).fetchall()
    for p_name, p_short, p_code, p_key, w_name, w_short, w_type, w_code, w_key in rows:
        yield Commune2025(
            province=_province(p_name, p_short, p_code, p_key),
            commune=_division(w_name, w_short, w_type, w_code, w_key, TYPE_CORRECTIONS_2025),
        )


def communes_legacy() -> Iterator[LegacyCommune]:
    with _connect() as db:
        rows = db.execute(
            "SELECT province, provinceShort, provinceCode, provinceKey, district, districtShort, districtType, "
            "districtCode, districtKey, ward, wardShort, wardType, wardCode, wardKey "
            "FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
        ).fetchall()
    for row in rows:
        p_name, p_short, p_code, p_key, d_name, d_short, d_type, d_code, d_key = row[:9]
        w_name, w_short, w_type, w_code, w_key = row[9:]
        yield LegacyCommune(
            province=_province(p_name, p_short, p_code, p_key),
            district=_division(d_name, d_short, d_type, d_code, d_key),
            commune=_division(w_name, w_short, w_type, w_code, w_key or "") if w_code else None,
        )


@dataclass(frozen=True)
class Conversion:
    """How the pre-2025 units became the 2025 ones."""

    # new province key -> the old province keys merged into it
    provinces: dict[str, list[str]]
    # "oldprovince_olddistrict_oldward" key -> [(new province key, new ward key)]
    communes: dict[str, list[tuple[str, str]]]

    def unchanged_province(self, key: str) -> bool:
        return self.provinces.get(key) == [key]


def conversion() -> Conversion:
    data = json.loads(_data_file("converter_2025.json").read_text(encoding="utf-8"))
    communes: dict[str, list[tuple[str, str]]] = {}
    for new_province, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_keys in wards.items():
            for old_key in old_keys:
                communes.setdefault(old_key, []).append((new_province, new_ward))
    for new_province, olds in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in olds.items():
            for target in targets:
                communes.setdefault(old_key, []).append((new_province, target["newWardKey"]))
    return Conversion(provinces=data["DICT_PROVINCE"], communes=communes)


@functools.cache
def province_names() -> frozenset[str]:
    """The short names of every province of both eras ("Hậu Giang", "Thanh Hóa"), folded to words.

    The resolver uses them to notice a text that speaks of another province, even one the tree has not
    imported (a Hậu Giang letter read in a Thanh Hóa installation).
    """
    from lantoa.units.names import words

    with _connect() as db:
        rows = db.execute(
            "SELECT provinceShort FROM admin_units UNION SELECT provinceShort FROM admin_units_legacy"
        ).fetchall()
    return frozenset(words(short) for (short,) in rows if short)

"""Builds `data/places.txt`, the gazetteer of place names the reader uses to end unit names.

Every province, district and commune short name of both eras ("Thanh Hóa", "Hoằng Xuân", "Phú Bài"),
taken from the MIT-licensed `vietnamadminunits` data file. The reader only reads the text file, so it does
not depend on the package at run time; run `python -m lantoa.documents.places_data` after upgrading the
package to refresh it.
"""

from __future__ import annotations

import sqlite3
import sys
from importlib import resources
from pathlib import Path

TARGET = Path(__file__).with_name("data") / "places.txt"


def build() -> list[str]:
    path = resources.files("vietnamadminunits").joinpath("data", "dataset.db")
    names: set[str] = set()
    with resources.as_file(path) as real:
        connection = sqlite3.connect(f"file:{real}?mode=ro", uri=True)
        try:
            for (name,) in connection.execute(
                "SELECT provinceShort FROM admin_units UNION SELECT wardShort FROM admin_units "
                "UNION SELECT provinceShort FROM admin_units_legacy UNION SELECT districtShort FROM admin_units_legacy "
                "UNION SELECT wardShort FROM admin_units_legacy"
            ):
                if name and not name.isdigit():
                    names.add(" ".join(name.split()))
        finally:
            connection.close()
    return sorted(names)


def main() -> int:
    names = build()
    TARGET.write_text("\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} place names written to {TARGET}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

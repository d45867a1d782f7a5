"""Benchmark: importing the administrative divisions and resolving names at national scale.

Run: .venv/bin/python bench/import_units.py   (uses a fresh SQLite file unless LANTOA_DATABASE_URL is set)
"""

import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
workdir = tempfile.mkdtemp(prefix="lantoa-bench-")
os.environ.setdefault("LANTOA_DATA_DIR", workdir)
os.environ.setdefault("LANTOA_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402

from lantoa.units.models import Level, Unit  # noqa: E402
from lantoa.units.resolve import resolve_units  # noqa: E402
from lantoa.units.services import import_divisions  # noqa: E402


def timed(label: str, fn, repeat: int = 1):
    times = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    shown = f"{statistics.median(times):.2f} s" + (f" (median of {repeat})" if repeat > 1 else "")
    print(f"{label:<58} {shown}")
    return result


def main() -> None:
    print(f"database: {connection.vendor}")
    call_command("migrate", verbosity=0)
    timed(
        "import --era 2025 (34 provinces, 3,321 communes), empty db",
        lambda: import_divisions(era="2025", with_changes=False),
    )
    from lantoa.units.changes import apply_changes

    timed("apply the shipped 2026 changes (3 cities, 22 phường)", lambda: apply_changes(actor=None))
    timed("import --era 2025 again (nothing changes)", lambda: import_divisions(era="2025"), repeat=3)
    timed("import --era legacy (63 provinces, 696 districts, 10,035)", lambda: import_divisions(era="legacy"))
    timed("import --era legacy again (nothing changes)", lambda: import_divisions(era="legacy"), repeat=3)
    print(f"units in the tree: {Unit.objects.count():,}")

    province = Unit.objects.get(code_legacy="38")
    district = Unit.objects.get(code_legacy="399")
    in_2023, in_2025 = datetime.date(2023, 9, 25), datetime.date(2025, 9, 15)
    ministry = Unit.objects.create(kind="ministry", level=Level.NATIONAL, name="Bộ Khoa học và Công nghệ")

    def count(text, context, on, place=""):
        resolution = resolve_units(text, context=context, on=on, place=place)
        return len(resolution.units) + len(resolution.unresolved)

    n = timed(
        "resolve 'UBND các xã, phường' nationwide (Bộ, 2025)",
        lambda: count("UBND các xã, phường", ministry, in_2025),
        5,
    )
    print(f"{'':<58} -> {n:,} communes")
    n = timed(
        "resolve 'UBND các tỉnh, thành phố' (Bộ, 2025)",
        lambda: count("UBND các tỉnh, thành phố", ministry, in_2025),
        5,
    )
    print(f"{'':<58} -> {n} provinces")
    from importlib import resources

    from lantoa.units.services import import_units_file

    with resources.as_file(resources.files("lantoa.units").joinpath("data", "demo_agencies.csv")) as path:
        import_units_file(path=path)
    recipients = "Phòng Văn hóa và Thông tin; Trung tâm VH,TT,TT&DL huyện; UBND các xã, thị trấn"
    timed("resolve the example's recipients (huyện, 2023)", lambda: count(recipients, district, in_2023), 20)
    # An unknown name: the issuer's province is searched in memory, the rest of the 14k units through the
    # stored key index (it used to load and scan the whole tree: about 1 s).
    timed(
        "resolve an unknown name (index beyond the province)",
        lambda: count("Phòng Dân tộc", district, in_2023),
        5,
    )
    timed(
        "resolve 'Sở Văn hóa…' of a Hậu Giang letter (flagged)",
        lambda: count("Sở Văn hóa, Thể thao và Du lịch", province, in_2025, place="Hậu Giang"),
        5,
    )
    timed(
        "resolve an unknown name from a ministry (index only)",
        lambda: count("Đài Phát thanh - Truyền hình Hậu Giang", ministry, in_2025),
        5,
    )
    timed(
        "resolve 'UBND xã Hoằng Xuân' from the province (2023)",
        lambda: count("UBND xã Hoằng Xuân", province, in_2023),
        20,
    )

    from django.conf import settings

    settings.DEBUG = True
    reset_queries()
    count("UBND các xã, phường", ministry, in_2025)
    print(f"queries for a nationwide group: {len(connection.queries)}")


if __name__ == "__main__":
    main()

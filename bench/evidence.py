"""Benchmark: the evidence checks of one new photo against a national archive of photos.

Run: .venv/bin/python bench/evidence.py [--photos 200000] [--runs 20]
(a fresh SQLite file unless LANTOA_DATABASE_URL is set). The archive is written in bulk: N fingerprints of
earlier photos, each on its own activity of some commune. Then a real photo is uploaded through the service
and checked, `--runs` times: hashing it, the duplicate lookup through the four indexed hash bands, its EXIF
date, the flags written. Prints the median and worst time of one check, the rows the lookup read, and the
query plan (it must use the band indexes, never scan the archive).
Goal: one check under 0.2 s at 200,000 photos, and the same number of rows read at any archive size.
"""

import argparse
import datetime
import io
import os
import random
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
os.environ["LANTOA_EVIDENCE_CHECKS"] = "inline"
os.environ["LANTOA_EVIDENCE_LINK_CHECKS"] = "0"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from lantoa.activities.models import Activity, Evidence  # noqa: E402
from lantoa.activities.services import create_activity  # noqa: E402
from lantoa.demo.services import load_demo  # noqa: E402
from lantoa.evidence import services  # noqa: E402
from lantoa.evidence.models import Fingerprint  # noqa: E402
from lantoa.evidence.probes import band_values  # noqa: E402
from lantoa.units.models import Level, Unit  # noqa: E402

BATCH = 5000


def archive(photos: int, person, communes: list[Unit]) -> None:
    rng = random.Random(13)
    day = datetime.date(2024, 10, 5)
    for start in range(0, photos, BATCH):
        size = min(BATCH, photos - start)
        activities = Activity.objects.bulk_create(
            Activity(
                unit=communes[(start + i) % len(communes)],
                type="event",
                occurred_on=day,
                title=f"Hoạt động {start + i}",
                created_by=person,
            )
            for i in range(size)
        )
        evidence = Evidence.objects.bulk_create(
            Evidence(activity=a, kind="photo", file=f"evidence/bench/{a.pk}.jpg", uploaded_by=person)
            for a in activities
        )
        hashes = [f"{rng.getrandbits(64):016x}" for _ in evidence]
        Fingerprint.objects.bulk_create(
            Fingerprint(evidence=e, phash=h, **{f"band{i}": b for i, b in enumerate(band_values(h))})
            for e, h in zip(evidence, hashes, strict=True)
        )


def camera_photo(seed: int) -> bytes:
    image = Image.new("RGB", (4000, 3000), (230, 230, 220))
    draw = ImageDraw.Draw(image)
    rng = random.Random(seed)
    for _ in range(12):
        x, y = rng.randrange(3400), rng.randrange(2400)
        draw.rectangle([x, y, x + 600, y + 400], fill=(rng.randrange(255), 60, 120))
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = "2025:10:05 08:30:00"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85, exif=exif)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    load_demo(with_campaign=False)
    person = get_user_model().objects.get(username="canboxa")
    communes = list(Unit.objects.filter(level=Level.COMMUNE)[:500])
    started = time.perf_counter()
    archive(args.photos, person, communes)
    print(f"archive: {args.photos:,} photos written in {time.perf_counter() - started:.1f} s")

    unit = Unit.objects.get(code_legacy="15877")
    times = []
    for run in range(args.runs):
        upload = SimpleUploadedFile(f"anh-{run}.jpg", camera_photo(run), content_type="image/jpeg")
        activity = create_activity(
            unit=unit,
            actor=person,
            activity_type="event",
            occurred_on=datetime.date(2025, 10, 5),
            title=f"Buổi tuyên truyền {run}",
            quantities={"count": 1},
            files=[upload],
        )
        evidence_id = activity.evidence.get().pk
        started = time.perf_counter()
        services.run_checks(evidence_ids=[evidence_id])
        times.append(time.perf_counter() - started)
    fingerprint = Fingerprint.objects.get(evidence_id=evidence_id)
    same_band = Q()
    for i in range(4):
        same_band |= Q(**{f"band{i}": getattr(fingerprint, f"band{i}")})
    read = Fingerprint.objects.filter(same_band).count()
    print(
        f"one check of a 12-megapixel photo: median {statistics.median(times) * 1000:.0f} ms, "
        f"worst {max(times) * 1000:.0f} ms over {args.runs} runs"
    )
    print(f"rows the duplicate lookup read: {read} of {Fingerprint.objects.count():,}")
    sql, params = Fingerprint.objects.filter(same_band).query.sql_with_params()
    with connection.cursor() as cursor:
        explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        cursor.execute(explain + sql, params)
        print("plan:", " | ".join(str(row[-1]) for row in cursor.fetchall()))


if __name__ == "__main__":
    main()

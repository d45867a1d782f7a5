"""Benchmark: server time of the campaign pages for a directive issued to 200 communes, 10 activities each.

Run: .venv/bin/python bench/directive_page.py [--units 200] [--activities 10]
(a fresh SQLite file unless LANTOA_DATABASE_URL is set; measures Django's full request handling in-process)
"""

import argparse
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

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from lantoa.activities.models import Activity  # noqa: E402
from lantoa.demo.services import load_demo  # noqa: E402
from lantoa.directives.lifecycle import approve_directive, submit_for_signature  # noqa: E402
from lantoa.directives.services import add_task, assign_units, create_directive  # noqa: E402
from lantoa.indicators.models import Indicator  # noqa: E402
from lantoa.reports.models import Report  # noqa: E402
from lantoa.units.models import Level, Unit, UnitKind  # noqa: E402


def build(units: int, per_unit: int):
    call_command("migrate", verbosity=0)
    load_demo(with_campaign=False)
    users = get_user_model().objects
    officer = users.get(username="chuyenvien")
    district = Unit.objects.get(code_legacy="399")
    office = Unit.objects.get(parent=district, kind=UnitKind.OFFICE, name__startswith="Phòng Văn hóa")
    communes = [
        Unit.objects.create(
            parent=district,
            kind=UnitKind.PEOPLES_COMMITTEE,
            level=Level.COMMUNE,
            name=f"Ủy ban nhân dân xã Thử {n}",
        )
        for n in range(units)
    ]
    directive = create_directive(
        issuer=district,
        office=office,
        actor=officer,
        subject="Tuyên truyền Ngày Chuyển đổi số quốc gia",
        issued_on=datetime.date(2023, 9, 25),
        period_start=datetime.date(2023, 10, 1),
        period_end=datetime.date(2023, 10, 10),
        report_due=datetime.date(2023, 10, 15),
    )
    directive.indicators.set(Indicator.objects.all())
    for text in ("Tuyên truyền trên đài truyền thanh xã.", "Treo băng rôn, khẩu hiệu."):
        task = add_task(directive=directive, actor=officer, text=text)
        assign_units(task=task, units=communes, actor=officer)
    submit_for_signature(directive=directive, actor=officer)
    approve_directive(directive=directive, actor=users.get(username="lanhdao"))
    types = ["broadcast", "banner", "social_post", "cnscd_session", "article"]
    Activity.objects.bulk_create(
        [
            Activity(
                unit=unit,
                type=types[i % len(types)],
                occurred_on=datetime.date(2023, 10, 1 + i % 10),
                title=f"Hoạt động {i}",
                count=1,
                minutes=10,
                plays=2,
                reach=500,
                people_guided=30,
                created_by=officer,
            )
            for unit in communes
            for i in range(per_unit)
        ],
        batch_size=1000,
    )
    return directive, officer


def measure(client: Client, label: str, url: str, repeat: int = 15) -> None:
    client.get(url)  # warm caches and templates
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    print(
        f"{label:<40} median {statistics.median(times) * 1000:7.1f} ms   "
        f"p90 {sorted(times)[int(len(times) * 0.9) - 1] * 1000:7.1f} ms   {len(queries)} queries"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--activities", type=int, default=10)
    args = parser.parse_args()
    directive, officer = build(args.units, args.activities)
    print(
        f"database: {connection.vendor}; directive issued to {args.units} communes, "
        f"{Activity.objects.count():,} activities, {Report.objects.filter(directive=directive).count()} reports"
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(officer)
    measure(client, "directive page (van-ban/<pk>/)", f"/van-ban/{directive.pk}/")
    measure(client, "review page (bao-cao/van-ban/<pk>/)", f"/bao-cao/van-ban/{directive.pk}/")
    reporter = get_user_model().objects.create_user(username="bench-reporter")
    from lantoa.units.services import grant_membership

    commune = Unit.objects.get(name="Ủy ban nhân dân xã Thử 0")
    grant_membership(user=reporter, unit=commune, role="reporter")
    client.force_login(reporter)
    report = Report.objects.get(directive=directive, unit=commune)
    measure(client, "Nhiệm vụ của tôi (commune)", "/bao-cao/nhiem-vu/")
    measure(client, "a commune's report page", f"/bao-cao/{report.pk}/")


if __name__ == "__main__":
    main()

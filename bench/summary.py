"""Benchmark: compile the summary (DOCX + XLSX) of a directive issued to 3,321 communes, 10 activities each.

Run: .venv/bin/python bench/summary.py [--units 3321] [--activities 10]
(a fresh SQLite file unless LANTOA_DATABASE_URL is set). The data is written in bulk: submitting thousands
of reports through the services would measure the set-up, not the summary. Each report gets the snapshot
a submission would have stored (figures, the activities behind them, their titles and links).
Goal: under 5 s, and a query count that does not depend on the number of units.
"""

import argparse
import datetime
import os
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
from django.test.utils import CaptureQueriesContext  # noqa: E402

from lantoa.activities.models import Activity  # noqa: E402
from lantoa.demo.services import load_demo  # noqa: E402
from lantoa.directives.models import Assignment, Directive, DirectiveState, Task  # noqa: E402
from lantoa.indicators.models import Indicator  # noqa: E402
from lantoa.reports.models import Report, ReportSnapshot, ReportState  # noqa: E402
from lantoa.reports.services import open_reports_for  # noqa: E402
from lantoa.summaries import narrative  # noqa: E402
from lantoa.summaries.models import Summary  # noqa: E402
from lantoa.summaries.selectors import aggregate  # noqa: E402
from lantoa.units.models import Level, Unit, UnitKind  # noqa: E402

HANOI = datetime.timezone(datetime.timedelta(hours=7))
TYPES = [
    ("broadcast", "Bản tin chuyển đổi số"),
    ("article", "Tin bài trên trang điện tử"),
    ("banner", "Băng rôn"),
]


def build(units: int, per_unit: int) -> Directive:
    call_command("migrate", verbosity=0)
    load_demo(with_campaign=False)
    person = get_user_model().objects.get(username="sotttt")
    province = Unit.objects.get(code_legacy="38")
    department = Unit.objects.get(parent=province, name__startswith="Sở Thông tin và Truyền thông")
    communes = Unit.objects.bulk_create(
        Unit(
            parent=province,
            kind=UnitKind.PEOPLES_COMMITTEE,
            level=Level.COMMUNE,
            name=f"Ủy ban nhân dân xã Thử {n}",
            short_name=f"UBND xã Thử {n}",
        )
        for n in range(units)
    )
    for unit in communes:
        unit.path = f"{province.path}{unit.pk}/"
    Unit.objects.bulk_update(communes, ["path"], batch_size=1000)
    directive = Directive.objects.create(
        issuer=province,
        office=department,
        number=f"{units}/STTTT-TTBCXB",
        issued_on=datetime.date(2023, 9, 20),
        subject="V/v tuyên truyền hưởng ứng Ngày Chuyển đổi số quốc gia năm 2023",
        period_start=datetime.date(2023, 10, 1),
        period_end=datetime.date(2023, 10, 10),
        report_due=datetime.date(2023, 10, 20),
        state=DirectiveState.ISSUED,
        created_by=person,
    )
    indicators = list(
        Indicator.objects.filter(code__in=["radio-news", "radio-minutes", "web-articles", "banners"])
    )
    directive.indicators.set(indicators)
    task = Task.objects.create(directive=directive, position=1, text="Tuyên truyền")
    Assignment.objects.bulk_create(
        (Assignment(directive=directive, task=task, unit=u, due_on=directive.report_due) for u in communes),
        batch_size=1000,
    )
    open_reports_for(directive=directive)
    activities = Activity.objects.bulk_create(
        (
            Activity(
                unit=u,
                type=TYPES[i % 3][0],
                occurred_on=datetime.date(2023, 10, 1 + i % 10),
                title=f"{TYPES[i % 3][1]} số {i + 1}",
                url=f"https://example.gov.vn/{u.pk}/{i}",
                minutes=10,
                count=1,
                created_by=person,
            )
            for u in communes
            for i in range(per_unit)
        ),
        batch_size=2000,
    )
    by_unit: dict[int, list[Activity]] = {}
    for activity in activities:
        by_unit.setdefault(activity.unit_id, []).append(activity)
    feeds = {i.code: i.activity_types for i in indicators}
    reports = list(Report.objects.filter(directive=directive))
    moment = datetime.datetime(2023, 10, 15, 9, tzinfo=HANOI)
    snapshots = []
    for index, report in enumerate(reports):
        if index % 20 == 19:
            continue  # never submitted
        report.state = ReportState.SUBMITTED if index % 20 == 18 else ReportState.ACCEPTED
        report.version, report.first_submitted_at, report.submitted_at = 1, moment, moment
        mine = by_unit[report.unit_id]
        behind = {code: [a.pk for a in mine if a.type in types] for code, types in feeds.items()}
        snapshots.append(
            ReportSnapshot(
                report=report,
                version=1,
                submitted_by=person,
                submitted_at=moment,
                content={
                    "figures": {
                        "radio-news": len(behind["radio-news"]),
                        "radio-minutes": 10 * len(behind["radio-minutes"]),
                        "web-articles": len(behind["web-articles"]),
                        "banners": len(behind["banners"]),
                    },
                    "activities": behind,
                    "manual": [],
                    "items": {
                        str(a.pk): {"on": a.occurred_on.isoformat(), "title": a.title, "url": a.url}
                        for a in mine
                    },
                    "results": "Đã tuyên truyền trên đài truyền thanh xã.",
                    "difficulties": "Loa truyền thanh một số thôn đã xuống cấp.",
                    "proposals": "Đề nghị hỗ trợ kinh phí nâng cấp truyền thanh.",
                },
            )
        )
    Report.objects.bulk_update(
        reports, ["state", "version", "first_submitted_at", "submitted_at"], batch_size=1000
    )
    ReportSnapshot.objects.bulk_create(snapshots, batch_size=1000)
    return directive


def compile_once(directive: Directive) -> dict:
    """Compile from a fresh directive object (nothing cached on it), timing each step."""
    from lantoa.summaries.docx_writer import write_docx
    from lantoa.summaries.services import build_document, build_sheets
    from lantoa.summaries.xlsx_writer import write_xlsx

    directive = Directive.objects.select_related("issuer", "office", "implements").get(pk=directive.pk)
    times = {}
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        aggregation = aggregate(directive)
        summary = Summary(directive=directive, **narrative.defaults(aggregation))
        times["aggregate + draft"] = time.perf_counter() - started
        mark = time.perf_counter()
        docx = write_docx(build_document(summary, aggregation))
        times["docx"] = time.perf_counter() - mark
        mark = time.perf_counter()
        sheets = build_sheets(aggregation, base_url="https://lantoa.example.gov.vn")
        times["xlsx rows"] = time.perf_counter() - mark
        mark = time.perf_counter()
        xlsx = write_xlsx(sheets)
        times["xlsx writer"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - started
    return {"times": times, "queries": len(queries), "docx": len(docx), "xlsx": len(xlsx)}


def compile_as_job(directive: Directive) -> dict:
    """ "Tạo báo cáo" as the page does it: the request only checks and queues (`start_generation`); a worker
    then runs the `summary.generate` job (here in this process, as `lantoa worker` would)."""
    from unittest import mock

    from lantoa.jobs import services as jobs
    from lantoa.summaries.services import start_generation

    person = get_user_model().objects.get(username="sotttt")
    started = time.perf_counter()
    with mock.patch.object(jobs, "dispatch", return_value=None):  # no worker told: we run it below
        job = start_generation(
            directive=directive, actor=person, base_url="https://lantoa.example.gov.vn", with_pdf=False
        )
    queued = time.perf_counter() - started
    started = time.perf_counter()
    job = jobs.run_job(job.pk)
    return {"queued": queued, "ran": time.perf_counter() - started, "state": job.state, "error": job.error}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=3321)
    parser.add_argument("--activities", type=int, default=10)
    parser.add_argument("--as-job", action="store_true", help="also compile through the summary.generate job")
    args = parser.parse_args()
    started = time.perf_counter()
    small = build(10, args.activities)
    large_directive = build(args.units, args.activities)
    print(
        f"built {args.units} communes × {args.activities} activities in {time.perf_counter() - started:.1f} s"
    )
    compile_once(small)  # warm imports
    small_run, large_run = compile_once(small), compile_once(large_directive)
    print(f"10 units: {small_run['queries']} queries")
    print(
        f"{args.units} units: {large_run['times']['total']:.2f} s, {large_run['queries']} queries, "
        f"DOCX {large_run['docx'] / 1024:.0f} KiB, XLSX {large_run['xlsx'] / 1024:.0f} KiB"
    )
    print("  " + ", ".join(f"{step} {seconds:.2f} s" for step, seconds in large_run["times"].items()))
    print(
        "query count independent of units:", "yes" if large_run["queries"] == small_run["queries"] else "NO"
    )
    print("under 5 s:", "yes" if large_run["times"]["total"] < 5 else "NO")
    if args.as_job:
        run = compile_as_job(large_directive)
        print(
            f"as a job: the request answered in {run['queued']:.2f} s; the job {run['state']} "
            f"in {run['ran']:.2f} s (stored generation, DOCX + XLSX){' — ' + run['error'] if run['error'] else ''}"
        )


if __name__ == "__main__":
    main()

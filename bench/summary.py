"""Benchmark: compile the summary (DOCX + XLSX) of a directive issued to 3,321 communes, 10 activities each.

Run: .venv/bin/python bench/summary.py [--units 3321] [--activities 10] [--goal 5]
(a fresh SQLite file unless LANTOA_DATABASE_URL is set). The data is written in bulk: submitting thousands
of reports through the services would measure the set-up, not the summary. Each report gets the snapshot
a submission would have stored (figures, the activities behind them, their titles and links).
Goal: under `--goal` seconds (5), a query count that does not depend on the number of units, every link of
the annex present and no "Ignoring URL" warning from the XLSX writer. It prints wall and CPU time (on a
shared machine the wall time includes waiting for a core), the peak resident memory of the process and the
load average; it exits with status 1 when a link is missing or a URL was ignored.
"""

import argparse
import datetime
import html
import io
import os
import re
import resource
import sys
import tempfile
import time
import tracemalloc
import warnings
import zipfile
from pathlib import Path

if __name__ == "__main__":
    # Only when run as a script: under pytest, Django is already set up with the test settings.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    workdir = tempfile.mkdtemp(prefix="lantoa-bench-")
    os.environ.setdefault("LANTOA_DATA_DIR", workdir)
    os.environ.setdefault("LANTOA_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings")

    import django

    django.setup()

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantoa.activities.figures import rebuild as rebuild_figures
from lantoa.activities.models import Activity
from lantoa.demo.services import load_demo
from lantoa.directives.models import Assignment, Directive, DirectiveState, Task
from lantoa.indicators.models import Indicator
from lantoa.reports.models import Report, ReportSnapshot, ReportState
from lantoa.reports.services import open_reports_for
from lantoa.summaries import narrative
from lantoa.summaries.models import Summary
from lantoa.summaries.selectors import activity_lines, aggregate
from lantoa.units.models import Level, Unit, UnitKind

HANOI = datetime.timezone(datetime.timedelta(hours=7))
TYPES = [
    ("broadcast", "Bản tin chuyển đổi số"),
    ("article", "Tin bài trên trang điện tử"),
    ("banner", "Băng rôn"),
]


def setup_world() -> None:
    call_command("migrate", verbosity=0)
    load_demo(with_campaign=False)


def build(units: int, per_unit: int) -> Directive:
    """A directive of the Sở TT&TT issued to `units` new communes, `per_unit` activities each, 19 reports
    in 20 submitted (most accepted) with the snapshot a submission stores."""
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
    rebuild_figures(directive=directive)  # the activities went in bulk, past the ledger's services
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


class _Clock:
    """Wall and CPU time of each step: on a shared machine the wall time includes waiting for a core, the
    CPU time is the work itself."""

    def __init__(self):
        self.started = self.mark = (time.perf_counter(), time.process_time())
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def step(self, name: str) -> None:
        now = (time.perf_counter(), time.process_time())
        self.wall[name], self.cpu[name] = now[0] - self.mark[0], now[1] - self.mark[1]
        self.mark = now

    def total(self) -> tuple[dict, dict]:
        self.wall["total"] = self.mark[0] - self.started[0]
        self.cpu["total"] = self.mark[1] - self.started[1]
        return self.wall, self.cpu


def compile_once(directive: Directive, *, trace_memory: bool = False) -> dict:
    """Compile from a fresh directive object (nothing cached on it), timing each step. With `trace_memory`
    the peak of Python allocations is measured too (tracemalloc slows everything, so not in a timed run)."""
    from lantoa.summaries.docx_writer import write_docx
    from lantoa.summaries.services import build_document, build_sheets
    from lantoa.summaries.xlsx_writer import write_xlsx

    directive = Directive.objects.select_related("issuer", "office", "implements").get(pk=directive.pk)
    if trace_memory:
        tracemalloc.start()
    with CaptureQueriesContext(connection) as queries, warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        clock = _Clock()
        aggregation = aggregate(directive)
        summary = Summary(directive=directive, **narrative.defaults(aggregation))
        clock.step("aggregate + draft")
        docx = write_docx(build_document(summary, aggregation))
        clock.step("docx")
        # The activity rows are a generator pulled by the writer: building and writing them is one step.
        xlsx = write_xlsx(build_sheets(aggregation, base_url="https://lantoa.example.gov.vn"))
        clock.step("xlsx (rows + writer)")
    times, cpu = clock.total()
    peak = None
    if trace_memory:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {
        "times": times,
        "cpu": cpu,
        "queries": len(queries),
        "docx": len(docx),
        "xlsx": xlsx,
        "warnings": [str(w.message) for w in warned],
        "peak": peak,
        "lines": len(activity_lines(aggregation)),
    }


def xlsx_links(xlsx: bytes) -> list[tuple[str, int, int]]:
    """(title, rows under the header, hyperlinks) of every sheet, read from the file's XML."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        titles = [html.unescape(t) for t in re.findall(r'<sheet name="([^"]*)"', workbook)]
        sheets = []
        for n, title in enumerate(titles, 1):
            xml = archive.read(f"xl/worksheets/sheet{n}.xml")
            sheets.append((title, xml.count(b"<row ") - 1, xml.count(b"<hyperlink ")))
    return sheets


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
    parser.add_argument("--goal", type=float, default=5.0, help="seconds the compile must take at most")
    parser.add_argument("--as-job", action="store_true", help="also compile through the summary.generate job")
    args = parser.parse_args()
    started = time.perf_counter()
    setup_world()
    small = build(10, args.activities)
    large_directive = build(args.units, args.activities)
    print(
        f"built {args.units} communes × {args.activities} activities in {time.perf_counter() - started:.1f} s"
    )
    compile_once(small)  # warm imports
    small_run, large_run = compile_once(small), compile_once(large_directive)
    large_run["sheets"] = xlsx_links(large_run["xlsx"])
    large_run["peak"] = compile_once(large_directive, trace_memory=True)["peak"]
    print(f"10 units: {small_run['queries']} queries")
    print(
        f"{args.units} units: {large_run['times']['total']:.2f} s, {large_run['queries']} queries, "
        f"DOCX {large_run['docx'] / 1024:.0f} KiB, XLSX {len(large_run['xlsx']) / 1024:.0f} KiB"
    )
    print("  wall: " + ", ".join(f"{step} {seconds:.2f} s" for step, seconds in large_run["times"].items()))
    print("  CPU:  " + ", ".join(f"{step} {seconds:.2f} s" for step, seconds in large_run["cpu"].items()))
    print(f"  load average while measuring: {os.getloadavg()[0]:.2f} (2 cores shared)")
    print(f"  peak Python memory during the compile (tracemalloc): {large_run['peak'] / 2**20:.0f} MiB")
    for title, rows, links in large_run["sheets"]:
        print(f"  sheet {title!r}: {rows} rows, {links} links")
    activity_sheets = [
        (rows, links) for title, rows, links in large_run["sheets"] if title.startswith("Hoạt động")
    ]
    rows_kept, links_kept = map(sum, zip(*activity_sheets, strict=True))
    # Each activity row links its unit's report, the activity (twice: title and evidence) and its own URL.
    print(
        f"  activity rows in the annex: {rows_kept} of {large_run['lines']} counted activities; links on them "
        f"{links_kept} of {4 * large_run['lines']}:",
        "every link present" if links_kept == 4 * large_run["lines"] == 4 * rows_kept else "LINKS MISSING",
    )
    ignored = [w for w in large_run["warnings"] if "Ignoring URL" in w]
    print(
        f"  warnings: {len(large_run['warnings'])}, of which 'Ignoring URL': {len(ignored)}"
        + (f" (first: {large_run['warnings'][0]})" if large_run["warnings"] else "")
    )
    # ru_maxrss is in KiB on Linux: the whole process's peak, the world built before the compile included.
    print(
        f"  peak resident memory of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )
    print(
        "query count independent of units:", "yes" if large_run["queries"] == small_run["queries"] else "NO"
    )
    wall, cpu = large_run["times"]["total"], large_run["cpu"]["total"]
    print(
        f"under {args.goal:g} s: wall {'yes' if wall < args.goal else 'NO'} ({wall:.2f} s), "
        f"CPU {'yes' if cpu < args.goal else 'NO'} ({cpu:.2f} s), load average {os.getloadavg()[0]:.2f}"
    )
    links_ok = links_kept == 4 * large_run["lines"] == 4 * rows_kept
    if args.as_job:
        run = compile_as_job(large_directive)
        print(
            f"as a job: the request answered in {run['queued']:.2f} s; the job {run['state']} "
            f"in {run['ran']:.2f} s (stored generation, DOCX + XLSX){' — ' + run['error'] if run['error'] else ''}"
        )
    if ignored or not links_ok:
        sys.exit(1)


if __name__ == "__main__":
    main()

"""Benchmark: a national campaign — a ministry directive to the 34 provinces, each province's directive to all
its communes (3,321 in the 2025 map), 10 activities and a report per commune.

Run: .venv/bin/python bench/national.py [--provinces 34] [--activities 10] [--repeat 15]
(a fresh SQLite file unless LANTOA_DATABASE_URL is set; measures Django's full request handling in-process).
The directives go through the services (create, tasks, units, issue); the activities, the commune reports'
states and their snapshots are written in bulk, as bench/summary.py does: submitting thousands of reports
through the services would measure the set-up, not the pages.
Goals: every dashboard p95 < 300 ms with < 25 queries; one `lantoa remind` run over everything < 10 s.
"""

import argparse
import datetime
import os
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

if __name__ == "__main__":
    # Only when run as a script: under pytest, Django is already set up with the test settings.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    workdir = tempfile.mkdtemp(prefix="lantoa-bench-")
    os.environ.setdefault("LANTOA_DATA_DIR", workdir)
    os.environ.setdefault("LANTOA_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    # The reminder run e-mails every reporter; keep them in memory instead of printing thousands.
    os.environ.setdefault("LANTOA_EMAIL_URL", "locmem://")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings")

    import django

    django.setup()

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lantoa.activities.figures import rebuild as rebuild_figures
from lantoa.activities.models import Activity
from lantoa.directives.lifecycle import approve_directive, submit_for_signature
from lantoa.directives.models import Directive
from lantoa.directives.services import add_task, assign_units, create_directive
from lantoa.indicators.models import Aggregation, Indicator
from lantoa.notifications.services import run_reminders
from lantoa.reports.models import Report, ReportSnapshot, ReportState
from lantoa.units.models import Level, Membership, Role, Unit, UnitKind
from lantoa.units.services import grant_membership, import_divisions

HANOI = datetime.timezone(datetime.timedelta(hours=7))
# After 20/9/2026, when Đồng Nai, Quảng Ninh and Bắc Ninh had become thành phố (units/data/changes/2026.toml):
# dated before it, the campaign would find those three provinces (their communes moved to the new units)
# empty and cover 31 provinces and 3,073 communes instead of 34 and 3,321.
PERIOD_START = datetime.date(2026, 10, 1)
PERIOD_END = datetime.date(2026, 10, 10)
MINISTRY_DUE = datetime.date(2026, 10, 25)
PROVINCE_DUE = datetime.date(2026, 10, 20)
# Two days after the communes' due date: the default policy chases overdue reports every second day
# (one day after would be no occasion at all), and the provinces' reports are then 3 days from due.
REMIND_ON = PROVINCE_DUE + datetime.timedelta(days=2)
GOAL_P95_MS = 300
GOAL_QUERIES = 25
GOAL_REMIND_S = 10

# (type, title, figures) of the activities a commune logs during the campaign.
ACTIVITIES = [
    ("broadcast", "Bản tin chuyển đổi số trên đài truyền thanh xã", {"minutes": 10, "plays": 3, "count": 1}),
    ("article", "Tin bài về Ngày Chuyển đổi số quốc gia trên trang điện tử xã", {"count": 1}),
    ("banner", "Treo băng rôn, khẩu hiệu tại trụ sở và nhà văn hóa thôn", {"count": 4}),
    ("social_post", "Bài đăng trên trang Zalo OA của xã", {"count": 1, "reach": 800}),
    ("cnscd_session", "Tổ Công nghệ số cộng đồng hướng dẫn cài VNeID", {"count": 1, "people_guided": 45}),
    ("event", "Hội nghị tuyên truyền chuyển đổi số cho cán bộ thôn", {"count": 1, "participants": 60}),
]
NARRATIVE = {
    "results": "Đã tuyên truyền trên đài truyền thanh, trang điện tử và mạng xã hội; Tổ CNSCĐ hướng dẫn người dân.",
    "difficulties": "Hệ thống loa truyền thanh một số thôn đã xuống cấp.",
    "proposals": "Đề nghị hỗ trợ kinh phí nâng cấp đài truyền thanh cơ sở.",
}


@dataclass
class World:
    ministry: Unit
    ministry_officer: object
    ministry_directive: Directive
    provinces: list[Unit]
    province_directives: dict[int, Directive]  # province pk -> its directive
    province: Unit  # the largest province built: its pages are measured
    province_officer: object
    commune_reporter: object
    communes: int
    activities: int
    reports: int
    build_seconds: float


@dataclass
class Row:
    label: str
    status: int | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    queries: int | None = None
    seconds: float | None = None
    note: str = ""
    ok: bool = True
    extra: dict = field(default_factory=dict)


def _people(usernames: list[str]) -> list:
    users = get_user_model()
    made = []
    for name in usernames:
        user = users(username=name, email=f"{name}@example.gov.vn")
        user.set_unusable_password()
        made.append(user)
    users.objects.bulk_create(made, batch_size=1000)
    return list(users.objects.filter(username__in=usernames).order_by("pk"))


def _campaign_directive(
    *, issuer: Unit, officer, signer, units: list[Unit], due: datetime.date, **fields
) -> Directive:
    fields.setdefault("period_start", PERIOD_START)
    fields.setdefault("period_end", PERIOD_END)
    directive = create_directive(issuer=issuer, office=issuer, actor=officer, report_due=due, **fields)
    directive.indicators.set(Indicator.objects.filter(is_active=True))
    for text in (
        "Tuyên truyền trên hệ thống truyền thanh cơ sở, trang thông tin điện tử và mạng xã hội.",
        "Treo băng rôn, khẩu hiệu; tổ chức hoạt động của Tổ Công nghệ số cộng đồng.",
    ):
        task = add_task(directive=directive, actor=officer, text=text)
        assign_units(task=task, units=units, actor=officer)
    submit_for_signature(directive=directive, actor=officer)
    return approve_directive(directive=directive, actor=signer)


def load_activities(activities: list[Activity]) -> list[Activity]:
    """Write unsaved activities the fastest way the database offers, and give them their pks: COPY on
    PostgreSQL (psycopg's `cursor.copy`), one prepared INSERT run by `executemany` on SQLite. The ORM's
    bulk_create builds one statement of thousands of parameters per batch, which costs more than the
    rows themselves at 10,000 communes × 100 activities. Returns `activities`, saved."""
    if not activities:
        return activities
    fields = [f for f in Activity._meta.concrete_fields if not f.primary_key]
    table = connection.ops.quote_name(Activity._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    rows = [
        [f.get_db_prep_save(f.pre_save(activity, add=True), connection) for f in fields]
        for activity in activities
    ]
    with connection.cursor() as cursor:
        before = Activity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            # The names are the model's own, quoted; the values go as parameters.
            insert = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(insert, rows)
    # Rows are numbered in the order they were written: nobody else writes activities during the build.
    pks = list(Activity.objects.filter(pk__gt=before).order_by("pk").values_list("pk", flat=True))
    assert len(pks) == len(activities), (len(pks), len(activities))
    for activity, pk in zip(activities, pks, strict=True):
        activity.pk = pk
        activity._state.adding = False
    return activities


def _figures(indicators: list[Indicator], mine: list[Activity]) -> tuple[dict, dict]:
    figures, behind = {}, {}
    for indicator in indicators:
        counted = [a for a in mine if a.type in indicator.activity_types]
        behind[indicator.code] = [a.pk for a in counted]
        if indicator.aggregation == Aggregation.SUM:
            figures[indicator.code] = sum(getattr(a, indicator.quantity) or 0 for a in counted)
        elif indicator.aggregation == Aggregation.COUNT:
            figures[indicator.code] = len(counted)
        else:
            figures[indicator.code] = 1 if counted else 0
    return figures, behind


def _submit_in_bulk(
    directive: Directive, activities: list[Activity], person, due: datetime.date = PROVINCE_DUE
) -> int:
    """Give the directive's commune reports a realistic mix of states, with the snapshots a submission
    would have stored. Per 20 reports: 8 accepted, 5 submitted, 2 returned, 5 still drafts; 2 came late."""
    indicators = [i for i in directive.indicators.all() if i.is_itemised]
    by_unit: dict[int, list[Activity]] = {}
    for activity in activities:
        by_unit.setdefault(activity.unit_id, []).append(activity)
    reports = list(Report.objects.filter(directive=directive).order_by("unit__path"))
    snapshots = []
    for index, report in enumerate(reports):
        slot = index % 20
        if slot >= 15:
            continue  # still being written
        late = slot in (7, 12)
        moment = datetime.datetime.combine(
            due + datetime.timedelta(days=2 if late else -1 - slot % 4),
            datetime.time(9 + slot % 8),
            tzinfo=HANOI,
        )
        report.state = (
            ReportState.ACCEPTED if slot < 8 else ReportState.SUBMITTED if slot < 13 else ReportState.RETURNED
        )
        report.version, report.first_submitted_at, report.submitted_at = 1, moment, moment
        report.is_late = late
        report.accepted_at = (
            moment + datetime.timedelta(days=1) if report.state == ReportState.ACCEPTED else None
        )
        for name, text in NARRATIVE.items():
            setattr(report, name, text)
        mine = sorted(by_unit.get(report.unit_id, []), key=lambda a: (a.occurred_on, a.pk))
        figures, behind = _figures(indicators, mine)
        snapshots.append(
            ReportSnapshot(
                report=report,
                version=1,
                submitted_by=person,
                submitted_at=moment,
                content={
                    "figures": figures,
                    "activities": behind,
                    "manual": [],
                    "items": {
                        str(a.pk): {"on": a.occurred_on.isoformat(), "title": a.title, "url": a.url}
                        for a in mine
                    },
                    **NARRATIVE,
                },
            )
        )
    Report.objects.bulk_update(
        reports,
        ["state", "version", "first_submitted_at", "submitted_at", "is_late", "accepted_at", *NARRATIVE],
        batch_size=1000,
    )
    ReportSnapshot.objects.bulk_create(snapshots, batch_size=1000)
    return len(reports)


def build(provinces: int = 34, activities: int = 10) -> World:
    """The national campaign in the current database (migrated; other data may already be there)."""
    started = time.perf_counter()
    import_divisions(era="2025")
    communes_of = {}
    for province in Unit.objects.filter(
        level=Level.PROVINCE, kind=UnitKind.PEOPLES_COMMITTEE, parent__isnull=True
    ).open_on(PERIOD_START):
        if not province.code_2025:
            continue
        communes_of[province] = list(
            Unit.objects.under(province)
            .filter(level=Level.COMMUNE, kind=UnitKind.PEOPLES_COMMITTEE)
            .open_on(PERIOD_START)
        )
    chosen = sorted(communes_of, key=lambda p: (len(communes_of[p]), p.pk))[:provinces]
    chosen.sort(key=lambda p: p.path)

    ministry = Unit.objects.create(
        kind=UnitKind.MINISTRY,
        level=Level.NATIONAL,
        name="Bộ Văn hóa, Thể thao và Du lịch",
        short_name="Bộ VHTTDL",
        abbreviation="BVHTTDL",
    )
    ministry_officer, ministry_leader = _people(["bench-bo-chuyenvien", "bench-bo-lanhdao"])
    grant_membership(user=ministry_officer, unit=ministry, role=Role.OFFICER, title="Chuyên viên")
    grant_membership(user=ministry_leader, unit=ministry, role=Role.LEADER, title="Thứ trưởng")
    ministry_directive = _campaign_directive(
        issuer=ministry,
        officer=ministry_officer,
        signer=ministry_leader,
        units=chosen,
        due=MINISTRY_DUE,
        number="3456/BVHTTDL-TT",
        issued_on=datetime.date(2026, 9, 25),
        subject="V/v tuyên truyền hưởng ứng Ngày Chuyển đổi số quốc gia năm 2026",
    )

    officers = _people([f"bench-tinh-{p.code_2025}" for p in chosen])
    leaders = _people([f"bench-tinh-lanhdao-{p.code_2025}" for p in chosen])
    province_directives = {}
    for province, officer, leader in zip(chosen, officers, leaders, strict=True):
        grant_membership(user=officer, unit=province, role=Role.OFFICER, title="Chuyên viên")
        grant_membership(user=leader, unit=province, role=Role.LEADER, title="Phó Chủ tịch")
        province_directives[province.pk] = _campaign_directive(
            issuer=province,
            officer=officer,
            signer=leader,
            units=communes_of[province],
            due=PROVINCE_DUE,
            number=f"{province.code_2025}/UBND-VX",
            issued_on=datetime.date(2026, 9, 28),
            subject="V/v triển khai tuyên truyền Ngày Chuyển đổi số quốc gia năm 2026",
            implements=ministry_directive,
        )

    communes = [c for p in chosen for c in communes_of[p]]
    reporters = _people([f"bench-xa-{c.pk}" for c in communes])
    Membership.objects.bulk_create(
        (
            Membership(user=user, unit=commune, role=Role.REPORTER, title="Công chức văn hóa - xã hội")
            for user, commune in zip(reporters, communes, strict=True)
        ),
        batch_size=1000,
    )
    reporter_of = {commune.pk: user for user, commune in zip(reporters, communes, strict=True)}

    made = load_activities(
        [
            Activity(
                unit=commune,
                type=kind,
                occurred_on=PERIOD_START + datetime.timedelta(days=i % 10),
                title=f"{title} (lần {i + 1})",
                url=f"https://{commune.code_2025 or commune.pk}.example.gov.vn/tin/{i + 1}",
                created_by=reporter_of[commune.pk],
                **quantities,
            )
            for commune in communes
            for i, (kind, title, quantities) in (
                (i, ACTIVITIES[(i + commune.pk) % len(ACTIVITIES)]) for i in range(activities)
            )
        ]
    )
    by_province: dict[int, list[Activity]] = {p.pk: [] for p in chosen}
    province_of = {c.pk: p.pk for p in chosen for c in communes_of[p]}
    for activity in made:
        by_province[province_of[activity.unit_id]].append(activity)
    reports = sum(
        _submit_in_bulk(province_directives[p.pk], by_province[p.pk], officer)
        for p, officer in zip(chosen, officers, strict=True)
    )
    rebuild_figures()  # the activities went in bulk, past the ledger's services that keep the figures

    largest = max(chosen, key=lambda p: (len(communes_of[p]), -p.pk))
    return World(
        ministry=ministry,
        ministry_officer=ministry_officer,
        ministry_directive=ministry_directive,
        provinces=chosen,
        province_directives=province_directives,
        province=largest,
        province_officer=officers[chosen.index(largest)],
        commune_reporter=reporter_of[communes_of[largest][0].pk],
        communes=len(communes),
        activities=len(made),
        reports=reports + len(chosen),
        build_seconds=time.perf_counter() - started,
    )


# --- the legacy map: Bộ → 63 provinces → 696 districts → 10,035 communes (before 1/7/2025) ---------------

LEGACY_START = datetime.date(2023, 10, 1)
LEGACY_END = datetime.date(2023, 10, 10)
LEGACY_DUE = {"district": datetime.date(2023, 10, 15), "province": datetime.date(2023, 10, 20)}
LEGACY_DUE["ministry"] = datetime.date(2023, 10, 25)
LEGACY_REMIND_ON = LEGACY_DUE["district"] + datetime.timedelta(days=2)


@dataclass
class LegacyWorld:
    ministry_officer: object
    ministry_directive: Directive
    province_officer: object
    province_directive: Directive  # of the province with the most communes
    district_officer: object
    district_directive: Directive  # of that province's district with the most communes
    commune_reporter: object
    provinces: int
    districts: int
    communes: int
    activities: int
    reports: int
    build_seconds: float
    steps: dict = field(default_factory=dict)  # seconds of each part of the build


def _legacy_tree(provinces: int) -> tuple[list[Unit], dict[int, list[Unit]], dict[int, list[Unit]]]:
    """The provinces (largest first cut to `provinces`), their districts and the districts' communes, open
    on the campaign's first day: three queries."""
    open_units = Unit.objects.open_on(LEGACY_START).filter(kind=UnitKind.PEOPLES_COMMITTEE)
    all_provinces = list(open_units.filter(level=Level.PROVINCE, parent__isnull=True).exclude(code_legacy=""))
    districts_of: dict[int, list[Unit]] = {}
    for district in open_units.filter(level=Level.DISTRICT).order_by("path"):
        districts_of.setdefault(district.parent_id, []).append(district)
    communes_of: dict[int, list[Unit]] = {}
    for commune in open_units.filter(level=Level.COMMUNE).order_by("path"):
        communes_of.setdefault(commune.parent_id, []).append(commune)
    size = {
        p.pk: sum(len(communes_of.get(d.pk, [])) for d in districts_of.get(p.pk, [])) for p in all_provinces
    }
    chosen = sorted((p for p in all_provinces if size[p.pk]), key=lambda p: (-size[p.pk], p.pk))[:provinces]
    chosen.sort(key=lambda p: p.path)
    return chosen, districts_of, communes_of


def build_legacy(provinces: int = 63, activities: int = 10) -> LegacyWorld:
    """The three-level cascade of the legacy map in the current database (migrated). Directives go down
    each level through the services; activities, reporters and the communes' report states are written in
    bulk (what is measured is the pages, not the set-up); the districts' and provinces' summaries are
    generated and sent up through the summary services, as an officer does it."""
    from lantoa.reports.services import accept_report
    from lantoa.summaries.services import generate_summary, submit_upward

    started = time.perf_counter()
    steps = {}
    mark = time.perf_counter()
    import_divisions(era="legacy")
    chosen, districts_of, communes_of = _legacy_tree(provinces)
    steps["import the legacy map"] = time.perf_counter() - mark

    mark = time.perf_counter()
    ministry = Unit.objects.create(
        kind=UnitKind.MINISTRY,
        level=Level.NATIONAL,
        name="Bộ Thông tin và Truyền thông",
        short_name="Bộ TT&TT",
        abbreviation="BTTTT",
    )
    ministry_officer, ministry_leader = _people(["bench-legacy-bo-chuyenvien", "bench-legacy-bo-lanhdao"])
    grant_membership(user=ministry_officer, unit=ministry, role=Role.OFFICER, title="Chuyên viên")
    grant_membership(user=ministry_leader, unit=ministry, role=Role.LEADER, title="Thứ trưởng")
    common = {"period_start": LEGACY_START, "period_end": LEGACY_END}
    ministry_directive = _campaign_directive(
        issuer=ministry,
        officer=ministry_officer,
        signer=ministry_leader,
        units=chosen,
        due=LEGACY_DUE["ministry"],
        number="3006/BTTTT-CĐSQG",
        issued_on=datetime.date(2023, 9, 15),
        subject="V/v hưởng ứng Ngày Chuyển đổi số quốc gia năm 2023",
        **common,
    )
    districts = [d for p in chosen for d in districts_of.get(p.pk, []) if communes_of.get(d.pk)]
    people = _people(
        [
            f"bench-legacy-{u.code_legacy or u.pk}-{role}"
            for u in [*chosen, *districts]
            for role in ("cv", "ld")
        ]
    )
    staff = {}
    for index, unit in enumerate([*chosen, *districts]):
        officer, leader = people[2 * index], people[2 * index + 1]
        grant_membership(user=officer, unit=unit, role=Role.OFFICER, title="Chuyên viên")
        grant_membership(user=leader, unit=unit, role=Role.LEADER, title="Phó Chủ tịch")
        staff[unit.pk] = (officer, leader)
    province_directives, district_directives = {}, {}
    for province in chosen:
        officer, leader = staff[province.pk]
        province_directives[province.pk] = _campaign_directive(
            issuer=province,
            officer=officer,
            signer=leader,
            units=[d for d in districts_of.get(province.pk, []) if communes_of.get(d.pk)],
            due=LEGACY_DUE["province"],
            number=f"{province.code_legacy}/UBND-VX",
            issued_on=datetime.date(2023, 9, 20),
            subject="V/v triển khai Ngày Chuyển đổi số quốc gia năm 2023",
            implements=ministry_directive,
            **common,
        )
    for district in districts:
        officer, leader = staff[district.pk]
        district_directives[district.pk] = _campaign_directive(
            issuer=district,
            officer=officer,
            signer=leader,
            units=communes_of[district.pk],
            due=LEGACY_DUE["district"],
            number=f"{district.code_legacy or district.pk}/UBND-VHTT",
            issued_on=datetime.date(2023, 9, 25),
            subject="V/v tuyên truyền Ngày Chuyển đổi số quốc gia năm 2023",
            implements=province_directives[district.parent_id],
            **common,
        )
    steps[f"{1 + len(chosen) + len(districts)} directives through the services"] = time.perf_counter() - mark

    mark = time.perf_counter()
    communes = [c for d in districts for c in communes_of[d.pk]]
    reporters = _people([f"bench-legacy-xa-{c.pk}" for c in communes])
    Membership.objects.bulk_create(
        (
            Membership(user=user, unit=commune, role=Role.REPORTER, title="Công chức văn hóa - xã hội")
            for user, commune in zip(reporters, communes, strict=True)
        ),
        batch_size=1000,
    )
    reporter_of = {commune.pk: user for user, commune in zip(reporters, communes, strict=True)}
    made = 0
    reports = 0
    # District by district, so the activities of the whole country are never all in memory at once.
    for district in districts:
        mine = load_activities(
            [
                Activity(
                    unit=commune,
                    type=kind,
                    occurred_on=LEGACY_START + datetime.timedelta(days=i % 10),
                    title=f"{title} (lần {i + 1})",
                    url=f"https://{commune.code_legacy or commune.pk}.example.gov.vn/tin/{i + 1}",
                    created_by=reporter_of[commune.pk],
                    **quantities,
                )
                for commune in communes_of[district.pk]
                for i, (kind, title, quantities) in (
                    (i, ACTIVITIES[(i + commune.pk) % len(ACTIVITIES)]) for i in range(activities)
                )
            ]
        )
        made += len(mine)
        reports += _submit_in_bulk(
            district_directives[district.pk], mine, staff[district.pk][0], due=LEGACY_DUE["district"]
        )
    rebuild_figures()  # the activities went in bulk, past the ledger's services that keep the figures
    steps["activities and commune reports in bulk"] = time.perf_counter() - mark

    # The cascade: every district compiles its communes' reports and sends the summary up; the province
    # accepts most of them, compiles its districts' and sends its own to the ministry.
    mark = time.perf_counter()
    base = "https://lantoa.example.gov.vn"
    for district in districts:
        officer = staff[district.pk][0]
        generate_summary(
            directive=district_directives[district.pk], actor=officer, base_url=base, with_pdf=False
        )
        submit_upward(directive=district_directives[district.pk], actor=officer)
    for province in chosen:
        officer = staff[province.pk][0]
        upward = Report.objects.filter(directive=province_directives[province.pk]).order_by("unit__path")
        for index, report in enumerate(upward.select_related("directive", "unit")):
            if index % 4 != 3:  # one in four is left waiting for review
                accept_report(report=report, actor=officer)
        # The default draft: its "Hạn chế" quotes the districts' own counts, which the figure check leaves be.
        generate_summary(
            directive=province_directives[province.pk], actor=officer, base_url=base, with_pdf=False
        )
        submit_upward(directive=province_directives[province.pk], actor=officer)
    steps["summaries rolled up district → province → Bộ"] = time.perf_counter() - mark

    largest = max(
        chosen,
        key=lambda p: (
            sum(len(communes_of[d.pk]) for d in districts_of[p.pk] if d.pk in district_directives),
            -p.pk,
        ),
    )
    district = max(
        (d for d in districts if d.parent_id == largest.pk), key=lambda d: (len(communes_of[d.pk]), -d.pk)
    )
    return LegacyWorld(
        ministry_officer=ministry_officer,
        ministry_directive=ministry_directive,
        province_officer=staff[largest.pk][0],
        province_directive=province_directives[largest.pk],
        district_officer=staff[district.pk][0],
        district_directive=district_directives[district.pk],
        commune_reporter=reporter_of[communes_of[district.pk][0].pk],
        provinces=len(chosen),
        districts=len(districts),
        communes=len(communes),
        activities=made,
        reports=Report.objects.filter(
            directive__in=[ministry_directive, *province_directives.values(), *district_directives.values()]
        ).count(),
        build_seconds=time.perf_counter() - started,
        steps=steps,
    )


def _compile(label: str, directive: Directive) -> Row:
    """One compile of a directive's summary (DOCX + XLSX, no PDF), as "Tạo báo cáo" renders it."""
    from lantoa.summaries import narrative
    from lantoa.summaries.models import Summary
    from lantoa.summaries.selectors import aggregate
    from lantoa.summaries.services import render_files

    directive = Directive.objects.select_related("issuer", "office", "implements").get(pk=directive.pk)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        aggregation = aggregate(directive)
        summary = Summary(directive=directive, **narrative.defaults(aggregation))
        files = render_files(summary, aggregation, base_url="https://lantoa.example.gov.vn", with_pdf=False)
    seconds = time.perf_counter() - started
    return Row(
        label=label,
        queries=len(queries),
        seconds=seconds,
        note=f"DOCX {len(files.docx) // 1024} KiB, XLSX {len(files.xlsx) // 1024} KiB",
    )


def measure_legacy(world: LegacyWorld, repeat: int = 15) -> list[Row]:
    rows = [Row(label="build the data", seconds=world.build_seconds, note="(no goal)")]
    rows += [Row(label=f"  {step}", seconds=seconds, note="") for step, seconds in world.steps.items()]
    levels = [
        ("Bộ", world.ministry_officer, world.ministry_directive),
        ("tỉnh", world.province_officer, world.province_directive),
        ("huyện", world.district_officer, world.district_directive),
    ]
    for level, person, directive in levels:
        rows.append(_page(f"{level}: dashboard", person, f"/bang-dieu-khien/van-ban/{directive.pk}/", repeat))
        rows.append(_page(f"{level}: review page", person, f"/bao-cao/van-ban/{directive.pk}/", repeat))
        rows.append(_page(f"{level}: directive page", person, f"/van-ban/{directive.pk}/", repeat))
    rows.append(
        _page(
            "xã: dashboard of the district directive",
            world.commune_reporter,
            f"/bang-dieu-khien/van-ban/{world.district_directive.pk}/",
            repeat,
        )
    )
    rows.append(_page("xã: home", world.commune_reporter, "/", repeat))
    for level, _person, directive in levels:
        rows.append(_compile(f"{level}: compile the summary", directive))
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = run_reminders(today=LEGACY_REMIND_ON)
    seconds = time.perf_counter() - started
    rows.append(
        Row(
            label=f"lantoa remind ({LEGACY_REMIND_ON:%d/%m/%Y})",
            queries=len(queries),
            seconds=seconds,
            note=f"< {GOAL_REMIND_S} s",
            ok=seconds < GOAL_REMIND_S,
            extra={"reminders": result.reminders, "messages": result.messages, "emails": result.emails_sent},
        )
    )
    return rows


def _page(label: str, user, url: str, repeat: int) -> Row:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    status = client.get(url).status_code  # warm caches and templates
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        status = response.status_code if status == 200 else status
    with CaptureQueriesContext(connection) as queries:
        last = client.get(url)
    status = last.status_code if status == 200 else status
    ordered = sorted(times)
    p95 = ordered[max(0, -(-len(ordered) * 95 // 100) - 1)] * 1000
    return Row(
        label=label,
        status=status,
        p50_ms=statistics.median(times) * 1000,
        p95_ms=p95,
        queries=len(queries),
        note=f"p95 < {GOAL_P95_MS} ms, < {GOAL_QUERIES} queries",
        ok=status == 200 and p95 < GOAL_P95_MS and len(queries) < GOAL_QUERIES,
    )


def measure(world: World, repeat: int = 15) -> list[Row]:
    province_directive = world.province_directives[world.province.pk]
    rows = [
        Row(label="build the data", seconds=world.build_seconds, note="(no goal)"),
        _page(
            "ministry officer, ministry directive",
            world.ministry_officer,
            f"/bang-dieu-khien/van-ban/{world.ministry_directive.pk}/",
            repeat,
        ),
        _page("ministry officer, /bang-dieu-khien/", world.ministry_officer, "/bang-dieu-khien/", repeat),
        _page(
            f"province officer ({world.province.short_name or world.province.name})",
            world.province_officer,
            f"/bang-dieu-khien/van-ban/{province_directive.pk}/",
            repeat,
        ),
        _page(
            "commune reporter, province directive",
            world.commune_reporter,
            f"/bang-dieu-khien/van-ban/{province_directive.pk}/",
            repeat,
        ),
        # The pages that listed every unit before they were paged: the review list and the directive's
        # unit table, of the ministry (every province) and of the largest province (every commune).
        _page(
            "ministry officer, review page",
            world.ministry_officer,
            f"/bao-cao/van-ban/{world.ministry_directive.pk}/",
            repeat,
        ),
        _page(
            "province officer, review page",
            world.province_officer,
            f"/bao-cao/van-ban/{province_directive.pk}/",
            repeat,
        ),
        _page(
            "province officer, review page, drafts, page 2",
            world.province_officer,
            f"/bao-cao/van-ban/{province_directive.pk}/?state=draft&page=2",
            repeat,
        ),
        _page(
            "province officer, directive page",
            world.province_officer,
            f"/van-ban/{province_directive.pk}/",
            repeat,
        ),
    ]
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = run_reminders(today=REMIND_ON)
    seconds = time.perf_counter() - started
    rows.append(
        Row(
            label=f"lantoa remind ({REMIND_ON:%d/%m/%Y})",
            queries=len(queries),
            seconds=seconds,
            note=f"< {GOAL_REMIND_S} s",
            ok=seconds < GOAL_REMIND_S,
            extra={
                "reminders": result.reminders,
                "messages": result.messages,
                "summaries": result.summaries,
                "emails": result.emails_sent,
                "failed": result.emails_failed,
            },
        )
    )
    return rows


def _fmt(value, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def print_table(world, rows: list[Row]) -> None:
    if isinstance(world, LegacyWorld):
        print(
            f"database: {connection.vendor}; legacy map: {world.provinces} provinces, {world.districts:,} "
            f"districts, {world.communes:,} communes, {world.activities:,} activities, {world.reports:,} reports"
        )
    else:
        print(
            f"database: {connection.vendor}; {len(world.provinces)} provinces, {world.communes:,} communes, "
            f"{world.activities:,} activities, {world.reports:,} reports"
        )
    print(f"{'measure':<48} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7} {'s':>7}  goal")
    for row in rows:
        verdict = "" if row.note == "(no goal)" else ("ok" if row.ok else "MISSED")
        print(
            f"{row.label:<48} {_fmt(row.status, 'd'):>6} {_fmt(row.p50_ms, '.1f'):>8} "
            f"{_fmt(row.p95_ms, '.1f'):>8} {_fmt(row.queries, 'd'):>7} {_fmt(row.seconds, '.2f'):>7}  "
            f"{row.note} {verdict}"
        )
        if row.extra:
            print("  " + ", ".join(f"{key} {value:,}" for key, value in row.extra.items()))


def heaviest_queries(world, count: int = 3) -> list[tuple[float, str, str, str]]:
    """The `count` slowest queries of the largest province's pages (dashboard, review list, directive
    page), each with its query plan from the database in use: (ms, page, SQL, plan)."""
    if isinstance(world, LegacyWorld):
        directive = world.province_directive
    else:
        directive = world.province_directives[world.province.pk]
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(world.province_officer)
    found = []
    for url in (
        f"/bang-dieu-khien/van-ban/{directive.pk}/",
        f"/bao-cao/van-ban/{directive.pk}/",
        f"/van-ban/{directive.pk}/",
    ):
        client.get(url)  # warm
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        found += [(float(q["time"]) * 1000, url, q["sql"]) for q in queries.captured_queries]
    heaviest = sorted(found, key=lambda item: item[0], reverse=True)[:count]
    explained = []
    for ms, url, sql in heaviest:
        # PostgreSQL runs a read again under EXPLAIN ANALYZE (actual rows and times, buffers); a write is
        # only planned. SQLite has no ANALYZE of a statement: its query plan.
        if connection.vendor == "sqlite":
            prefix = "EXPLAIN QUERY PLAN "
        elif sql.lstrip().upper().startswith("SELECT"):
            prefix = "EXPLAIN (ANALYZE, BUFFERS) "
        else:
            prefix = "EXPLAIN "
        try:
            with connection.cursor() as cursor:
                cursor.execute(prefix + sql)
                plan = "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())
        except Exception as exc:  # a logged SQL text that does not run again as written
            plan = f"(not explained: {exc})"
        explained.append((ms, url, sql, plan))
    return explained


def print_heaviest(explained) -> None:
    print(f"\nThe {len(explained)} heaviest queries of the largest province's pages ({connection.vendor}):")
    for ms, url, sql, plan in explained:
        print(f"\n{ms:.1f} ms on {url}\n  {sql[:600]}{'…' if len(sql) > 600 else ''}")
        print("  plan:\n    " + plan.replace("\n", "\n    "))


def _analyze() -> None:
    """Fresh planner statistics after the bulk load, as autovacuum would have gathered by the time anyone
    looks: without them PostgreSQL plans for a directive of 23 reports when it has thousands."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main() -> None:
    from django.core.management import call_command

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provinces", type=int, default=34, help="2025: default 34; legacy: default 63")
    parser.add_argument("--activities", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--era",
        choices=["2025", "legacy"],
        default="2025",
        help="2025: Bộ → provinces → communes; legacy: Bộ → 63 provinces → 696 districts → 10,035 communes",
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if args.era == "legacy":
        world = build_legacy(min(args.provinces, 63) if args.provinces != 34 else 63, args.activities)
        _analyze()
        rows = measure_legacy(world, args.repeat)
    else:
        world = build(args.provinces, args.activities)
        _analyze()
        rows = measure(world, args.repeat)
    print_table(world, rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the process (build and measures): {peak:.0f} MiB")
    print(f"load average (1, 5, 15 min) at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print_heaviest(heaviest_queries(world))


if __name__ == "__main__":
    main()

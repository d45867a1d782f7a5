"""Reports start from the issued example công văn: 38 draft reports, window 01–10/10/2023, due 15/10/2023."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from lantoa.activities.figures import rebuild as rebuild_figures
from lantoa.activities.figures import refresh as refresh_figures
from lantoa.activities.models import Activity
from lantoa.directives.models import Assignment, Directive, DirectiveState, Task, TaskRole
from lantoa.indicators.models import Indicator
from lantoa.reports.models import Report
from lantoa.reports.services import open_reports_for
from lantoa.units.models import Level, Membership, Role, Unit

HANOI_TIME = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def hoang_xuan_report(example_directive, commune_committee) -> Report:
    """The draft report of UBND xã Hoằng Xuân, where the commune reporter works."""
    return Report.objects.get(directive=example_directive, unit=commune_committee)


@pytest.fixture
def other_commune_report(example_directive, commune_committee, district_committee) -> Report:
    return (
        Report.objects.filter(directive=example_directive, unit__parent=district_committee)
        .exclude(unit=commune_committee)
        .filter(unit__level=Level.COMMUNE)
        .order_by("unit__name")
        .first()
    )


@pytest.fixture
def log_activity(commune_reporter):
    """Log one activity in a unit's ledger and keep its figures, as the ledger's services do."""

    def log(
        unit: Unit, *, type: str = "article", on=datetime.date(2023, 10, 3), title: str = "Tin bài", **fields
    ):
        activity = Activity.objects.create(
            unit=unit, type=type, occurred_on=on, title=title, created_by=commune_reporter, **fields
        )
        refresh_figures(unit_ids=[unit.pk])
        return activity

    return log


@pytest.fixture
def clock(monkeypatch):
    """Freeze django's clock at a local (Asia/Ho_Chi_Minh) time given as dd/mm/yyyy HH:MM."""

    def set_to(local: str) -> datetime.datetime:
        moment = datetime.datetime.strptime(local, "%d/%m/%Y %H:%M").replace(tzinfo=HANOI_TIME)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_to


@pytest.fixture
def campaign(officer, province_committee, culture_office):
    """An issued directive assigning two tasks to `n` communes of the province, and one person who works
    in all of them: the same scene at any scale, for the query-count pins. Written in bulk as the district's
    (the shape bulk_campaign uses): its office, the Phòng VH&TT, serves the issuer, so the officer reviews."""

    def make(n: int) -> tuple[Directive, object]:
        directive = Directive.objects.create(
            issuer=culture_office.parent,
            office=culture_office,
            subject=f"V/v tuyên truyền ({n} xã)",
            number=f"{n}/KH-UBND",
            period_start=datetime.date(2023, 10, 1),
            period_end=datetime.date(2023, 10, 10),
            report_due=datetime.date(2023, 10, 15),
            state=DirectiveState.ISSUED,
            created_by=officer,
        )
        directive.indicators.set(
            Indicator.objects.filter(code__in=["web-articles", "radio-minutes", "guidance-documents"])
        )
        communes = list(
            Unit.objects.filter(level=Level.COMMUNE, path__startswith=province_committee.path)
            .exclude(code_legacy="")
            .order_by("pk")[:n]
        )
        assert len(communes) == n
        tasks = [
            Task.objects.create(directive=directive, position=p, text=f"Nhiệm vụ {p}", role=TaskRole.PERFORM)
            for p in (1, 2)
        ]
        Assignment.objects.bulk_create(
            Assignment(directive=directive, task=t, unit=u, role=t.role, due_on=directive.report_due)
            for t in tasks
            for u in communes
        )
        open_reports_for(directive=directive)
        person = get_user_model().objects.create_user(username=f"canbo{n}", password="x-unused-x")
        Membership.objects.bulk_create(Membership(user=person, unit=u, role=Role.REPORTER) for u in communes)
        Activity.objects.bulk_create(
            Activity(
                unit=u,
                type=kind,
                occurred_on=datetime.date(2023, 10, 2),
                title=f"{kind} {u.pk}",
                minutes=10,
                created_by=person,
            )
            for u in communes
            for kind in ("article", "broadcast")
        )
        rebuild_figures(directive=directive)  # the activities went in bulk, past the ledger's services
        return directive, person

    return make

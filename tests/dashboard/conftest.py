"""The dashboard starts from the issued example công văn with reports submitted, accepted and returned
through the report services, or from a generated campaign of `n` communes for the scale pins."""

import datetime
import zoneinfo
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from lantoa.activities.figures import rebuild as rebuild_figures
from lantoa.activities.models import Activity
from lantoa.activities.services import create_activity
from lantoa.directives.models import Directive
from lantoa.notifications.models import Reminder, ReminderKind
from lantoa.reports.models import Report
from lantoa.reports.services import accept_report, return_report, save_report, submit_report
from lantoa.units.models import Membership, Role
from tests.bulk_campaign import bulk_campaign

LOCAL = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def clock(monkeypatch):
    """Freeze django's clock at a local (Asia/Ho_Chi_Minh) time given as dd/mm/yyyy HH:MM."""

    def set_to(local: str) -> datetime.datetime:
        moment = datetime.datetime.strptime(local, "%d/%m/%Y %H:%M").replace(tzinfo=LOCAL)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_to


@dataclass
class Campaign:
    directive: Directive
    accepted: list[Report]
    pending: list[Report]
    returned: list[Report]
    missing: list[Report]
    reporter: object


def _log(report: Report, person, *, day: int, **fields) -> Activity:
    """Through the ledger's service, as a unit logs it: its kept figures follow in the same transaction."""
    values = {
        "type": "broadcast",
        "title": "Bản tin chuyển đổi số",
        "count": 1,
        "minutes": 10,
        "plays": 2,
        **fields,
    }
    activity_type, title = values.pop("type"), values.pop("title")
    return create_activity(
        unit=report.unit,
        actor=person,
        activity_type=activity_type,
        occurred_on=datetime.date(2023, 10, day),
        title=title,
        quantities=values,
    )


@pytest.fixture
def campaign(example_directive, officer, commune_committee, clock) -> Campaign:
    """The example: 6 reports accepted (the last one late), 3 submitted and waiting, 1 returned, the rest
    never submitted; UBND xã Hoằng Xuân's report is among the accepted. Activities over three days."""
    person = get_user_model().objects.create_user(username="canbo-tiendo", password="x-unused-x")
    reports = list(
        Report.objects.filter(directive=example_directive)
        .select_related("unit", "directive")
        .order_by("unit__path")
    )
    hoang_xuan = next(r for r in reports if r.unit_id == commune_committee.pk)
    reports.remove(hoang_xuan)
    reports.insert(0, hoang_xuan)
    Membership.objects.bulk_create(Membership(user=person, unit=r.unit, role=Role.REPORTER) for r in reports)
    accepted, pending, returned = reports[:6], reports[6:9], reports[9:10]
    for index, report in enumerate(reports[:10]):
        for n in range(1 + index % 3):
            _log(report, person, day=2 + n, title=f"Bản tin số {n + 1}")
        if index % 2:
            _log(report, person, day=4, type="banner", title="Băng rôn tại trụ sở", count=2)
        save_report(report=report, actor=person, results="Đã tuyên truyền.", difficulties="", proposals="")
        clock("17/10/2023 09:00" if report == accepted[-1] else "14/10/2023 09:00")
        submit_report(report=report, actor=person)
    clock("18/10/2023 10:00")
    for report in accepted:
        accept_report(report=report, actor=officer)
    for report in returned:
        return_report(report=report, actor=officer, reason="Bổ sung minh chứng.")
    fresh = {r.pk: r for r in Report.objects.filter(directive=example_directive).select_related("unit")}
    return Campaign(
        directive=example_directive,
        accepted=[fresh[r.pk] for r in accepted],
        pending=[fresh[r.pk] for r in pending],
        returned=[fresh[r.pk] for r in returned],
        missing=[fresh[r.pk] for r in reports[10:]],
        reporter=person,
    )


@pytest.fixture
def big_campaign(officer, province_committee, culture_office):
    """An issued directive of the culture office assigning `n` communes of the province: two thirds of the
    submitted reports accepted, the rest waiting, every tenth never submitted and reminded twice; one
    activity per commune. Built in bulk: the rows the services would write, without running them per unit."""

    def make(n: int, *, activities: int = 1) -> Directive:
        directive, communes, never_submitted = bulk_campaign(
            n, officer=officer, province_committee=province_committee, culture_office=culture_office
        )
        Activity.objects.bulk_create(
            (
                Activity(
                    unit=u,
                    type="broadcast",
                    occurred_on=datetime.date(2023, 10, 1 + (i + k) % 10),
                    title="Bản tin",
                    minutes=10,
                    plays=1,
                    created_by=officer,
                )
                for i, u in enumerate(communes)
                for k in range(activities)
            ),
            batch_size=1000,
        )
        rebuild_figures(directive=directive)  # the activities went in bulk, past the ledger's services
        Reminder.objects.bulk_create(
            Reminder(
                report=report,
                kind=ReminderKind.OVERDUE,
                key=f"overdue-2023-10-{day}",
                due_on=directive.report_due,
                created_at=datetime.datetime(2023, 10, day, 8, tzinfo=LOCAL),
                sent_at=datetime.datetime(2023, 10, day, 8, tzinfo=LOCAL),
            )
            for report in never_submitted
            for day in (16, 18)
        )
        return directive

    return make

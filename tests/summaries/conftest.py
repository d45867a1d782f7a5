"""Summaries start from the issued example công văn with reports in every state, or from a synthetic
campaign of `n` communes for the scale and query-count pins."""

import datetime
import zoneinfo
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from lantoa.activities.figures import rebuild as rebuild_figures
from lantoa.activities.models import Activity
from lantoa.directives.models import Directive
from lantoa.reports.models import Report
from lantoa.reports.services import accept_report, return_report, save_report, submit_report
from lantoa.units.models import Membership, Role, Unit
from tests.bulk_campaign import bulk_campaign

HANOI_TIME = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Generated files land in a throw-away folder, never in the data folder of the machine."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def clock(monkeypatch):
    """Freeze django's clock at a local (Asia/Ho_Chi_Minh) time given as dd/mm/yyyy HH:MM."""

    def set_to(local: str) -> datetime.datetime:
        moment = datetime.datetime.strptime(local, "%d/%m/%Y %H:%M").replace(tzinfo=HANOI_TIME)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_to


@dataclass
class Scene:
    directive: Directive
    accepted: list[Report]
    pending: list[Report]
    returned: list[Report]
    late: list[Report]
    missing: list[Report]
    reporter: object


def _log(unit, person, **fields):
    defaults = {
        "type": "broadcast",
        "occurred_on": datetime.date(2023, 10, 3),
        "title": "Bản tin chuyển đổi số",
    }
    return Activity.objects.create(unit=unit, created_by=person, **{**defaults, **fields})


def report_in(
    report: Report, person, *, broadcasts: int, banners: int, results: str = "Đã tuyên truyền."
) -> None:
    """Log a unit's activities and write its report (not yet submitted)."""
    for n in range(broadcasts):
        _log(report.unit, person, title=f"Bản tin số {n + 1}", minutes=10, plays=2)
    if banners:
        _log(report.unit, person, type="banner", title="Băng rôn tại trụ sở", count=banners)
    save_report(
        report=report,
        actor=person,
        results=results,
        difficulties="Loa truyền thanh một số thôn đã xuống cấp.",
        proposals="Đề nghị hỗ trợ kinh phí nâng cấp truyền thanh.",
    )


@pytest.fixture
def scene(example_directive, officer, clock) -> Scene:
    """The example with reports in every state: 12 accepted (one of them late), 4 submitted and waiting,
    1 returned, the rest (21) never submitted. Each reporting unit logged its own figures."""
    person = get_user_model().objects.create_user(username="canbo-tonghop", password="x-unused-x")
    reports = list(
        Report.objects.filter(directive=example_directive)
        .select_related("unit", "directive")
        .order_by("unit__path")
    )
    Membership.objects.bulk_create(Membership(user=person, unit=r.unit, role=Role.REPORTER) for r in reports)
    accepted, pending, returned, late = reports[:12], reports[12:16], reports[16:17], reports[11:12]
    for index, report in enumerate(reports[:17]):
        report_in(report, person, broadcasts=1 + index % 3, banners=index % 2 * 2)
        clock("17/10/2023 09:00" if report in late else "14/10/2023 09:00")
        submit_report(report=report, actor=person)
    clock("18/10/2023 10:00")
    for report in accepted:
        accept_report(report=report, actor=officer)
    for report in returned:
        return_report(report=report, actor=officer, reason="Bổ sung minh chứng.")
    # Logged after the deadline but never submitted: a draft's ledger must not reach the summary.
    _log(reports[20].unit, person, minutes=99, plays=9)
    # The activities went in past the ledger's services: keep the directive's figures as a bulk load must.
    rebuild_figures(directive=example_directive)
    refresh = {r.pk: r for r in Report.objects.filter(directive=example_directive).select_related("unit")}
    return Scene(
        directive=example_directive,
        accepted=[refresh[r.pk] for r in accepted],
        pending=[refresh[r.pk] for r in pending],
        returned=[refresh[r.pk] for r in returned],
        late=[refresh[r.pk] for r in late],
        missing=[refresh[r.pk] for r in reports[17:]],
        reporter=person,
    )


@pytest.fixture
def big_campaign(officer, province_committee, culture_office):
    """An issued directive of the culture office assigning `n` communes of the province; every report has a
    submitted snapshot (two thirds accepted, the rest waiting) except every tenth, never submitted. Built in
    bulk: the rows the services would write, without running them once per unit."""

    def make(n: int) -> Directive:
        directive, _communes, _never_submitted = bulk_campaign(
            n, officer=officer, province_committee=province_committee, culture_office=culture_office
        )
        return directive

    return make


@pytest.fixture
def department(province_committee) -> Unit:
    return Unit.objects.get(parent=province_committee, name__startswith="Sở Thông tin và Truyền thông")


@pytest.fixture
def upstream(department, department_officer, department_leader, scene) -> Directive:
    """The Sở's công văn 2276/STTTT-TTBCXB issued to the districts' UBND, as the demo loads it, with the
    example linked to it (as reading the example does when the Sở's directive is already in Lantoa)."""
    from lantoa.demo.campaign_2023 import load_department_directive

    directive = load_department_directive(
        department=department, officer=department_officer, leader=department_leader
    )
    scene.directive.implements = directive
    scene.directive.save(update_fields=["implements"])
    return directive

"""A campaign of `n` communes built in bulk, for the scale and query-count pins of the summary and the
dashboard: the rows the services would write, without running them once per unit."""

import datetime
import zoneinfo

from lantoa.directives.models import Assignment, Directive, DirectiveState, Task, TaskRole
from lantoa.indicators.models import Indicator
from lantoa.reports.models import Report, ReportSnapshot, ReportState
from lantoa.reports.services import open_reports_for
from lantoa.units.models import Level, Unit

LOCAL = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def bulk_campaign(
    n: int, *, officer, province_committee, culture_office
) -> tuple[Directive, list[Unit], list[Report]]:
    """An issued directive of the culture office assigning `n` communes of the province; every report has a
    submitted snapshot (two thirds accepted, the rest waiting) except every tenth, never submitted.
    Returns the directive, the communes and the reports never submitted."""
    directive = Directive.objects.create(
        issuer=culture_office.parent,
        office=culture_office,
        subject=f"V/v tuyên truyền Ngày Chuyển đổi số ({n} xã)",
        number=f"{n}/UBND-VHTT",
        issued_on=datetime.date(2023, 9, 25),
        period_start=datetime.date(2023, 10, 1),
        period_end=datetime.date(2023, 10, 10),
        report_due=datetime.date(2023, 10, 15),
        state=DirectiveState.ISSUED,
        created_by=officer,
    )
    directive.indicators.set(Indicator.objects.filter(code__in=["radio-news", "radio-minutes", "banners"]))
    communes = list(
        Unit.objects.filter(level=Level.COMMUNE, path__startswith=province_committee.path)
        .exclude(code_legacy="")
        .order_by("pk")[:n]
    )
    assert len(communes) == n
    task = Task.objects.create(directive=directive, position=1, text="Tuyên truyền", role=TaskRole.PERFORM)
    Assignment.objects.bulk_create(
        Assignment(directive=directive, task=task, unit=u, role=task.role, due_on=directive.report_due)
        for u in communes
    )
    open_reports_for(directive=directive)
    submitted_at = datetime.datetime(2023, 10, 14, 9, tzinfo=LOCAL)
    reports = list(Report.objects.filter(directive=directive).order_by("unit_id"))
    snapshots, touched, never_submitted = [], [], []
    for index, report in enumerate(reports):
        if index % 10 == 9:
            never_submitted.append(report)
            continue
        report.state = ReportState.ACCEPTED if index % 3 else ReportState.SUBMITTED
        report.version = 1
        report.first_submitted_at = report.submitted_at = submitted_at
        touched.append(report)
        snapshots.append(
            ReportSnapshot(
                report=report,
                version=1,
                submitted_by=officer,
                submitted_at=submitted_at,
                content={
                    "figures": {
                        "radio-news": index % 4 + 1,
                        "radio-minutes": 10 * (index % 4 + 1),
                        "banners": index % 2,
                    },
                    "activities": {"radio-news": [], "radio-minutes": [], "banners": []},
                    "manual": [],
                    "items": {},
                    "results": "Đã tuyên truyền.",
                    "difficulties": "",
                    "proposals": "",
                },
            )
        )
    Report.objects.bulk_update(touched, ["state", "version", "first_submitted_at", "submitted_at"])
    ReportSnapshot.objects.bulk_create(snapshots)
    return directive, communes, never_submitted

"""Every write to reports goes through here."""

from django.db import transaction
from django.db.models import Max, Min

from lantoa.directives.models import Assignment, Directive
from lantoa.reports.models import Report


@transaction.atomic
def open_reports_for(*, directive: Directive) -> int:
    """One draft report for each unit the directive assigns; idempotent. Returns how many were opened."""
    dues = (
        Assignment.objects.filter(directive=directive)
        .values("unit_id")
        .annotate(latest=Max("due_on"), earliest=Min("due_on"))
    )
    existing = set(Report.objects.filter(directive=directive).values_list("unit_id", flat=True))
    new = [
        Report(directive=directive, unit_id=row["unit_id"], due_on=row["latest"] or directive.report_due)
        for row in dues
        if row["unit_id"] not in existing
    ]
    Report.objects.bulk_create(new, batch_size=1000)
    return len(new)

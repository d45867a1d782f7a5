"""The list and the directive page cost the same number of queries for 10 units as for 200."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lantoa.directives.models import Assignment
from lantoa.directives.services import add_task, create_directive
from lantoa.reports.models import Report, ReportState
from lantoa.reports.selectors import PAGE_SIZE
from lantoa.units.models import Level, Unit, UnitKind
from tests.signing import sign_and_issue

pytestmark = pytest.mark.django_db

DAY = datetime.date(2023, 9, 25)


@pytest.fixture
def department(province_committee) -> Unit:
    return Unit.objects.get(parent=province_committee, name__startswith="Sở Thông tin và Truyền thông")


def _campaign(preparer, signer, issuer, office, units: int):
    """A signed directive whose one task goes to `units` communes of the issuer's area, some of which have
    reported."""
    directive = create_directive(
        issuer=issuer,
        office=office,
        actor=preparer,
        subject=f"Chiến dịch {units} đơn vị",
        issued_on=DAY,
        report_due=datetime.date(2023, 10, 15),
    )
    task = add_task(directive=directive, actor=preparer, text="Tuyên truyền trên Đài truyền thanh xã.")
    communes = Unit.objects.filter(
        kind=UnitKind.PEOPLES_COMMITTEE, level=Level.COMMUNE, path__startswith=issuer.path
    ).open_on(DAY)
    Assignment.objects.bulk_create(
        Assignment(directive=directive, task=task, unit=unit, due_on=directive.report_due)
        for unit in communes.order_by("pk")[:units]
    )
    sign_and_issue(directive, preparer=preparer, signer=signer)
    reports = Report.objects.filter(directive=directive)
    half = list(reports.values_list("pk", flat=True)[: units // 2])
    reports.filter(pk__in=half).update(state=ReportState.SUBMITTED, submitted_at=timezone.now(), is_late=True)
    return directive


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_directive_page_costs_the_same_for_10_and_200_units(
    client, department_officer, province_leader, province_committee, department
):
    small = _campaign(department_officer, province_leader, province_committee, department, 10)
    large = _campaign(department_officer, province_leader, province_committee, department, 200)
    client.force_login(department_officer)
    small_url = reverse("directives:detail", args=[small.pk])
    large_url = reverse("directives:detail", args=[large.pk])
    client.get(small_url)  # warm the session and the demo flag cache
    # The page asks once more than before the signing step: whether this person may sign.
    # And four for the paged unit table: its areas, its count, the page of units, and that page's
    # assignments (the tasks' unit lists are read apart, as plain names).
    assert _queries(client, small_url) == _queries(client, large_url) <= 17
    page = client.get(large_url).content.decode()
    assert "Đơn vị thực hiện (200)" in page
    # A page of the unit table at a time; the tab counts are the whole table's.
    assert page.count("<tr>") == 1 + PAGE_SIZE
    assert "Đã nộp (100)" in page
    submitted = client.get(large_url, {"state": "submitted", "page": 2}).content.decode()
    assert submitted.count('class="badge report-submitted"') == PAGE_SIZE
    assert _queries(client, large_url + "?state=submitted") == _queries(
        client, small_url + "?state=submitted"
    )


def test_the_list_costs_the_same_for_3_and_30_directives(
    client, department_officer, province_leader, province_committee, department
):
    client.force_login(department_officer)
    _campaign(department_officer, province_leader, province_committee, department, 200)
    for n in range(2):
        create_directive(
            issuer=department, office=department, actor=department_officer, subject=f"Văn bản {n}"
        )
    url = reverse("directives:list")
    client.get(url)
    few = _queries(client, url)
    for n in range(27):
        create_directive(issuer=department, office=department, actor=department_officer, subject=f"Thêm {n}")
    assert _queries(client, url) == few <= 7
    assert "200 đơn vị" in client.get(url).content.decode()

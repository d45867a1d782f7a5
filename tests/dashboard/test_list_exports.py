"""The review list and the ledger download as XLSX: the rows the person sees, with the page's filters, at a
pinned number of queries; an outsider gets nothing of them."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantoa.activities.models import Activity
from lantoa.reports.models import Report, ReportState
from tests.activities.test_query_counts import _fill

pytestmark = pytest.mark.django_db


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]


def _rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _count(action) -> int:
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


def test_the_officer_downloads_the_review_list_with_a_line_per_unit_and_dashes_for_what_is_missing(
    client, officer, example_directive
):
    client.force_login(officer)
    rows = _rows(_sheet(client.get(reverse("dashboard:review_xlsx", args=[example_directive.pk]))))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Đơn vị", "Trạng thái", "Nộp muộn"]
    assert len(body) == Report.objects.filter(directive=example_directive).count() == 38
    assert any(row[0] == "UBND xã Hoằng Xuân" for row in body)
    # No unit has reported: their figures are "—", never 0.
    assert all(value != 0 for row in body for value in row[6:])


def test_the_review_list_download_keeps_the_page_filter(
    client, officer, example_directive, commune_committee
):
    report = Report.objects.get(directive=example_directive, unit=commune_committee)
    Report.objects.filter(pk=report.pk).update(state=ReportState.RETURNED)
    client.force_login(officer)
    url = reverse("dashboard:review_xlsx", args=[example_directive.pk]) + "?state=returned"
    body = _rows(_sheet(client.get(url)))[1:]
    assert [row[0] for row in body] == ["UBND xã Hoằng Xuân"]


def test_the_review_page_links_to_its_download_with_its_filter(client, officer, example_directive):
    client.force_login(officer)
    page = client.get(reverse("reports:review", args=[example_directive.pk]) + "?state=draft").content
    assert (reverse("dashboard:review_xlsx", args=[example_directive.pk]) + "?state=draft").encode() in page


def test_an_outsider_or_a_commune_cannot_download_the_review_list(
    client, outsider, commune_reporter, example_directive
):
    for person in (outsider, commune_reporter):
        client.force_login(person)
        assert client.get(reverse("dashboard:review_xlsx", args=[example_directive.pk])).status_code == 404


def test_the_review_list_download_takes_the_same_queries_for_10_or_200_units(client, officer, big_campaign):
    small, large = big_campaign(10), big_campaign(200)
    client.force_login(officer)
    client.get(reverse("dashboard:review_xlsx", args=[small.pk]))
    counts = {
        n: _count(lambda d=d: client.get(reverse("dashboard:review_xlsx", args=[d.pk])))
        for n, d in ((10, small), (200, large))
    }
    assert counts[10] == counts[200]


def test_a_commune_downloads_its_own_ledger_and_not_another_communes(
    client, commune_reporter, commune_committee, other_district_committee
):
    _fill(commune_committee, commune_reporter, 3)
    elsewhere = other_district_committee.children.filter(level="commune").first()
    Activity.objects.create(
        unit=elsewhere,
        type="article",
        occurred_on=datetime.date(2023, 10, 2),
        title="Tin của xã khác",
        created_by=commune_reporter,
    )
    client.force_login(commune_reporter)
    body = _rows(_sheet(client.get(reverse("dashboard:ledger_xlsx"))))[1:]
    assert len(body) == 3
    assert {row[1] for row in body} == {"UBND xã Hoằng Xuân"}
    assert "Tin của xã khác" not in {row[3] for row in body}
    filtered = _rows(_sheet(client.get(reverse("dashboard:ledger_xlsx") + "?type=article")))[1:]
    assert len(filtered) == 1


def test_an_outsider_downloads_an_empty_ledger(client, outsider, commune_reporter, commune_committee):
    _fill(commune_committee, commune_reporter, 3)
    client.force_login(outsider)
    assert _rows(_sheet(client.get(reverse("dashboard:ledger_xlsx"))))[1:] == []


def test_the_ledger_download_takes_the_same_queries_for_10_or_200_activities(
    client, commune_reporter, commune_committee
):
    client.force_login(commune_reporter)
    _fill(commune_committee, commune_reporter, 10)
    client.get(reverse("dashboard:ledger_xlsx"))
    ten = _count(lambda: client.get(reverse("dashboard:ledger_xlsx")))
    _fill(commune_committee, commune_reporter, 190)
    assert _count(lambda: client.get(reverse("dashboard:ledger_xlsx"))) == ten


def test_the_ledger_page_links_to_its_download_with_its_filter(client, commune_reporter, commune_committee):
    _fill(commune_committee, commune_reporter, 3)
    client.force_login(commune_reporter)
    page = client.get(reverse("activities:list") + "?type=article").content.decode()
    assert reverse("dashboard:ledger_xlsx") + "?type=article" in page

"""A province's directive goes to hundreds of communes: its unit table comes a page at a time and can be
narrowed to a district, a report state or the late reports, with tab counts that are the whole table's."""

import pytest
from django.urls import reverse

from lantoa.reports.models import Report
from lantoa.reports.selectors import PAGE_SIZE, review_areas
from tests.directives.test_directive_pages_queries import _campaign, department  # noqa: F401

pytestmark = pytest.mark.django_db


def rows_of(page: str) -> int:
    return page.count("<tr>") - 1  # the header


@pytest.fixture
def province_campaign(department_officer, province_leader, province_committee, department):  # noqa: F811
    return _campaign(department_officer, province_leader, province_committee, department, 120)


def test_the_unit_table_is_paged_with_the_whole_tables_counts(client, department_officer, province_campaign):
    client.force_login(department_officer)
    url = reverse("directives:detail", args=[province_campaign.pk])
    first = client.get(url).content.decode()
    last = client.get(url, {"page": 3}).content.decode()
    assert rows_of(first) == PAGE_SIZE
    assert rows_of(last) == 120 - 2 * PAGE_SIZE
    for page in (first, last):
        assert "Đơn vị thực hiện (120)" in page
        assert "Đã nộp (60)" in page
        assert "Đang soạn (60)" in page


def test_the_late_ones_of_one_district(client, department_officer, province_campaign):
    area, _name = review_areas(province_campaign)[0]
    late_there = Report.objects.filter(directive=province_campaign, unit__parent_id=area, is_late=True)
    client.force_login(department_officer)
    page = client.get(
        reverse("directives:detail", args=[province_campaign.pk]), {"late": "on", "area": area}
    ).content.decode()
    assert f"Đơn vị thực hiện ({late_there.count()})" in page
    assert rows_of(page) == min(late_there.count(), PAGE_SIZE) or late_there.count() == 0


def test_a_bad_filter_or_page_shows_the_table_instead_of_an_error(
    client, department_officer, province_campaign
):
    client.force_login(department_officer)
    url = reverse("directives:detail", args=[province_campaign.pk])
    for query in ({"area": "không"}, {"page": "-1"}, {"state": "lạ"}, {"page": "9999"}):
        response = client.get(url, query)
        assert response.status_code == 200, query
        assert rows_of(response.content.decode()) > 0, query


def test_an_outsider_cannot_page_through_the_unit_table(client, outsider, province_campaign):
    client.force_login(outsider)
    response = client.get(
        reverse("directives:detail", args=[province_campaign.pk]), {"page": 2, "late": "on"}
    )
    assert response.status_code == 404

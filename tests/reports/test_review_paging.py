"""A review list of thousands of units comes a page at a time, filtered by area, state and lateness, with
counts that are the whole filtered list's on every page."""

import pytest
from django.urls import reverse

from lantoa.reports.models import Report, ReportState
from lantoa.reports.selectors import PAGE_SIZE, review_areas
from lantoa.summaries.selectors import completeness

pytestmark = pytest.mark.django_db


def rows_of(page: str) -> int:
    return page.count("<tr>") - 1  # the header


def test_the_review_list_is_paged_and_its_counts_do_not_change_with_the_page(client, campaign, officer):
    directive, _person = campaign(120)
    Report.objects.filter(pk__in=Report.objects.filter(directive=directive).order_by("pk")[:7]).update(
        state=ReportState.ACCEPTED
    )
    client.force_login(officer)
    url = reverse("reports:review", args=[directive.pk])
    first = client.get(url).content.decode()
    last = client.get(url, {"page": 3}).content.decode()
    assert rows_of(first) == PAGE_SIZE
    assert rows_of(last) == 120 - 2 * PAGE_SIZE
    assert "101–120 / 120 đơn vị" in last
    counted = completeness(directive)
    for page in (first, last):
        assert f"Đang soạn ({counted.missing})" in page
        assert f"Đã duyệt ({counted.accepted})" in page
        assert f"<strong>{counted.submitted}/{counted.expected}</strong>" in page


def test_the_pager_keeps_the_filters(client, campaign, officer):
    directive, _person = campaign(120)
    client.force_login(officer)
    page = client.get(reverse("reports:review", args=[directive.pk]), {"state": "draft"}).content.decode()
    assert "?state=draft&amp;page=2" in page


def test_a_district_narrows_the_list_and_its_counts_to_its_communes(client, campaign, officer):
    directive, _person = campaign(120)
    areas = review_areas(directive)
    assert len(areas) > 1, "the communes of the campaign lie in several districts"
    area, name = areas[0]
    in_area = Report.objects.filter(directive=directive, unit__parent_id=area)
    client.force_login(officer)
    page = client.get(reverse("reports:review", args=[directive.pk]), {"area": area}).content.decode()
    assert rows_of(page) == min(in_area.count(), PAGE_SIZE)
    assert f"Đang soạn ({in_area.count()})" in page
    assert f'<option value="{area}" selected>{name}</option>' in page
    for report in in_area.select_related("unit")[:PAGE_SIZE]:
        assert str(report.unit) in page


def test_an_unknown_area_or_page_shows_the_list_instead_of_an_error(client, campaign, officer):
    directive, _person = campaign(60)
    client.force_login(officer)
    url = reverse("reports:review", args=[directive.pk])
    for query in ({"area": "999999"}, {"area": "xã"}, {"page": "abc"}, {"page": "99"}):
        response = client.get(url, query)
        assert response.status_code == 200, query
        assert rows_of(response.content.decode()) > 0, query


def test_a_commune_reporter_cannot_page_through_the_review_list(client, campaign, commune_reporter):
    directive, _person = campaign(60)
    client.force_login(commune_reporter)
    url = reverse("reports:review", args=[directive.pk])
    assert client.get(url, {"page": 2, "state": "draft"}).status_code == 404

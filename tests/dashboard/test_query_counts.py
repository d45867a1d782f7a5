"""The dashboard and the "my units" page cost the same number of queries for 10 units as for 200."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantoa.activities.selectors import counted_activities

pytestmark = pytest.mark.django_db


def _count(action) -> int:
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


def test_the_directive_dashboard_takes_the_same_queries_for_10_or_200_units(
    client, officer, big_campaign, django_assert_max_num_queries
):
    small, large = big_campaign(10), big_campaign(200)
    client.force_login(officer)
    client.get(reverse("dashboard:directive", args=[small.pk]))  # warm the session
    counts = {
        n: _count(lambda d=d: client.get(reverse("dashboard:directive", args=[d.pk])))
        for n, d in ((10, small), (200, large))
    }
    assert counts[10] == counts[200]
    with django_assert_max_num_queries(20):
        response = client.get(reverse("dashboard:directive", args=[large.pk]))
    assert "<strong>180/200</strong>" in response.content.decode()


def test_the_directive_dashboard_takes_the_same_queries_for_1_or_100_activities_per_unit(
    client, officer, big_campaign
):
    few, many = big_campaign(10, activities=1), big_campaign(10, activities=100)
    client.force_login(officer)
    client.get(reverse("dashboard:directive", args=[few.pk]))  # warm the session
    counts = {
        n: _count(lambda d=d: client.get(reverse("dashboard:directive", args=[d.pk])))
        for n, d in ((1, few), (100, many))
    }
    assert counts[1] == counts[100]
    response = client.get(reverse("dashboard:directive", args=[many.pk]))
    daily = response.context["dashboard"].daily_chart
    # The same communes also logged the first campaign's activity, in the same window: both count.
    assert sum(n for _day, n in daily.table.rows) == counted_activities(many).count() == 10 * 101


def test_the_workbook_takes_the_same_queries_for_10_or_200_units(client, officer, big_campaign):
    small, large = big_campaign(10), big_campaign(200)
    client.force_login(officer)
    client.get(reverse("dashboard:directive_xlsx", args=[small.pk]))
    counts = {
        n: _count(lambda d=d: client.get(reverse("dashboard:directive_xlsx", args=[d.pk])))
        for n, d in ((10, small), (200, large))
    }
    assert counts[10] == counts[200]


def test_my_units_takes_the_same_queries_for_1_or_6_directives_of_10_to_200_units(
    client, officer, big_campaign, django_assert_max_num_queries
):
    client.force_login(officer)
    big_campaign(10)
    client.get(reverse("dashboard:home"))
    one = _count(lambda: client.get(reverse("dashboard:home")))
    for n in (50, 100, 150, 200, 200):
        big_campaign(n)
    many = _count(lambda: client.get(reverse("dashboard:home")))
    assert one == many
    with django_assert_max_num_queries(12):
        page = client.get(reverse("dashboard:home")).content.decode()
    assert "<strong>180/200</strong>" in page

"""The aggregation and the summary page cost the same number of queries for 10 units as for 200."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantoa.summaries.selectors import activity_lines, aggregate

pytestmark = pytest.mark.django_db


def _count(action) -> int:
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


def test_aggregating_10_or_200_units_takes_the_same_few_queries(big_campaign):
    small, large = big_campaign(10), big_campaign(200)
    counts = {n: _count(lambda d=d: activity_lines(aggregate(d))) for n, d in ((10, small), (200, large))}
    assert counts[10] == counts[200] <= 8


def test_the_summary_page_takes_the_same_queries_for_10_or_200_units(client, big_campaign, officer):
    small, large = big_campaign(10), big_campaign(200)
    client.force_login(officer)
    client.get(reverse("summaries:detail", args=[small.pk]))  # warm the session and the caches
    counts = {
        n: _count(lambda d=d: client.get(reverse("summaries:detail", args=[d.pk])))
        for n, d in ((10, small), (200, large))
    }
    assert counts[10] == counts[200]


def test_generating_takes_the_same_queries_for_10_or_200_units(big_campaign, officer):
    from lantoa.summaries.services import generate_summary

    small, large = big_campaign(10), big_campaign(200)
    for directive in (small, large):  # the first generation also writes the drafted text: compare the next
        generate_summary(directive=directive, actor=officer, base_url="http://t/", with_pdf=False)
    counts = {
        n: _count(
            lambda d=d: generate_summary(directive=d, actor=officer, base_url="http://t/", with_pdf=False)
        )
        for n, d in ((10, small), (200, large))
    }
    assert counts[10] == counts[200]

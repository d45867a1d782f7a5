"""The ledger's pages and figures cost the same number of queries for 10 activities as for 200."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantoa.activities.models import Activity, Evidence, EvidenceKind
from lantoa.activities.selectors import activities_visible_to, ledger_figures

pytestmark = pytest.mark.django_db


def _fill(unit, user, n):
    activities = Activity.objects.bulk_create(
        [
            Activity(
                unit=unit,
                type=["article", "broadcast", "event", "social_post"][i % 4],
                occurred_on=datetime.date(2023, 10, 1) + datetime.timedelta(days=i % 10),
                title=f"Hoạt động {i}",
                count=1 + i % 3,
                minutes=5,
                participants=10,
                reach=100,
                created_by=user,
            )
            for i in range(n)
        ]
    )
    Evidence.objects.bulk_create(
        [
            Evidence(activity=a, kind=EvidenceKind.LINK, url=f"https://example.vn/{a.pk}", uploaded_by=user)
            for a in activities[::2]
        ]
    )
    return activities


def _queries(func) -> int:
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured.captured_queries)


def test_the_ledger_list_costs_the_same_for_10_and_200_activities(
    client, commune_committee, commune_reporter, example_directive
):
    client.force_login(commune_reporter)
    url = reverse("activities:list")
    client.get(url)  # warm the session and the demo flag cache
    _fill(commune_committee, commune_reporter, 10)
    small = _queries(lambda: client.get(url))
    _fill(commune_committee, commune_reporter, 190)
    large = _queries(lambda: client.get(url))
    filtered = _queries(lambda: client.get(url, {"type": "article", "month": "2023-10", "page": "2"}))
    assert small == large == filtered
    assert large <= 9
    page = client.get(url).content.decode()
    assert "200 hoạt động" in page
    assert page.count('class="ledger-date"') == 25


def test_the_figures_of_a_directive_cost_the_same_however_many_activities(
    example_directive, commune_committee, commune_reporter
):
    _fill(commune_committee, commune_reporter, 10)
    small = _queries(lambda: ledger_figures(example_directive))
    _fill(commune_committee, commune_reporter, 190)
    large = _queries(lambda: ledger_figures(example_directive))
    # the directive's indicators (read twice unless prefetched), then one aggregate over the ledger
    assert small == large <= 3
    articles = sum(1 + i % 3 for n in (10, 190) for i in range(n) if i % 4 == 0)
    assert ledger_figures(example_directive)[commune_committee.pk]["web-articles"] == articles


def test_the_offices_view_of_the_ledger_is_a_constant_number_of_queries(
    example_directive, commune_committee, commune_reporter, officer
):
    _fill(commune_committee, commune_reporter, 10)
    small = _queries(lambda: list(activities_visible_to(officer)))
    _fill(commune_committee, commune_reporter, 190)
    large = _queries(lambda: list(activities_visible_to(officer)))
    assert small == large <= 4
    assert activities_visible_to(officer).count() == 200


def test_the_detail_page_costs_the_same_with_1_or_20_pieces_of_evidence(
    client, commune_committee, commune_reporter, example_directive
):
    (activity,) = _fill(commune_committee, commune_reporter, 1)
    client.force_login(commune_reporter)
    url = reverse("activities:detail", args=[activity.pk])
    client.get(url)
    few = _queries(lambda: client.get(url))
    Evidence.objects.bulk_create(
        [
            Evidence(
                activity=activity,
                kind=EvidenceKind.LINK,
                url=f"https://example.vn/x{i}",
                uploaded_by=commune_reporter,
            )
            for i in range(20)
        ]
    )
    many = _queries(lambda: client.get(url))
    assert few == many

"""The flags cost the same number of queries however many there are: on the report page a reviewer reads,
and on the activity page."""

import datetime

import pytest
from django.urls import reverse

from lantoa.activities.models import Activity
from lantoa.evidence.models import Flag
from lantoa.reports.models import Report

pytestmark = pytest.mark.django_db


def _flag_many(unit, person, n: int) -> Activity:
    first = None
    for i in range(n):
        activity = Activity.objects.create(
            unit=unit,
            type="event",
            occurred_on=datetime.date(2023, 10, 1 + i % 10),
            title=f"Buổi tuyên truyền {i}",
            created_by=person,
        )
        Flag.objects.create(
            activity=activity,
            unit=unit,
            kind="photo_date",
            key=f"photo_date:{i}",
            reason=f"Ảnh chụp năm trước ({i}).",
        )
        first = first or activity
    return first


@pytest.mark.parametrize("flags", [1, 20])
def test_the_report_page_reads_its_flags_in_one_query_however_many(
    client, officer, example_directive, commune_committee, commune_reporter, flags, django_assert_num_queries
):
    _flag_many(commune_committee, commune_reporter, flags)
    report = Report.objects.get(directive=example_directive, unit=commune_committee)
    client.force_login(officer)
    url = reverse("reports:detail", args=[report.pk])
    client.get(url)  # warm the per-process caches
    # session, user; the report's scope (2); indicators, ledger figures, counted activities, typed-in
    # figures; author?; may manage?; history; the evidence behind each figure; the flags (one, with their
    # activities and who checked them); the reviewer's actions (2)
    with django_assert_num_queries(15):
        page = client.get(url).content.decode()
    assert page.count('<li class="evidence-flag') == flags


@pytest.mark.parametrize("flags", [1, 20])
def test_the_review_list_counts_flags_per_report_in_one_query(
    client, officer, example_directive, commune_committee, commune_reporter, flags
):
    _flag_many(commune_committee, commune_reporter, flags)
    client.force_login(officer)
    page = client.get(reverse("reports:review", args=[example_directive.pk])).content.decode()
    assert f"{flags} cảnh báo" in page

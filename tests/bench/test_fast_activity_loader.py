"""The national benchmark writes a million activities through its own loader (COPY on PostgreSQL, one
prepared INSERT on SQLite): each one must land whole, under the id the benchmark then cites in snapshots."""

import datetime

import pytest

from lantoa.activities.models import Activity
from tests.bench.test_national_small import load_bench

pytestmark = pytest.mark.django_db


def test_every_loaded_activity_is_stored_whole_under_the_id_it_was_given(commune_committee, commune_reporter):
    bench = load_bench()
    Activity.objects.create(
        unit=commune_committee,
        type="article",
        occurred_on=datetime.date(2023, 9, 30),
        title="Ghi trước khi nạp",
        created_by=commune_reporter,
    )
    unsaved = [
        Activity(
            unit=commune_committee,
            type="broadcast" if i % 2 else "banner",
            occurred_on=datetime.date(2023, 10, 1 + i),
            title=f"Bản tin chuyển đổi số “lần {i + 1}”, xã Hoằng Xuân",
            url=f"https://hoangxuan.example.gov.vn/tin/{i + 1}",
            minutes=10 * i if i % 2 else None,
            count=i + 1,
            created_by=commune_reporter,
        )
        for i in range(5)
    ]
    loaded = bench.load_activities(unsaved)
    assert Activity.objects.count() == 6
    for activity in loaded:
        stored = Activity.objects.get(pk=activity.pk)
        assert (stored.unit_id, stored.type, stored.occurred_on, stored.title, stored.url) == (
            commune_committee.pk,
            activity.type,
            activity.occurred_on,
            activity.title,
            activity.url,
        )
        assert (stored.minutes, stored.count, stored.created_by_id) == (
            activity.minutes,
            activity.count,
            commune_reporter.pk,
        )
        assert stored.updated_at is not None

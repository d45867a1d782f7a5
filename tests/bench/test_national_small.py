"""The national-campaign benchmark still runs: a small version of it, in CI."""

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "national.py"


def load_bench():
    # Imported from its file (bench/ is not a package); as a module, not "__main__", so it leaves the
    # test settings alone.
    spec = importlib.util.spec_from_file_location("bench_national", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_national_campaign_dashboards_answer_within_the_query_budget():
    bench = load_bench()
    world = bench.build(provinces=2, activities=3)
    assert len(world.provinces) == 2
    assert world.communes > 0
    assert world.activities == 3 * world.communes
    assert world.reports == world.communes + 2

    rows = bench.measure(world, repeat=2)

    pages = [row for row in rows if row.status is not None]
    assert len(pages) == 8
    for row in pages:
        assert row.status == 200, row.label
        assert row.queries < bench.GOAL_QUERIES, (row.label, row.queries)
    remind = rows[-1]
    assert remind.label.startswith("lantoa remind")
    assert remind.seconds is not None
    # The communes' drafts and returned reports are two days overdue, the provinces' three days from due.
    assert remind.extra["reminders"] > 0
    assert remind.extra["messages"] > 0


@pytest.mark.django_db
def test_the_benchmark_explains_its_three_heaviest_queries():
    bench = load_bench()
    world = bench.build(provinces=1, activities=2)
    explained = bench.heaviest_queries(world)
    assert len(explained) == 3
    for _ms, _url, sql, plan in explained:
        assert sql
        assert plan
        assert not plan.startswith("(not explained")


@pytest.mark.slow  # imports the whole country's legacy map
@pytest.mark.django_db
def test_the_legacy_cascade_rolls_up_from_communes_to_the_ministry():
    bench = load_bench()
    world = bench.build_legacy(provinces=1, activities=2)
    assert world.provinces == 1
    assert world.districts > 1
    assert world.activities == 2 * world.communes
    # Every district sent its summary up to the province, and the province its own to the ministry.
    from lantoa.reports.models import Report, ReportState

    upward = Report.objects.filter(directive=world.province_directive)
    assert upward.count() == world.districts
    assert not upward.filter(state=ReportState.DRAFT).exists()
    assert Report.objects.get(directive=world.ministry_directive).state == ReportState.SUBMITTED

    rows = bench.measure_legacy(world, repeat=2)
    pages = [row for row in rows if row.status is not None]
    assert len(pages) == 11
    for row in pages:
        assert row.status == 200, row.label
        assert row.queries < bench.GOAL_QUERIES, (row.label, row.queries)
    assert rows[-1].extra["reminders"] > 0

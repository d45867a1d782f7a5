"""The aggregation adds up what units submitted: accepted reports in the totals, waiting ones apart,
missing units named and never counted as 0."""

import pytest

from lantoa.activities.selectors import ledger_figures
from lantoa.reports.models import ReportState
from lantoa.summaries.selectors import aggregate

pytestmark = pytest.mark.django_db


def _sum(directive, reports, code):
    ledger = ledger_figures(directive, unit_ids=[r.unit_id for r in reports])
    return sum(ledger.get(r.unit_id, {}).get(code, 0) for r in reports)


def test_accepted_totals_add_up_only_accepted_reports(scene):
    aggregation = aggregate(scene.directive)
    for code in ("radio-news", "radio-minutes", "radio-plays", "banners"):
        if code in aggregation.accepted:
            assert aggregation.accepted[code] == _sum(scene.directive, scene.accepted, code), code
    assert aggregation.accepted["radio-news"] > 0


def test_submitted_but_not_accepted_figures_are_shown_apart(scene):
    aggregation = aggregate(scene.directive)
    assert aggregation.pending["radio-news"] == _sum(scene.directive, scene.pending, "radio-news")
    assert aggregation.pending["radio-news"] > 0
    pending_rows = [r for r in aggregation.rows if r.is_pending]
    assert {r.report_id for r in pending_rows} == {r.pk for r in scene.pending}


def test_returned_and_draft_reports_reach_no_total(scene):
    aggregation = aggregate(scene.directive)
    everything = _sum(
        scene.directive, scene.accepted + scene.pending + scene.returned + scene.missing, "radio-minutes"
    )
    counted = aggregation.accepted["radio-minutes"] + aggregation.pending["radio-minutes"]
    returned_and_drafts = _sum(scene.directive, scene.returned + scene.missing, "radio-minutes")
    assert returned_and_drafts > 0  # they did log activities
    assert counted == everything - returned_and_drafts


def test_missing_units_are_listed_and_their_figures_are_blank_not_zero(scene):
    aggregation = aggregate(scene.directive)
    assert [r.report_id for r in aggregation.missing] == [r.pk for r in scene.missing]
    for row in aggregation.missing:
        assert row.figures is None
        assert aggregation.values(row) == [None] * len(aggregation.indicators)
    returned = next(r for r in aggregation.rows if r.state == ReportState.RETURNED)
    assert aggregation.values(returned) == [None] * len(aggregation.indicators)


def test_completeness_counts_expected_submitted_on_time_late_missing_and_returned(scene):
    c = aggregate(scene.directive).completeness
    assert c.expected == 38
    assert c.submitted == 17
    assert c.late == 1
    assert c.on_time == 16
    assert c.missing == 21
    assert c.returned == 1
    assert c.accepted == 12
    assert c.pending == 4


def test_highlights_name_stories_of_reporting_units_and_the_most_done_activities(scene):
    from lantoa.activities.models import Activity

    unit = scene.accepted[0].unit
    Activity.objects.create(
        unit=unit,
        type="story",
        occurred_on="2023-10-05",
        title="Anh Hải bán nông sản trên sàn",
        created_by=scene.reporter,
    )
    Activity.objects.create(
        unit=scene.missing[0].unit,
        type="story",
        occurred_on="2023-10-05",
        title="Câu chuyện của đơn vị chưa báo cáo",
        created_by=scene.reporter,
    )
    aggregation = aggregate(scene.directive)
    assert [s.title for s in aggregation.stories] == ["Anh Hải bán nông sản trên sàn"]
    assert aggregation.top_types[0].type == "broadcast"
    # Accepted units only, as every figure of the narrative: not the waiting, the returned one or drafts.
    assert aggregation.top_types[0].units == 12


def test_a_directive_larger_than_one_read_is_aggregated_whole_and_in_order(scene, monkeypatch):
    from lantoa.summaries import selectors

    whole = aggregate(scene.directive)
    monkeypatch.setattr(selectors, "LINES_PER_QUERY", 5)  # 38 reports: eight reads, the last one short
    sliced = aggregate(scene.directive)
    assert [r.report_id for r in sliced.rows] == [r.report_id for r in whole.rows]
    assert len(sliced.rows) == 38
    assert sliced.accepted == whole.accepted
    assert sliced.pending == whole.pending
    assert [r.unit_name for r in sliced.rows] == [r.unit_name for r in whole.rows]

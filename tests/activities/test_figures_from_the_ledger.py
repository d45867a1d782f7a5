"""A report's figures are computed from the ledger: which activities count toward which directive, and how."""

import datetime

import pytest

from lantoa.activities.selectors import activities_behind, counted_activities, ledger_figures
from lantoa.activities.services import set_counted
from lantoa.directives.models import Assignment, Directive, DirectiveState
from lantoa.indicators.models import Aggregation, Indicator

pytestmark = pytest.mark.django_db

D = datetime.date


def _second_directive(example_directive, commune_committee, officer, *, start, end) -> Directive:
    """Another issued campaign that assigns the same commune and counts web articles."""
    directive = Directive.objects.create(
        issuer=example_directive.issuer,
        office=example_directive.office,
        subject="Tuyên truyền Tháng tiêu dùng số",
        period_start=start,
        period_end=end,
        report_due=end,
        state=DirectiveState.ISSUED,
        created_by=officer,
    )
    directive.indicators.set(Indicator.objects.filter(code__in=["web-articles", "radio-news"]))
    task = directive.tasks.create(text="Đăng tin trên trang thông tin điện tử xã.", assignee_text="UBND xã")
    Assignment.objects.create(directive=directive, task=task, unit=commune_committee)
    return directive


def test_first_and_last_day_of_the_window_count_the_days_around_do_not(
    example_directive, commune_committee, log
):
    for day in [D(2023, 9, 30), D(2023, 10, 1), D(2023, 10, 10), D(2023, 10, 11)]:
        log(type="article", day=day, count=1)
    figures = ledger_figures(example_directive, unit_ids=[commune_committee.pk])
    assert figures[commune_committee.pk]["web-articles"] == 2
    days = set(counted_activities(example_directive).values_list("occurred_on", flat=True))
    assert days == {D(2023, 10, 1), D(2023, 10, 10)}


def test_quantities_add_up_per_indicator(example_directive, commune_committee, log):
    log(type="broadcast", count=2, minutes=15, plays=3)
    log(type="broadcast", count=1, minutes=None, plays=2)
    log(type="cnscd_session", count=1, people_guided=40)
    log(type="social_post", count=3, reach=1200)
    figures = ledger_figures(example_directive)[commune_committee.pk]
    assert figures["radio-news"] == 3
    assert figures["radio-minutes"] == 15
    assert figures["radio-plays"] == 5
    assert figures["cnscd-sessions"] == 1
    assert figures["cnscd-people-guided"] == 40
    assert figures["social-posts"] == 3
    assert figures["social-reach"] == 1200
    assert figures["web-articles"] == 0


def test_manual_only_indicators_are_absent_from_the_ledger_figures(example_directive, commune_committee, log):
    log(type="other", count=5)
    log(type="article", count=1)
    figures = ledger_figures(example_directive)[commune_committee.pk]
    assert "guidance-documents" in set(example_directive.indicators.values_list("code", flat=True))
    assert "guidance-documents" not in figures
    # "other" feeds no indicator of the directive, so it is not counted at all
    assert counted_activities(example_directive).count() == 1


def test_count_and_yes_no_aggregations(example_directive, commune_committee, other_commune, log):
    held = Indicator.objects.create(
        code="held-launch",
        name="Có tổ chức lễ phát động",
        unit_of_measure="có/không",
        aggregation=Aggregation.YES_NO,
        activity_types=["event"],
    )
    events = Indicator.objects.create(
        code="event-count",
        name="Số sự kiện",
        unit_of_measure="sự kiện",
        aggregation=Aggregation.COUNT,
        activity_types=["event"],
    )
    example_directive.indicators.add(held, events)
    log(type="event", count=3, participants=100)
    log(type="event", count=2, participants=50)
    log(unit=other_commune, type="article")
    figures = ledger_figures(example_directive)
    assert figures[commune_committee.pk]["held-launch"] == 1
    assert figures[commune_committee.pk]["event-count"] == 2  # activities, not their `count`
    assert figures[commune_committee.pk]["events"] == 5
    assert figures[other_commune.pk]["held-launch"] == 0
    assert figures[other_commune.pk]["event-count"] == 0


def test_an_activity_in_two_directives_counts_in_both_and_an_untick_removes_it_from_one_only(
    example_directive, commune_committee, commune_reporter, officer, log
):
    second = _second_directive(
        example_directive, commune_committee, officer, start=D(2023, 10, 5), end=D(2023, 10, 31)
    )
    article = log(type="article", day=D(2023, 10, 8), count=1)
    assert ledger_figures(example_directive)[commune_committee.pk]["web-articles"] == 1
    assert ledger_figures(second)[commune_committee.pk]["web-articles"] == 1

    set_counted(activity=article, directive=second, counted=False, actor=commune_reporter)
    assert ledger_figures(example_directive)[commune_committee.pk]["web-articles"] == 1
    assert commune_committee.pk not in ledger_figures(second)

    set_counted(activity=article, directive=second, counted=True, actor=commune_reporter)
    assert ledger_figures(second)[commune_committee.pk]["web-articles"] == 1


def test_a_unit_with_several_tasks_in_one_directive_counts_each_activity_once(
    example_directive, commune_committee, log
):
    tasks = example_directive.tasks.exclude(assignments__unit=commune_committee)
    Assignment.objects.create(directive=example_directive, task=tasks.first(), unit=commune_committee)
    assert Assignment.objects.filter(directive=example_directive, unit=commune_committee).count() >= 2
    log(type="article", count=4)
    assert counted_activities(example_directive).count() == 1
    assert ledger_figures(example_directive)[commune_committee.pk]["web-articles"] == 4


def test_activities_of_units_the_directive_does_not_assign_do_not_count(
    example_directive, other_district_committee, log
):
    log(unit=other_district_committee, type="article")
    assert ledger_figures(example_directive) == {}


def test_the_drill_down_lists_the_activities_behind_a_figure(example_directive, commune_committee, log):
    first = log(type="broadcast", count=1, minutes=10)
    second = log(type="broadcast", count=2, minutes=5, day=D(2023, 10, 2))
    log(type="article")
    minutes = Indicator.objects.get(code="radio-minutes")
    behind = activities_behind(example_directive, unit_id=commune_committee.pk, indicator=minutes)
    assert set(behind) == {first, second}

"""The dashboard reads figures kept with the ledger (issue 12): every way the ledger or a directive's counting
changes keeps them equal to what the activities add up to, in the same transaction as the change."""

import datetime
import io
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from lantoa.activities import figures
from lantoa.activities.models import Activity, LedgerDayFigure, LedgerTypeFigure
from lantoa.activities.selectors import counted_activities, ledger_figures
from lantoa.activities.services import (
    ActivityError,
    add_evidence,
    capture_activity,
    create_activity,
    delete_activity,
    set_counted,
    set_counting,
    update_activity,
)
from lantoa.dashboard.selectors import DashboardAccess, activities_per_day, directive_dashboard
from lantoa.directives.lifecycle import close_directive
from lantoa.indicators.models import Indicator
from lantoa.units.models import Membership, Role, Unit

pytestmark = pytest.mark.django_db

OCT = 10
WHOLE = DashboardAccess(unit_ids=None, opens_review=True)


def day(n: int) -> datetime.date:
    return datetime.date(2023, OCT, n)


def assert_kept_equal_live(directive) -> None:
    """The kept rows are those added up from the activities, and so are the figures drawn from them."""
    directive.refresh_from_db()
    assert figures.differences(directive) == []
    assert figures.ledger_figures(directive) == ledger_figures(directive)


def live_per_day(directive, unit_ids=None) -> dict:
    counted = counted_activities(directive, unit_ids=unit_ids)
    return {d: counted.filter(occurred_on=d).count() for d in counted.values_list("occurred_on", flat=True)}


@pytest.fixture
def other_commune(district_committee, commune_committee) -> Unit:
    return (
        Unit.objects.filter(parent=district_committee, kind="peoples_committee")
        .exclude(pk=commune_committee.pk)
        .order_by("code_legacy")
        .first()
    )


@pytest.fixture
def other_reporter(other_commune):
    person = get_user_model().objects.create_user(username="canbo-xakhac", password="x-unused-x")
    Membership.objects.create(user=person, unit=other_commune, role=Role.REPORTER)
    return person


@pytest.fixture
def log(commune_reporter, commune_committee):
    """Log through the ledger's service, as the commune's reporter does."""

    def make(*, type="broadcast", on=None, unit=None, actor=None, **quantities) -> Activity:
        on = on or day(2)
        quantities = {"count": 1, "minutes": 10, "plays": 2, **quantities}
        return create_activity(
            unit=unit or commune_committee,
            actor=actor or commune_reporter,
            activity_type=type,
            occurred_on=on,
            title=f"{type} {on:%d/%m}",
            quantities=quantities,
        )

    return make


def test_a_logged_activity_is_on_the_dashboard_chart_without_reading_the_activities(
    example_directive, log, django_assert_num_queries
):
    log(on=day(2))
    log(type="article", on=day(2), count=1)
    log(type="banner", on=day(3), count=4)  # the directive counts web banners, not banners: not counted
    assert activities_per_day(example_directive) == {day(2): 2}
    assert_kept_equal_live(example_directive)
    with django_assert_num_queries(1) as captured:
        activities_per_day(example_directive)
    assert "activities_activity" not in captured.captured_queries[0]["sql"]


def test_correcting_an_activity_moves_its_figures_to_its_new_day_type_and_quantities(
    example_directive, log, commune_reporter
):
    radio = log(on=day(2), minutes=10, plays=2)
    update_activity(
        activity=radio,
        actor=commune_reporter,
        activity_type="broadcast",
        occurred_on=day(5),
        title="Bản tin sửa lại",
        quantities={"count": 1, "minutes": 25, "plays": 4},
    )
    assert activities_per_day(example_directive) == {day(5): 1}
    mine = figures.ledger_figures(example_directive)[radio.unit_id]
    assert (mine["radio-minutes"], mine["radio-plays"]) == (25, 4)
    update_activity(
        activity=radio,
        actor=commune_reporter,
        activity_type="article",
        occurred_on=day(5),
        title="Thành tin bài",
        quantities={"count": 1},
    )
    assert figures.ledger_figures(example_directive)[radio.unit_id]["radio-news"] == 0
    assert figures.ledger_figures(example_directive)[radio.unit_id]["web-articles"] == 1
    assert_kept_equal_live(example_directive)


def test_an_activity_moved_out_of_the_campaign_window_leaves_its_figures(
    example_directive, log, commune_reporter
):
    radio = log(on=day(2))
    update_activity(
        activity=radio,
        actor=commune_reporter,
        activity_type="broadcast",
        occurred_on=datetime.date(2023, 11, 2),
        title="Sau đợt",
        quantities={"count": 1, "minutes": 10, "plays": 2},
    )
    assert activities_per_day(example_directive) == {}
    assert not LedgerTypeFigure.objects.filter(directive=example_directive).exists()
    assert_kept_equal_live(example_directive)


def test_a_deleted_activity_leaves_the_kept_figures(example_directive, log, commune_reporter):
    kept, gone = log(on=day(2)), log(on=day(3))
    delete_activity(activity=gone, actor=commune_reporter)
    assert activities_per_day(example_directive) == {kept.occurred_on: 1}
    assert_kept_equal_live(example_directive)


def test_unticking_an_activity_takes_it_out_of_the_directive_and_ticking_it_brings_it_back(
    example_directive, log, commune_reporter
):
    radio = log(on=day(2))
    set_counted(activity=radio, directive=example_directive, counted=False, actor=commune_reporter)
    assert activities_per_day(example_directive) == {}
    assert_kept_equal_live(example_directive)
    set_counting(activity=radio, counting={example_directive: True}, actor=commune_reporter)
    assert activities_per_day(example_directive) == {day(2): 1}
    assert_kept_equal_live(example_directive)


def test_an_activity_logged_unticked_is_not_counted(example_directive, commune_committee, commune_reporter):
    create_activity(
        unit=commune_committee,
        actor=commune_reporter,
        activity_type="article",
        occurred_on=day(4),
        title="Tin không tính",
        quantities={"count": 1},
        counting={example_directive: False},
    )
    assert activities_per_day(example_directive) == {}
    assert_kept_equal_live(example_directive)


def test_an_activity_sent_twice_from_a_phone_counts_once(
    example_directive, commune_committee, commune_reporter
):
    key = uuid.uuid4()
    arguments = {
        "activity_type": "article",
        "occurred_on": day(6),
        "title": "Tin gửi từ điện thoại",
        "quantities": {"count": 1},
    }
    for _attempt in range(2):
        capture_activity(unit=commune_committee, actor=commune_reporter, client_key=key, **arguments)
    assert activities_per_day(example_directive) == {day(6): 1}
    assert_kept_equal_live(example_directive)


def test_evidence_added_to_an_activity_changes_no_figure(example_directive, log, commune_reporter):
    radio = log(on=day(2))
    before = figures.kept_type_rows(example_directive)
    add_evidence(activity=radio, actor=commune_reporter, links=["https://hoangxuan.gov.vn/ban-tin"])
    assert figures.kept_type_rows(example_directive) == before
    assert_kept_equal_live(example_directive)


def test_a_change_that_fails_leaves_the_kept_figures_as_they_were(example_directive, log, commune_reporter):
    log(on=day(2))

    def logged_then_refused():
        with transaction.atomic():
            log(on=day(3))
            raise ActivityError("the request failed after the activity was written")

    with pytest.raises(ActivityError):
        logged_then_refused()
    assert activities_per_day(example_directive) == {day(2): 1}
    assert_kept_equal_live(example_directive)


def test_a_directive_signed_after_activities_were_logged_counts_them_from_the_start(
    draft_example_directive, officer, leader, log
):
    from tests.signing import sign_and_issue

    log(on=day(2))
    assert not LedgerDayFigure.objects.filter(directive=draft_example_directive).exists()
    issued = sign_and_issue(draft_example_directive, preparer=officer, signer=leader)
    assert activities_per_day(issued) == {day(2): 1}
    assert_kept_equal_live(issued)


def test_closing_a_directive_keeps_its_figures(example_directive, log, officer):
    log(on=day(2))
    close_directive(directive=example_directive, actor=officer, reason="Hết đợt.")
    assert activities_per_day(example_directive) == {day(2): 1}
    assert_kept_equal_live(example_directive)


def test_an_indicator_given_other_activity_types_in_the_admin_recounts_its_directives(example_directive, log):
    log(type="banner", on=day(3), count=4)
    assert activities_per_day(example_directive) == {}
    banners = Indicator.objects.get(code="web-banners")
    banners.activity_types = ["web_banner", "banner"]
    banners.save()
    assert activities_per_day(example_directive) == {day(3): 1}
    assert_kept_equal_live(example_directive)


def test_an_indicator_taken_off_a_signed_directive_in_the_admin_recounts_it(example_directive, log):
    log(type="article", on=day(3), count=1)
    log(on=day(4))
    example_directive.indicators.remove(Indicator.objects.get(code="web-articles"))
    assert activities_per_day(example_directive) == {day(4): 1}
    assert_kept_equal_live(example_directive)
    example_directive.indicators.add(Indicator.objects.get(code="web-articles"))
    assert activities_per_day(example_directive) == {day(3): 1, day(4): 1}
    assert_kept_equal_live(example_directive)


def test_a_campaign_window_corrected_in_the_admin_recounts_it(example_directive, log):
    log(on=day(2))
    log(on=day(9))
    example_directive.period_end = day(5)
    example_directive.save()
    assert activities_per_day(example_directive) == {day(2): 1}
    assert_kept_equal_live(example_directive)


def test_a_commune_sees_the_days_of_its_own_activities_only(
    example_directive, log, commune_committee, other_commune, other_reporter
):
    log(on=day(2))
    log(on=day(3), unit=other_commune, actor=other_reporter)
    mine = activities_per_day(example_directive, unit_ids=[commune_committee.pk])
    assert mine == live_per_day(example_directive, unit_ids=[commune_committee.pk]) == {day(2): 1}
    assert activities_per_day(example_directive) == {day(2): 1, day(3): 1}


def test_a_campaign_changed_every_way_keeps_figures_equal_to_those_added_up_live(
    example_directive, log, commune_reporter, other_commune, other_reporter
):
    made = []
    for n, activity_type in enumerate(["broadcast", "article", "social_post", "event", "banner"] * 3):
        made.append(log(type=activity_type, on=day(1 + n % 10), reach=100 + n, participants=20 + n))
        made.append(log(type=activity_type, on=day(10 - n % 10), unit=other_commune, actor=other_reporter))
    update_activity(
        activity=made[0],
        actor=commune_reporter,
        activity_type="cnscd_session",
        occurred_on=day(7),
        title="Hướng dẫn VNeID",
        quantities={"count": 2, "people_guided": 40},
    )
    delete_activity(activity=made[1], actor=other_reporter)
    set_counted(activity=made[2], directive=example_directive, counted=False, actor=commune_reporter)
    set_counted(activity=made[3], directive=example_directive, counted=False, actor=other_reporter)
    set_counted(activity=made[3], directive=example_directive, counted=True, actor=other_reporter)
    capture_activity(
        unit=other_commune,
        actor=other_reporter,
        client_key=uuid.uuid4(),
        activity_type="article",
        occurred_on=day(8),
        title="Tin gửi sau",
        quantities={"count": 1},
    )
    assert_kept_equal_live(example_directive)
    dashboard = directive_dashboard(example_directive, WHOLE)
    charted = {row[0]: row[1] for row in dashboard.daily_chart.table.rows if row[1]}
    assert charted == {d.strftime("%d/%m/%Y"): n for d, n in live_per_day(example_directive).items()}


def test_rebuild_figures_check_names_what_a_bulk_load_left_out_and_rebuild_fixes_it(
    example_directive, log, commune_committee, commune_reporter
):
    log(on=day(2))
    Activity.objects.bulk_create(
        [
            Activity(
                unit=commune_committee,
                type="article",
                occurred_on=day(3),
                title="Nạp thẳng vào cơ sở dữ liệu",
                created_by=commune_reporter,
            )
        ]
    )
    out = io.StringIO()
    with pytest.raises(SystemExit) as failed:
        call_command("rebuild_figures", "--check", stdout=out)
    assert failed.value.code == 1
    assert (
        f"directive {example_directive.pk} per day ({commune_committee.pk}, datetime.date(2023, 10, 3))"
        in (out.getvalue())
    )
    call_command("rebuild_figures", "--directive", str(example_directive.pk), stdout=io.StringIO())
    out = io.StringIO()
    call_command("rebuild_figures", "--check", stdout=out)
    assert activities_per_day(example_directive) == {day(2): 1, day(3): 1}
    assert "agree" in out.getvalue()


def test_the_kinds_of_activity_done_most_in_the_summary_are_the_live_counts_of_the_accepted_reports(campaign):
    from django.db.models import Count

    from lantoa.reports.models import Report, ReportState
    from lantoa.summaries.selectors import _top_types

    accepted = Report.objects.filter(directive=campaign.directive, state=ReportState.ACCEPTED).values(
        "unit_id"
    )
    live = list(
        counted_activities(campaign.directive)
        .filter(unit__in=accepted)
        .order_by()
        .values("type")
        .annotate(n=Count("pk"), units=Count("unit", distinct=True))
        .order_by("-n", "type")
        .values_list("type", "n", "units")[:5]
    )
    with CaptureQueriesContext(connection) as read:
        summary = [(t.type, t.activities, t.units) for t in _top_types(campaign.directive)]
    assert summary == live
    assert not [q for q in read.captured_queries if Activity._meta.db_table in q["sql"]]
    assert summary[0][0] == "broadcast"
    assert summary[0][2] > 1


def test_the_migration_fills_the_kept_figures_of_existing_activities(
    example_directive, commune_committee, log
):
    import importlib

    from django.apps import apps

    log(on=day(2))
    LedgerDayFigure.objects.all().delete()
    LedgerTypeFigure.objects.all().delete()
    importlib.import_module("lantoa.activities.migrations.0006_fill_kept_figures").fill(apps, None)
    assert activities_per_day(example_directive) == {day(2): 1}
    assert_kept_equal_live(example_directive)


def test_a_drafts_provisional_figures_on_the_review_list_are_its_ledgers_without_reading_the_activities(
    example_directive, officer, commune_committee, log
):
    from lantoa.reports.selectors import review_rows

    log(on=day(2), minutes=15)
    log(on=day(3), minutes=20)
    log(type="article", on=day(3), count=1)
    with CaptureQueriesContext(connection) as read:
        rows = {row.report.unit_id: row for row in review_rows(officer, example_directive)}
    # Only the evidence flags' badge goes through the activities (to their units); no figure does.
    assert [
        q
        for q in read.captured_queries
        if Activity._meta.db_table in q["sql"] and "evidence_flag" not in q["sql"]
    ] == []
    draft = rows[commune_committee.pk]
    assert not draft.submitted_figures
    live = ledger_figures(example_directive)[commune_committee.pk]
    assert {code: value for code, value in draft.figures.items() if code in live} == {
        code: value for code, value in live.items() if code in draft.figures
    }
    assert draft.figures["radio-minutes"] == 35
    assert draft.figures["web-articles"] == 1

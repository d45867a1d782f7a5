"""The demo holds the example campaign: read by the real parser, issued, reported in every state."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from lantoa.activities.models import Activity
from lantoa.activities.selectors import ledger_figures
from lantoa.demo.campaign_2023 import EXAMPLE_NUMBER, load_campaign
from lantoa.directives.models import DirectiveState
from lantoa.reports.models import Report, ReportState, ReportTransition

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(district_committee, culture_office):
    users = get_user_model().objects
    return load_campaign(
        district=district_committee,
        office=culture_office,
        officer=users.get(username="chuyenvien"),
        leader=users.get(username="lanhdao"),
    )


def test_demo_campaign_is_the_example_issued_to_the_district_units(campaign):
    assert campaign.number == EXAMPLE_NUMBER
    assert campaign.state == DirectiveState.ISSUED
    assert campaign.issued_on == datetime.date(2023, 9, 25)
    assert campaign.tasks.count() == 8
    assert campaign.assignments.values("unit").distinct().count() == 38
    assert Report.objects.filter(directive=campaign).count() == 38


def test_demo_campaign_has_reports_in_every_state(campaign):
    reports = Report.objects.filter(directive=campaign)
    states = {state: reports.filter(state=state).count() for state in ReportState.values}
    assert states[ReportState.ACCEPTED] >= 20
    assert states[ReportState.RETURNED] == 1
    assert states[ReportState.SUBMITTED] >= 5
    assert states[ReportState.DRAFT] >= 5  # units that have not reported yet
    assert reports.filter(is_late=True).count() == 2
    resubmitted = reports.get(version=2)
    assert list(
        ReportTransition.objects.filter(report=resubmitted).values_list("from_state", "to_state")
    ) == [
        (ReportState.DRAFT, ReportState.SUBMITTED),
        (ReportState.SUBMITTED, ReportState.RETURNED),
        (ReportState.RETURNED, ReportState.SUBMITTED),
    ]
    returned = ReportTransition.objects.filter(to_state=ReportState.RETURNED).first()
    assert "Tổ Công nghệ số cộng đồng" in returned.reason


def test_demo_commune_officer_has_a_draft_report_with_activities_to_submit(campaign, commune_committee):
    report = Report.objects.get(directive=campaign, unit=commune_committee)
    assert report.state == ReportState.DRAFT
    assert Activity.objects.filter(unit=commune_committee).exists()
    figures = ledger_figures(campaign, unit_ids=[commune_committee.pk])[commune_committee.pk]
    assert figures["radio-news"] >= 2


def test_loading_the_campaign_twice_changes_nothing(campaign, district_committee, culture_office):
    users = get_user_model().objects
    activities = Activity.objects.count()
    again = load_campaign(
        district=district_committee,
        office=culture_office,
        officer=users.get(username="chuyenvien"),
        leader=users.get(username="lanhdao"),
    )
    assert again is None
    assert Activity.objects.count() == activities


def test_every_demo_directive_was_signed_by_a_leader_of_its_issuer_and_keeps_to_its_area(campaign):
    from lantoa.directives.checks import directives_within_the_rules
    from lantoa.directives.models import Directive
    from lantoa.units.models import Membership

    signed = Directive.objects.filter(state=DirectiveState.ISSUED)
    assert signed.count() == 2  # the Sở's công văn and the district's
    for directive in signed:
        assert Membership.objects.filter(
            user=directive.signed_by, unit=directive.issuer, role="leader", is_active=True
        ).exists()
        assert directive.submitted_by != directive.signed_by
    assert campaign.signed_by.username == "lanhdao"
    waiting = Directive.objects.get(state=DirectiveState.PENDING)
    assert waiting.issuer == campaign.issuer
    assert directives_within_the_rules(databases=["default"]) == []

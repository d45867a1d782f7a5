"""The demo holds the example campaign of 2023: read by the real parser, issued, every report in (some late, two
returned and fixed) and accepted, the summary sent up, and closed: years later no one reads as overdue."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from lantoa.activities.models import Activity
from lantoa.activities.selectors import ledger_figures
from lantoa.demo.campaign_2023 import EXAMPLE_NUMBER, UPSTREAM_NUMBER, load_campaign
from lantoa.directives.models import Directive, DirectiveState
from lantoa.reports.models import Report, ReportState, ReportTransition

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _loaded(django_db_setup, django_db_blocker):
    """Loaded once for the module (it takes a while), inside a transaction rolled back at the end so the
    other tests' world stays as it was; each test's own transaction nests inside it."""
    from lantoa.units.models import Unit, UnitKind

    users = get_user_model().objects
    with django_db_blocker.unblock(), transaction.atomic():
        district = Unit.objects.get(code_legacy="399")
        yield load_campaign(
            district=district,
            office=Unit.objects.get(parent=district, kind=UnitKind.OFFICE, name__startswith="Phòng Văn hóa"),
            officer=users.get(username="chuyenvien"),
            leader=users.get(username="lanhdao"),
        )
        transaction.set_rollback(True)


@pytest.fixture
def campaign(_loaded, db):
    return _loaded


def test_demo_campaign_is_the_example_issued_to_the_district_units(campaign):
    assert campaign.number == EXAMPLE_NUMBER
    assert campaign.issued_on == datetime.date(2023, 9, 25)
    assert campaign.tasks.count() == 8
    assert campaign.assignments.values("unit").distinct().count() == 38
    assert Report.objects.filter(directive=campaign).count() == 38


def test_the_2023_campaign_is_closed_and_complete(campaign):
    campaign.refresh_from_db()
    assert campaign.state == DirectiveState.CLOSED
    reports = Report.objects.filter(directive=campaign)
    assert set(reports.values_list("state", flat=True)) == {ReportState.ACCEPTED}
    assert reports.filter(is_late=True).count() == 8
    upstream = Directive.objects.get(number=UPSTREAM_NUMBER)
    assert upstream.state == DirectiveState.CLOSED
    assert Report.objects.get(directive=upstream, unit=campaign.issuer).state == ReportState.ACCEPTED


def test_the_2023_campaign_keeps_the_way_its_reports_went(campaign):
    resubmitted = Report.objects.filter(directive=campaign, version=2)
    assert resubmitted.count() == 2
    assert list(
        ReportTransition.objects.filter(report=resubmitted.first()).values_list("from_state", "to_state")
    ) == [
        (ReportState.DRAFT, ReportState.SUBMITTED),
        (ReportState.SUBMITTED, ReportState.RETURNED),
        (ReportState.RETURNED, ReportState.SUBMITTED),
        (ReportState.SUBMITTED, ReportState.ACCEPTED),
    ]
    returned = ReportTransition.objects.filter(to_state=ReportState.RETURNED).first()
    assert "Tổ Công nghệ số cộng đồng" in returned.reason


def test_no_one_reads_as_overdue_in_the_closed_campaign(campaign, officer):
    from lantoa.core.todo import todo_for

    todo = todo_for(officer)
    assert todo.overdue_total == 0
    assert todo.reviews == []


def test_the_demo_commune_reported_from_its_activities(campaign, commune_committee):
    report = Report.objects.get(directive=campaign, unit=commune_committee)
    assert report.state == ReportState.ACCEPTED
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
    from lantoa.units.models import Membership

    signed = Directive.objects.filter(state__in=[DirectiveState.ISSUED, DirectiveState.CLOSED])
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


def test_a_2023_login_reads_that_its_office_closed_and_why_not_that_it_is_broken(client, officer):
    client.force_login(officer)
    page = client.get("/").content.decode()
    assert "Đơn vị đã thôi hoạt động từ 01/07/2025" in page
    assert "vẫn xem được" in page

"""This year's demo campaign: whoever loads the demo lands in a campaign in progress under today's two-level
structure, dated from the day of loading, with reports in several states and nothing overdue before the
campaign began."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lantoa.core.todo import todo_for
from lantoa.demo.campaign_today import NUMBER, PEOPLE, PLAN_NUMBER, ensure_people, load_today_campaign
from lantoa.demo.services import DEMO_PASSWORD
from lantoa.directives.models import DirectiveState
from lantoa.reports.models import Report, ReportState
from lantoa.units.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _loaded(django_db_setup, django_db_blocker):
    """Loaded once for the module (it takes a while), inside a transaction rolled back at the end so the
    other tests' world stays as it was; each test's own transaction nests inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_people(password=DEMO_PASSWORD)
        yield load_today_campaign()
        transaction.set_rollback(True)


@pytest.fixture
def campaign(_loaded, db):
    return _loaded


def _user(username):
    return get_user_model().objects.get(username=username)


def test_this_years_campaign_is_issued_by_the_province_to_every_xa_and_phuong_with_reports_in_several_states(
    campaign,
):
    today = timezone.localdate()
    assert campaign.number == NUMBER
    assert campaign.state == DirectiveState.ISSUED
    assert campaign.issuer.code_legacy == "38"
    assert str(today.year) in campaign.subject
    assert campaign.issued_on < today < campaign.report_due <= today + datetime.timedelta(days=7)
    assert campaign.assignments.values("unit").distinct().count() == 167  # 166 xã, phường and the Sở VHTTDL
    assert not campaign.assignments.filter(unit__closed_on__isnull=False).exists()

    reports = Report.objects.filter(directive=campaign)
    states = {state: reports.filter(state=state).count() for state in ReportState.values}
    assert states[ReportState.ACCEPTED] >= 20
    assert states[ReportState.SUBMITTED] >= 10
    assert states[ReportState.RETURNED] >= 2
    assert states[ReportState.DRAFT] >= 50  # most units have not reported yet: it is due in a few days
    assert reports.filter(state=ReportState.SUBMITTED, version=2).exists()  # resubmitted after a return
    assert not reports.filter(is_late=True).exists()
    assert load_today_campaign() is None  # loading again changes nothing
    assert Report.objects.filter(directive__number=NUMBER).count() == reports.count()


def test_the_officer_lands_in_a_campaign_in_progress_with_no_overdue_older_than_the_campaign(
    client, campaign
):
    age = (timezone.localdate() - campaign.issued_on).days
    todo = todo_for(_user("chuyenvienso"))
    assert all(o.days_overdue <= age for o in todo.overdue)
    assert len(todo.reviews) == 1
    assert todo.reviews[0].waiting >= 10

    response = client.post(reverse("login"), {"username": "chuyenvienso", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert "báo cáo chờ kiểm tra" in page
    assert NUMBER in page
    assert all(int(n) <= age for n in re.findall(r"quá hạn (\d+) ngày", page))
    assert "thôi hoạt động" not in page


def test_the_province_leader_finds_a_plan_waiting_for_his_signature_and_the_campaign_progress(campaign):
    todo = todo_for(_user("lanhdaotinh"))
    assert [d.number for d in todo.to_sign] == [PLAN_NUMBER]
    assert [line.directive.number for line in todo.progress] == [NUMBER]


def test_every_demo_login_of_this_year_has_its_password_and_a_unit_open_today(campaign):
    today = timezone.localdate()
    for person in PEOPLE:
        assert _user(person.username).check_password(DEMO_PASSWORD)
        memberships = Membership.objects.filter(user__username=person.username, is_active=True)
        assert memberships.exists()
        assert all(m.unit.is_open_on(today) for m in memberships.select_related("unit"))


def test_the_commune_login_has_a_report_due_in_a_few_days_and_the_ward_login_a_returned_one(client, campaign):
    mine = Report.objects.get(directive=campaign, unit__memberships__user__username="canbohoanggiang")
    assert mine.state == ReportState.DRAFT
    returned = Report.objects.get(directive=campaign, unit__memberships__user__username="canbohamrong")
    assert returned.state == ReportState.RETURNED
    client.force_login(_user("canbohoanggiang"))
    assert "còn 5 ngày" in client.get(reverse("home")).content.decode()

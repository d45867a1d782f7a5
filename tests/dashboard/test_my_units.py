"""“Tiến độ”: the directives a person follows, each with its progress and overdue units, and this week's
deadlines, counted over the reports the person may read."""

import pytest
from django.urls import reverse

from lantoa.dashboard.selectors import overview_for

pytestmark = pytest.mark.django_db


def test_the_officer_sees_each_directive_with_progress_and_overdue_units(
    client, officer, big_campaign, clock
):
    directive = big_campaign(20)
    clock("20/10/2023 09:00")
    overview = overview_for(officer)
    item = next(p for p in overview.directives if p.directive == directive)
    assert (item.expected, item.accepted, item.pending, item.missing, item.overdue) == (20, 12, 6, 2, 2)
    assert item.progress.percent == 90
    client.force_login(officer)
    page = client.get(reverse("dashboard:home")).content.decode()
    assert reverse("dashboard:directive", args=[directive.pk]) in page
    assert "<strong>18/20</strong>" in page
    assert "2 đơn vị quá hạn" in page


def test_this_weeks_deadlines_list_the_units_still_owing(client, officer, big_campaign, clock):
    directive = big_campaign(20)
    clock("12/10/2023 09:00")  # a Thursday: the week runs 09/10 to 15/10, the deadline is Sunday 15/10
    overview = overview_for(officer)
    deadlines = [d for d in overview.deadlines if d.directive == directive]
    assert [(d.due_on.isoformat(), d.owed) for d in deadlines] == [("2023-10-15", 2)]
    assert next(p for p in overview.directives if p.directive == directive).overdue == 0
    client.force_login(officer)
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "Hạn nộp trong tuần (09/10–15/10/2023)" in page
    assert "2 đơn vị chưa nộp" in page
    clock("16/10/2023 09:00")  # the next week: nothing due any more, both are overdue
    assert [d for d in overview_for(officer).deadlines if d.directive == directive] == []


def test_a_commune_counts_only_its_own_report(commune_reporter, commune_committee, campaign):
    item = next(p for p in overview_for(commune_reporter).directives if p.directive == campaign.directive)
    assert (item.expected, item.accepted) == (1, 1)


def test_an_outsider_follows_no_directive(client, outsider, campaign):
    assert overview_for(outsider).directives == []
    client.force_login(outsider)
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "Chưa có văn bản nào đã giao mà bạn theo dõi báo cáo." in page
    assert reverse("dashboard:directive", args=[campaign.directive.pk]) not in page


def test_the_nav_bar_links_to_my_units(client, officer):
    client.force_login(officer)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("dashboard:home")}"' in page

"""A directive's dashboard: the same figures as the báo cáo tổng hợp, drawn for a phone, and only for those
who may read the directive's reports."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from lantoa.activities.selectors import counted_activities
from lantoa.dashboard import selectors
from lantoa.dashboard.selectors import DashboardAccess, directive_dashboard
from lantoa.summaries.selectors import aggregate

pytestmark = pytest.mark.django_db

WHOLE = DashboardAccess(unit_ids=None, opens_review=True)


def _page(client, user, directive) -> str:
    client.force_login(user)
    response = client.get(reverse("dashboard:directive", args=[directive.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_dashboard_counts_exactly_what_the_summary_counts(campaign):
    directive = campaign.directive
    summary = aggregate(directive)
    dashboard = directive_dashboard(directive, WHOLE)
    assert dashboard.completeness == summary.completeness
    assert dashboard.accepted == summary.accepted
    assert dashboard.pending == summary.pending
    c = dashboard.completeness
    assert (c.expected, c.accepted, c.pending, c.returned, c.late) == (38, 6, 3, 1, 1)
    # The headline counts every unit that sent a report, the returned one too: as the summary says it.
    assert dashboard.progress.done == c.submitted == 10
    assert dashboard.progress.percent == 26
    # Hoằng Xuân logged one bulletin and had it accepted: it is counted.
    assert summary.accepted["radio-news"] > 0


def test_the_officer_sees_progress_with_every_count_linking_to_the_review_list(client, officer, campaign):
    page = _page(client, officer, campaign.directive)
    review = reverse("reports:review", args=[campaign.directive.pk])
    assert "<strong>10/38</strong> đơn vị đã gửi báo cáo" in page
    assert "26%" in page
    assert 'max="38" value="10"' in page
    for query, number in (("?state=accepted", 6), ("?state=submitted", 3), ("?state=returned", 1)):
        assert f'<a href="{review}{query}">{number}</a>' in page
    assert f'<a href="{review}?state=draft">28</a>' in page
    assert f'<a href="{review}?late=on">1</a>' in page


def test_the_review_list_answers_the_dashboard_links(client, officer, campaign):
    client.force_login(officer)
    review = reverse("reports:review", args=[campaign.directive.pk])
    assert client.get(review + "?state=returned").status_code == 200
    assert client.get(review + "?late=on").status_code == 200


def _panel_rows(chart, indicator_name: str) -> list[list]:
    return [row for row in chart.table.rows if row[0] == indicator_name]


def test_each_indicator_group_gets_a_chart_with_its_numbers_as_a_table(client, officer, campaign):
    dashboard = directive_dashboard(campaign.directive, WHOLE)
    groups = {i.group for i in dashboard.indicators}
    assert {chart.title for chart in dashboard.group_charts} == groups
    page = _page(client, officer, campaign.directive)
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == len(groups) + 1
    assert page.count("Xem số liệu dạng bảng") == len(groups) + 1


def test_the_chart_of_top_units_adds_the_rest_up_as_others(big_campaign):
    directive = big_campaign(30)
    dashboard = directive_dashboard(directive, WHOLE)
    summary = aggregate(directive)
    radio = next(c for c in dashboard.group_charts if c.title == "Phát thanh, truyền thanh")
    news = next(i for i in dashboard.indicators if i.code == "radio-news")
    rows = _panel_rows(radio, news.name)
    assert len(rows) == selectors.TOP_UNITS + 1
    assert rows[-1][1] == "Các đơn vị khác (19)"  # 27 units reported, 8 shown one by one
    values = [row[2] for row in rows[:-1]]
    assert values == sorted(values, reverse=True)
    assert sum(row[2] for row in rows) == summary.accepted[news.code] + summary.pending[news.code]
    top_name = rows[0][1]
    assert top_name in radio.svg
    assert f">{rows[0][2]}" in radio.svg


def test_activities_per_day_come_from_the_counted_activities(campaign):
    dashboard = directive_dashboard(campaign.directive, WHOLE)
    per_day = {row[0]: row[1] for row in dashboard.daily_chart.table.rows}
    start, end = campaign.directive.window
    assert len(per_day) == (end - start).days + 1
    counted = counted_activities(campaign.directive)
    for day in (datetime.date(2023, 10, 2), datetime.date(2023, 10, 3), datetime.date(2023, 10, 4)):
        assert per_day[day.strftime("%d/%m/%Y")] == counted.filter(occurred_on=day).count() > 0
    assert per_day["01/10/2023"] == 0
    assert sum(per_day.values()) == counted.count()


def test_units_that_owe_a_report_show_how_overdue_and_when_last_reminded(
    client, officer, big_campaign, clock
):
    directive = big_campaign(20)
    clock("20/10/2023 09:00")
    dashboard = directive_dashboard(directive, WHOLE)
    assert len(dashboard.owed) == 2 == dashboard.completeness.missing
    assert {o.days_overdue for o in dashboard.owed} == {5}
    assert {o.last_reminded.astimezone(selectors.LOCAL_TIME).date() for o in dashboard.owed} == {
        datetime.date(2023, 10, 18)
    }
    page = _page(client, officer, directive)
    assert "5 ngày" in page
    assert "08:00 18/10/2023" in page


def test_today_is_the_local_date_in_vietnam(clock, big_campaign):
    directive = big_campaign(10)
    clock("16/10/2023 06:30")  # 15/10 23:30 UTC: already the 16th in Hà Nội
    owed = directive_dashboard(directive, WHOLE).owed
    assert {o.days_overdue for o in owed} == {1}


def test_a_commune_sees_only_its_own_unit(client, commune_reporter, commune_committee, campaign):
    directive, access = selectors.get_dashboard_directive_for_user_or_404(
        commune_reporter, campaign.directive.pk
    )
    assert access.unit_ids == [commune_committee.pk]
    dashboard = directive_dashboard(directive, access)
    assert [r.unit_id for r in dashboard.rows] == [commune_committee.pk]
    assert dashboard.completeness.expected == 1
    assert dashboard.completeness.accepted == 1
    own = next(r for r in dashboard.rows)
    assert dashboard.accepted == {code: own.figures.get(code, 0) for code in dashboard.accepted}
    page = _page(client, commune_reporter, campaign.directive)
    assert "<strong>1/1</strong>" in page
    assert "Chỉ hiển thị đơn vị của bạn" in page
    for other in campaign.pending + campaign.missing:
        assert other.unit.name not in page
    assert reverse("reports:review", args=[campaign.directive.pk]) not in page


def test_an_outsider_gets_the_same_404_as_for_a_missing_directive(client, outsider, campaign):
    client.force_login(outsider)
    for name in ("dashboard:directive", "dashboard:directive_xlsx"):
        assert client.get(reverse(name, args=[campaign.directive.pk])).status_code == 404
        assert client.get(reverse(name, args=[campaign.directive.pk + 999])).status_code == 404


def test_another_district_gets_404(client, campaign, other_district_committee):
    from django.contrib.auth import get_user_model

    from lantoa.units.models import Membership, Role

    person = get_user_model().objects.create_user(username="lanhdao-khac", password="x-unused-x")
    Membership.objects.create(user=person, unit=other_district_committee, role=Role.LEADER)
    client.force_login(person)
    assert client.get(reverse("dashboard:directive", args=[campaign.directive.pk])).status_code == 404


def test_the_workbook_holds_what_the_screen_shows(client, officer, campaign):
    client.force_login(officer)
    response = client.get(reverse("dashboard:directive_xlsx", args=[campaign.directive.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    status = {row[0]: row[1] for row in book["Tình hình báo cáo"].iter_rows(min_row=2, values_only=True)}
    assert status["Phải báo cáo"] == 38
    assert status["Đã duyệt"] == 6
    assert status["Chưa nộp"] == 28
    summary = aggregate(campaign.directive)
    totals = {row[0]: row[2] for row in book["Số liệu tổng hợp"].iter_rows(min_row=2, values_only=True)}
    for indicator in summary.indicators:
        assert totals[indicator.name] == summary.accepted[indicator.code]
    units = list(book["Số liệu từng đơn vị"].iter_rows(min_row=2, values_only=True))
    assert len(units) == 38
    owed = list(book["Đơn vị chưa nộp"].iter_rows(min_row=2, values_only=True))
    assert len(owed) == 29  # 28 never submitted and 1 returned


def test_a_commune_downloads_only_its_own_row(client, commune_reporter, campaign):
    client.force_login(commune_reporter)
    response = client.get(reverse("dashboard:directive_xlsx", args=[campaign.directive.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    units = list(book["Số liệu từng đơn vị"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in units] == ["UBND xã Hoằng Xuân"]


def test_the_directive_page_links_to_its_dashboard(client, officer, campaign):
    client.force_login(officer)
    page = client.get(reverse("directives:detail", args=[campaign.directive.pk])).content.decode()
    assert reverse("dashboard:directive", args=[campaign.directive.pk]) in page

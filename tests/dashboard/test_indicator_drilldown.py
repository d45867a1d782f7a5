"""Every total on the dashboard opens the units behind it, and each unit its activities."""

import datetime

import pytest
from django.urls import reverse

from lantoa.activities.services import create_activity
from lantoa.reports.models import Report
from lantoa.reports.services import accept_report, save_report, submit_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted_commune(example_directive, commune_committee, commune_reporter, officer):
    create_activity(
        unit=commune_committee,
        actor=commune_reporter,
        activity_type="broadcast",
        occurred_on=datetime.date(2023, 10, 4),
        title="Bản tin chuyển đổi số",
        quantities={"count": 3, "minutes": 12, "plays": 2},
    )
    report = Report.objects.get(directive=example_directive, unit=commune_committee)
    save_report(
        report=report, actor=commune_reporter, results="Đã phát 3 bản tin.", difficulties="", proposals=""
    )
    submit_report(report=report, actor=commune_reporter)
    accept_report(report=report, actor=officer)
    return report


def test_a_total_opens_the_units_behind_it_and_their_activities(
    client, officer, example_directive, accepted_commune
):
    client.force_login(officer)
    dashboard = client.get(reverse("dashboard:directive", args=[example_directive.pk])).content.decode()
    url = reverse("dashboard:indicator", args=[example_directive.pk, "radio-news"])
    assert url in dashboard
    page = client.get(url).content.decode()
    assert "UBND xã Hoằng Xuân" in page
    assert ">3<" in page
    figure_url = reverse("reports:figure", args=[accepted_commune.pk, "radio-news"])
    assert figure_url in page
    assert "Bản tin chuyển đổi số" in client.get(figure_url).content.decode()


def test_an_unknown_indicator_and_an_outsider_get_404(client, officer, outsider, example_directive):
    client.force_login(officer)
    assert (
        client.get(reverse("dashboard:indicator", args=[example_directive.pk, "khong-co"])).status_code == 404
    )
    client.force_login(outsider)
    assert (
        client.get(reverse("dashboard:indicator", args=[example_directive.pk, "radio-news"])).status_code
        == 404
    )

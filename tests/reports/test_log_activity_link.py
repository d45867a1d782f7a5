"""From the report and from “my tasks”, the unit goes straight to logging an activity, and comes back."""

import pytest
from django.test import override_settings
from django.urls import reverse

from lantoa.reports.services import save_report, submit_report

pytestmark = pytest.mark.django_db


def test_the_unit_can_log_an_activity_from_its_report_and_come_back(
    client, commune_reporter, hoang_xuan_report
):
    client.force_login(commune_reporter)
    detail = reverse("reports:detail", args=[hoang_xuan_report.pk])
    page = client.get(detail).content.decode()
    assert f"{reverse('activities:create')}?unit={hoang_xuan_report.unit_id}&amp;next={detail}" in page
    tasks = client.get(reverse("reports:my_tasks")).content.decode()
    assert f"?unit={hoang_xuan_report.unit_id}" in tasks


def test_once_submitted_the_report_no_longer_offers_to_log_for_it(
    client, commune_reporter, hoang_xuan_report
):
    report = save_report(
        report=hoang_xuan_report, actor=commune_reporter, results="Kết quả", difficulties="", proposals=""
    )
    submit_report(report=report, actor=commune_reporter)
    client.force_login(commune_reporter)
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Ghi hoạt động" not in page


@override_settings(ROOT_URLCONF="tests.reports.urls_without_activity_pages")
def test_the_report_pages_work_without_the_activity_pages(client, commune_reporter, hoang_xuan_report):
    client.force_login(commune_reporter)
    page = client.get(reverse("reports:detail", args=[hoang_xuan_report.pk]))
    assert page.status_code == 200
    assert "Ghi hoạt động" not in page.content.decode()
    tasks = client.get(reverse("reports:my_tasks"))
    assert tasks.status_code == 200
    assert "Ghi hoạt động" not in tasks.content.decode()

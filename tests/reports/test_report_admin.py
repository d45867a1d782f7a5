"""The admin shows reports for looking things up; every change goes through the services."""

import pytest

pytestmark = pytest.mark.django_db


def test_site_admin_reads_reports_in_the_admin_but_cannot_change_them(client, site_admin, hoang_xuan_report):
    client.force_login(site_admin)
    listing = client.get("/quan-tri/reports/report/")
    assert listing.status_code == 200
    assert "UBND xã Hoằng Xuân" in listing.content.decode()
    page = client.get(f"/quan-tri/reports/report/{hoang_xuan_report.pk}/change/")
    assert page.status_code == 200
    assert 'name="state"' not in page.content.decode()
    assert client.get("/quan-tri/reports/report/add/").status_code == 403
    response = client.post(f"/quan-tri/reports/report/{hoang_xuan_report.pk}/change/", {"state": "accepted"})
    assert response.status_code == 403
    hoang_xuan_report.refresh_from_db()
    assert hoang_xuan_report.state == "draft"

"""Who sees and who does what with a report: the unit's people write theirs, the office reviews, the level
above reads; everyone else gets the same 404 as for a report that does not exist."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from lantoa.reports.models import Report, ReportState
from lantoa.reports.selectors import reports_visible_to
from lantoa.reports.services import save_report, submit_report
from lantoa.units.models import Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(hoang_xuan_report, commune_reporter) -> Report:
    report = save_report(
        report=hoang_xuan_report,
        actor=commune_reporter,
        results="Đăng 3 tin bài.",
        difficulties="",
        proposals="",
    )
    return submit_report(report=report, actor=commune_reporter)


@pytest.fixture
def reporting_to_the_department(example_directive, department_officer):
    """Make the Sở the level the directive reports to, so its officer reads the units' reports."""
    department = department_officer.memberships.get().unit
    example_directive.report_to = department
    example_directive.save(update_fields=["report_to"])
    return department


def test_commune_reporter_sees_only_its_own_report(commune_reporter, example_directive, hoang_xuan_report):
    visible = reports_visible_to(commune_reporter).filter(directive=example_directive)
    assert list(visible) == [hoang_xuan_report]


def test_office_and_district_leader_see_every_report_of_the_directive(officer, leader, example_directive):
    assert reports_visible_to(officer).filter(directive=example_directive).count() == 38
    assert reports_visible_to(leader).filter(directive=example_directive).count() == 38


def test_commune_reporter_edits_and_submits_its_own_report_through_the_pages(
    client, commune_reporter, hoang_xuan_report
):
    client.force_login(commune_reporter)
    detail = client.get(reverse("reports:detail", args=[hoang_xuan_report.pk])).content.decode()
    assert reverse("reports:edit", args=[hoang_xuan_report.pk]) in detail
    assert "Nộp báo cáo" in detail
    response = client.post(
        reverse("reports:edit", args=[hoang_xuan_report.pk]),
        {"results": "Đài xã phát 10 bản tin.", "difficulties": "", "proposals": "Cấp thêm loa."},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("reports:submit", args=[hoang_xuan_report.pk]), {"xac_nhan": "1"}, follow=True
    )
    assert "Đã nộp báo cáo" in response.content.decode()
    hoang_xuan_report.refresh_from_db()
    assert (hoang_xuan_report.state, hoang_xuan_report.proposals) == (ReportState.SUBMITTED, "Cấp thêm loa.")
    # submitted: no more edit form
    detail = client.get(reverse("reports:detail", args=[hoang_xuan_report.pk])).content.decode()
    assert reverse("reports:edit", args=[hoang_xuan_report.pk]) not in detail
    assert "đang chờ kiểm tra" in detail
    response = client.get(reverse("reports:edit", args=[hoang_xuan_report.pk]), follow=True)
    assert "chỉ sửa được khi đơn vị đầu mối trả lại" in response.content.decode()


def test_submitting_an_empty_report_tells_the_unit_what_to_write(client, commune_reporter, hoang_xuan_report):
    client.force_login(commune_reporter)
    response = client.post(
        reverse("reports:submit", args=[hoang_xuan_report.pk]), {"xac_nhan": "1"}, follow=True
    )
    assert "Hãy ghi kết quả thực hiện" in response.content.decode()
    hoang_xuan_report.refresh_from_db()
    assert hoang_xuan_report.state == ReportState.DRAFT


def test_commune_cannot_see_other_communes_reports(client, commune_reporter, other_commune_report):
    client.force_login(commune_reporter)
    missing = client.get(reverse("reports:detail", args=[10**9]))
    for name in ("reports:detail", "reports:edit"):
        assert (
            client.get(reverse(name, args=[other_commune_report.pk])).status_code
            == missing.status_code
            == 404
        )
    assert (
        client.get(reverse("reports:figure", args=[other_commune_report.pk, "web-articles"])).status_code
        == 404
    )
    for name in ("reports:edit", "reports:submit", "reports:accept", "reports:return"):
        assert (
            client.post(
                reverse(name, args=[other_commune_report.pk]), {"results": "x", "reason": "x"}
            ).status_code
            == 404
        )
    other_commune_report.refresh_from_db()
    assert other_commune_report.results == ""


def test_a_direct_post_to_accept_by_the_commune_reporter_is_refused(client, commune_reporter, submitted):
    client.force_login(commune_reporter)
    assert client.post(reverse("reports:accept", args=[submitted.pk])).status_code == 403
    assert (
        client.post(reverse("reports:return", args=[submitted.pk]), {"reason": "Tự trả"}).status_code == 403
    )
    submitted.refresh_from_db()
    assert submitted.state == ReportState.SUBMITTED
    page = client.get(reverse("reports:detail", args=[submitted.pk])).content.decode()
    assert "Duyệt báo cáo" not in page


def test_commune_reporter_cannot_open_the_review_page(client, commune_reporter, example_directive):
    client.force_login(commune_reporter)
    assert client.get(reverse("reports:review", args=[example_directive.pk])).status_code == 404


def test_the_office_reviews_but_cannot_write_the_communes_report(client, officer, hoang_xuan_report):
    client.force_login(officer)
    assert client.get(reverse("reports:detail", args=[hoang_xuan_report.pk])).status_code == 200
    assert client.get(reverse("reports:edit", args=[hoang_xuan_report.pk])).status_code == 403
    response = client.post(reverse("reports:edit", args=[hoang_xuan_report.pk]), {"results": "Viết thay"})
    assert response.status_code == 403
    assert client.post(reverse("reports:submit", args=[hoang_xuan_report.pk])).status_code == 403
    hoang_xuan_report.refresh_from_db()
    assert (hoang_xuan_report.state, hoang_xuan_report.results) == (ReportState.DRAFT, "")


def test_the_level_above_reads_only(
    client, department_officer, reporting_to_the_department, submitted, example_directive
):
    client.force_login(department_officer)
    page = client.get(reverse("reports:detail", args=[submitted.pk])).content.decode()
    assert "Đăng 3 tin bài." in page
    assert "Duyệt báo cáo" not in page
    assert reverse("reports:edit", args=[submitted.pk]) not in page
    review = client.get(reverse("reports:review", args=[example_directive.pk])).content.decode()
    assert "UBND xã Hoằng Xuân" in review
    assert "Chỉ xem" in review
    assert reverse("reports:accept", args=[submitted.pk]) not in review
    assert client.post(reverse("reports:accept", args=[submitted.pk])).status_code == 403
    assert client.post(reverse("reports:return", args=[submitted.pk]), {"reason": "Thiếu"}).status_code == 403
    assert client.post(reverse("reports:edit", args=[submitted.pk]), {"results": "x"}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == ReportState.SUBMITTED


def test_without_the_directive_reporting_to_it_the_department_sees_nothing(
    client, department_officer, submitted, example_directive
):
    client.force_login(department_officer)
    assert client.get(reverse("reports:detail", args=[submitted.pk])).status_code == 404
    assert client.get(reverse("reports:review", args=[example_directive.pk])).status_code == 404


def test_the_district_centre_cannot_see_a_communes_report(client, hoang_xuan_report):
    client.force_login(get_user_model().objects.get(username="trungtam"))
    assert client.get(reverse("reports:detail", args=[hoang_xuan_report.pk])).status_code == 404


def test_outsider_is_refused_everything_with_the_same_404_as_a_missing_report(
    client, outsider, submitted, example_directive
):
    client.force_login(outsider)
    missing = client.get(reverse("reports:detail", args=[10**9]))
    assert missing.status_code == 404
    assert client.get(reverse("reports:detail", args=[submitted.pk])).status_code == 404
    assert client.get(reverse("reports:figure", args=[submitted.pk, "web-articles"])).status_code == 404
    assert client.get(reverse("reports:review", args=[example_directive.pk])).status_code == 404
    for name in ("reports:accept", "reports:return", "reports:submit", "reports:edit"):
        assert client.post(reverse(name, args=[submitted.pk]), {"reason": "x"}).status_code == 404
    assert "Hiện không có nhiệm vụ nào" in client.get(reverse("reports:my_tasks")).content.decode()
    assert not reports_visible_to(outsider).exists()
    submitted.refresh_from_db()
    assert submitted.state == ReportState.SUBMITTED


def test_people_of_the_province_above_the_district_read_every_report_but_do_not_review(
    client, submitted, province_committee, example_directive
):
    viewer = get_user_model().objects.create_user(username="tinh", password="x-unused-x")
    Membership.objects.create(user=viewer, unit=province_committee, role=Role.VIEWER)
    client.force_login(viewer)
    assert client.get(reverse("reports:detail", args=[submitted.pk])).status_code == 200
    review = client.get(reverse("reports:review", args=[example_directive.pk])).content.decode()
    assert review.count("<tr>") == 1 + 38
    assert "Chỉ xem" in review
    assert client.post(reverse("reports:accept", args=[submitted.pk])).status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == ReportState.SUBMITTED

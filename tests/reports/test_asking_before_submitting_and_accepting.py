"""Submitting and accepting cannot be undone by a click: each asks first, naming what it will do, in a
<dialog> with JavaScript and on a page of its own without; a forged POST without the confirmation changes
nothing, and someone who may not act is refused rather than asked."""

import pytest
from django.urls import reverse

from lantoa.reports.models import ReportState
from lantoa.reports.services import save_report, submit_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(hoang_xuan_report, commune_reporter, commune_committee, log_activity):
    log_activity(commune_committee, type="broadcast", title="Bản tin", minutes=15)
    return save_report(
        report=hoang_xuan_report, actor=commune_reporter, results="Đã phát.", difficulties="", proposals=""
    )


def test_submitting_asks_first_with_the_figures_that_will_be_sent(client, written, commune_reporter):
    client.force_login(commune_reporter)
    page = client.get(reverse("reports:detail", args=[written.pk])).content.decode()
    assert 'data-confirm="Nộp báo cáo của UBND xã Hoằng Xuân' in page
    response = client.post(reverse("reports:submit", args=[written.pk]))
    question = response.content.decode()
    assert "Nộp báo cáo?" in question
    assert "Thời lượng phát sóng: 15 phút" in question
    assert "chỉ sửa được khi đơn vị đầu mối trả lại" in question
    written.refresh_from_db()
    assert written.state == ReportState.DRAFT
    client.post(reverse("reports:submit", args=[written.pk]), {"xac_nhan": "1"})
    written.refresh_from_db()
    assert written.state == ReportState.SUBMITTED


def test_accepting_asks_first_on_the_report_and_in_the_review_list(
    client, written, commune_reporter, officer
):
    report = submit_report(report=written, actor=commune_reporter)
    client.force_login(officer)
    for page in (
        client.get(reverse("reports:detail", args=[report.pk])).content.decode(),
        client.get(reverse("reports:review", args=[report.directive_id])).content.decode(),
    ):
        assert 'data-confirm-title="Duyệt báo cáo của UBND xã Hoằng Xuân?"' in page
    question = client.post(reverse("reports:accept", args=[report.pk])).content.decode()
    assert "Số liệu của báo cáo được cộng vào báo cáo tổng hợp" in question
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_without_the_right_to_act_the_answer_is_a_refusal_not_a_question(
    client, written, commune_reporter, officer
):
    report = submit_report(report=written, actor=commune_reporter)
    client.force_login(commune_reporter)
    assert client.post(reverse("reports:accept", args=[report.pk])).status_code == 403
    client.force_login(officer)
    other = report.directive.reports.exclude(pk=report.pk).first()
    assert client.post(reverse("reports:submit", args=[other.pk])).status_code == 403

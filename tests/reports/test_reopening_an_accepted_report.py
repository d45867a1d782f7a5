"""A reviewer who finds a mistake after accepting reopens the report with a reason: it goes back to the unit,
is counted no more until accepted again, and the step is in the history and the audit trail."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lantoa.activities.selectors import is_locked
from lantoa.core.models import AuditEvent
from lantoa.directives.lifecycle import close_directive
from lantoa.reports.models import ReportState
from lantoa.reports.services import ReportError, accept_report, reopen_report, save_report, submit_report
from lantoa.summaries.selectors import aggregate

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(hoang_xuan_report, commune_reporter, commune_committee, officer, log_activity):
    activity = log_activity(commune_committee, type="broadcast", title="Bản tin", minutes=15)
    save_report(
        report=hoang_xuan_report, actor=commune_reporter, results="Đã phát.", difficulties="", proposals=""
    )
    submit_report(report=hoang_xuan_report, actor=commune_reporter)
    report = accept_report(report=hoang_xuan_report, actor=officer)
    report.activity = activity
    return report


def test_the_reviewer_reopens_with_a_reason_and_the_unit_gets_it_back(
    client, accepted, officer, commune_reporter
):
    assert is_locked(accepted.activity)
    client.force_login(officer)
    page = client.get(reverse("reports:detail", args=[accepted.pk])).content.decode()
    assert reverse("reports:reopen", args=[accepted.pk]) in page
    url = reverse("reports:reopen", args=[accepted.pk])
    reason = "Nhầm số phút phát sóng: đề nghị kiểm tra lại."
    question = client.post(url, {"reason": reason}).content.decode()
    assert "Mở lại báo cáo đã duyệt của UBND xã Hoằng Xuân?" in question
    accepted.refresh_from_db()
    assert accepted.state == ReportState.ACCEPTED  # asked, not done
    client.post(url, {"reason": reason, "xac_nhan": "1"})
    accepted.refresh_from_db()
    assert (accepted.state, accepted.accepted_at) == (ReportState.RETURNED, None)
    last = accepted.transitions.last()
    assert (last.from_state, last.to_state, last.reason, last.actor) == (
        "accepted",
        "returned",
        reason,
        officer,
    )
    assert AuditEvent.objects.filter(
        action="report.reopen", object_id=str(accepted.pk), summary=reason
    ).exists()
    assert not is_locked(accepted.activity)  # the unit may correct its ledger
    row = next(r for r in aggregate(accepted.directive).rows if r.report_id == accepted.pk)
    assert (row.state, row.figures) == ("returned", None)  # no longer counted in the summary
    # The unit fixes and resubmits as after any return.
    client.force_login(commune_reporter)
    page = client.get(reverse("reports:detail", args=[accepted.pk])).content.decode()
    assert reason in page
    resubmitted = submit_report(report=accepted, actor=commune_reporter)
    assert (resubmitted.state, resubmitted.version) == (ReportState.SUBMITTED, 2)


def test_a_reason_is_required(client, accepted, officer):
    client.force_login(officer)
    response = client.post(reverse("reports:reopen", args=[accepted.pk]), {"reason": "  ", "xac_nhan": "1"})
    assert "Hãy ghi lý do để đơn vị biết cần sửa, bổ sung gì." in response.content.decode()
    with pytest.raises(ReportError, match="Hãy ghi lý do mở lại"):
        reopen_report(report=accepted, actor=officer, reason="")
    accepted.refresh_from_db()
    assert accepted.state == ReportState.ACCEPTED


def test_the_commune_cannot_reopen_its_own_accepted_report(client, accepted, commune_reporter):
    client.force_login(commune_reporter)
    assert (
        reverse("reports:reopen", args=[accepted.pk])
        not in client.get(reverse("reports:detail", args=[accepted.pk])).content.decode()
    )
    assert (
        client.post(
            reverse("reports:reopen", args=[accepted.pk]), {"reason": "x", "xac_nhan": "1"}
        ).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        reopen_report(report=accepted, actor=commune_reporter, reason="Tự mở.")
    accepted.refresh_from_db()
    assert accepted.state == ReportState.ACCEPTED


def test_an_outsider_gets_the_same_404_as_for_a_missing_report(client, accepted, outsider):
    client.force_login(outsider)
    assert client.get(reverse("reports:reopen", args=[accepted.pk])).status_code == 404
    assert client.post(reverse("reports:reopen", args=[accepted.pk]), {"reason": "x"}).status_code == 404


def test_after_the_directive_is_closed_nothing_is_reopened(accepted, officer):
    close_directive(directive=accepted.directive, actor=officer)
    accepted.refresh_from_db()
    with pytest.raises(ReportError, match="Văn bản đã kết thúc: không mở lại báo cáo được nữa"):
        reopen_report(report=accepted, actor=officer, reason="Muộn rồi.")


def test_only_an_accepted_report_is_reopened(hoang_xuan_report, officer):
    with pytest.raises(ReportError, match="Báo cáo chưa được duyệt nên không cần mở lại"):
        reopen_report(report=hoang_xuan_report, actor=officer, reason="Chưa nộp mà.")

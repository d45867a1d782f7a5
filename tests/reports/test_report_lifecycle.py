"""A report's life: draft → submitted → accepted, or submitted → returned (with a reason) → submitted again.
Every step is a history row; an accepted report is locked."""

import pytest
from django.core.exceptions import PermissionDenied

from lantoa.core.models import AuditEvent
from lantoa.directives.lifecycle import close_directive
from lantoa.reports.models import Report, ReportState, ReportTransition
from lantoa.reports.services import (
    REFUSALS,
    RULES,
    Action,
    ReportError,
    accept_report,
    allowed_actions,
    reopen_report,
    return_report,
    save_report,
    submit_report,
)
from lantoa.units.models import Membership, Role

pytestmark = pytest.mark.django_db

STATES = list(ReportState.values)
ACTIONS = [Action.EDIT, Action.SUBMIT, Action.RETURN, Action.ACCEPT, Action.REOPEN]


def _put_in(report: Report, state: str) -> Report:
    """Set the scene directly: the report already went through earlier steps."""
    Report.objects.filter(pk=report.pk).update(
        state=state, version=0 if state == ReportState.DRAFT else 1, results="Đã đăng 3 tin bài."
    )
    report.refresh_from_db()
    return report


def _act(action: str, report: Report, *, unit_person, manager):
    if action == Action.EDIT:
        return save_report(report=report, actor=unit_person, results="Sửa", difficulties="", proposals="")
    if action == Action.SUBMIT:
        return submit_report(report=report, actor=unit_person)
    if action == Action.RETURN:
        return return_report(report=report, actor=manager, reason="Thiếu số liệu phát thanh.")
    if action == Action.REOPEN:
        return reopen_report(report=report, actor=manager, reason="Nhầm số phút phát sóng.")
    return accept_report(report=report, actor=manager)


def test_the_transition_table_is_the_one_the_issue_describes():
    assert allowed_actions(ReportState.DRAFT) == {Action.EDIT, Action.SUBMIT}
    assert allowed_actions(ReportState.SUBMITTED) == {Action.RETURN, Action.ACCEPT}
    assert allowed_actions(ReportState.RETURNED) == {Action.EDIT, Action.SUBMIT}
    # An accepted report is locked; only its reviewer reopens it, with a reason.
    assert allowed_actions(ReportState.ACCEPTED) == {Action.REOPEN}
    # every forbidden pair has its own explanation
    forbidden = {(a, s) for a in ACTIONS for s in STATES if s not in RULES[a].sources}
    assert forbidden == set(REFUSALS)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_in_every_state_is_allowed_or_refused_as_the_table_says(
    action, state, hoang_xuan_report, commune_reporter, officer
):
    report = _put_in(hoang_xuan_report, state)
    history_before = report.transitions.count()
    if state in RULES[action].sources:
        report = _act(action, report, unit_person=commune_reporter, manager=officer)
        report.refresh_from_db()
        expected = RULES[action].target or state
        assert report.state == expected
        if RULES[action].target:
            last = report.transitions.last()
            assert (last.from_state, last.to_state) == (state, expected)
    else:
        with pytest.raises(ReportError) as refused:
            _act(action, report, unit_person=commune_reporter, manager=officer)
        assert refused.value.messages == [str(REFUSALS[(action, state)])]
        report.refresh_from_db()
        assert report.state == state
        assert report.transitions.count() == history_before


def test_commune_submits_office_returns_commune_resubmits_office_accepts_and_history_keeps_every_step(
    hoang_xuan_report, commune_reporter, officer
):
    report = save_report(
        report=hoang_xuan_report,
        actor=commune_reporter,
        results="Đài truyền thanh xã phát 12 tin bài.",
        difficulties="",
        proposals="",
    )
    report = submit_report(report=report, actor=commune_reporter)
    assert (report.state, report.version) == (ReportState.SUBMITTED, 1)
    report = return_report(report=report, actor=officer, reason="  Bổ sung số phút phát sóng.  ")
    assert report.state == ReportState.RETURNED
    report = save_report(
        report=report,
        actor=commune_reporter,
        results="Đài truyền thanh xã phát 12 tin bài, 180 phút.",
        difficulties="",
        proposals="",
    )
    report = submit_report(report=report, actor=commune_reporter)
    assert (report.state, report.version) == (ReportState.SUBMITTED, 2)
    report = accept_report(report=report, actor=officer)
    assert report.state == ReportState.ACCEPTED
    assert report.accepted_at is not None

    history = list(
        ReportTransition.objects.filter(report=report).values_list(
            "from_state", "to_state", "actor", "reason"
        )
    )
    assert history == [
        ("draft", "submitted", commune_reporter.pk, ""),
        ("submitted", "returned", officer.pk, "Bổ sung số phút phát sóng."),
        ("returned", "submitted", commune_reporter.pk, ""),
        ("submitted", "accepted", officer.pk, ""),
    ]
    assert list(report.snapshots.values_list("version", "submitted_by")) == [
        (1, commune_reporter.pk),
        (2, commune_reporter.pk),
    ]
    assert all(t.at is not None for t in report.transitions.all())


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_returning_a_report_needs_a_reason(reason, hoang_xuan_report, commune_reporter, officer):
    report = _put_in(hoang_xuan_report, ReportState.DRAFT)
    report = submit_report(report=report, actor=commune_reporter)
    with pytest.raises(ReportError) as refused:
        return_report(report=report, actor=officer, reason=reason)
    assert "lý do" in refused.value.messages[0]
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert not report.transitions.filter(to_state=ReportState.RETURNED).exists()


def test_an_accepted_report_is_locked_for_everyone(hoang_xuan_report, commune_reporter, officer, leader):
    report = _put_in(hoang_xuan_report, ReportState.SUBMITTED)
    report = accept_report(report=report, actor=leader)
    for attempt in (
        lambda: save_report(
            report=report, actor=commune_reporter, results="x", difficulties="", proposals=""
        ),
        lambda: submit_report(report=report, actor=commune_reporter),
        lambda: return_report(report=report, actor=officer, reason="Muốn sửa"),
        lambda: accept_report(report=report, actor=officer),
    ):
        with pytest.raises(ReportError, match="duyệt"):
            attempt()
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    assert report.results == "Đã đăng 3 tin bài."


def test_a_report_needs_its_results_written_before_it_is_submitted(hoang_xuan_report, commune_reporter):
    with pytest.raises(ReportError, match="Kết quả thực hiện"):
        submit_report(report=hoang_xuan_report, actor=commune_reporter)
    hoang_xuan_report.refresh_from_db()
    assert hoang_xuan_report.state == ReportState.DRAFT
    assert hoang_xuan_report.version == 0


def test_after_the_directive_is_closed_units_cannot_edit_or_submit_and_the_office_can_only_accept(
    example_directive, hoang_xuan_report, other_commune_report, commune_reporter, officer
):
    _put_in(other_commune_report, ReportState.SUBMITTED)
    close_directive(directive=example_directive, actor=officer, reason="Hết đợt")
    report = Report.objects.get(pk=hoang_xuan_report.pk)
    with pytest.raises(ReportError, match="kết thúc"):
        save_report(report=report, actor=commune_reporter, results="Muộn", difficulties="", proposals="")
    with pytest.raises(ReportError, match="kết thúc"):
        submit_report(report=_put_in(report, ReportState.DRAFT), actor=commune_reporter)
    other = Report.objects.get(pk=other_commune_report.pk)
    with pytest.raises(ReportError, match="kết thúc"):
        return_report(report=other, actor=officer, reason="Thiếu")
    assert accept_report(report=other, actor=officer).state == ReportState.ACCEPTED


def test_the_unit_cannot_review_its_own_report_and_the_office_cannot_write_it(
    hoang_xuan_report, commune_reporter, officer
):
    report = _put_in(hoang_xuan_report, ReportState.DRAFT)
    with pytest.raises(PermissionDenied):
        save_report(report=report, actor=officer, results="Viết thay", difficulties="", proposals="")
    with pytest.raises(PermissionDenied):
        submit_report(report=report, actor=officer)
    report = submit_report(report=report, actor=commune_reporter)
    with pytest.raises(PermissionDenied):
        accept_report(report=report, actor=commune_reporter)
    with pytest.raises(PermissionDenied):
        return_report(report=report, actor=commune_reporter, reason="Tự trả lại")
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_a_viewer_of_the_commune_reads_but_cannot_write(hoang_xuan_report, commune_committee, outsider):
    Membership.objects.create(user=outsider, unit=commune_committee, role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        save_report(report=hoang_xuan_report, actor=outsider, results="x", difficulties="", proposals="")


def test_every_write_leaves_an_audit_event(hoang_xuan_report, commune_reporter, officer):
    report = save_report(
        report=hoang_xuan_report, actor=commune_reporter, results="Kết quả", difficulties="", proposals=""
    )
    report = submit_report(report=report, actor=commune_reporter)
    report = return_report(report=report, actor=officer, reason="Bổ sung")
    report = save_report(
        report=report, actor=commune_reporter, results="Kết quả đủ", difficulties="", proposals=""
    )
    report = submit_report(report=report, actor=commune_reporter)
    accept_report(report=report, actor=officer)
    actions = list(
        AuditEvent.objects.filter(object_type="reports.report", object_id=str(report.pk))
        .order_by("at", "pk")
        .values_list("action", "actor")
    )
    assert actions == [
        ("report.save", commune_reporter.pk),
        ("report.submit", commune_reporter.pk),
        ("report.return", officer.pk),
        ("report.save", commune_reporter.pk),
        ("report.resubmit", commune_reporter.pk),
        ("report.accept", officer.pk),
    ]

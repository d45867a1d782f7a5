"""Every write to reports goes through here.

The report's life is a small state machine, spelled out in `RULES` and `REFUSALS` below:

    draft ──submit──▶ submitted ──accept──▶ accepted (locked)
                        │   ▲                  │
                 return │   │ submit           │ reopen (reviewer, reason)
               (reason) ▼   │ (resubmission)   │
                      returned ◀───────────────┘

Editing is allowed in draft and returned only. Every change of state appends a ReportTransition (who,
when, from, to, why) and every submission stores a ReportSnapshot of exactly what was submitted.

Reopening is the way back from a mistake in an accepted report: the reviewer gives the reason, the report
goes back to the unit as returned (its activities unlock), and the summary shows it as no longer counted
until it is accepted again. Only while the directive is open: after it closes, the unit could not resubmit.

Each step sends a signal (`reports.signals`) after which the notifications app tells the people concerned,
once the transaction has committed.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.core.audit import record
from lantoa.directives.models import IN_FORCE_STATES, Assignment, Directive, DirectiveState
from lantoa.indicators.models import Indicator
from lantoa.reports.models import ManualFigure, Report, ReportSnapshot, ReportState, ReportTransition
from lantoa.reports.selectors import NARRATIVE_FIELDS, can_review, is_report_author, report_content
from lantoa.reports.signals import report_accepted, report_reopened, report_returned, report_submitted


class ReportError(ValidationError):
    """A change the report's state does not allow; the message says what to do instead."""


class Action:
    EDIT = "edit"
    SUBMIT = "submit"
    RETURN = "return"
    ACCEPT = "accept"
    REOPEN = "reopen"


UNIT = "unit"  # the unit's own reporters, officers and leaders
MANAGER = "manager"  # the directive's managers (officers, leaders of the office or the issuer)


@dataclass(frozen=True)
class Rule:
    sources: frozenset[str]
    target: str | None  # None: the action changes the content, not the state
    by: str
    directive_states: frozenset[str]


_EDITABLE = frozenset({ReportState.DRAFT, ReportState.RETURNED})

RULES: dict[str, Rule] = {
    Action.EDIT: Rule(_EDITABLE, None, UNIT, frozenset({DirectiveState.ISSUED})),
    Action.SUBMIT: Rule(_EDITABLE, ReportState.SUBMITTED, UNIT, frozenset({DirectiveState.ISSUED})),
    # A return after the directive is closed would leave the unit unable to resubmit.
    Action.RETURN: Rule(
        frozenset({ReportState.SUBMITTED}), ReportState.RETURNED, MANAGER, frozenset({DirectiveState.ISSUED})
    ),
    Action.ACCEPT: Rule(
        frozenset({ReportState.SUBMITTED}),
        ReportState.ACCEPTED,
        MANAGER,
        frozenset({DirectiveState.ISSUED, DirectiveState.CLOSED}),
    ),
    Action.REOPEN: Rule(
        frozenset({ReportState.ACCEPTED}), ReportState.RETURNED, MANAGER, frozenset({DirectiveState.ISSUED})
    ),
}

# Why each forbidden (action, state) pair is refused, and what to do instead.
REFUSALS: dict[tuple[str, str], str] = {
    (Action.EDIT, ReportState.SUBMITTED): gettext_lazy(
        "Báo cáo đã nộp và đang chờ kiểm tra: chỉ sửa được khi đơn vị đầu mối trả lại."
    ),
    (Action.EDIT, ReportState.ACCEPTED): gettext_lazy(
        "Báo cáo đã được duyệt và đã khóa: không sửa được nữa. Nếu cần bổ sung, hãy liên hệ đơn vị đầu mối."
    ),
    (Action.SUBMIT, ReportState.SUBMITTED): gettext_lazy(
        "Báo cáo đã nộp và đang chờ kiểm tra: không cần nộp lại."
    ),
    (Action.SUBMIT, ReportState.ACCEPTED): gettext_lazy(
        "Báo cáo đã được duyệt và đã khóa: không nộp lại được. Nếu cần bổ sung, hãy liên hệ đơn vị đầu mối."
    ),
    (Action.RETURN, ReportState.DRAFT): gettext_lazy(
        "Đơn vị chưa nộp báo cáo: chỉ trả lại được báo cáo đã nộp. Hãy đôn đốc đơn vị nộp báo cáo."
    ),
    (Action.RETURN, ReportState.RETURNED): gettext_lazy(
        "Báo cáo đã được trả lại và đang chờ đơn vị sửa, nộp lại."
    ),
    (Action.RETURN, ReportState.ACCEPTED): gettext_lazy(
        "Báo cáo đã được duyệt và đã khóa: không trả lại được."
    ),
    (Action.ACCEPT, ReportState.DRAFT): gettext_lazy(
        "Đơn vị chưa nộp báo cáo: chỉ duyệt được báo cáo đã nộp. Hãy đôn đốc đơn vị nộp báo cáo."
    ),
    (Action.ACCEPT, ReportState.RETURNED): gettext_lazy(
        "Báo cáo đang bị trả lại: chờ đơn vị sửa và nộp lại rồi mới duyệt."
    ),
    (Action.ACCEPT, ReportState.ACCEPTED): gettext_lazy("Báo cáo đã được duyệt rồi."),
    (Action.REOPEN, ReportState.DRAFT): gettext_lazy(
        "Báo cáo chưa được duyệt nên không cần mở lại: đơn vị vẫn đang soạn."
    ),
    (Action.REOPEN, ReportState.SUBMITTED): gettext_lazy(
        "Báo cáo chưa được duyệt nên không cần mở lại: hãy trả lại kèm lý do nếu cần sửa."
    ),
    (Action.REOPEN, ReportState.RETURNED): gettext_lazy("Báo cáo đã được trả lại và đang chờ đơn vị sửa."),
}


def allowed_actions(state: str) -> set[str]:
    return {action for action, rule in RULES.items() if state in rule.sources}


def refusal(*, action: str, report: Report) -> str | None:
    """Why `action` is not allowed on `report` in its present state (None: allowed), whoever asks. The
    pages use it to decide which buttons to show; the services use it to refuse."""
    rule = RULES[action]
    if report.state not in rule.sources:
        return str(REFUSALS[(action, report.state)])
    if report.directive.state not in rule.directive_states:
        if report.directive.state not in IN_FORCE_STATES:  # not signed yet: nothing binds the unit
            return _("Văn bản chưa được giao: chưa làm báo cáo được.")
        if rule.by == UNIT:
            return _(
                "Văn bản đã kết thúc: không sửa, nộp báo cáo được nữa. "
                "Nếu cần bổ sung, hãy liên hệ đơn vị đầu mối."
            )
        if action == Action.REOPEN:
            return _(
                "Văn bản đã kết thúc: không mở lại báo cáo được nữa vì đơn vị không thể nộp lại. "
                "Hãy làm việc trực tiếp với đơn vị."
            )
        return _(
            "Văn bản đã kết thúc: không trả lại báo cáo được nữa vì đơn vị không thể nộp lại. "
            "Hãy duyệt báo cáo hoặc làm việc trực tiếp với đơn vị."
        )
    return None


def _check(*, action: str, report: Report, actor) -> None:
    rule = RULES[action]
    if rule.by == UNIT and not is_report_author(actor, report):
        raise PermissionDenied(
            _("Chỉ cán bộ của {unit} được sửa và nộp báo cáo này.").format(unit=report.unit)
        )
    if rule.by == MANAGER and not can_review(actor, report):
        raise PermissionDenied(
            _(
                "Chỉ chuyên viên, lãnh đạo của đơn vị đầu mối hoặc đơn vị ban hành được duyệt, trả lại báo cáo."
            )
        )
    problem = refusal(action=action, report=report)
    if problem:
        raise ReportError(problem, code=f"{action}_refused")


def _locked(report: Report) -> Report:
    """Re-read the report under a row lock so two people acting at once cannot both win."""
    # The directive's office comes along: the messages each step writes name it.
    return (
        Report.objects.select_for_update()
        .select_related("directive", "directive__office", "unit")
        .get(pk=report.pk)
    )


def _transition(*, report: Report, actor, to_state: str, at, reason: str = "") -> ReportTransition:
    return ReportTransition.objects.create(
        report=report, from_state=report.state, to_state=to_state, actor=actor, at=at, reason=reason
    )


@transaction.atomic
def open_reports_for(*, directive: Directive) -> int:
    """One draft report for each unit the directive assigns; idempotent. Returns how many were opened."""
    dues = (
        Assignment.objects.filter(directive=directive)
        .values("unit_id")
        .annotate(latest=Max("due_on"), earliest=Min("due_on"))
    )
    existing = set(Report.objects.filter(directive=directive).values_list("unit_id", flat=True))
    new = [
        Report(directive=directive, unit_id=row["unit_id"], due_on=row["latest"] or directive.report_due)
        for row in dues
        if row["unit_id"] not in existing
    ]
    Report.objects.bulk_create(new, batch_size=1000)
    return len(new)


@transaction.atomic
def save_report(
    *,
    report: Report,
    actor,
    results: str,
    difficulties: str,
    proposals: str,
    manual_figures: Mapping[Indicator, Decimal | int | None] | None = None,
) -> Report:
    """Save the narrative and the typed-in figures. A manual figure of None clears it."""
    report = _locked(report)
    _check(action=Action.EDIT, report=report, actor=actor)
    manual_figures = manual_figures or {}
    allowed = {i.pk for i in report.directive.indicators.all() if not i.is_itemised}
    for indicator, value in manual_figures.items():
        if indicator.pk not in allowed:
            raise ReportError(
                _(
                    "Chỉ tiêu “{name}” được tính từ sổ theo dõi hoặc không thuộc văn bản này: không nhập tay được."
                ).format(name=indicator.name),
                code="not_manual",
            )
        if value is not None and Decimal(value) < 0:
            raise ReportError(
                _("Số liệu “{name}” không được âm: hãy nhập 0 hoặc một số dương.").format(
                    name=indicator.name
                ),
                code="negative",
            )
    changed = []
    for name, value in zip(NARRATIVE_FIELDS, (results, difficulties, proposals), strict=True):
        value = (value or "").strip()
        if getattr(report, name) != value:
            setattr(report, name, value)
            changed.append(name)
    if changed:
        report.save(update_fields=[*changed, "updated_at"])
    existing = {f.indicator_id: f for f in report.manual_figures.all()}
    figures_changed = {}
    for indicator, value in manual_figures.items():
        current = existing.get(indicator.pk)
        if value is None:
            if current is not None:
                current.delete()
                figures_changed[indicator.code] = None
        elif current is None:
            ManualFigure.objects.create(report=report, indicator=indicator, value=value)
            figures_changed[indicator.code] = str(value)
        elif current.value != Decimal(value):
            current.value = value
            current.save(update_fields=["value"])
            figures_changed[indicator.code] = str(value)
    if changed or figures_changed:
        record(
            actor=actor,
            action="report.save",
            obj=report,
            summary=str(report),
            detail={"fields": changed, "manual_figures": figures_changed},
        )
    return report


@transaction.atomic
def submit_report(*, report: Report, actor) -> Report:
    """Submit (or resubmit) the report: freeze what it says into a snapshot, mark it late if the local date
    is past the due date. Lateness is decided by the first submission: a unit that reported on time and
    then corrected a returned report did not report late."""
    report = _locked(report)
    _check(action=Action.SUBMIT, report=report, actor=actor)
    if not report.results.strip():
        raise ReportError(
            _("Hãy ghi kết quả thực hiện (mục “Kết quả thực hiện”) trước khi nộp báo cáo."), code="no_results"
        )
    now = timezone.now()
    content = report_content(report)
    version = report.version + 1
    ReportSnapshot.objects.create(
        report=report, version=version, submitted_by=actor, submitted_at=now, content=content
    )
    transition = _transition(report=report, actor=actor, to_state=ReportState.SUBMITTED, at=now)
    resubmission = report.version > 0
    report.state = ReportState.SUBMITTED
    report.version = version
    report.submitted_at = now
    if report.first_submitted_at is None:
        report.first_submitted_at = now
        report.is_late = report.due_on is not None and timezone.localdate(now) > report.due_on
    report.save(
        update_fields=["state", "version", "submitted_at", "first_submitted_at", "is_late", "updated_at"]
    )
    record(
        actor=actor,
        action="report.resubmit" if resubmission else "report.submit",
        obj=report,
        summary=str(report),
        detail={"version": version, "from": transition.from_state, "late": report.is_late},
    )
    report_submitted.send(sender=Report, report=report, actor=actor, resubmission=resubmission)
    return report


@transaction.atomic
def return_report(*, report: Report, actor, reason: str) -> Report:
    """Send a submitted report back to the unit; the reason tells it what to fix."""
    report = _locked(report)
    _check(action=Action.RETURN, report=report, actor=actor)
    reason = (reason or "").strip()
    if not reason:
        raise ReportError(
            _("Hãy ghi lý do trả lại để đơn vị biết cần sửa, bổ sung gì."), code="reason_required"
        )
    _transition(report=report, actor=actor, to_state=ReportState.RETURNED, at=timezone.now(), reason=reason)
    report.state = ReportState.RETURNED
    report.save(update_fields=["state", "updated_at"])
    record(
        actor=actor, action="report.return", obj=report, summary=reason, detail={"version": report.version}
    )
    report_returned.send(sender=Report, report=report, actor=actor, reason=reason)
    return report


@transaction.atomic
def accept_report(*, report: Report, actor) -> Report:
    """Accept a submitted report; it is locked from then on."""
    report = _locked(report)
    _check(action=Action.ACCEPT, report=report, actor=actor)
    now = timezone.now()
    _transition(report=report, actor=actor, to_state=ReportState.ACCEPTED, at=now)
    report.state = ReportState.ACCEPTED
    report.accepted_at = now
    report.save(update_fields=["state", "accepted_at", "updated_at"])
    record(
        actor=actor,
        action="report.accept",
        obj=report,
        summary=str(report),
        detail={"version": report.version},
    )
    report_accepted.send(sender=Report, report=report, actor=actor)
    return report


@transaction.atomic
def reopen_report(*, report: Report, actor, reason: str) -> Report:
    """Mở lại: the reviewer takes back an acceptance, with the reason; the unit gets the report back to fix
    and resubmit, and its activities unlock. The acceptance stays in the history."""
    report = _locked(report)
    _check(action=Action.REOPEN, report=report, actor=actor)
    reason = (reason or "").strip()
    if not reason:
        raise ReportError(
            _("Hãy ghi lý do mở lại để đơn vị biết cần sửa, bổ sung gì."), code="reason_required"
        )
    _transition(report=report, actor=actor, to_state=ReportState.RETURNED, at=timezone.now(), reason=reason)
    accepted_at = report.accepted_at
    report.state = ReportState.RETURNED
    report.accepted_at = None
    report.save(update_fields=["state", "accepted_at", "updated_at"])
    record(
        actor=actor,
        action="report.reopen",
        obj=report,
        summary=reason,
        detail={
            "version": report.version,
            "accepted_at": accepted_at.isoformat() if accepted_at else None,
        },
    )
    report_reopened.send(sender=Report, report=report, actor=actor, reason=reason)
    return report

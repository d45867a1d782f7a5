"""A directive's life: prepared, submitted for signature (trình ký), signed (ký duyệt) and issued, closed.

A directive speaks in its issuer's name, so it goes out only under the signature of a leader of that issuer.
The officer who prepares it submits it; a leader of the issuer signs it, which issues it, or returns it with a
reason. The same rule holds whether the issuer is a People's Committee (UBND huyện, prepared by its Phòng
VH&TT) or the officer's own unit (a Phòng, a Sở, signed by its own Trưởng phòng, Giám đốc): an officer never
signs. A leader who prepared the directive themselves signs it at once. The states and who moves them, spelled
out in `RULES` and `REFUSALS` below:

                   submit (preparer)              approve (signer)
    draft ─────────────────────────▶ pending ──────────────────────▶ issued ──close──▶ closed
      ▲  ╲                            │  │                         ▲    (preparer)
      │   ╲ withdraw (preparer)       │  │ return (signer, reason)  │
      │    ◀──────────────────────────┘  ▼                          │
      │                               returned ──submit──▶ pending   │
      │                                                             │
      └── approve straight from draft or returned (signer) ─────────┘

- preparer: an officer, leader or admin of the issuer, or of its office (`selectors.can_manage`);
- signer: a leader of the issuer itself (`selectors.can_sign`);
- the proposal is edited in draft and returned only: what the leader signs is what goes out;
- submitting and signing both require that nothing stops the directive (`issue_problems`), checked again at
  the signature since the tree may have changed meanwhile.

Every change of state appends a DirectiveTransition (who, when, from, to, why).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.core.audit import record
from lantoa.directives.models import Directive, DirectiveState, DirectiveTransition
from lantoa.directives.selectors import (
    area_family,
    area_of,
    area_q,
    can_manage,
    can_sign,
    resolution_date,
    signers_of,
)
from lantoa.directives.signals import directive_issued, directive_returned, directive_submitted
from lantoa.units.models import Membership, Role


class DirectiveError(ValidationError):
    """A change the directive's state or content does not allow; the message says what to do."""


class Action:
    EDIT = "edit"
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    APPROVE = "approve"
    RETURN = "return"
    CLOSE = "close"


PREPARER = "preparer"
SIGNER = "signer"


@dataclass(frozen=True)
class Rule:
    sources: frozenset[str]
    target: str | None  # None: the action changes the content, not the state
    by: str


_EDITABLE = frozenset({DirectiveState.DRAFT, DirectiveState.RETURNED})

RULES: dict[str, Rule] = {
    Action.EDIT: Rule(_EDITABLE, None, PREPARER),
    Action.SUBMIT: Rule(_EDITABLE, DirectiveState.PENDING, PREPARER),
    Action.WITHDRAW: Rule(frozenset({DirectiveState.PENDING}), DirectiveState.DRAFT, PREPARER),
    Action.APPROVE: Rule(_EDITABLE | {DirectiveState.PENDING}, DirectiveState.ISSUED, SIGNER),
    Action.RETURN: Rule(frozenset({DirectiveState.PENDING}), DirectiveState.RETURNED, SIGNER),
    Action.CLOSE: Rule(frozenset({DirectiveState.ISSUED}), DirectiveState.CLOSED, PREPARER),
}

_ISSUED_ALREADY = gettext_lazy("Văn bản đã được ký duyệt và giao nhiệm vụ")
_CLOSED = gettext_lazy("Văn bản đã kết thúc")
_NOT_ISSUED = gettext_lazy("Chỉ kết thúc được văn bản đã giao.")

# Why each forbidden (action, state) pair is refused, and what to do instead.
REFUSALS: dict[tuple[str, str], str] = {
    (Action.EDIT, DirectiveState.PENDING): gettext_lazy(
        "Văn bản đang chờ lãnh đạo ký duyệt nên không sửa được. Nếu cần sửa, hãy rút lại văn bản đã trình ký."
    ),
    (Action.EDIT, DirectiveState.ISSUED): gettext_lazy(
        "Văn bản đã giao; không sửa nhiệm vụ và đơn vị được nữa."
    ),
    (Action.EDIT, DirectiveState.CLOSED): gettext_lazy("Văn bản đã kết thúc; không sửa được nữa."),
    (Action.SUBMIT, DirectiveState.PENDING): gettext_lazy(
        "Văn bản đã trình ký và đang chờ lãnh đạo ký duyệt: không cần trình lại."
    ),
    (Action.SUBMIT, DirectiveState.ISSUED): gettext_lazy(
        "Văn bản đã được ký duyệt và giao nhiệm vụ: không trình ký lại được."
    ),
    (Action.SUBMIT, DirectiveState.CLOSED): gettext_lazy("Văn bản đã kết thúc: không trình ký được."),
    (Action.WITHDRAW, DirectiveState.DRAFT): gettext_lazy("Văn bản chưa trình ký: không có gì để rút lại."),
    (Action.WITHDRAW, DirectiveState.RETURNED): gettext_lazy(
        "Văn bản đã được trả lại: hãy sửa rồi trình ký lại."
    ),
    (Action.WITHDRAW, DirectiveState.ISSUED): gettext_lazy(
        "Văn bản đã được ký duyệt và giao nhiệm vụ: không rút lại được."
    ),
    (Action.WITHDRAW, DirectiveState.CLOSED): gettext_lazy("Văn bản đã kết thúc: không rút lại được."),
    (Action.APPROVE, DirectiveState.ISSUED): gettext_lazy("Văn bản đã được ký duyệt và giao nhiệm vụ rồi."),
    (Action.APPROVE, DirectiveState.CLOSED): gettext_lazy("Văn bản đã kết thúc: không ký duyệt được."),
    (Action.RETURN, DirectiveState.DRAFT): gettext_lazy(
        "Văn bản chưa được trình ký: không có gì để trả lại."
    ),
    (Action.RETURN, DirectiveState.RETURNED): gettext_lazy(
        "Văn bản đã được trả lại và đang chờ chuyên viên sửa, trình ký lại."
    ),
    (Action.RETURN, DirectiveState.ISSUED): gettext_lazy(
        "Văn bản đã được ký duyệt và giao nhiệm vụ: không trả lại được. Nếu cần dừng, hãy kết thúc văn bản."
    ),
    (Action.RETURN, DirectiveState.CLOSED): gettext_lazy("Văn bản đã kết thúc: không trả lại được."),
    (Action.CLOSE, DirectiveState.DRAFT): _NOT_ISSUED,
    (Action.CLOSE, DirectiveState.PENDING): _NOT_ISSUED,
    (Action.CLOSE, DirectiveState.RETURNED): _NOT_ISSUED,
    (Action.CLOSE, DirectiveState.CLOSED): gettext_lazy("Văn bản đã kết thúc rồi."),
}


def allowed_actions(state: str) -> set[str]:
    return {action for action, rule in RULES.items() if state in rule.sources}


def refusal(*, action: str, directive: Directive) -> str | None:
    """Why `action` is not allowed on `directive` in its present state (None: allowed), whoever asks. The
    pages use it to decide what to offer; the services use it to refuse."""
    if directive.state in RULES[action].sources:
        return None
    return str(REFUSALS[(action, directive.state)])


def check(*, action: str, directive: Directive, actor) -> None:
    """Refuse the action unless this person may take it and the directive's state allows it."""
    rule = RULES[action]
    if rule.by == PREPARER and not can_manage(actor, directive):
        raise PermissionDenied(
            _("Chỉ chuyên viên, lãnh đạo của cơ quan ban hành hoặc đơn vị đầu mối được làm việc này.")
        )
    if rule.by == SIGNER and not can_sign(actor, directive):
        raise PermissionDenied(
            _("Chỉ lãnh đạo của {issuer} được ký duyệt hoặc trả lại văn bản nhân danh {issuer}.").format(
                issuer=directive.issuer
            )
        )
    problem = refusal(action=action, directive=directive)
    if problem:
        raise DirectiveError(problem, code=f"{action}_refused")


def _locked(directive: Directive) -> Directive:
    """Re-read the directive under a row lock so two people acting at once cannot both win."""
    return Directive.objects.select_for_update().select_related("issuer", "office").get(pk=directive.pk)


def _move(*, directive: Directive, actor, to_state: str, reason: str = "") -> DirectiveTransition:
    transition = DirectiveTransition.objects.create(
        directive=directive, from_state=directive.state, to_state=to_state, actor=actor, reason=reason
    )
    directive.state = to_state
    return transition


def issue_problems(directive: Directive) -> list[str]:
    """What still stops the directive from going out, in words the officer can act on."""
    problems = []
    if not directive.assignments.exists():
        problems.append(_("Chưa giao nhiệm vụ cho đơn vị nào."))
    # Every task goes to someone: a task nobody is given would be signed and then silently done by no one.
    for task in directive.tasks.filter(unresolved=[], assignments__isnull=True).order_by("position", "pk"):
        problems.append(
            _("Nhiệm vụ {n} chưa giao cho đơn vị nào: hãy chọn đơn vị hoặc bỏ nhiệm vụ.").format(
                n=task.position
            )
        )
    for task in directive.tasks.exclude(unresolved=[]):
        for item in task.unresolved:
            problems.append(
                _("Nhiệm vụ {n}: chưa xác định được đơn vị “{text}” — hãy chọn đơn vị hoặc bỏ qua.").format(
                    n=task.position, text=item.get("text", "")
                )
            )
    day = resolution_date(directive)
    if not directive.issuer.is_open_on(day):
        problems.append(
            _(
                "{issuer} không hoạt động vào ngày của văn bản ({day}): không giao nhiệm vụ nhân danh đơn vị "
                "này được. Hãy kiểm tra ngày ban hành của văn bản."
            ).format(issuer=directive.issuer, day=day.strftime("%d/%m/%Y"))
        )
    if directive.assignments.filter(due_on__isnull=True).exists():
        problems.append(_("Có đơn vị chưa có hạn báo cáo: hãy nhập hạn báo cáo của văn bản."))
    area = area_of(directive)
    names = []
    if area is not None:
        outside = directive.assignments.exclude(area_q(area_family(area), prefix="unit__"))
        names = sorted(
            {short or name for short, name in outside.values_list("unit__short_name", "unit__name")}
        )
    if names:
        problems.append(
            _("{units} không thuộc địa bàn của {area}: hãy bỏ các đơn vị này khỏi nhiệm vụ.").format(
                units=", ".join(names), area=area
            )
        )
    return problems


def _fill_deadlines(directive: Directive) -> None:
    # A unit with no deadline of its own has the directive's.
    if directive.report_due:
        directive.assignments.filter(due_on__isnull=True).update(due_on=directive.report_due)


def _require_ready(directive: Directive) -> None:
    _fill_deadlines(directive)
    problems = issue_problems(directive)
    if problems:
        raise DirectiveError(problems)


@transaction.atomic
def submit_for_signature(*, directive: Directive, actor, note: str = "") -> Directive:
    """Trình ký: the prepared directive goes to the issuer's leaders, and is locked until one of them signs or
    returns it (or the officer withdraws it)."""
    directive = _locked(directive)
    check(action=Action.SUBMIT, directive=directive, actor=actor)
    _require_ready(directive)
    if not signers_of(directive.issuer).exists():
        raise DirectiveError(
            _(
                "{issuer} chưa có lãnh đạo nào trong Lantoa để ký duyệt: đề nghị quản trị hệ thống cấp vai trò "
                "“Lãnh đạo” của {issuer} cho người ký, rồi trình ký lại."
            ).format(issuer=directive.issuer),
            code="no_signer",
        )
    note = note.strip()
    _move(directive=directive, actor=actor, to_state=DirectiveState.PENDING, reason=note)
    directive.submitted_by = actor
    directive.submitted_at = timezone.now()
    directive.save(update_fields=["state", "submitted_by", "submitted_at", "updated_at"])
    directive_submitted.send(sender=Directive, directive=directive, actor=actor, note=note)
    record(actor=actor, action="directive.submit", obj=directive, summary=note[:500] or str(directive))
    return directive


@transaction.atomic
def withdraw_submission(*, directive: Directive, actor) -> Directive:
    """Rút lại: the officer takes back a directive waiting for signature, to correct it."""
    directive = _locked(directive)
    check(action=Action.WITHDRAW, directive=directive, actor=actor)
    _move(directive=directive, actor=actor, to_state=DirectiveState.DRAFT)
    directive.save(update_fields=["state", "updated_at"])
    record(actor=actor, action="directive.withdraw", obj=directive, summary=str(directive))
    return directive


@transaction.atomic
def return_directive(*, directive: Directive, actor, reason: str) -> Directive:
    """Trả lại: the leader sends the directive back to the officer, saying what to change."""
    directive = _locked(directive)
    check(action=Action.RETURN, directive=directive, actor=actor)
    reason = (reason or "").strip()
    if not reason:
        raise DirectiveError(
            _("Hãy ghi lý do trả lại để chuyên viên biết cần sửa gì."), code="reason_required"
        )
    _move(directive=directive, actor=actor, to_state=DirectiveState.RETURNED, reason=reason)
    directive.save(update_fields=["state", "updated_at"])
    directive_returned.send(sender=Directive, directive=directive, actor=actor, reason=reason)
    record(actor=actor, action="directive.return", obj=directive, summary=reason[:500])
    return directive


def _leader_title(actor, directive: Directive) -> str:
    membership = (
        Membership.objects.filter(user=actor, unit=directive.issuer, role=Role.LEADER, is_active=True)
        .exclude(title="")
        .first()
    )
    return membership.title.upper() if membership else ""


@transaction.atomic
def approve_directive(*, directive: Directive, actor) -> Directive:
    """Ký duyệt: a leader of the issuer signs, which issues the directive: its assignments become binding and
    every assigned unit gets a report to write."""
    directive = _locked(directive)
    check(action=Action.APPROVE, directive=directive, actor=actor)
    _require_ready(directive)
    _move(directive=directive, actor=actor, to_state=DirectiveState.ISSUED)
    now = timezone.now()
    directive.signed_by, directive.signed_at, directive.issued_at = actor, now, now
    if not directive.issued_on:
        directive.issued_on = timezone.localdate()
    fields = ["state", "signed_by", "signed_at", "issued_at", "issued_on", "updated_at"]
    # The signature block of a directive typed in without one is the leader's who signed it.
    if not directive.signer_name and not directive.signer_position:
        # Vietnamese order: họ then tên ("Lê Văn Minh").
        directive.signer_name = f"{actor.last_name} {actor.first_name}".strip() or actor.get_username()
        directive.signer_position = _leader_title(actor, directive)
        fields += ["signer_name", "signer_position"]
    directive.save(update_fields=fields)
    directive_issued.send(sender=Directive, directive=directive)
    record(
        actor=actor,
        action="directive.issue",
        obj=directive,
        summary=str(directive),
        detail={"units": directive.assignments.values("unit").distinct().count()},
    )
    return directive


@transaction.atomic
def close_directive(*, directive: Directive, actor, reason: str = "") -> Directive:
    directive = _locked(directive)
    check(action=Action.CLOSE, directive=directive, actor=actor)
    _move(directive=directive, actor=actor, to_state=DirectiveState.CLOSED, reason=reason)
    directive.save(update_fields=["state", "updated_at"])
    record(actor=actor, action="directive.close", obj=directive, summary=reason)
    return directive

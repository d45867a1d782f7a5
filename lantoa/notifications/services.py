"""Every write of reminders: the run that chases late reports, the e-mails it sends, reading messages,
choosing how to be reminded.

A run (`run_reminders`) works for one day. For each issued directive it finds the reports that are still
being written (draft or returned) whose due date makes today an occasion ("before-3", "before-1", "due",
"overdue-<date>"), creates one `Reminder` per report and occasion (the unique key makes a second run a
no-op), writes the in-app messages to the unit's reporters and leaders, one collective summary to the
office's officers, and then sends every e-mail still owed — including those a broken mail server refused on
an earlier run. A reminder's `sent_at` is set only once all of its e-mails went out.
"""

import contextlib
import datetime
import logging
import smtplib
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.core.audit import audit_event, record
from lantoa.core.models import AuditEvent
from lantoa.directives.models import Directive, DirectiveState
from lantoa.directives.selectors import can_manage, office_serves_issuer_q
from lantoa.notifications.delivery import addresses, forget_unread, notify
from lantoa.notifications.models import (
    Channel,
    Message,
    MessageKind,
    NotificationPreference,
    Reminder,
    ReminderKind,
    ReminderPolicy,
)
from lantoa.reports.models import Report, ReportState
from lantoa.units.models import Membership, Role

logger = logging.getLogger(__name__)

# Only a report that is still being written is chased: never one submitted or accepted.
OPEN_STATES = (ReportState.DRAFT, ReportState.RETURNED)
UNIT_ROLES = (Role.REPORTER, Role.LEADER)
# Errors about one message (a refused address); any other error means the server is down for this run.
ONE_MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


@dataclass(frozen=True)
class Policy:
    enabled: bool = True
    days_before: tuple[int, ...] = (3, 1)
    on_due_day: bool = True
    overdue_every_days: int = 2
    escalate_after: int = 3


DEFAULT_POLICY = Policy()


def policy_of(directive: Directive) -> Policy:
    """The directive's policy; a directive nobody configured gets the defaults."""
    try:
        row = directive.reminder_policy
    except ReminderPolicy.DoesNotExist:
        return DEFAULT_POLICY
    days = tuple(sorted({int(d) for d in (row.days_before or []) if int(d) > 0}, reverse=True))
    return Policy(
        enabled=row.enabled,
        days_before=days,
        on_due_day=row.on_due_day,
        overdue_every_days=row.overdue_every_days,
        escalate_after=row.escalate_after,
    )


def occasion(policy: Policy, due_on: datetime.date, today: datetime.date) -> tuple[str, str] | None:
    """(kind, key) when `today` is a reminding day for a report due on `due_on`, else None."""
    if not policy.enabled:
        return None
    days_left = (due_on - today).days
    if days_left > 0:
        if days_left in policy.days_before:
            return ReminderKind.BEFORE, f"before-{days_left}"
        return None
    if days_left == 0:
        return (ReminderKind.DUE, "due") if policy.on_due_day else None
    every = policy.overdue_every_days
    if every and (-days_left) % every == 0:
        return ReminderKind.OVERDUE, f"overdue-{today.isoformat()}"
    return None


def absolute(path: str) -> str:
    return settings.LANTOA_BASE_URL.rstrip("/") + path


def _date(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def _when(kind: str, due_on: datetime.date, today: datetime.date) -> str:
    days = (due_on - today).days
    if kind == ReminderKind.BEFORE:
        return _("Còn {n} ngày nữa là đến hạn nộp ({due}).").format(n=days, due=_date(due_on))
    if kind == ReminderKind.DUE:
        return _("Hôm nay ({due}) là hạn nộp.").format(due=_date(due_on))
    return _("Đã quá hạn nộp {n} ngày (hạn {due}).").format(n=-days, due=_date(due_on))


def _missing(report: Report) -> str:
    if report.state == ReportState.RETURNED:
        return _("Báo cáo đã bị trả lại để bổ sung và chưa được nộp lại.")
    return _("Đơn vị chưa nộp báo cáo kết quả thực hiện.")


def _forget_unread(user_ids) -> None:
    forget_unread(user_ids)


# --- the plan: who would be reminded today, and why --------------------------------------------------------


@dataclass
class Planned:
    report: Report
    kind: str
    key: str
    due_on: datetime.date
    recipients: list = field(default_factory=list)  # (user, email address or "")


@dataclass
class DirectivePlan:
    directive: Directive
    policy: Policy
    reminders: list[Planned] = field(default_factory=list)
    office: list = field(default_factory=list)  # (user, email address or "")


def _addresses(users) -> dict[int, str]:
    """The e-mail address each person wants reminders at now ("" = in-app only, or in the daily digest)."""
    return addresses(users)


def plan_reminders(*, today: datetime.date) -> list[DirectivePlan]:
    """What a run on `today` would write; reads only (a fixed number of queries, whatever the size)."""
    directives = {
        d.pk: d
        # A directive whose office does not serve its issuer was never legitimately prepared: nobody is
        # chased in its name, and its office is told nothing.
        for d in Directive.objects.filter(
            office_serves_issuer_q(), state=DirectiveState.ISSUED
        ).select_related("reminder_policy", "office", "issuer")
    }
    policies = {pk: policy_of(d) for pk, d in directives.items()}
    horizon = max((max(p.days_before, default=0) for p in policies.values()), default=0)
    reports = (
        Report.objects.filter(directive_id__in=list(directives), state__in=OPEN_STATES)
        .filter(due_on__isnull=False, due_on__lte=today + datetime.timedelta(days=horizon))
        .select_related("unit")
        .order_by("directive_id", "unit__name")
    )
    plans: dict[int, DirectivePlan] = {}
    for report in reports:
        report.directive = directives[report.directive_id]
        found = occasion(policies[report.directive_id], report.due_on, today)
        if found is None:
            continue
        plan = plans.setdefault(
            report.directive_id,
            DirectivePlan(directive=report.directive, policy=policies[report.directive_id]),
        )
        plan.reminders.append(Planned(report=report, kind=found[0], key=found[1], due_on=report.due_on))
    if not plans:
        return []
    planned = [p for plan in plans.values() for p in plan.reminders]
    done = set(
        Reminder.objects.filter(
            report_id__in=[p.report.pk for p in planned], key__in={p.key for p in planned}
        ).values_list("report_id", "key")
    )
    for plan in plans.values():
        plan.reminders = [p for p in plan.reminders if (p.report.pk, p.key) not in done]
    unit_ids = {p.report.unit_id for plan in plans.values() for p in plan.reminders}
    office_ids = {plan.directive.office_id for plan in plans.values()}
    memberships = list(
        Membership.objects.filter(is_active=True, user__is_active=True)
        .filter(Q(unit_id__in=unit_ids, role__in=UNIT_ROLES) | Q(unit_id__in=office_ids, role=Role.OFFICER))
        .select_related("user")
        .order_by("user__username")
    )
    addresses = _addresses({m.user for m in memberships})
    by_unit, by_office = defaultdict(dict), defaultdict(dict)
    for m in memberships:
        target = by_unit if m.role in UNIT_ROLES else by_office
        target[m.unit_id][m.user.pk] = (m.user, addresses[m.user.pk])
    result = []
    for plan in plans.values():
        if not plan.reminders:
            continue
        for p in plan.reminders:
            p.recipients = list(by_unit[p.report.unit_id].values())
        plan.office = list(by_office[plan.directive.office_id].values())
        result.append(plan)
    return result


def describe(plans: list[DirectivePlan], today: datetime.date) -> list[str]:
    """The dry run's account: who would be reminded, and why."""
    lines = []
    for plan in plans:
        lines.append(f"{plan.directive}:")
        for p in plan.reminders:
            people = ", ".join(
                f"{u.username}" + (f" <{email}>" if email else " (" + _("chỉ trong Lantoa") + ")")
                for u, email in p.recipients
            ) or _("không có ai nhận (đơn vị chưa có cán bộ báo cáo, lãnh đạo)")
            lines.append(f"  [{p.key}] {p.report.unit} — {_when(p.kind, p.due_on, today)} → {people}")
        officers = ", ".join(u.username for u, _email in plan.office) or "—"
        lines.append(
            "  "
            + _("Tổng hợp gửi chuyên viên {office}: {people}").format(
                office=plan.directive.office, people=officers
            )
        )
    return lines


# --- the run ---------------------------------------------------------------------------------------------


@dataclass
class RunResult:
    today: datetime.date
    reminders: int = 0
    messages: int = 0
    summaries: int = 0
    emails_sent: int = 0
    emails_failed: int = 0
    digests: int = 0
    lines: list[str] = field(default_factory=list)


def _reminder_message(p: Planned, today: datetime.date) -> tuple[str, str, str]:
    directive = p.report.directive
    url = absolute(reverse("reports:detail", args=[p.report.pk]))
    subject = _("Nhắc báo cáo: {unit} — {directive}").format(unit=p.report.unit, directive=directive)[:255]
    body = "\n".join(
        [
            _("Kính gửi {unit},").format(unit=p.report.unit),
            _("{missing} Văn bản: {directive}.").format(missing=_missing(p.report), directive=directive),
            _when(p.kind, p.due_on, today),
            _("Mở báo cáo để hoàn thành và bấm “Nộp báo cáo”: {url}").format(url=url),
        ]
    )
    return subject, body, url


def _summary_message(
    plan: DirectivePlan, created: list[Planned], escalated: int, today: datetime.date
) -> tuple[str, str, str]:
    directive = plan.directive
    url = absolute(reverse("reports:review", args=[directive.pk]))
    subject = _("{n} đơn vị chưa báo cáo: {directive}").format(n=len(created), directive=directive)[:255]
    lines = [
        _("{n} đơn vị chưa báo cáo: {units}.").format(
            n=len(created), units=", ".join(str(p.report.unit) for p in created)
        ),
        _("Hạn nộp: {due}. Các đơn vị đã được nhắc hôm nay ({today}).").format(
            due=", ".join(sorted({_date(p.due_on) for p in created})), today=_date(today)
        ),
        _("Theo dõi báo cáo các đơn vị: {url}").format(url=url),
    ]
    if escalated:
        lines.append(
            _(
                "{n} đơn vị đã được nhắc quá hạn từ {times} lần trở lên: có thể tải dự thảo công văn đôn đốc tại {url}"
            ).format(
                n=escalated,
                times=plan.policy.escalate_after,
                url=absolute(reverse("notifications:dunning", args=[directive.pk])),
            )
        )
    return subject, "\n".join(lines), url


def _messages_for(recipients, *, reminder, directive, subject, body, url) -> list[Message]:
    return [
        Message(
            recipient=user,
            reminder=reminder,
            directive=directive,
            subject=subject,
            body=body,
            url=url,
            email_to=email,
            kind=MessageKind.REMINDER if reminder is not None else MessageKind.SUMMARY,
        )
        for user, email in recipients
    ]


def _create_reminders(planned: list[Planned]) -> list[tuple[Planned, Reminder]]:
    """The reminders of every directive of the run, written in one INSERT per 1,000 whatever their number
    (a national run writes thousands). Only when another run wrote some of the same occasions meanwhile
    (the unique key refuses the batch) are they written one by one, skipping those."""
    reminders = [Reminder(report=p.report, kind=p.kind, key=p.key, due_on=p.due_on) for p in planned]
    try:
        with transaction.atomic():
            Reminder.objects.bulk_create(reminders, batch_size=1000)
    except IntegrityError:
        written = []
        for p in planned:
            try:
                with transaction.atomic():
                    reminder = Reminder.objects.create(
                        report=p.report, kind=p.kind, key=p.key, due_on=p.due_on
                    )
            except IntegrityError:
                continue  # another run wrote this occasion in the meantime
            written.append((p, reminder))
        return written
    return list(zip(planned, reminders, strict=True))


def _escalated_counts(plans: list[DirectivePlan]) -> dict[int, int]:
    """For each directive of the run, how many of its open reports were reminded past due at least its
    policy's `escalate_after` times (`late_reports(...).count()`), in one query for all of them."""
    overdue = (
        Report.objects.filter(directive_id__in=[plan.directive.pk for plan in plans], state__in=OPEN_STATES)
        .annotate(overdue=Count("reminders", filter=Q(reminders__kind=ReminderKind.OVERDUE)))
        .filter(overdue__gte=1)
        .values_list("directive_id", "overdue")
    )
    threshold = {plan.directive.pk: max(1, plan.policy.escalate_after) for plan in plans}
    counts: dict[int, int] = defaultdict(int)
    for directive_id, times in overdue:
        if times >= threshold[directive_id]:
            counts[directive_id] += 1
    return counts


@transaction.atomic
def _write_plans(plans: list[DirectivePlan], today: datetime.date, result: RunResult) -> None:
    """Every directive's reminders, messages and audit rows, each kind in one bulk INSERT: the number of
    queries does not grow with the number of reminders nor of directives."""
    created: dict[int, list[Planned]] = defaultdict(list)
    messages: list[Message] = []
    for p, reminder in _create_reminders([p for plan in plans for p in plan.reminders]):
        subject, body, url = _reminder_message(p, today)
        messages += _messages_for(
            p.recipients, reminder=reminder, directive=p.report.directive, subject=subject, body=body, url=url
        )
        created[p.report.directive_id].append(p)
    plans = [plan for plan in plans if created[plan.directive.pk]]
    if not plans:
        return
    escalated = _escalated_counts(plans)
    summaries: list[Message] = []
    events = []
    for plan in plans:
        done = created[plan.directive.pk]
        subject, body, url = _summary_message(plan, done, escalated[plan.directive.pk], today)
        summaries += _messages_for(
            plan.office, reminder=None, directive=plan.directive, subject=subject, body=body, url=url
        )
        events.append(
            audit_event(
                actor=None,
                action="reminders.create",
                obj=plan.directive,
                summary=subject,
                detail={
                    "today": today.isoformat(),
                    "reminders": [[p.report.pk, p.key] for p in done],
                    "escalated": escalated[plan.directive.pk],
                },
            )
        )
        result.reminders += len(done)
    Message.objects.bulk_create(messages + summaries, batch_size=1000)
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    _forget_unread({m.recipient_id for m in messages + summaries})
    result.messages += len(messages)
    result.summaries += len(summaries)


def deliver_pending_emails(*, result: RunResult | None = None) -> RunResult:
    """Send every e-mail still owed, then mark the reminders whose e-mails have all gone out.

    A mail server that cannot be reached never stops the run: the error is logged and kept on the
    reminder (attempts + 1, last_error), the message stays pending and the next run tries again."""
    result = result or RunResult(today=timezone.localdate())
    pending = list(Message.objects.filter(emailed_at__isnull=True).exclude(email_to="").order_by("pk"))
    errors: dict[int | None, str] = {}
    sent: list[int] = []
    tried: set[int] = {m.reminder_id for m in pending if m.reminder_id}
    if pending:
        connection = get_connection(fail_silently=False)
        down = ""  # set when the server itself fails: the rest wait for the next run instead of timing out
        for message in pending:
            if down:
                errors[message.reminder_id] = down
                result.emails_failed += 1
                continue
            mail = EmailMessage(
                subject=message.subject, body=message.body, to=[message.email_to], connection=connection
            )
            try:
                connection.send_messages([mail])
            except (smtplib.SMTPException, OSError) as exc:  # SMTPException is an OSError too
                error = f"{type(exc).__name__}: {exc}"
                errors[message.reminder_id] = error
                result.emails_failed += 1
                logger.warning("reminder e-mail %s to %s not sent: %s", message.pk, message.email_to, exc)
                if not isinstance(exc, ONE_MESSAGE_ERRORS):
                    down = error
                continue
            sent.append(message.pk)
            result.emails_sent += 1
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()
    with transaction.atomic():
        now = timezone.now()
        Message.objects.filter(pk__in=sent).update(emailed_at=now)
        # One UPDATE per distinct error (a server that is down gives them all the same one).
        failed: dict[str, list[int]] = defaultdict(list)
        for reminder_id, error in errors.items():
            if reminder_id is not None:
                failed[error[:2000]].append(reminder_id)
        for error, reminder_ids in failed.items():
            Reminder.objects.filter(pk__in=reminder_ids).update(last_error=error)
        # A reminder is sent when none of its e-mails is still owed (in-app only: at once).
        unsent = Reminder.objects.filter(sent_at__isnull=True)
        owed = Message.objects.filter(reminder=OuterRef("pk"), emailed_at__isnull=True).exclude(email_to="")
        attempted = unsent.filter(Q(pk__in=tried) | ~Exists(owed))
        attempted_ids = list(attempted.values_list("pk", flat=True))
        Reminder.objects.filter(pk__in=attempted_ids).update(attempts=F("attempts") + 1)
        Reminder.objects.filter(pk__in=attempted_ids).exclude(Exists(owed)).update(sent_at=now, last_error="")
    return result


def run_reminders(*, today: datetime.date | None = None, dry_run: bool = False) -> RunResult:
    """One run for `today` (default: the local date). Safe to repeat: nothing is ever sent twice."""
    today = today or timezone.localdate()
    result = RunResult(today=today)
    plans = plan_reminders(today=today)
    if dry_run:
        result.lines = describe(plans, today)
        owed = Message.objects.filter(emailed_at__isnull=True).exclude(email_to="").count()
        if owed:
            result.lines.append(_("{n} thư điện tử chưa gửi được sẽ được gửi lại.").format(n=owed))
        result.reminders = sum(len(p.reminders) for p in plans)
        return result
    if plans:
        _write_plans(plans, today, result)
    result = deliver_pending_emails(result=result)
    send_digests(today=today, result=result)
    return result


# --- escalation ------------------------------------------------------------------------------------------


def late_reports(directive: Directive, *, policy: Policy | None = None):
    """Reports still being written that were reminded past due at least `escalate_after` times."""
    policy = policy or policy_of(directive)
    return (
        Report.objects.filter(directive=directive, state__in=OPEN_STATES)
        .annotate(overdue=Count("reminders", filter=Q(reminders__kind=ReminderKind.OVERDUE)))
        .filter(overdue__gte=max(1, policy.escalate_after))
    )


# --- reading messages, choosing the channel ---------------------------------------------------------------


@transaction.atomic
def mark_read(*, actor, message: Message) -> Message:
    if message.recipient_id != actor.pk:
        raise PermissionDenied(_("Đây không phải thông báo của bạn."))
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
        _forget_unread([actor.pk])
        record(actor=actor, action="message.read", obj=message, summary=message.subject)
    return message


@transaction.atomic
def mark_all_read(*, actor) -> int:
    count = Message.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
    if count:
        _forget_unread([actor.pk])
        record(actor=actor, action="message.read_all", obj=actor, summary=str(count), detail={"count": count})
    return count


@transaction.atomic
def set_channel(*, actor, channel: str) -> NotificationPreference:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Hãy đăng nhập để chọn cách nhận nhắc việc."))
    preference, _created = NotificationPreference.objects.get_or_create(user=actor)
    if preference.channel != channel:
        old = preference.channel
        preference.channel = Channel(channel)
        preference.save(update_fields=["channel", "updated_at"])
        record(
            actor=actor,
            action="notification_preference.set",
            obj=preference,
            summary=preference.get_channel_display(),
            detail={"from": old, "to": channel},
        )
    return preference


# --- the directive's reminder rules -------------------------------------------------------------------------

DAYS_BEFORE_RANGE = (1, 30)
OVERDUE_EVERY_RANGE = (0, 30)  # 0 = no reminders once the deadline has passed
ESCALATE_AFTER_RANGE = (1, 20)


def _policy_errors(
    days_before: list[int], overdue_every_days: int, escalate_after: int
) -> dict[str, list[str]]:
    # The form checks the same rules; they are repeated here so a write that skips the form cannot store them.
    errors: dict[str, list[str]] = {}
    low, high = DAYS_BEFORE_RANGE
    if any(not isinstance(d, int) or not low <= d <= high for d in days_before):
        errors["days_before"] = [
            _("Mỗi số ngày nhắc trước hạn phải là số nguyên từ {low} đến {high}, ví dụ: 3, 1.").format(
                low=low, high=high
            )
        ]
    elif len(set(days_before)) != len(days_before):
        errors["days_before"] = [_("Mỗi số ngày nhắc trước hạn chỉ gõ một lần, ví dụ: 3, 1.")]
    low, high = OVERDUE_EVERY_RANGE
    if not low <= overdue_every_days <= high:
        errors["overdue_every_days"] = [
            _("Gõ một số từ {low} đến {high} (0 = không nhắc khi đã quá hạn).").format(low=low, high=high)
        ]
    low, high = ESCALATE_AFTER_RANGE
    if not low <= escalate_after <= high:
        errors["escalate_after"] = [_("Gõ một số từ {low} đến {high}.").format(low=low, high=high)]
    return errors


@transaction.atomic
def set_reminder_policy(
    *,
    directive: Directive,
    actor,
    enabled: bool,
    days_before: list[int] | tuple[int, ...],
    on_due_day: bool,
    overdue_every_days: int,
    escalate_after: int,
) -> ReminderPolicy:
    """Change when the directive's late units are chased; the next `lantoa remind` follows the new rules."""
    if not getattr(actor, "is_authenticated", False) or not can_manage(actor, directive):
        raise PermissionDenied(_("Chỉ chuyên viên, lãnh đạo của cơ quan chủ trì được đổi cách nhắc việc."))
    days = list(days_before)
    errors = _policy_errors(days, overdue_every_days, escalate_after)
    if errors:
        raise ValidationError(errors)
    before = policy_of(directive)
    row, _created = ReminderPolicy.objects.select_for_update().get_or_create(directive=directive)
    row.enabled = enabled
    row.days_before = sorted(days, reverse=True)
    row.on_due_day = on_due_day
    row.overdue_every_days = overdue_every_days
    row.escalate_after = escalate_after
    row.save()
    directive.reminder_policy = row  # later reads of this instance see the new rules
    after = policy_of(directive)
    if after != before:
        record(
            actor=actor,
            action="reminder_policy.set",
            obj=row,
            summary=_("Đổi cách nhắc việc: {directive}").format(directive=directive),
            detail={"from": asdict(before), "to": asdict(after)},
        )
    return row


# --- the daily digest -----------------------------------------------------------------------------------


def _digest_body(messages: list[Message], today: datetime.date) -> str:
    lines = [
        _("Thông báo mới trong Lantoa đến ngày {today}:").format(today=_date(today)),
        "",
    ]
    for message in messages:
        lines.append(f"- {timezone.localtime(message.created_at):%H:%M %d/%m} · {message.subject}")
        lines.append(f"  {message.url}")
    lines += [
        "",
        _("Xem tất cả: {url}").format(url=absolute(reverse("notifications:inbox"))),
        _("Đổi cách nhận thông báo: {url}").format(url=absolute(reverse("notifications:preferences"))),
    ]
    return "\n".join(lines)


def send_digests(*, today: datetime.date | None = None, result: RunResult | None = None) -> int:
    """Once a day, one e-mail to each person on the daily digest who has unread messages not yet in one.

    However often `lantoa remind` runs, a person gets at most one digest a day (`last_digest_on`); a digest the
    mail server refused is tried again on the next run, with the messages that came meanwhile."""
    today = today or timezone.localdate()
    preferences = list(
        NotificationPreference.objects.filter(channel=Channel.DIGEST, user__is_active=True)
        .exclude(user__email="")
        .exclude(last_digest_on__gte=today)
        .select_related("user")
    )
    if not preferences:
        return 0
    owed: dict[int, list[Message]] = defaultdict(list)
    for message in Message.objects.filter(
        recipient__in=[p.user for p in preferences], digested_at__isnull=True, read_at__isnull=True
    ).order_by("created_at", "pk"):
        owed[message.recipient_id].append(message)
    sent = 0
    connection = None
    for preference in preferences:
        messages = owed.get(preference.user_id)
        if not messages:
            continue
        connection = connection or get_connection(fail_silently=False)
        subject = _("Lantoa: {n} thông báo mới ({today})").format(n=len(messages), today=_date(today))
        mail = EmailMessage(
            subject=subject,
            body=_digest_body(messages, today),
            to=[preference.user.email],
            connection=connection,
        )
        try:
            connection.send_messages([mail])
        except (smtplib.SMTPException, OSError) as exc:
            logger.warning("digest to %s not sent: %s", preference.user.email, exc)
            if result is not None:
                result.emails_failed += 1
            if not isinstance(exc, ONE_MESSAGE_ERRORS):
                break
            continue
        with transaction.atomic():
            now = timezone.now()
            Message.objects.filter(pk__in=[m.pk for m in messages]).update(digested_at=now)
            NotificationPreference.objects.filter(pk=preference.pk).update(last_digest_on=today)
        sent += 1
    if connection is not None:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()
    if result is not None:
        result.digests += sent
        result.emails_sent += sent
    return sent


# --- "Nhắc ngay": an officer chases one unit now ------------------------------------------------------------

NUDGE_INTERVAL = datetime.timedelta(hours=12)


def nudge_refusal(report: Report, *, now: datetime.datetime | None = None) -> str | None:
    """Why "Nhắc ngay" is not possible on this report now (None: it is), whoever asks."""
    if report.directive.state != DirectiveState.ISSUED:
        return _("Văn bản không còn đang thực hiện: không nhắc đơn vị được nữa.")
    if report.state not in OPEN_STATES:
        return _("{unit} đã nộp báo cáo: không cần nhắc.").format(unit=report.unit)
    now = now or timezone.now()
    last = report.reminders.order_by("-created_at").values_list("created_at", flat=True).first()
    if last is not None and now - last < NUDGE_INTERVAL:
        return _(
            "{unit} vừa được nhắc lúc {at}; có thể nhắc lại sau {again}, để đơn vị không bị làm phiền liên tục."
        ).format(
            unit=report.unit,
            at=timezone.localtime(last).strftime("%H:%M %d/%m/%Y"),
            again=timezone.localtime(last + NUDGE_INTERVAL).strftime("%H:%M %d/%m/%Y"),
        )
    return None


@transaction.atomic
def remind_now(*, report: Report, actor) -> Reminder:
    """ "Nhắc ngay": remind one unit that owes a report now, in-app and by e-mail as each person chose.

    At most once per `NUDGE_INTERVAL` per report (automatic reminders count too); audited."""
    report = Report.objects.select_for_update().select_related("directive", "unit").get(pk=report.pk)
    if not getattr(actor, "is_authenticated", False) or not can_manage(actor, report.directive):
        raise PermissionDenied(_("Chỉ chuyên viên, lãnh đạo của cơ quan chủ trì được nhắc đơn vị."))
    problem = nudge_refusal(report)
    if problem:
        raise ValidationError(problem, code="nudge_refused")
    now = timezone.now()
    today = timezone.localdate(now)
    due = report.due_on or report.directive.report_due or today
    reminder = Reminder.objects.create(
        report=report,
        kind=ReminderKind.MANUAL,
        key=f"manual-{now:%Y%m%d%H%M%S%f}",
        due_on=due,
        created_at=now,
    )
    people = [
        m.user
        for m in Membership.objects.filter(
            unit=report.unit, role__in=UNIT_ROLES, is_active=True, user__is_active=True
        ).select_related("user")
    ]
    url = absolute(reverse("reports:detail", args=[report.pk]))
    body = "\n".join(
        [
            _("Kính gửi {unit},").format(unit=report.unit),
            _("{missing} Văn bản: {directive}.").format(missing=_missing(report), directive=report.directive),
            _when(
                ReminderKind.OVERDUE
                if due < today
                else ReminderKind.DUE
                if due == today
                else ReminderKind.BEFORE,
                due,
                today,
            ),
            _("{office} đề nghị đơn vị hoàn thành và bấm “Nộp báo cáo”: {url}").format(
                office=report.directive.office, url=url
            ),
        ]
    )
    messages = notify(
        people,
        directive=report.directive,
        reminder=reminder,
        subject=_("Nhắc báo cáo: {unit} — {directive}").format(unit=report.unit, directive=report.directive),
        body=body,
        url=url,
        kind=MessageKind.NUDGE,
    )
    if not any(m.email_to for m in messages):
        # Nothing to mail (in-app only, or nobody in the unit yet): the reminder is delivered as it stands.
        reminder.sent_at = now
        reminder.save(update_fields=["sent_at"])
    record(
        actor=actor,
        action="reminders.nudge",
        obj=report,
        summary=str(report),
        detail={"reminder": reminder.pk, "people": len(messages)},
    )
    return reminder

"""Every write to directives, tasks and assignments goes through here."""

import datetime
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.core.audit import record
from lantoa.directives.models import (
    Assignment,
    Directive,
    DirectiveState,
    DirectiveTransition,
    DocType,
    Task,
    TaskRole,
)
from lantoa.directives.selectors import can_manage, resolution_date
from lantoa.directives.signals import directive_issued
from lantoa.documents import DocumentError, ParsedDirective, extract_text, parse_text
from lantoa.indicators.models import Indicator
from lantoa.units.models import Unit
from lantoa.units.names import fold
from lantoa.units.resolve import resolve_units

# An uploaded directive larger than this is refused before it is read.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class DirectiveError(ValidationError):
    """A change the directive's state or content does not allow; the message says what to do."""


def _require_preparer(actor, *, issuer: Unit, office: Unit) -> None:
    """Only people who may manage the result may start a directive, and the office must work for the issuer."""
    if not can_manage(actor, Directive(issuer=issuer, office=office)):
        raise PermissionDenied(
            _("Chỉ chuyên viên, lãnh đạo của đơn vị ban hành hoặc đơn vị đầu mối được làm việc này.")
        )
    if not office.path.startswith(issuer.path):
        raise DirectiveError(
            _("{office} không trực thuộc {issuer}: hãy chọn đơn vị đầu mối thuộc cơ quan ban hành.").format(
                office=office, issuer=issuer
            )
        )


def _require_manager(actor, directive: Directive) -> None:
    if not can_manage(actor, directive):
        raise PermissionDenied(
            _("Chỉ chuyên viên, lãnh đạo của đơn vị ban hành hoặc đơn vị đầu mối được làm việc này.")
        )


def _require_draft(directive: Directive) -> None:
    if directive.state != DirectiveState.DRAFT:
        raise DirectiveError(_("Văn bản đã giao; không sửa nhiệm vụ và đơn vị được nữa."))


def _iso(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def suggest_indicators(texts: Iterable[str]) -> list[Indicator]:
    """Indicators whose keywords appear in the task texts, to pre-select for the officer."""
    haystack = " ".join(fold(" ".join(t.split())) for t in texts)
    return [
        indicator
        for indicator in Indicator.objects.filter(is_active=True)
        if any(fold(keyword) in haystack for keyword in indicator.keywords)
    ]


def _resolve_into(task: Task, *, issuer: Unit, on: datetime.date, default_due: datetime.date | None) -> None:
    """Turn the task's assignee as written into assignments; keep what did not resolve for a person."""
    if not task.assignee_text:
        return
    # What the text says of where it comes from: a letter of another province is not ours to assign.
    directive = task.directive
    resolution = resolve_units(
        task.assignee_text,
        context=issuer,
        on=on,
        place=directive.place,
        issuer=(directive.parsed or {}).get("issuer") or "",
    )
    Assignment.objects.bulk_create(
        [
            Assignment(
                directive=task.directive,
                task=task,
                unit=unit,
                role=task.role,
                due_on=task.due_on or default_due,
            )
            for unit in resolution.units
        ],
        ignore_conflicts=True,
    )
    task.unresolved = [
        {"text": u.text, "reason": u.reason, "suggestions": [s.pk for s in u.suggestions]}
        for u in resolution.unresolved
    ]
    task.save(update_fields=["unresolved"])


@transaction.atomic
def create_directive_from_parse(
    *,
    issuer: Unit,
    office: Unit,
    actor,
    parsed: ParsedDirective,
    source_text: str,
    source_file: File | None = None,
    source_name: str = "",
) -> Directive:
    """A draft directive proposed from what the reader found; a person confirms it before it is issued."""
    _require_preparer(actor, issuer=issuer, office=office)
    data = parsed.to_dict()
    deadline = next(
        (d for d in parsed.report_deadlines if d.date),
        parsed.report_deadlines[0] if parsed.report_deadlines else None,
    )
    signer = parsed.signer
    reference = parsed.references[0] if parsed.references else None
    directive = Directive(
        issuer=issuer,
        office=office,
        doc_type=parsed.doc_type if parsed.doc_type in DocType.values else DocType.OTHER,
        number=parsed.number or "",
        issued_on=_iso(parsed.date),
        place=parsed.place or "",
        subject=parsed.subject or "",
        signer_authority=(signer.authority or "") if signer else "",
        signer_position=(signer.position or "") if signer else "",
        signer_name=(signer.name or "") if signer else "",
        source_text=unicodedata.normalize("NFC", source_text),
        source_name=source_name,
        parsed=data,
        period_start=_iso(parsed.period.start) if parsed.period else None,
        period_end=_iso(parsed.period.end) if parsed.period else None,
        report_due=_iso(deadline.date) if deadline else None,
        report_recurrence=(deadline.recurrence or "") if deadline else "",
        implements_text=_reference_text(reference) if reference else "",
        created_by=actor,
    )
    if source_file is not None:
        directive.source_file.save(source_name or "van-ban", source_file, save=False)
    on = resolution_date(directive)
    if deadline:
        # A letter of another province reports to its own offices, not to ours.
        source = {"place": parsed.place or "", "source_issuer": parsed.issuer or ""}
        directive.report_to = _single_unit(deadline.to, issuer=issuer, on=on, **source)
        directive.report_via = _single_unit(deadline.via, issuer=issuer, on=on, **source)
    if reference and reference.number:
        directive.implements = (
            Directive.objects.filter(number__iexact=reference.number).exclude(pk=directive.pk).first()
        )
    directive.save()
    DirectiveTransition.objects.create(
        directive=directive, from_state="", to_state=DirectiveState.DRAFT, actor=actor
    )

    position = 0
    for assignment in parsed.assignments:
        for parsed_task in assignment.tasks:
            position += 1
            task = Task.objects.create(
                directive=directive,
                position=position,
                text=parsed_task.text,
                span_start=parsed_task.span[0],
                span_end=parsed_task.span[1],
                assignee_text=assignment.unit,
                role=assignment.role if assignment.role in TaskRole.values else TaskRole.PERFORM,
                due_on=_iso(parsed_task.due),
            )
            _resolve_into(task, issuer=issuer, on=on, default_due=directive.report_due)
    directive.indicators.set(suggest_indicators(t.text for a in parsed.assignments for t in a.tasks))
    record(
        actor=actor,
        action="directive.import",
        obj=directive,
        summary=str(directive),
        detail={"file": source_name},
    )
    return directive


def import_directive(
    *, issuer: Unit, office: Unit, actor, upload: UploadedFile | None = None, text: str = ""
) -> Directive:
    """Read an uploaded file or pasted text and propose a draft directive from it.

    Not one transaction on purpose: reading a scan (OCR) can take minutes and must not hold the
    database's write lock; the directive itself is written atomically by create_directive_from_parse,
    so a file that cannot be read leaves nothing behind.
    """
    _require_preparer(actor, issuer=issuer, office=office)
    source_name = ""
    if upload is not None:
        source_name = Path(upload.name or "").name[:255]
        if source_name in {".", ".."}:
            source_name = ""
        if upload.size > MAX_UPLOAD_BYTES:
            raise DirectiveError(
                _("Tệp {name} quá lớn ({size} MB): hãy tải tệp không quá {limit} MB.").format(
                    name=source_name,
                    size=round(upload.size / (1024 * 1024), 1),
                    limit=MAX_UPLOAD_BYTES // (1024 * 1024),
                )
            )
        source_text = _read_upload(upload, source_name)
    else:
        source_text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
        if not source_text.strip():
            raise DirectiveError(_("Hãy chọn tệp văn bản hoặc dán nội dung văn bản vào ô."))
    # The spans of the proposal point into exactly this text, so it is parsed as it will be stored.
    parsed = parse_text(source_text)
    if upload is not None:
        upload.seek(0)
    return create_directive_from_parse(
        issuer=issuer,
        office=office,
        actor=actor,
        parsed=parsed,
        source_text=source_text,
        source_file=upload,
        source_name=source_name,
    )


def _read_upload(upload: UploadedFile, name: str) -> str:
    # The reader works on paths and decides the type from the first bytes; the name only keeps its suffix
    # for the messages it writes.
    with tempfile.TemporaryDirectory(prefix="lantoa-upload-") as folder:
        path = Path(folder) / (name or "van-ban")
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            return extract_text(path)
        except DocumentError as exc:
            raise DirectiveError(str(exc)) from exc


def _reference_text(reference) -> str:
    parts = [reference.type or _("Văn bản")]
    if reference.number:
        parts.append(_("số {number}").format(number=reference.number))
    if reference.date and (day := _iso(reference.date)):
        parts.append(_("ngày {date}").format(date=day.strftime("%d/%m/%Y")))
    if reference.issuer:
        parts.append(_("của {issuer}").format(issuer=reference.issuer))
    return " ".join(parts)[:255]


def _single_unit(
    text: str | None, *, issuer: Unit, on: datetime.date, place: str = "", source_issuer: str = ""
) -> Unit | None:
    if not text:
        return None
    resolution = resolve_units(text, context=issuer, on=on, place=place, issuer=source_issuer)
    units = resolution.units
    return units[0] if len(units) == 1 and not resolution.unresolved else None


@transaction.atomic
def create_directive(*, issuer: Unit, office: Unit, actor, **fields) -> Directive:
    """A directive written from scratch in the same form."""
    _require_preparer(actor, issuer=issuer, office=office)
    directive = Directive.objects.create(issuer=issuer, office=office, created_by=actor, **fields)
    DirectiveTransition.objects.create(
        directive=directive, from_state="", to_state=DirectiveState.DRAFT, actor=actor
    )
    record(actor=actor, action="directive.create", obj=directive, summary=str(directive))
    return directive


EDITABLE_FIELDS = {
    "doc_type",
    "number",
    "issued_on",
    "place",
    "subject",
    "signer_authority",
    "signer_position",
    "signer_name",
    "period_start",
    "period_end",
    "report_due",
    "report_recurrence",
    "report_to",
    "report_via",
    "implements",
    "implements_text",
}


@transaction.atomic
def update_directive(*, directive: Directive, actor, **fields) -> Directive:
    _require_manager(actor, directive)
    _require_draft(directive)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    changed = {k: v for k, v in fields.items() if getattr(directive, k) != v}
    old_due = directive.report_due
    for key, value in changed.items():
        setattr(directive, key, value)
    if directive.period_start and directive.period_end and directive.period_end < directive.period_start:
        raise DirectiveError(_("Ngày kết thúc đợt cao điểm phải sau ngày bắt đầu."))
    directive.save()
    if "report_due" in changed:
        # Units that simply had the directive's deadline follow it; a deadline set for one task or one
        # unit by hand stays.
        directive.assignments.filter(
            Q(due_on=old_due) | Q(due_on__isnull=True), task__due_on__isnull=True
        ).update(due_on=directive.report_due)
    if changed:
        record(actor=actor, action="directive.update", obj=directive, detail={"fields": sorted(changed)})
    return directive


@transaction.atomic
def set_indicators(*, directive: Directive, actor, indicators: Iterable[Indicator]) -> None:
    _require_manager(actor, directive)
    _require_draft(directive)
    indicators = list(indicators)
    directive.indicators.set(indicators)
    record(
        actor=actor,
        action="directive.indicators",
        obj=directive,
        detail={"codes": [i.code for i in indicators]},
    )


@transaction.atomic
def add_task(
    *,
    directive: Directive,
    actor,
    text: str,
    assignee_text: str = "",
    role: str = TaskRole.PERFORM,
    due_on=None,
) -> Task:
    _require_manager(actor, directive)
    _require_draft(directive)
    if not text.strip():
        raise DirectiveError(_("Hãy nhập nội dung nhiệm vụ."))
    last = directive.tasks.order_by("-position").values_list("position", flat=True).first() or 0
    task = Task.objects.create(
        directive=directive,
        position=last + 1,
        text=text.strip(),
        assignee_text=assignee_text.strip(),
        role=role,
        due_on=due_on,
    )
    _resolve_into(
        task, issuer=directive.issuer, on=resolution_date(directive), default_due=directive.report_due
    )
    record(actor=actor, action="task.add", obj=task, summary=task.text[:200])
    return task


@transaction.atomic
def update_task(*, task: Task, actor, text: str | None = None, role: str | None = None, due_on=None) -> Task:
    _require_manager(actor, task.directive)
    _require_draft(task.directive)
    if text is not None:
        if not text.strip():
            raise DirectiveError(_("Hãy nhập nội dung nhiệm vụ."))
        task.text = text.strip()
    if role is not None:
        task.role = role
        task.assignments.update(role=role)
    if due_on != task.due_on:
        # Units that had the task's deadline follow the new one; a unit given its own date keeps it.
        directive = task.directive
        task.assignments.filter(
            Q(due_on=task.due_on or directive.report_due) | Q(due_on__isnull=True)
        ).update(due_on=due_on or directive.report_due)
    task.due_on = due_on
    task.save()
    record(actor=actor, action="task.update", obj=task)
    return task


@transaction.atomic
def remove_task(*, task: Task, actor) -> None:
    _require_manager(actor, task.directive)
    _require_draft(task.directive)
    record(actor=actor, action="task.remove", obj=task, summary=task.text[:200])
    task.delete()


@transaction.atomic
def assign_unit(*, task: Task, unit: Unit, actor, role: str | None = None, due_on=None) -> Assignment:
    directive = task.directive
    _require_manager(actor, directive)
    _require_draft(directive)
    on = resolution_date(directive)
    if not unit.is_open_on(on):
        raise DirectiveError(
            _("{unit} không hoạt động vào ngày {date}.").format(unit=unit, date=on.strftime("%d/%m/%Y"))
        )
    assignment, _created = Assignment.objects.update_or_create(
        task=task,
        unit=unit,
        defaults={
            "directive": directive,
            "role": role or task.role,
            "due_on": due_on or task.due_on or directive.report_due,
        },
    )
    record(actor=actor, action="assignment.set", obj=assignment, summary=f"{unit}")
    return assignment


@transaction.atomic
def assign_units(
    *, task: Task, units: Iterable[Unit], actor, role: str | None = None, due_on=None
) -> list[Assignment]:
    """Give the task to several units at once (ticked in a list, or "every commune")."""
    directive = task.directive
    _require_manager(actor, directive)
    _require_draft(directive)
    units = list(units)
    if not units:
        raise DirectiveError(_("Hãy chọn ít nhất một đơn vị."))
    on = resolution_date(directive)
    closed = [str(unit) for unit in units if not unit.is_open_on(on)]
    if closed:
        raise DirectiveError(
            _("{units} không hoạt động vào ngày {date}: hãy bỏ chọn.").format(
                units=", ".join(closed), date=on.strftime("%d/%m/%Y")
            )
        )
    existing = {a.unit_id: a for a in task.assignments.all()}
    values = {"role": role or task.role, "due_on": due_on or task.due_on or directive.report_due}
    new = []
    for unit in units:
        assignment = existing.get(unit.pk)
        if assignment is None:
            new.append(Assignment(directive=directive, task=task, unit=unit, **values))
        elif role or due_on:
            # Ticking a unit again with a role or date given changes it; otherwise it is left as it was.
            Assignment.objects.filter(pk=assignment.pk).update(**values)
    Assignment.objects.bulk_create(new)
    record(
        actor=actor,
        action="assignment.set_many",
        obj=task,
        summary=", ".join(str(u) for u in units)[:500],
        detail={"units": [u.pk for u in units]},
    )
    return list(task.assignments.filter(unit__in=units))


@transaction.atomic
def unassign(*, assignment: Assignment, actor) -> None:
    _require_manager(actor, assignment.directive)
    _require_draft(assignment.directive)
    record(actor=actor, action="assignment.remove", obj=assignment, summary=str(assignment.unit))
    assignment.delete()


@transaction.atomic
def dismiss_unresolved(*, task: Task, actor, text: str) -> None:
    """The officer has dealt with a name the reader could not place (assigned by hand, or it needs no one)."""
    _require_manager(actor, task.directive)
    _require_draft(task.directive)
    task.unresolved = [u for u in task.unresolved if u.get("text") != text]
    task.save(update_fields=["unresolved"])
    record(actor=actor, action="task.dismiss_unresolved", obj=task, summary=text)


@transaction.atomic
def settle_unresolved(*, task: Task, actor, text: str, unit: Unit) -> Assignment:
    """The officer picks the unit a name the reader could not place stands for: assign it, clear the flag."""
    _require_manager(actor, task.directive)
    if not any(item.get("text") == text for item in task.unresolved):
        raise DirectiveError(_("Tên đơn vị này đã được xử lý; hãy tải lại trang."))
    assignment = assign_unit(task=task, unit=unit, actor=actor)
    dismiss_unresolved(task=task, actor=actor, text=text)
    return assignment


def issue_problems(directive: Directive) -> list[str]:
    """What still stops the directive from being issued, in words the officer can act on."""
    problems = []
    if not directive.assignments.exists():
        problems.append(_("Chưa giao nhiệm vụ cho đơn vị nào."))
    for task in directive.tasks.exclude(unresolved=[]):
        for item in task.unresolved:
            problems.append(
                _("Nhiệm vụ {n}: chưa xác định được đơn vị “{text}” — hãy chọn đơn vị hoặc bỏ qua.").format(
                    n=task.position, text=item.get("text", "")
                )
            )
    if directive.assignments.filter(due_on__isnull=True).exists():
        problems.append(_("Có đơn vị chưa có hạn báo cáo: hãy nhập hạn báo cáo của văn bản."))
    return problems


@transaction.atomic
def issue_directive(*, directive: Directive, actor) -> Directive:
    """Issue the directive: its assignments become binding and every assigned unit gets a report to write."""
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    _require_manager(actor, directive)
    _require_draft(directive)
    if directive.report_due:
        directive.assignments.filter(due_on__isnull=True).update(due_on=directive.report_due)
    problems = issue_problems(directive)
    if problems:
        raise DirectiveError(problems)
    DirectiveTransition.objects.create(
        directive=directive, from_state=directive.state, to_state=DirectiveState.ISSUED, actor=actor
    )
    directive.state = DirectiveState.ISSUED
    directive.issued_at = timezone.now()
    if not directive.issued_on:
        directive.issued_on = timezone.localdate()
    directive.save(update_fields=["state", "issued_at", "issued_on", "updated_at"])
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
    _require_manager(actor, directive)
    if directive.state != DirectiveState.ISSUED:
        raise DirectiveError(_("Chỉ kết thúc được văn bản đã giao."))
    DirectiveTransition.objects.create(
        directive=directive,
        from_state=directive.state,
        to_state=DirectiveState.CLOSED,
        actor=actor,
        reason=reason,
    )
    directive.state = DirectiveState.CLOSED
    directive.save(update_fields=["state", "updated_at"])
    record(actor=actor, action="directive.close", obj=directive, summary=reason)
    return directive

"""Every write that prepares a directive goes through here: reading it into a draft, editing it, giving its
tasks to units. Its life afterwards (trình ký, ký duyệt, trả lại, kết thúc) is in `lifecycle`."""

import datetime
import re
import secrets
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lantoa.core.audit import record
from lantoa.directives.lifecycle import Action, DirectiveError, check
from lantoa.directives.models import (
    Assignment,
    Directive,
    DirectiveState,
    DirectiveTransition,
    DocType,
    Task,
    TaskRole,
)
from lantoa.directives.selectors import (
    area_family,
    area_of,
    gazetteer_for,
    in_area,
    preparing_refusal,
    resolution_date,
)
from lantoa.documents import DocumentError, ParsedDirective, extract_text, parse_text
from lantoa.indicators.models import Indicator
from lantoa.units.models import Unit
from lantoa.units.names import fold
from lantoa.units.resolve import resolve_units

# An uploaded directive larger than this is refused before it is read.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _require_preparer(actor, *, issuer: Unit, office: Unit) -> None:
    """A person starts a directive only in a name they may prepare for, with an office that serves it."""
    problem = preparing_refusal(actor, issuer=issuer, office=office)
    if problem is not None:
        raise PermissionDenied(problem.message) if problem.authority else DirectiveError(problem.message)


def _require_editable(actor, directive: Directive) -> None:
    check(action=Action.EDIT, directive=directive, actor=actor)


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
    """Turn the task's assignee as written into assignments; keep what did not resolve for a person.

    The resolver looks a name up in the whole tree when the issuer's area does not have it; a unit found
    outside the area is not assigned but flagged, for the officer to pick a unit of the area or drop it."""
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
    area = area_of(directive)
    family = area_family(area) if area is not None else []
    inside: dict[int, Unit] = {}
    unresolved = [
        {
            "text": u.text,
            "reason": u.reason,
            "suggestions": [s.pk for s in u.suggestions if in_area(s, area, family)],
        }
        for u in resolution.unresolved
    ]
    for match in resolution.matches:
        outside = [unit for unit in match.units if not in_area(unit, area, family)]
        inside.update((unit.pk, unit) for unit in match.units if in_area(unit, area, family))
        if outside:
            unresolved.append(
                {
                    "text": match.text,
                    "reason": _("{units} không thuộc địa bàn của {area}.").format(
                        units=", ".join(str(unit) for unit in outside), area=area
                    ),
                    "suggestions": [],
                }
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
            for unit in inside.values()
        ],
        ignore_conflicts=True,
    )
    task.unresolved = unresolved
    task.save(update_fields=["unresolved"])


def _require_in_area(directive: Directive, units: Iterable[Unit]) -> None:
    """Assignees lie inside the issuer's area, however the request was made (a form, a forged POST)."""
    area = area_of(directive)
    family = area_family(area) if area is not None else []
    outside = [str(unit) for unit in units if not in_area(unit, area, family)]
    if outside:
        raise DirectiveError(
            _(
                "{units} không thuộc địa bàn của {area}: chỉ giao nhiệm vụ cho đơn vị thuộc địa bàn này."
            ).format(units=", ".join(outside), area=area),
            code="outside_area",
        )


_SENDS_BACK = re.compile(r"báo\s+cáo|gửi|nộp|ý\s+kiến", re.I)


def _report_deadline(parsed: ParsedDirective):
    """The deadline for the report back: one that names where to send it or says "báo cáo", before the
    dates by which a task is to be finished ("hoàn thành trước ngày 05/11" is the task's own due date)."""
    found = parsed.report_deadlines
    reports = [d for d in found if d.to or _SENDS_BACK.search(d.text or "")]
    for group in (reports, found):
        dated = next((d for d in group if d.date), None)
        if dated is not None:
            return dated
    return reports[0] if reports else (found[0] if found else None)


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
    deadline = _report_deadline(parsed)
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


def _check_upload(upload: File) -> str:
    """The stored name of an upload, or a refusal when it is too large to read."""
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
    return source_name


def start_import(*, issuer: Unit, office: Unit, actor, upload: UploadedFile | None = None, text: str = ""):
    """Check at once what can be checked at once (who may prepare, the file's size, an empty paste), keep the
    file, and queue the reading (OCR of a scan takes seconds a page) as a `directive.import` job."""
    from django.core.files.storage import default_storage

    from lantoa.jobs.services import enqueue

    _require_preparer(actor, issuer=issuer, office=office)
    params = {"issuer": issuer.pk, "office": office.pk, "text": "", "file": "", "name": ""}
    if upload is not None:
        source_name = _check_upload(upload)
        # A generated name: nothing the user typed reaches the file system (the reader decides the type from
        # the first bytes anyway).
        suffix = re.sub(r"[^a-z0-9]", "", Path(source_name).suffix.lower())[:8]
        stored = default_storage.save(
            f"jobs/import/{secrets.token_hex(8)}/van-ban{'.' + suffix if suffix else ''}", upload
        )
        params.update(file=stored, name=source_name)
    else:
        source_text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not source_text.strip():
            raise DirectiveError(_("Hãy chọn tệp văn bản hoặc dán nội dung văn bản vào ô."))
        params["text"] = source_text
    return enqueue(kind="directive.import", params=params, actor=actor)


def import_directive(
    *,
    issuer: Unit,
    office: Unit,
    actor,
    upload: File | None = None,
    text: str = "",
    progress: Callable[[int, str], None] | None = None,
) -> Directive:
    """Read an uploaded file or pasted text and propose a draft directive from it.

    Not one transaction on purpose: reading a scan (OCR) can take minutes and must not hold the
    database's write lock; the directive itself is written atomically by create_directive_from_parse,
    so a file that cannot be read leaves nothing behind.
    """
    _require_preparer(actor, issuer=issuer, office=office)
    from lantoa.directives import edxml

    tell = progress or (lambda percent, note: None)
    source_name = ""
    package = None
    if upload is not None:
        source_name = _check_upload(upload)
        if edxml.is_edxml_upload(upload):
            # An edXML package: its header is the sender's record; its attached document goes to the reader.
            package, upload = edxml.open_package(upload)
            source_name = upload.name
        tell(5, _("Đang đọc tệp {name}…").format(name=source_name))
        source_text = _read_upload(upload, source_name, tell)
    else:
        source_text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
        if not source_text.strip():
            raise DirectiveError(_("Hãy chọn tệp văn bản hoặc dán nội dung văn bản vào ô."))
    # The spans of the proposal point into exactly this text, so it is parsed as it will be stored; the
    # reader also knows the names of the bodies of the issuer's area, as our tree writes them.
    tell(75, _("Đang tìm nhiệm vụ, đơn vị và thời hạn trong văn bản…"))
    parsed = parse_text(source_text, gazetteer=gazetteer_for(issuer))
    if package is not None:
        parsed = edxml.with_header(parsed, package)
    if upload is not None:
        upload.seek(0)
    tell(90, _("Đang lập đề xuất giao nhiệm vụ…"))
    return create_directive_from_parse(
        issuer=issuer,
        office=office,
        actor=actor,
        parsed=parsed,
        source_text=source_text,
        source_file=upload,
        source_name=source_name,
    )


def _read_upload(upload: File, name: str, tell: Callable[[int, str], None]) -> str:
    # The reader works on paths and decides the type from the first bytes; the name only keeps its suffix
    # for the messages it writes.
    with tempfile.TemporaryDirectory(prefix="lantoa-upload-") as folder:
        path = Path(folder) / (name or "van-ban")
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)

        def on_page(done: int, total: int) -> None:
            tell(5 + 65 * done // total, _("Đã đọc trang {done}/{total}…").format(done=done, total=total))

        try:
            return extract_text(path, on_page=on_page)
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
    _require_editable(actor, directive)
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
    _require_editable(actor, directive)
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
    _require_editable(actor, directive)
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
    _require_editable(actor, task.directive)
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
    _require_editable(actor, task.directive)
    record(actor=actor, action="task.remove", obj=task, summary=task.text[:200])
    task.delete()


@transaction.atomic
def assign_unit(*, task: Task, unit: Unit, actor, role: str | None = None, due_on=None) -> Assignment:
    directive = task.directive
    _require_editable(actor, directive)
    on = resolution_date(directive)
    if not unit.is_open_on(on):
        raise DirectiveError(
            _("{unit} không hoạt động vào ngày {date}.").format(unit=unit, date=on.strftime("%d/%m/%Y"))
        )
    _require_in_area(directive, [unit])
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
    _require_editable(actor, directive)
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
    _require_in_area(directive, units)
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
    _require_editable(actor, assignment.directive)
    record(actor=actor, action="assignment.remove", obj=assignment, summary=str(assignment.unit))
    assignment.delete()


@transaction.atomic
def dismiss_unresolved(*, task: Task, actor, text: str) -> None:
    """The officer has dealt with a name the reader could not place (assigned by hand, or it needs no one)."""
    _require_editable(actor, task.directive)
    task.unresolved = [u for u in task.unresolved if u.get("text") != text]
    task.save(update_fields=["unresolved"])
    record(actor=actor, action="task.dismiss_unresolved", obj=task, summary=text)


@transaction.atomic
def settle_unresolved(*, task: Task, actor, text: str, unit: Unit) -> Assignment:
    """The officer picks the unit a name the reader could not place stands for: assign it, clear the flag."""
    _require_editable(actor, task.directive)
    if not any(item.get("text") == text for item in task.unresolved):
        raise DirectiveError(_("Tên đơn vị này đã được xử lý; hãy tải lại trang."))
    assignment = assign_unit(task=task, unit=unit, actor=actor)
    dismiss_unresolved(task=task, actor=actor, text=text)
    return assignment

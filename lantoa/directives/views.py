"""The directive pages: import and confirm a directive, follow it unit by unit. Submitting it for signature
and signing it are in signing_views."""

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.core.confirm import Confirmation, ask, is_confirmed
from lantoa.core.files import detect_type, sandboxed_file_response
from lantoa.directives import lifecycle, services
from lantoa.directives.forms import (
    AddTaskForm,
    AddUnitsForm,
    AssignmentForm,
    DirectiveForm,
    DismissForm,
    ImportForm,
    IndicatorsForm,
    NewDirectiveForm,
    ReturnDirectiveForm,
    SettleForm,
    SubmitForm,
    TaskForm,
)
from lantoa.directives.models import Assignment, Directive, DirectiveState, Task
from lantoa.directives.selectors import (
    assignments_visible_to,
    can_manage,
    can_sign,
    directives_awaiting_signature_of,
    directives_visible_to,
    get_directive_for_user_or_404,
    issuers_for,
    picker_notice,
    search_directives,
    signers_of,
)
from lantoa.directives.services import DirectiveError
from lantoa.directives.signing_views import issue_confirmation
from lantoa.reports.forms import ReviewFilterForm
from lantoa.reports.models import Report, ReportState
from lantoa.reports.selectors import PAGE_SIZE, review_areas
from lantoa.summaries.selectors import completeness
from lantoa.units.labels import annotate_areas
from lantoa.units.models import Level, Unit, UnitKind

# ------------------------------------------------------------------------------------------ helpers


def highlight_tasks(text: str, tasks: Iterable[Task]) -> SafeString:
    """The directive's text with each task's source sentence wrapped in <mark id="task-N">."""
    spans = sorted(
        (
            t
            for t in tasks
            if t.span_start is not None and t.span_end is not None and t.span_start < t.span_end
        ),
        key=lambda t: t.span_start,
    )
    pieces, cursor = [], 0
    for task in spans:
        # Spans that overlap an earlier one or run past the text (after an edit) are not drawn.
        if task.span_start < cursor or task.span_end > len(text):
            continue
        pieces.append(conditional_escape(text[cursor : task.span_start]))
        pieces.append(
            format_html(
                '<mark id="task-{n}"><a class="mark-number" href="#nv-{n}" title="{title}">{n}</a> {body}</mark>',
                n=task.position,
                title=_("Về nhiệm vụ {n}").format(n=task.position),
                body=text[task.span_start : task.span_end],
            )
        )
        cursor = task.span_end
    pieces.append(conditional_escape(text[cursor:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece above is escaped


def _managed_directive(request, pk: int) -> Directive:
    """The directive, for the people who prepare it; everybody else gets the same 404 as a missing one."""
    directive = get_directive_for_user_or_404(request.user, pk)
    if not can_manage(request.user, directive):
        raise Http404
    return directive


def _task_of(directive: Directive, task_pk: int) -> Task:
    task = directive.tasks.filter(pk=task_pk).first()
    if task is None:
        raise Http404
    task.directive = directive
    return task


def _edit_url(directive: Directive, anchor: str = "") -> str:
    return reverse("directives:edit", args=[directive.pk]) + (f"#{anchor}" if anchor else "")


def _task_url(task: Task) -> str:
    return reverse("directives:task", args=[task.directive_id, task.pk])


def _outcome(action: Callable[[], object], success: str) -> tuple[bool, list[str]]:
    """Run one service call: whether it worked, and what to tell the officer (a refusal says what to do)."""
    try:
        action()
    except DirectiveError as exc:
        return False, list(exc.messages)
    return True, [success]


def _flash(request, ok: bool, notes: list[str]) -> None:
    for note in notes:
        (messages.success if ok else messages.error)(request, note)


def _attempt(request, action: Callable[[], object], success: str) -> bool:
    """Run one service call; a refusal becomes messages the officer can act on, never a traceback."""
    ok, notes = _outcome(action, success)
    _flash(request, ok, notes)
    return ok


def _errors_of(form) -> list[str]:
    return [error for errors in form.errors.values() for error in errors]


def _form_errors(request, form) -> None:
    _flash(request, False, _errors_of(form))


def _is_htmx(request) -> bool:
    return bool(request.headers.get("HX-Request"))


def _htmx_leave(request, directive: Directive, notes: list[str]) -> HttpResponse:
    """A directive no longer editable (submitted, signed) has no proposal to update in place: say why and open
    the directive instead."""
    _flash(request, False, notes)
    response = HttpResponse()
    response["HX-Redirect"] = reverse("directives:detail", args=[directive.pk])
    return response


def _unresolved_items(tasks: list[Task]) -> None:
    """Attach to each task its unresolved names with the suggested units (one query for all of them)."""
    ids = {pk for task in tasks for item in task.unresolved for pk in item.get("suggestions", [])}
    units = Unit.objects.in_bulk(ids) if ids else {}
    # Every chip says where its unit is ("— tỉnh Thanh Hóa"): one query for the suggestions and the units.
    assigned = [
        a.unit
        for task in tasks
        if "assignments" in getattr(task, "_prefetched_objects_cache", {})
        for a in task.assignments.all()
    ]
    annotate_areas([*units.values(), *assigned])
    for task in tasks:
        task.unresolved_items = [
            {
                "text": item.get("text", ""),
                "reason": item.get("reason", ""),
                "suggestions": [units[pk] for pk in item.get("suggestions", []) if pk in units],
            }
            for item in task.unresolved
        ]


def _visible_upstream(request, directive: Directive) -> Directive | None:
    if not directive.implements_id:
        return None
    return directives_visible_to(request.user).filter(pk=directive.implements_id).first()


# --------------------------------------------------------------------------------------------- list


def directive_list(request):
    query = request.GET.get("q", "").strip()[:200]
    directives = (
        search_directives(directives_visible_to(request.user), query)
        .select_related("issuer", "office")
        .annotate(unit_count=Count("assignments__unit", distinct=True))
        .order_by("-created_at", "-pk")
    )
    page = Paginator(directives, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "directives/list.html",
        {
            "page": page,
            "query": query,
            "can_issue": issuers_for(request.user).exists(),
            "awaiting_count": directives_awaiting_signature_of(request.user).count(),
        },
    )


# ----------------------------------------------------------------------------------- import and new


def directive_import(request):
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.start_import(
                issuer=form.cleaned_data["issuer"],
                office=form.cleaned_data["office"],
                actor=request.user,
                upload=form.cleaned_data["file"],
                text=form.cleaned_data["text"],
            )
        except DirectiveError as exc:
            for message in exc.messages:
                form.add_error("file" if form.cleaned_data["file"] else "text", message)
        else:
            # Reading a scan takes seconds a page: the job's page follows it and then opens the proposal.
            return redirect("jobs:detail", pk=job.pk)
    return render(request, "directives/import.html", {"form": form})


def directive_new(request):
    form = NewDirectiveForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            directive = services.create_directive(
                issuer=form.cleaned_data["issuer"],
                office=form.cleaned_data["office"],
                actor=request.user,
                **form.directive_fields(),
            )
        except DirectiveError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã tạo văn bản. Hãy thêm nhiệm vụ và đơn vị thực hiện."))
            return redirect(_edit_url(directive))
    return render(request, "directives/new.html", {"form": form})


# ------------------------------------------------------------------------------------ the proposal


def _leave_issued(request, directive: Directive, forms: dict):
    """A directive submitted or issued meanwhile has no proposal page any more: say why and show it."""
    for form in forms.values():
        _form_errors(request, form)
    return redirect("directives:detail", pk=directive.pk)


def _proposal_tasks(directive: Directive):
    return directive.tasks.prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("unit").order_by("unit__path"))
    )


def _proposal_summary(directive: Directive) -> dict:
    """What the proposal page says about the whole directive: how many units, what still stops issuing."""
    return {
        "unit_count": directive.assignments.values("unit").distinct().count(),
        "problems": lifecycle.issue_problems(directive),
    }


def _render_edit(request, directive: Directive, **forms):
    if not directive.is_editable:
        return _leave_issued(request, directive, forms)
    tasks = list(_proposal_tasks(directive))
    _unresolved_items(tasks)
    context = {
        "directive": directive,
        "tasks": tasks,
        "task_count": len(tasks),
        "source_html": highlight_tasks(directive.source_text, tasks),
        **_proposal_summary(directive),
        "upstream": _visible_upstream(request, directive),
        "form": forms.get("form") or DirectiveForm(directive=directive, user=request.user),
        "indicators_form": IndicatorsForm(initial={"indicators": directive.indicators.all()}),
        "add_task_form": forms.get("add_task_form") or AddTaskForm(),
        "can_sign": can_sign(request.user, directive),
        "issue_confirmation": issue_confirmation(directive),
        "signers": list(signers_of(directive.issuer)),
        "submit_form": SubmitForm(),
        "returned": _last_return(directive),
    }
    return render(request, "directives/edit.html", context)


def _last_return(directive: Directive):
    """The leader's latest return (who, when, why) while the directive waits for the officer's fix."""
    if directive.state != DirectiveState.RETURNED:
        return None
    return (
        directive.transitions.filter(to_state=DirectiveState.RETURNED)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )


def directive_edit(request, pk: int):
    directive = _managed_directive(request, pk)
    if not directive.is_editable:
        messages.info(request, lifecycle.refusal(action=lifecycle.Action.EDIT, directive=directive))
        return redirect("directives:detail", pk=directive.pk)
    if request.method != "POST":
        return _render_edit(request, directive)
    form = DirectiveForm(request.POST, directive=directive, user=request.user)
    if form.is_valid():
        try:
            services.update_directive(directive=directive, actor=request.user, **form.cleaned_data)
        except DirectiveError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã lưu thông tin văn bản."))
            return redirect(_edit_url(directive))
    directive.refresh_from_db()
    return _render_edit(request, directive, form=form)


@require_POST
def directive_indicators(request, pk: int):
    directive = _managed_directive(request, pk)
    form = IndicatorsForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            lambda: services.set_indicators(
                directive=directive, actor=request.user, indicators=form.cleaned_data["indicators"]
            ),
            _("Đã lưu các chỉ tiêu báo cáo."),
        )
    else:
        _form_errors(request, form)
    return redirect(_edit_url(directive, "chi-tieu"))


@require_POST
def task_add(request, pk: int):
    directive = _managed_directive(request, pk)
    form = AddTaskForm(request.POST)
    if form.is_valid():
        try:
            task = services.add_task(directive=directive, actor=request.user, **form.cleaned_data)
        except DirectiveError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã thêm nhiệm vụ {n}.").format(n=task.position))
            return redirect(_edit_url(directive, f"nv-{task.position}"))
    return _render_edit(request, directive, add_task_form=form)


# ------------------------------------------------------------------------------- one task, its units


def _assignment_form(assignment: Assignment, data=None) -> AssignmentForm:
    return AssignmentForm(
        data, prefix=f"a{assignment.pk}", initial={"role": assignment.role, "due_on": assignment.due_on}
    )


def _task_assignments(task: Task) -> list[Assignment]:
    assignments = list(task.assignments.select_related("unit").order_by("unit__path"))
    for assignment in assignments:
        assignment.form = _assignment_form(assignment)
    return assignments


def _render_task(request, task: Task, **forms):
    directive = task.directive
    if not directive.is_editable:
        return _leave_issued(request, directive, forms)
    assignments = _task_assignments(task)
    _unresolved_items([task])
    context = {
        "directive": directive,
        "task": task,
        "assignments": assignments,
        "assigned_count": len(assignments),
        "form": forms.get("form")
        or TaskForm(initial={"text": task.text, "role": task.role, "due_on": task.due_on}),
        "units_form": forms.get("units_form")
        or AddUnitsForm(directive=directive, search=request.GET.get("tim", "").strip()[:200]),
        "unit_search": request.GET.get("tim", "").strip()[:200],
        "remove_confirmation": task_remove_confirmation(task, len(assignments)),
        "picker_notice": picker_notice(directive),
        "source_excerpt": directive.source_text[task.span_start : task.span_end]
        if task.span_start is not None and task.span_end is not None
        else "",
    }
    return render(request, "directives/task.html", context)


def task_edit(request, pk: int, task_pk: int):
    directive = _managed_directive(request, pk)
    if not directive.is_editable:
        return redirect("directives:detail", pk=directive.pk)
    task = _task_of(directive, task_pk)
    if request.method != "POST":
        return _render_task(request, task)
    form = TaskForm(request.POST)
    if form.is_valid():
        try:
            services.update_task(task=task, actor=request.user, **form.cleaned_data)
        except DirectiveError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã lưu nhiệm vụ {n}.").format(n=task.position))
            return redirect(_edit_url(directive, f"nv-{task.position}"))
    task.refresh_from_db()
    return _render_task(request, task, form=form)


def task_remove_confirmation(task: Task, unit_count: int) -> Confirmation:
    return Confirmation(
        title=_("Bỏ nhiệm vụ {n}?").format(n=task.position),
        lines=[
            _("“{text}”").format(text=task.text[:200] + ("…" if len(task.text) > 200 else "")),
            _("Nhiệm vụ bị bỏ khỏi đề xuất cùng {n} đơn vị đã giao cho nó.").format(n=unit_count),
        ],
        button=_("Bỏ nhiệm vụ"),
        cancel_url=_task_url(task),
        danger=True,
    )


def assignment_remove_confirmation(assignment: Assignment) -> Confirmation:
    return Confirmation(
        title=_("Bỏ {unit} khỏi nhiệm vụ {n}?").format(unit=assignment.unit, n=assignment.task.position),
        lines=[_("{unit} sẽ không được giao nhiệm vụ này.").format(unit=assignment.unit)],
        button=_("Bỏ đơn vị"),
        cancel_url=_task_url(assignment.task),
        danger=True,
    )


@require_POST
def task_remove(request, pk: int, task_pk: int):
    directive = _managed_directive(request, pk)
    task = _task_of(directive, task_pk)
    if not is_confirmed(request) and directive.is_editable:
        return ask(request, task_remove_confirmation(task, task.assignments.count()))
    if _attempt(
        request,
        lambda: services.remove_task(task=task, actor=request.user),
        _("Đã bỏ nhiệm vụ {n}.").format(n=task.position),
    ):
        return redirect(_edit_url(directive, "nhiem-vu"))
    return redirect(_task_url(task))


@require_POST
def task_units(request, pk: int, task_pk: int):
    directive = _managed_directive(request, pk)
    task = _task_of(directive, task_pk)
    form = AddUnitsForm(request.POST, directive=directive)
    if form.is_valid():
        try:
            services.assign_units(
                task=task,
                units=form.cleaned_data["chosen"],
                actor=request.user,
                role=form.cleaned_data["role"] or None,
                due_on=form.cleaned_data["due_on"],
            )
        except DirectiveError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã giao cho {n} đơn vị.").format(n=len(form.cleaned_data["chosen"])))
            return redirect(_task_url(task))
    return _render_task(request, task, units_form=form)


# The task page's unresolved names sit in this element; the proposal page's in the task's <li id="nv-N">.
TASK_PAGE_FLAGS = "chua-ro"


def _unresolved_done(request, directive: Directive, task: Task, ok: bool, notes: list[str]):
    """After settling or dismissing a name: with htmx, the fragment that changed on the page the officer is
    on (the task on the proposal page, or the names and units on the task page); else back to the task on
    the proposal page, as always."""
    if not _is_htmx(request):
        _flash(request, ok, notes)
        return redirect(_edit_url(directive, f"nv-{task.position}"))
    if not directive.is_editable:
        return _htmx_leave(request, directive, notes)
    if request.headers.get("HX-Target") == TASK_PAGE_FLAGS:
        task = _task_of(directive, task.pk)
        _unresolved_items([task])
        assignments = _task_assignments(task)
        template = "directives/_task_flags.html"
        context = {"assignments": assignments, "assigned_count": len(assignments)}
    else:
        task = _proposal_tasks(directive).filter(pk=task.pk).first()
        if task is None:
            raise Http404
        _unresolved_items([task])
        template = "directives/_task_item.html"
        context = {"task_count": directive.tasks.count(), **_proposal_summary(directive)}
    context.update(directive=directive, task=task, ok=ok, notes=notes, oob=True)
    return render(request, template, context)


@require_POST
def task_settle(request, pk: int, task_pk: int):
    directive = _managed_directive(request, pk)
    task = _task_of(directive, task_pk)
    form = SettleForm(request.POST, task=task)
    if form.is_valid():
        unit = form.cleaned_data["unit"]
        ok, notes = _outcome(
            lambda: services.settle_unresolved(
                task=task, actor=request.user, text=form.cleaned_data["text"], unit=unit
            ),
            _("Đã giao nhiệm vụ {n} cho {unit}.").format(n=task.position, unit=unit),
        )
    else:
        ok, notes = False, _errors_of(form)
    return _unresolved_done(request, directive, task, ok, notes)


@require_POST
def task_dismiss(request, pk: int, task_pk: int):
    directive = _managed_directive(request, pk)
    task = _task_of(directive, task_pk)
    form = DismissForm(request.POST)
    if form.is_valid():
        ok, notes = _outcome(
            lambda: services.dismiss_unresolved(
                task=task, actor=request.user, text=form.cleaned_data["text"]
            ),
            _("Đã bỏ qua “{text}”.").format(text=form.cleaned_data["text"]),
        )
    else:
        ok, notes = False, _errors_of(form)
    return _unresolved_done(request, directive, task, ok, notes)


def _assignment_of(directive: Directive, assignment_pk: int) -> Assignment:
    assignment = directive.assignments.select_related("unit", "task").filter(pk=assignment_pk).first()
    if assignment is None:
        raise Http404
    assignment.directive = assignment.task.directive = directive
    return assignment


@require_POST
def assignment_update(request, pk: int, assignment_pk: int):
    directive = _managed_directive(request, pk)
    assignment = _assignment_of(directive, assignment_pk)
    form = _assignment_form(assignment, request.POST)
    if form.is_valid():
        ok, notes = _outcome(
            lambda: services.assign_unit(
                task=assignment.task,
                unit=assignment.unit,
                actor=request.user,
                role=form.cleaned_data["role"],
                due_on=form.cleaned_data["due_on"],
            ),
            _("Đã lưu vai trò và hạn của {unit}.").format(unit=assignment.unit),
        )
    else:
        ok, notes = False, _errors_of(form)
    if not _is_htmx(request):
        _flash(request, ok, notes)
        return redirect(_task_url(assignment.task))
    if not directive.is_editable:
        return _htmx_leave(request, directive, notes)
    if ok:
        assignment = _assignment_of(directive, assignment_pk)
        assignment.form = _assignment_form(assignment)
    else:
        assignment.form = form  # what was typed stays, with what is wrong with it
    return render(
        request,
        "directives/_assignment_row.html",
        {"directive": directive, "a": assignment, "ok": ok, "notes": notes},
    )


@require_POST
def assignment_remove(request, pk: int, assignment_pk: int):
    directive = _managed_directive(request, pk)
    assignment = _assignment_of(directive, assignment_pk)
    if not is_confirmed(request) and directive.is_editable:
        return ask(request, assignment_remove_confirmation(assignment))
    ok, notes = _outcome(
        lambda: services.unassign(assignment=assignment, actor=request.user),
        _("Đã bỏ {unit} khỏi nhiệm vụ {n}.").format(unit=assignment.unit, n=assignment.task.position),
    )
    if not _is_htmx(request):
        _flash(request, ok, notes)
        return redirect(_task_url(assignment.task))
    if not directive.is_editable:
        return _htmx_leave(request, directive, notes)
    if not ok:
        assignment.form = _assignment_form(assignment)
        return render(
            request,
            "directives/_assignment_row.html",
            {"directive": directive, "a": assignment, "ok": ok, "notes": notes},
        )
    # The row gives way to the note of what was removed, where the officer's eyes are; the count follows.
    return render(
        request,
        "directives/_assignment_removed.html",
        {"notes": notes, "assigned_count": assignment.task.assignments.count(), "oob": True},
    )


# ------------------------------------------------------------------------------- the directive page


@dataclass
class UnitRow:
    """One assigned unit on the directive page: its tasks, roles, deadline and report."""

    unit: Unit
    tasks: list[int] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    due_on: object = None
    report: Report | None = None

    @property
    def is_overdue(self) -> bool:
        report = self.report
        due = (report.due_on if report else None) or self.due_on
        waiting = report is None or report.state in (ReportState.DRAFT, ReportState.RETURNED)
        return bool(due) and waiting and due < timezone.localdate()


def _unit_rows(assignments, reports: dict[int, Report]) -> list[UnitRow]:
    rows = []
    for _unit_id, group in itertools.groupby(assignments, key=lambda a: a.unit_id):
        group = list(group)
        row = UnitRow(unit=group[0].unit, report=reports.get(group[0].unit_id))
        for assignment in group:
            row.tasks.append(assignment.task.position)
            label = assignment.get_role_display()
            if label not in row.roles:
                row.roles.append(label)
            if assignment.due_on and (row.due_on is None or assignment.due_on > row.due_on):
                row.due_on = assignment.due_on
        rows.append(row)
    return rows


@dataclass
class UnitGroup:
    """The units one task went to under one parent: "36 xã, thị trấn — UBND huyện Hoằng Hóa"."""

    label: str
    names: list[str] = field(default_factory=list)


def _task_unit_groups(assignments: QuerySet[Assignment]) -> dict[int, list[UnitGroup]]:
    """Each task's real units (those it was assigned to, not the words the text used), grouped by the unit
    above them and by communes apart from agencies. Read as plain values, not model rows: a national
    directive goes to 10,000 communes, and the page lists their names, not their records."""
    groups: dict[int, dict[tuple, UnitGroup]] = {}
    rows = assignments.order_by("unit__path", "unit_id", "task__position").values_list(
        "task_id",
        "unit__short_name",
        "unit__name",
        "unit__level",
        "unit__kind",
        "unit__parent__short_name",
        "unit__parent__name",
    )
    for task_id, short, name, level, kind, parent_short, parent_name in rows.iterator(chunk_size=2000):
        commune = level == Level.COMMUNE and kind == UnitKind.PEOPLES_COMMITTEE
        parent = parent_short or parent_name or ""
        key = (parent, commune)
        group = groups.setdefault(task_id, {}).get(key)
        if group is None:
            group = groups[task_id][key] = UnitGroup(label=parent)
        group.names.append(short or name)
    result: dict[int, list[UnitGroup]] = {}
    for task_id, by_key in groups.items():
        for (parent, commune), group in by_key.items():
            n = len(group.names)
            if commune:
                what = _("{n} xã, phường, thị trấn").format(n=n)
            else:
                what = _("{n} cơ quan, đơn vị").format(n=n)
            group.label = f"{what} — {parent}" if parent else what
            result.setdefault(task_id, []).append(group)
    return result


def directive_detail(request, pk: int):
    directive = get_directive_for_user_or_404(request.user, pk)
    visible = assignments_visible_to(request.user, directive)
    visible_units = visible.values("unit")
    reports = Report.objects.filter(directive=directive, unit__in=visible_units)
    # The unit table: filtered by report state, lateness and area, and paged (a province's directive goes
    # to thousands of communes); the counts are the whole table's, from the one completeness selector.
    areas = review_areas(directive)
    filters = ReviewFilterForm(request.GET or None, areas=areas)
    state, late, area = "", False, None
    if filters.is_valid():
        state, late, area = (filters.cleaned_data[k] for k in ("state", "late", "area"))
    units = Unit.objects.filter(pk__in=visible_units)
    if state:
        units = units.filter(pk__in=reports.filter(state=state).values("unit"))
    if late:
        units = units.filter(pk__in=reports.filter(is_late=True).values("unit"))
    if area:
        units = units.filter(parent_id=area)
    page = Paginator(units.order_by("path", "pk").values_list("pk", flat=True), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    on_page = list(page.object_list)
    # Only the page's assignments are read as rows; the tasks' unit lists come from plain values.
    shown = (
        visible.filter(unit_id__in=on_page)
        .select_related("unit", "task")
        .order_by("unit__path", "unit_id", "task__position")
    )
    task_units = _task_unit_groups(visible)
    done = completeness(directive, unit_ids=visible_units)
    counts = {
        ReportState.DRAFT: done.missing,
        ReportState.SUBMITTED: done.pending,
        ReportState.RETURNED: done.returned,
        ReportState.ACCEPTED: done.accepted,
    }
    tasks = list(directive.tasks.annotate(unit_count=Count("assignments")))
    for task in tasks:
        task.unit_groups = task_units.get(task.pk, [])
    context = {
        "directive": directive,
        "tasks": tasks,
        "rows": _unit_rows(shown, {r.unit_id: r for r in reports.filter(unit_id__in=on_page)}),
        "page": page,
        "state": state,
        "late": late,
        "area": area,
        "areas": areas,
        "unit_query": urlencode(
            {k: v for k, v in (("state", state), ("late", "on" if late else ""), ("area", area or "")) if v}
        ),
        "tab_query": urlencode(
            {k: v for k, v in (("late", "on" if late else ""), ("area", area or "")) if v}
        ),
        "states": [(value, label, counts[value]) for value, label in ReportState.choices],
        "report_total": done.expected,
        "indicators": directive.indicators.all(),
        "upstream": _visible_upstream(request, directive),
        "can_manage": can_manage(request.user, directive),
        "source_html": highlight_tasks(directive.source_text, tasks),
        **_signature(request, directive),
    }
    return render(request, "directives/detail.html", context)


def _signature(request, directive: Directive) -> dict:
    """The history, and what the signing card says: the latest submission and return, who may sign."""
    transitions = list(directive.transitions.select_related("actor"))
    latest = {t.to_state: t for t in transitions}
    signer = can_sign(request.user, directive)
    return {
        "transitions": transitions,
        "can_sign": signer,
        "submission": latest.get(DirectiveState.PENDING),
        "returned": latest.get(DirectiveState.RETURNED)
        if directive.state == DirectiveState.RETURNED
        else None,
        "return_form": ReturnDirectiveForm()
        if signer and directive.state == DirectiveState.PENDING
        else None,
        "issue_confirmation": issue_confirmation(directive)
        if signer and directive.state == DirectiveState.PENDING
        else None,
    }


def directive_source(request, pk: int):
    """The file the directive was read from, as a download of the type its bytes show, in the same sandbox
    as evidence: its uploader's file name decides neither."""
    directive = get_directive_for_user_or_404(request.user, pk)
    if not directive.source_file:
        raise Http404
    try:
        handle = directive.source_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type, extension = detect_type(handle.read(2048))
    handle.seek(0)
    stem = Path(directive.source_name or directive.source_file.name).stem or f"van-ban-{directive.pk}"
    return sandboxed_file_response(handle, content_type=content_type, filename=f"{stem}.{extension}")


def directive_edxml(request, pk: int):
    """The issued directive as an edXML package (QCVN 102:2016), to send on through the document exchange."""
    from lantoa.directives.edxml import directive_package

    directive = get_directive_for_user_or_404(request.user, pk)
    try:
        data = directive_package(directive)
    except DirectiveError as exc:
        _flash(request, False, list(exc.messages))
        return redirect("directives:detail", pk=directive.pk)
    stem = re.sub(r"[^0-9A-Za-z]+", "-", directive.number).strip("-") or f"van-ban-{directive.pk}"
    response = HttpResponse(data, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{stem}.edxml"'
    return response

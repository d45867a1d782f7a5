from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lantoa.core.confirm import Confirmation, ask, is_confirmed
from lantoa.core.todo import reviews_waiting_for
from lantoa.directives.models import Directive
from lantoa.directives.selectors import get_directive_for_user_or_404
from lantoa.evidence.selectors import evidence_backing, flags_of_activities
from lantoa.notifications.services import nudge_refusal
from lantoa.reports import selectors
from lantoa.reports.forms import ReportForm, ReturnForm, ReviewFilterForm, safe_next
from lantoa.reports.models import Report, ReportState
from lantoa.reports.services import (
    RULES,
    Action,
    ReportError,
    accept_report,
    refusal,
    reopen_report,
    return_report,
    save_report,
    submit_report,
)
from lantoa.summaries.narrative import number
from lantoa.summaries.selectors import Completeness, completeness


def _error_text(error: ReportError) -> str:
    return " ".join(error.messages)


def _figure_lines(report, content: dict | None = None) -> list[str]:
    """ "Tin, bài…: 3 tin, bài" for each figure, as it would be submitted."""
    content = content if content is not None else selectors.report_content(report)
    figures = content.get("figures", {})
    lines = []
    for row in selectors.figure_rows(selectors.directive_indicators(report.directive), content):
        value = figures.get(row.indicator.code)
        shown = "—" if value is None else number(value)
        lines.append(f"{row.indicator.name}: {shown} {row.indicator.unit_of_measure}")
    return lines


def submit_confirmation(report, content: dict | None = None) -> Confirmation:
    resubmission = report.version > 0
    return Confirmation(
        title=_("Nộp lại báo cáo?") if resubmission else _("Nộp báo cáo?"),
        lines=[
            _("Nộp báo cáo của {unit} về {directive} cho {office}.").format(
                unit=report.unit, directive=report.directive, office=report.directive.office
            ),
            *_figure_lines(report, content),
            _("Sau khi nộp, báo cáo được khóa: chỉ sửa được khi đơn vị đầu mối trả lại."),
        ],
        button=_("Nộp lại báo cáo") if resubmission else _("Nộp báo cáo"),
        cancel_url=reverse("reports:detail", args=[report.pk]),
    )


def accept_confirmation(report) -> Confirmation:
    return Confirmation(
        title=_("Duyệt báo cáo của {unit}?").format(unit=report.unit),
        lines=[
            _(
                "Số liệu của báo cáo được cộng vào báo cáo tổng hợp và các hoạt động phía sau được khóa; "
                "chỉ mở lại được kèm lý do."
            ),
        ],
        button=_("Duyệt"),
        cancel_url=reverse("reports:detail", args=[report.pk]),
    )


def _is_htmx(request) -> bool:
    return bool(request.headers.get("HX-Request"))


def _state_counts(directive: Directive, done: Completeness | None = None) -> dict[str, int]:
    """The filter bar's count per state, read from the one completeness selector."""
    done = done or completeness(directive)
    return {
        ReportState.DRAFT: done.missing,
        ReportState.SUBMITTED: done.pending,
        ReportState.RETURNED: done.returned,
        ReportState.ACCEPTED: done.accepted,
    }


def _review_actions(access: str | None, directive: Directive) -> dict:
    """Which buttons the review page shows: only the directive's managers act, and only while it is open."""
    may_manage = access == selectors.MANAGE
    return {
        "can_accept": may_manage and directive.state in RULES[Action.ACCEPT].directive_states,
        "can_return": may_manage and directive.state in RULES[Action.RETURN].directive_states,
    }


def _review_row(request, report, *, note: str = "", failed: bool = False, reason_form=None):
    """One row of the review page for an htmx request, as it stands now, with the note of what just
    happened and the state counts of the filter bar swapped out of band: the officer keeps their place in
    a long list on a phone instead of reloading it."""
    report = selectors.get_report_for_user_or_404(request.user, report.pk)
    directive = report.directive
    # Filtering on the report's state keeps the read small: every accepted, returned or submitted report
    # has its submitted figures, so the ledger of the whole directive is not read for one row.
    (row,) = selectors.review_rows(
        request.user,
        directive,
        reports=selectors.review_reports(request.user, directive).filter(pk=report.pk),
    )
    counts = _state_counts(directive)
    return render(
        request,
        "reports/_review_row.html",
        {
            "row": row,
            "note": note,
            "failed": failed,
            "reason_form": reason_form,
            "next_url": safe_next(request, reverse("reports:review", args=[directive.pk])),
            "state_tabs": [(value, label, counts[value]) for value, label in ReportState.choices],
            "oob": True,
            "csrf_input": csrf_input(request),
            **_review_actions(selectors.review_access(request.user, directive), directive),
        },
    )


@require_GET
def my_tasks(request):
    groups = selectors.open_tasks_for(request.user)
    return render(
        request,
        "reports/my_tasks.html",
        {
            "groups": groups,
            # An officer's own work is the units' reports waiting for review: listed here too.
            "reviews": reviews_waiting_for(request.user),
            "to_do": sum(1 for g in groups if g.needs_action),
            "overdue": sum(1 for g in groups if g.is_overdue),
            "waiting": sum(1 for g in groups if not g.needs_action),
        },
    )


def _report_context(request, report) -> dict:
    indicators = selectors.directive_indicators(report.directive)
    snapshot = selectors.last_snapshot(report) if selectors.shows_submitted_version(report) else None
    content = snapshot.content if snapshot else selectors.report_content(report)
    author = selectors.is_report_author(request.user, report)
    access = selectors.review_access(request.user, report.directive)
    reviewer = access == selectors.MANAGE
    rows = selectors.figure_rows(indicators, content)
    backing = evidence_backing(content, indicators)
    for row in rows:
        row.backed, row.word_only = backing.get(row.indicator.code, (None, None))
    flags = []
    if access is not None:
        # Flags are for the reviewers and the level above; the unit is never blocked by them.
        flags = flags_of_activities({pk for ids in content.get("activities", {}).values() for pk in ids})
        for flag in flags:
            flag.may_check = reviewer
    return {
        "report": report,
        "directive": report.directive,
        "snapshot": snapshot,
        "rows": rows,
        "flags": flags,
        "open_flags": sum(1 for f in flags if not f.is_checked),
        "narrative": content,
        "changes": selectors.changes_since_last_submission(report, current=content),
        "transitions": report.transitions.select_related("actor"),
        "is_author": author,
        "can_edit": author and refusal(action=Action.EDIT, report=report) is None,
        "can_submit": author and refusal(action=Action.SUBMIT, report=report) is None,
        "author_note": refusal(action=Action.EDIT, report=report) if author else None,
        "can_review": reviewer and refusal(action=Action.ACCEPT, report=report) is None,
        "can_return": reviewer and refusal(action=Action.RETURN, report=report) is None,
        "can_reopen": reviewer and refusal(action=Action.REOPEN, report=report) is None,
        "can_nudge": reviewer and report.state in (ReportState.DRAFT, ReportState.RETURNED),
        "nudge_refusal": nudge_refusal(report) if reviewer else None,
        "return_form": ReturnForm(),
        "submit_confirmation": submit_confirmation(report, content) if author else None,
        "accept_confirmation": accept_confirmation(report),
        "reads_all": access is not None,
    }


@require_GET
def report_detail(request, pk: int):
    report = selectors.get_report_for_user_or_404(request.user, pk)
    return render(request, "reports/detail.html", _report_context(request, report))


@require_http_methods(["GET", "POST"])
def report_edit(request, pk: int):
    report = selectors.get_report_for_user_or_404(request.user, pk)
    if not selectors.is_report_author(request.user, report):
        raise PermissionDenied(_("Chỉ cán bộ của {unit} được sửa báo cáo này.").format(unit=report.unit))
    problem = refusal(action=Action.EDIT, report=report)
    if problem:
        messages.info(request, problem)
        return redirect("reports:detail", pk=report.pk)
    manual = [i for i in selectors.directive_indicators(report.directive) if not i.is_itemised]
    form = ReportForm(request.POST or None, report=report, manual_indicators=manual)
    if request.method == "POST" and form.is_valid():
        try:
            save_report(
                report=report,
                actor=request.user,
                results=form.cleaned_data["results"],
                difficulties=form.cleaned_data["difficulties"],
                proposals=form.cleaned_data["proposals"],
                manual_figures=form.manual_figures(),
            )
        except ReportError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Đã lưu báo cáo. Khi đã đầy đủ, hãy bấm “Nộp báo cáo”."))
            return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/edit.html", {"report": report, "form": form})


@require_POST
def report_submit(request, pk: int):
    report = selectors.get_report_for_user_or_404(request.user, pk)
    # Only someone who may submit is asked; anyone else is refused by the service as before.
    if (
        not is_confirmed(request)
        and refusal(action=Action.SUBMIT, report=report) is None
        and selectors.is_report_author(request.user, report)
    ):
        return ask(request, submit_confirmation(report))
    try:
        report = submit_report(report=report, actor=request.user)
    except ReportError as error:
        messages.error(request, _error_text(error))
    else:
        if report.version > 1:
            messages.success(request, _("Đã nộp lại báo cáo (lần {n}).").format(n=report.version))
        else:
            messages.success(request, _("Đã nộp báo cáo. Đơn vị đầu mối sẽ kiểm tra và phản hồi."))
    return redirect("reports:detail", pk=report.pk)


@require_POST
def report_accept(request, pk: int):
    report = selectors.get_report_for_user_or_404(request.user, pk)
    # Only someone who may accept is asked (a confirmed POST does not pay for the question).
    if (
        not is_confirmed(request)
        and refusal(action=Action.ACCEPT, report=report) is None
        and selectors.can_review(request.user, report)
    ):
        return ask(request, accept_confirmation(report))
    try:
        accept_report(report=report, actor=request.user)
    except ReportError as error:
        if _is_htmx(request):
            return _review_row(request, report, note=_error_text(error), failed=True)
        messages.error(request, f"{report.unit}: {_error_text(error)}")
    else:
        done = _("Đã duyệt báo cáo của {unit}.").format(unit=report.unit)
        if _is_htmx(request):
            return _review_row(request, report, note=done)
        messages.success(request, done)
    return redirect(safe_next(request, reverse("reports:detail", args=[report.pk])))


@require_http_methods(["GET", "POST"])
def report_return(request, pk: int):
    report = selectors.get_report_for_user_or_404(request.user, pk)
    if not selectors.can_review(request.user, report):
        raise PermissionDenied(_("Chỉ đơn vị đầu mối hoặc đơn vị ban hành được trả lại báo cáo."))
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            return_report(report=report, actor=request.user, reason=form.cleaned_data["reason"])
        except ReportError as error:
            form.add_error(None, _error_text(error))
        else:
            done = _("Đã trả lại báo cáo của {unit}.").format(unit=report.unit)
            if _is_htmx(request):
                return _review_row(request, report, note=done)
            messages.success(request, done)
            return redirect(safe_next(request, reverse("reports:detail", args=[report.pk])))
    if request.method == "POST" and _is_htmx(request):
        # The row keeps the return form open with what was typed and says what is missing.
        return _review_row(request, report, failed=True, reason_form=form)
    return render(
        request,
        "reports/return.html",
        {"report": report, "form": form, "next": safe_next(request, "")},
    )


@require_http_methods(["GET", "POST"])
def report_reopen(request, pk: int):
    """Mở lại an accepted report: a reason (the form), then the confirmation, then the transition."""
    report = selectors.get_report_for_user_or_404(request.user, pk)
    if not selectors.can_review(request.user, report):
        raise PermissionDenied(_("Chỉ đơn vị đầu mối hoặc đơn vị ban hành được mở lại báo cáo đã duyệt."))
    problem = refusal(action=Action.REOPEN, report=report)
    if problem and request.method != "POST":
        messages.info(request, problem)
        return redirect("reports:detail", pk=report.pk)
    form = ReturnForm(request.POST or None, label=_("Lý do mở lại"))
    if request.method == "POST" and form.is_valid():
        if not is_confirmed(request):
            return ask(
                request,
                Confirmation(
                    title=_("Mở lại báo cáo đã duyệt của {unit}?").format(unit=report.unit),
                    lines=[
                        _("Lý do: {reason}").format(reason=form.cleaned_data["reason"]),
                        _(
                            "Báo cáo trở về đơn vị để sửa và nộp lại; số liệu của nó không còn được cộng vào "
                            "báo cáo tổng hợp cho đến khi được duyệt lại."
                        ),
                    ],
                    button=_("Mở lại báo cáo"),
                    cancel_url=reverse("reports:detail", args=[report.pk]),
                ),
            )
        try:
            reopen_report(report=report, actor=request.user, reason=form.cleaned_data["reason"])
        except ReportError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(
                request, _("Đã mở lại báo cáo của {unit}; đơn vị được báo để sửa.").format(unit=report.unit)
            )
            return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/reopen.html", {"report": report, "form": form})


@require_GET
def report_figure(request, pk: int, code: str):
    report = selectors.get_report_for_user_or_404(request.user, pk)
    indicator = next(
        (i for i in selectors.directive_indicators(report.directive) if i.code == code and i.is_itemised),
        None,
    )
    if indicator is None:
        raise Http404
    found, deleted = selectors.figure_activities(report, indicator)
    activities = Paginator(found, 100).get_page(request.GET.get("page"))
    for activity in activities:
        activity.contribution = selectors.contribution(activity, indicator)
    return render(
        request,
        "reports/figure.html",
        {
            "report": report,
            "indicator": indicator,
            "activities": activities,
            "as_submitted": selectors.shows_submitted_version(report),
            "deleted": deleted,
        },
    )


def _filter_query(*, state: str, late: bool, area: int | None, **extra) -> str:
    """The review list's filters as a query string, for the tabs and the pager to keep."""
    params = {"state": state, "late": "on" if late else "", "area": area or "", **extra}
    return urlencode({k: v for k, v in params.items() if v})


@require_GET
def review(request, pk: int):
    directive = get_directive_for_user_or_404(request.user, pk)
    access = selectors.review_access(request.user, directive)
    if access is None:
        raise Http404
    areas = selectors.review_areas(directive)
    filters = ReviewFilterForm(request.GET or None, areas=areas)
    state, late, area = "", False, None
    if filters.is_valid():
        state, late = filters.cleaned_data["state"], filters.cleaned_data["late"]
        area = filters.cleaned_data["area"]
    reports = selectors.review_reports(request.user, directive, state=state, late_only=late, area_id=area)
    page = Paginator(reports, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.review_rows(request.user, directive, reports=page.object_list)
    # The same counts as the dashboard, the summary page and its files: one selector for all of them; for
    # an area, that area's units. They count the whole filtered list, never the page.
    in_area = (
        Report.objects.filter(directive=directive, unit__parent_id=area).values("unit_id") if area else None
    )
    done = completeness(directive, unit_ids=in_area)
    counts = _state_counts(directive, done)
    return render(
        request,
        "reports/review.html",
        {
            "directive": directive,
            "completeness": done,
            "rows": rows,
            "page": page,
            "indicators": selectors.directive_indicators(directive),
            "state_tabs": [(value, label, counts[value]) for value, label in ReportState.choices],
            "filters": filters,
            "state": state,
            "late": late,
            "area": area,
            "areas": areas,
            "filter_query": _filter_query(state=state, late=late, area=area),
            "tab_query": _filter_query(state="", late=late, area=area),
            "next_url": request.get_full_path(),
            "csrf_input": csrf_input(request),
            **_review_actions(access, directive),
        },
    )

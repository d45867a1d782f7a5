"""Trình ký → ký duyệt: the officer submits a prepared directive, a leader of the issuer signs or returns it.

The rules (who, from which state) are in lifecycle.RULES; these views only read the form, call one service
and say what happened. People who may not act get the same 404 as for a directive that does not exist.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.core.confirm import Confirmation, ask, is_confirmed
from lantoa.directives import lifecycle
from lantoa.directives.forms import ReturnDirectiveForm, SubmitForm
from lantoa.directives.lifecycle import DirectiveError
from lantoa.directives.models import Directive
from lantoa.directives.selectors import (
    can_manage,
    can_sign,
    directives_awaiting_signature_of,
    get_directive_for_user_or_404,
)


def _managed_directive(request, pk: int) -> Directive:
    directive = get_directive_for_user_or_404(request.user, pk)
    if not can_manage(request.user, directive):
        raise Http404
    return directive


def _signable_directive(request, pk: int) -> Directive:
    """The directive, for a leader of its issuer; everybody else (its officer too) gets the same 404."""
    directive = get_directive_for_user_or_404(request.user, pk)
    if not can_sign(request.user, directive):
        raise Http404
    return directive


def issue_confirmation(directive: Directive) -> Confirmation:
    """ "Giao 4 nhiệm vụ cho 37 đơn vị; sau khi giao không sửa được": what the signature does, in numbers."""
    tasks = directive.tasks.count()
    units = directive.assignments.values("unit").distinct().count()
    return Confirmation(
        title=_("Ký duyệt và giao nhiệm vụ?"),
        lines=[
            _("Ký duyệt nhân danh {issuer}: giao {tasks} nhiệm vụ cho {units} đơn vị.").format(
                issuer=directive.issuer, tasks=tasks, units=units
            ),
            _("Mỗi đơn vị được thông báo và có một báo cáo phải nộp{due}.").format(
                due=_(" trước {date}").format(date=directive.report_due.strftime("%d/%m/%Y"))
                if directive.report_due
                else ""
            ),
            _("Sau khi giao không sửa nhiệm vụ, đơn vị được nữa."),
        ],
        button=_("Ký duyệt và giao"),
        cancel_url=reverse("directives:detail", args=[directive.pk]),
    )


def _detail(directive: Directive):
    return redirect("directives:detail", pk=directive.pk)


def _refused(request, exc: DirectiveError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_POST
def directive_submit(request, pk: int):
    directive = _managed_directive(request, pk)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(reverse("directives:edit", args=[directive.pk]) + "#giao")
    try:
        lifecycle.submit_for_signature(
            directive=directive, actor=request.user, note=form.cleaned_data["note"]
        )
    except DirectiveError as exc:
        _refused(request, exc)
        if directive.is_editable:
            return redirect(reverse("directives:edit", args=[directive.pk]) + "#giao")
        return _detail(directive)
    messages.success(
        request,
        _(
            "Đã trình ký: văn bản chờ lãnh đạo {issuer} ký duyệt; sau khi ký, nhiệm vụ được giao cho các đơn vị."
        ).format(issuer=directive.issuer),
    )
    return _detail(directive)


@require_POST
def directive_withdraw(request, pk: int):
    directive = _managed_directive(request, pk)
    try:
        lifecycle.withdraw_submission(directive=directive, actor=request.user)
    except DirectiveError as exc:
        _refused(request, exc)
        return _detail(directive)
    messages.success(request, _("Đã rút lại văn bản trình ký: hãy sửa rồi trình ký lại."))
    return redirect("directives:edit", pk=directive.pk)


@require_POST
def directive_approve(request, pk: int):
    directive = _signable_directive(request, pk)
    if (
        not is_confirmed(request)
        and lifecycle.refusal(action=lifecycle.Action.APPROVE, directive=directive) is None
    ):
        return ask(request, issue_confirmation(directive))
    try:
        lifecycle.approve_directive(directive=directive, actor=request.user)
    except DirectiveError as exc:
        _refused(request, exc)
        return _detail(directive)
    messages.success(request, _("Đã ký duyệt và giao nhiệm vụ: mỗi đơn vị đã có một báo cáo để thực hiện."))
    return _detail(directive)


def directive_return(request, pk: int):
    directive = _signable_directive(request, pk)
    form = ReturnDirectiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.return_directive(
                directive=directive, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DirectiveError as exc:
            _refused(request, exc)
            return _detail(directive)
        messages.success(request, _("Đã trả lại văn bản cho người trình ký, kèm lý do."))
        return _detail(directive)
    problem = lifecycle.refusal(action=lifecycle.Action.RETURN, directive=directive)
    if problem and request.method != "POST":
        messages.info(request, problem)
        return _detail(directive)
    return render(request, "directives/return.html", {"directive": directive, "form": form})


def directive_awaiting(request):
    """What waits for this leader's signature, oldest submission first: the longest wait is served first."""
    directives = (
        directives_awaiting_signature_of(request.user)
        .select_related("issuer", "office", "submitted_by")
        .annotate(unit_count=Count("assignments__unit", distinct=True))
        .order_by("submitted_at", "pk")
    )
    page = Paginator(directives, 50).get_page(request.GET.get("page"))
    return render(request, "directives/awaiting.html", {"page": page})

"""The ledger pages: parse the request, call one service, render or redirect."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.activities import services
from lantoa.activities.evidence import EvidenceRejected, max_upload_bytes
from lantoa.activities.forms import (
    ActivityForm,
    CountingForm,
    EvidenceForm,
    LedgerFilterForm,
    quantity_label,
    type_choices,
)
from lantoa.activities.models import EvidenceKind
from lantoa.activities.offline import photo_max_side
from lantoa.activities.selectors import (
    accepted_directive_ids,
    can_log_for,
    counting_for,
    get_activity_for_user_or_404,
    get_evidence_for_user_or_404,
    is_locked,
    ledger_of,
    member_units,
    open_directives_for,
    units_where_can_log,
)
from lantoa.core.files import sandboxed_file_response
from lantoa.core.querystring import positive_int
from lantoa.directives.selectors import get_directive_for_user_or_404
from lantoa.indicators.models import ActivityType

PAGE_SIZE = 25
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp"}


def _safe_next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _error_into_form(form, error: services.ActivityError | EvidenceRejected) -> None:
    field = "files" if isinstance(error, EvidenceRejected) and "files" in form.fields else None
    for message in error.messages:
        form.add_error(field, message)


def _max_upload_mb() -> int:
    return max_upload_bytes() // 1024 // 1024


def activity_list(request):
    units = member_units(request.user)
    filters = LedgerFilterForm(request.GET or None, units=units)
    activities = ledger_of(request.user)
    if filters.is_bound and filters.is_valid():
        activities = filters.apply(activities)
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "activities/activity_list.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "loggable_units": list(units_where_can_log(request.user)),
            "several_units": "unit" in filters.fields,
        },
    )


def _choose_unit(request):
    """The unit a new activity belongs to: ?unit=, or the only unit the person logs for."""
    units = units_where_can_log(request.user)
    wanted = request.GET.get("unit") or request.POST.get("unit")
    if wanted:
        pk = positive_int(wanted)
        unit = units.filter(pk=pk).first() if pk is not None else None
        if unit is None:
            raise Http404
        return unit, None
    choices = list(units)
    if len(choices) == 1:
        return choices[0], None
    return None, choices


def activity_create(request):
    unit, choices = _choose_unit(request)
    if unit is None:
        if not choices:
            raise PermissionDenied(_("Bạn chưa được phân quyền ghi hoạt động cho đơn vị nào."))
        return render(
            request, "activities/choose_unit.html", {"units": choices, "query": request.GET.urlencode()}
        )
    directive = None
    if (directive_pk := positive_int(request.GET.get("directive"))) is not None:
        directive = get_directive_for_user_or_404(request.user, directive_pk)
    activity_type = request.POST.get("type") or request.GET.get("type")
    keep = request.GET.copy()
    keep.pop("type", None)
    locked = accepted_directive_ids(unit.pk)
    directives = [d for d in open_directives_for(unit) if d.pk not in locked]
    if activity_type not in ActivityType.values:
        # The types the unit's open reports count come first, each saying toward how many directives.
        counting_types, other_types = type_choices(directives)
        return render(
            request,
            "activities/choose_type.html",
            {
                "unit": unit,
                "counting_types": counting_types,
                "other_types": other_types,
                "query": keep.urlencode(),
                "directive": directive,
            },
        )
    initial = {"occurred_on": timezone.localdate(), "counted": directives}
    if directive is not None and (end := directive.window[1]) and end < timezone.localdate():
        # Logging after the campaign: start from its last day rather than today, outside the window.
        initial["occurred_on"] = end
    form = ActivityForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        activity_type=activity_type,
        directives=directives,
        max_upload_mb=_max_upload_mb(),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.create_activity(unit=unit, actor=request.user, **form.service_arguments())
        except (services.ActivityError, EvidenceRejected) as error:
            _error_into_form(form, error)
        else:
            counted = [c.directive for c in form.counting() if c.counts]
            messages.success(
                request,
                _("Đã ghi hoạt động vào sổ theo dõi; được tính vào báo cáo về: {directives}.").format(
                    directives="; ".join(str(d) for d in counted)
                )
                if counted
                else _("Đã ghi hoạt động vào sổ theo dõi; hoạt động này không được tính vào báo cáo nào."),
            )
            return HttpResponseRedirect(
                _safe_next(request) or reverse("activities:detail", args=[activity.pk])
            )
    return render(
        request,
        "activities/activity_form.html",
        {
            "form": form,
            "unit": unit,
            "activity_type": activity_type,
            "type_label": ActivityType(activity_type).label,
            "change_type_query": keep.urlencode(),
            "directive": directive,
            "next": _safe_next(request) or "",
            # Offline, the phone resizes photos to this longest side before keeping them (capture.js).
            "photo_max_side": photo_max_side(),
        },
        status=400 if form.errors else 200,
    )


def activity_detail(request, pk: int):
    activity = get_activity_for_user_or_404(request.user, pk)
    may_log = can_log_for(request.user, activity.unit)
    counting = counting_for(activity)
    counting_form = CountingForm(
        directives=[c.directive for c in counting if not c.locked],
        initial={"counted": [c.directive for c in counting if c.counted]},
    )
    locked = is_locked(activity)
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "evidence": list(activity.evidence.all()),
            "counting": counting,
            "counting_form": counting_form,
            "may_log": may_log,
            "locked": locked,
            "evidence_form": EvidenceForm() if may_log and not locked else None,
            "quantities": [
                (quantity_label(activity.type, name), getattr(activity, name))
                for name in services.quantities_for(activity.type)
            ],
            "max_upload_mb": _max_upload_mb(),
        },
    )


def _loggable_activity(request, pk: int):
    """Visible, else the same 404 as missing; visible but read-only, a 403 that says why."""
    activity = get_activity_for_user_or_404(request.user, pk)
    if not can_log_for(request.user, activity.unit):
        raise PermissionDenied(
            _("Bạn chỉ được xem, không được sửa hoạt động của {unit}.").format(unit=activity.unit)
        )
    return activity


def activity_edit(request, pk: int):
    activity = _loggable_activity(request, pk)
    if request.method != "POST" and is_locked(activity):
        messages.error(
            request,
            _(
                "Hoạt động đã được tính trong báo cáo đã duyệt nên không sửa được; nếu cần, hãy đề nghị trả lại báo cáo."
            ),
        )
        return redirect("activities:detail", pk=activity.pk)
    activity_type = request.POST.get("type") or request.GET.get("type") or activity.type
    if activity_type not in ActivityType.values:
        activity_type = activity.type
    counting = {c.directive.pk: c for c in counting_for(activity)}
    locked = accepted_directive_ids(activity.unit_id)
    directives = [d for d in open_directives_for(activity.unit) if d.pk not in locked]
    excluded = set(activity.exclusions.values_list("directive_id", flat=True))
    initial = {
        "occurred_on": activity.occurred_on,
        "title": activity.title,
        "channel": activity.channel,
        "url": activity.url,
        "note": activity.note,
        "counted": [d for d in directives if d.pk not in excluded],
        **{name: getattr(activity, name) for name in services.ALL_QUANTITIES},
    }
    form = ActivityForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        activity_type=activity_type,
        directives=directives,
        max_upload_mb=_max_upload_mb(),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_activity(activity=activity, actor=request.user, **form.service_arguments())
        except (services.ActivityError, EvidenceRejected) as error:
            _error_into_form(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return HttpResponseRedirect(
                _safe_next(request) or reverse("activities:detail", args=[activity.pk])
            )
    return render(
        request,
        "activities/activity_form.html",
        {
            "form": form,
            "activity": activity,
            "unit": activity.unit,
            "activity_type": activity_type,
            "type_label": ActivityType(activity_type).label,
            "types": ActivityType.choices,
            "evidence": list(activity.evidence.all()),
            "counted_now": [c for c in counting.values() if c.counted],
            "next": _safe_next(request) or "",
        },
        status=400 if form.errors else 200,
    )


def activity_delete(request, pk: int):
    activity = _loggable_activity(request, pk)
    if request.method == "POST":
        try:
            services.delete_activity(activity=activity, actor=request.user)
        except services.ActivityError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("activities:detail", pk=activity.pk)
        messages.success(request, _("Đã xóa hoạt động “{title}”.").format(title=activity.title))
        return HttpResponseRedirect(_safe_next(request) or reverse("activities:list"))
    return render(
        request,
        "activities/activity_confirm_delete.html",
        {"activity": activity, "evidence_count": activity.evidence.count()},
    )


@require_POST
def activity_counting(request, pk: int):
    activity = _loggable_activity(request, pk)
    counting = counting_for(activity)
    form = CountingForm(request.POST, directives=[c.directive for c in counting if not c.locked])
    if not form.is_valid():
        messages.error(request, _("Lựa chọn văn bản không hợp lệ; hãy tải lại trang và chọn lại."))
        return redirect("activities:detail", pk=activity.pk)
    try:
        services.set_counting(activity=activity, counting=form.counting(), actor=request.user)
    except services.ActivityError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã lưu việc tính hoạt động vào các báo cáo."))
    return redirect("activities:detail", pk=activity.pk)


@require_POST
def evidence_add(request, pk: int):
    activity = _loggable_activity(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(activity=activity, actor=request.user, **form.service_arguments())
        except (services.ActivityError, EvidenceRejected) as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã thêm minh chứng."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("activities:detail", pk=activity.pk)


def evidence_file(request, pk: int):
    """The only way to an evidence file: after the same visibility check as its activity."""
    evidence = get_evidence_for_user_or_404(request.user, pk)
    if not evidence.file:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    inline = evidence.kind == EvidenceKind.PHOTO and evidence.content_type in INLINE_TYPES
    stem = evidence.original_name.rsplit(".", 1)[0] if evidence.original_name else f"minh-chung-{evidence.pk}"
    extension = evidence.file.name.rsplit(".", 1)[-1]
    return sandboxed_file_response(
        handle,
        content_type=evidence.content_type or "application/octet-stream",
        filename=f"{stem}.{extension}",
        inline=inline,
    )


def evidence_delete(request, pk: int):
    evidence = get_evidence_for_user_or_404(request.user, pk)
    activity = evidence.activity
    if not can_log_for(request.user, activity.unit):
        raise PermissionDenied(
            _("Bạn chỉ được xem, không được xóa minh chứng của {unit}.").format(unit=activity.unit)
        )
    if request.method == "POST":
        try:
            services.delete_evidence(evidence=evidence, actor=request.user)
        except services.ActivityError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã xóa minh chứng."))
        return redirect("activities:detail", pk=activity.pk)
    return render(
        request, "activities/evidence_confirm_delete.html", {"evidence": evidence, "activity": activity}
    )

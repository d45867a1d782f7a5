"""The phone's side of field capture: the installable app (manifest, service worker) and the endpoint that
receives activities logged offline. The service worker and the outbox live in static/lantoa/capture.js and
static/lantoa/sw.js; this module parses requests, calls one service and answers in JSON."""

import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from lantoa.activities import services
from lantoa.activities.evidence import EvidenceRejected
from lantoa.activities.forms import ActivityForm
from lantoa.activities.selectors import accepted_directive_ids, open_directives_for, units_where_can_log
from lantoa.core.querystring import positive_int
from lantoa.indicators.models import ActivityType


@login_not_required
@require_GET
def service_worker(request):
    """Served from the site root so that its scope is the whole site; never cached by the browser's HTTP
    cache, so a new version reaches every phone on its next visit."""
    path = finders.find("lantoa/sw.js")
    if path is None:
        raise Http404
    with open(path, encoding="utf-8") as handle:
        body = handle.read()
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
@require_GET
def manifest(request):
    return JsonResponse(
        {
            "name": "Lantoa — Lan tỏa",
            "short_name": "Lantoa",
            "lang": "vi",
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0b57d0",
            "icons": [
                {"src": static("lantoa/icon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"}
            ],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


def _answer(status: str, http_status: int, **fields) -> JsonResponse:
    return JsonResponse(
        {"status": status, **fields}, status=http_status, json_dumps_params={"ensure_ascii": False}
    )


@never_cache
@require_POST
def capture(request):
    """One activity from a phone's outbox: created (201), already received (200), a conflict the person
    decides on (409), or what to fix (400). Never a page: the phone shows the answer in its queue."""
    try:
        client_key = uuid.UUID(request.POST.get("client_key", ""))
    except ValueError:
        return _answer("invalid", 400, errors=[_("Thiếu mã gửi; hãy tải lại trang rồi gửi lại.")])
    pk = positive_int(request.POST.get("unit"))
    unit = units_where_can_log(request.user).filter(pk=pk).first() if pk is not None else None
    if unit is None:
        return _answer("invalid", 403, errors=[_("Bạn không còn được ghi hoạt động cho đơn vị này.")])
    activity_type = request.POST.get("type")
    if activity_type not in ActivityType.values:
        return _answer("invalid", 400, errors=[_("Hãy chọn loại hoạt động.")])
    already = services.Activity.objects.filter(client_key=client_key, created_by=request.user).first()
    if already is not None:
        return _answer("duplicate", 200, url=reverse("activities:detail", args=[already.pk]))
    data = request.POST.copy()
    ticked = [int(v) for v in data.getlist("counted") if v.isdigit()] if data.get("counted_shown") else []
    conflicts, lost = services.capture_conflicts(unit=unit, directive_ids=ticked)
    if conflicts and not data.get("accept_conflict"):
        return _answer(
            "conflict",
            409,
            errors=conflicts,
            advice=_("Chọn “Vẫn ghi vào sổ” để lưu hoạt động như trên, hoặc “Bỏ” nếu không cần nữa."),
        )
    data.setlist("counted", [str(pk) for pk in ticked if pk not in lost])
    locked = accepted_directive_ids(unit.pk)
    directives = [d for d in open_directives_for(unit) if d.pk not in locked]
    form = ActivityForm(data, request.FILES, activity_type=activity_type, directives=directives)
    if not form.is_valid():
        errors = [
            f"{form.fields[f].label}: {m}" if f in form.fields else m
            for f, ms in form.errors.items()
            for m in ms
        ]
        return _answer("invalid", 400, errors=errors)
    try:
        activity, created = services.capture_activity(
            unit=unit, actor=request.user, client_key=client_key, **form.service_arguments()
        )
    except (services.ActivityError, EvidenceRejected) as error:
        return _answer("invalid", 400, errors=error.messages)
    except PermissionDenied as error:
        return _answer("invalid", 403, errors=[str(error)])
    return _answer(
        "created" if created else "duplicate",
        201 if created else 200,
        url=reverse("activities:detail", args=[activity.pk]),
        title=activity.title,
    )


def photo_max_side() -> int:
    return int(getattr(settings, "LANTOA_PHOTO_MAX_SIDE", 1600))

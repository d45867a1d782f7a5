"""Request-wide protections: body size before reading, session lifetimes, the second factor, no caching.

Each is a small middleware so that every page gets it, including ones added later; settings.MIDDLEWARE
says where each sits and why.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _

from lantoa.core import audit

SESSION_STARTED = "lantoa_started"
SESSION_SEEN = "lantoa_seen"


class RequestSizeLimitMiddleware:
    """Refuses a body larger than LANTOA_MAX_REQUEST_MB from its Content-Length, before reading any of it.

    Django would otherwise read (and spool to disk) everything a client sends before a form could refuse it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.LANTOA_MAX_REQUEST_MB * 1024 * 1024
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django treats a malformed length as no body, and so reads nothing
        if length > limit:
            return too_large_response(length=length, limit=limit)
        return self.get_response(request)


def too_large_response(*, length: int, limit: int) -> HttpResponse:
    body = render_to_string(
        "core/request_too_large.html",
        {
            "size_mb": f"{length / 1024 / 1024:.1f}".replace(".", ","),
            "limit_mb": limit // 1024 // 1024,
            "file_mb": settings.LANTOA_MAX_UPLOAD_MB,
            "max_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
        },
    )
    response = HttpResponse(body, status=413)
    # The client is still sending; closing the connection stops it instead of reading the rest.
    response["Connection"] = "close"
    return response


def _expired_reply(request, message: str):
    messages.warning(request, message)
    if request.headers.get("HX-Request"):
        # htmx would put the login page inside the fragment it asked for; send the whole page there.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = f"{reverse(settings.LOGIN_URL)}?next={request.get_full_path()}"
        return response
    return redirect_to_login(request.get_full_path())


class SessionTimeoutMiddleware:
    """Signs a person out after LANTOA_SESSION_IDLE_MINUTES without a request, and LANTOA_SESSION_MAX_HOURS
    after they signed in, whichever comes first (a phone left on a desk, a shared computer)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault(SESSION_STARTED, now)
            seen = session.get(SESSION_SEEN, now)
            idle_limit = settings.LANTOA_SESSION_IDLE_MINUTES * 60
            age_limit = settings.LANTOA_SESSION_MAX_HOURS * 3600
            reason = None
            if now - seen > idle_limit:
                reason = "idle"
                message = _(
                    "Phiên làm việc đã kết thúc vì không hoạt động quá {n} phút. Xin đăng nhập lại."
                ).format(n=settings.LANTOA_SESSION_IDLE_MINUTES)
            elif now - started > age_limit:
                reason = "max_age"
                message = _("Phiên làm việc đã quá {n} giờ. Xin đăng nhập lại.").format(
                    n=settings.LANTOA_SESSION_MAX_HOURS
                )
            if reason:
                audit.record(
                    actor=user,
                    action="auth.session_expired",
                    obj=user,
                    summary=user.get_username(),
                    detail={"reason": reason},
                )
                # Signed out quietly: the logout signal would record a logout the person did not ask for.
                request.session.flush()
                request.user = AnonymousUser()
                return _expired_reply(request, message)
            if now - seen >= settings.LANTOA_SEEN_RESOLUTION_SECONDS or SESSION_SEEN not in session:
                session[SESSION_SEEN] = now
        return self.get_response(request)


# Where a person who still owes the second factor may go: the step itself, signing out, password reset.
SECOND_FACTOR_OPEN_URLS = ("login", "logout", "two_factor_verify", "two_factor_enrol", "healthz")


class SecondFactorMiddleware:
    """After the password, a person with a second factor must give its code, and a person whose role
    requires one must set it up, before any other page (the admin's included)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths: frozenset[str] | None = None

    def _is_open(self, path: str) -> bool:
        if self._open_paths is None:
            self._open_paths = frozenset(reverse(name) for name in SECOND_FACTOR_OPEN_URLS)
        return path in self._open_paths

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._is_open(request.path):
            from lantoa.core.accounts import VERIFY, pending_step

            step = pending_step(request)
            if step is not None:
                target = reverse("two_factor_verify" if step == VERIFY else "two_factor_enrol")
                if request.headers.get("HX-Request"):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = target
                    return response
                return redirect_to_login(request.get_full_path(), login_url=target)
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages shown to a signed-in person are never kept by the browser or a proxy: after signing out on a
    shared computer, Back must not show them again. A view that chose its own caching keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if response.has_header("Cache-Control"):
                patch_cache_control(response, private=True)
            else:
                add_never_cache_headers(response)
                patch_cache_control(response, private=True)
        return response

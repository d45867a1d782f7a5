"""The audit trail: services call `record` for every change; the middleware supplies where it came from."""

import contextvars

from django.db import models

from lantoa.core.models import AuditEvent

_client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("lantoa_client_ip", default=None)


def record(
    *, actor, action: str, obj: models.Model, summary: str = "", detail: dict | None = None
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:500],
        detail=detail or {},
        ip=_client_ip.get(),
    )


class ClientAddressMiddleware:
    """Remembers the client address of the current request for the audit trail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Behind a reverse proxy REMOTE_ADDR is the proxy; the proxy must be configured to set it
        # (e.g. gunicorn --forwarded-allow-ips), since trusting X-Forwarded-For blindly lets clients lie.
        token = _client_ip.set(request.META.get("REMOTE_ADDR") or None)
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)

"""The audit trail: services call `record` for every change; the middleware supplies where it came from.

Besides the campaign's changes it holds what happens to accounts (signing in and out, failed logins,
lockouts, passwords, the second factor) and every change made in the admin, with old → new values.
"""

import contextvars
import ipaddress

from django.conf import settings
from django.db import models

from lantoa.core.models import AuditEvent

_client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("lantoa_client_ip", default=None)


def audit_event(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    summary: str = "",
    detail: dict | None = None,
) -> AuditEvent:
    """One row of the trail, not yet saved: for a service that writes many at once with `bulk_create`.
    `obj` names what changed; without one (a failed login for a name that is no account)
    `object_type`/`object_id` say what the event is about."""
    if obj is not None:
        object_type, object_id = obj._meta.label_lower, str(obj.pk)
    return AuditEvent(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=object_type[:64],
        object_id=object_id[:64],
        summary=summary[:500],
        detail=detail or {},
        ip=_client_ip.get(),
    )


def record(*, actor, action: str, **about) -> AuditEvent:
    """One row of the trail, saved; `about` as `audit_event` takes it (obj, object_type, object_id, summary,
    detail)."""
    event = audit_event(actor=actor, action=action, **about)
    event.save(force_insert=True)
    return event


def _valid_ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The address the request came from: the connection's, or — behind LANTOA_PROXY_COUNT reverse
    proxies — the one the nearest proxy saw, from the right of X-Forwarded-For.

    Entries further left were written by the client itself and prove nothing; reading the one our own
    proxy appended is what keeps a client from choosing the address its login failures are counted on.
    """
    remote = _valid_ip(request.META.get("REMOTE_ADDR"))
    hops = settings.LANTOA_PROXY_COUNT
    if not hops:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < hops:
        return remote
    return _valid_ip(forwarded[-hops]) or remote


class ClientAddressMiddleware:
    """Remembers the client address of the current request for the audit trail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _client_ip.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)

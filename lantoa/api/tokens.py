"""Creating, revoking and checking personal access tokens. Every creation and revocation is audited."""

import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.api.models import ApiToken
from lantoa.core.audit import record

PREFIX = "lt_"


class TokenError(ValueError):
    pass


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def create_token(*, user, name: str, actor=None) -> tuple[ApiToken, str]:
    """A new token for `user`: the model and the token itself, which is never stored and never shown again."""
    name = (name or "").strip()[:100]
    if not name:
        raise TokenError(_("Hãy đặt tên cho khóa (ví dụ: “Phần mềm quản lý văn bản”)."))
    token = PREFIX + secrets.token_urlsafe(32)
    api_token = ApiToken.objects.create(user=user, name=name, prefix=token[:11], digest=digest_of(token))
    record(
        actor=actor or user,
        action="api.token.create",
        obj=api_token,
        summary=f"{name} ({api_token.prefix}…) — {user.get_username()}",
    )
    return api_token, token


@transaction.atomic
def revoke_token(*, token: ApiToken, actor) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor=actor, action="api.token.revoke", obj=token, summary=f"{token.name} ({token.prefix}…)")
    return token


def tokens_of(user):
    """The one scoping function for tokens: a person sees and revokes only their own."""
    if not getattr(user, "is_authenticated", False):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


def user_for_token(token: str):
    """The active user a token belongs to, or None. Marks it used at most once a minute (LANTOA_SEEN_RESOLUTION_SECONDS) (no write per call)."""
    if not token or not token.startswith(PREFIX) or len(token) > 200:
        return None
    found = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest_of(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if found is None:
        return None
    now = timezone.now()
    if (
        found.last_used_at is None
        or (now - found.last_used_at).total_seconds() >= settings.LANTOA_SEEN_RESOLUTION_SECONDS
    ):
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user

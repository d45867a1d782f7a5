"""Login throttling on django-axes: who is locked, for how long, and what the person is told.

The policy (README "Security"), for the app's login page and the admin's alike:

- 10 wrong passwords (AXES_FAILURE_LIMIT) for one account from one address lock that account *from that
  address*: the guesser is stopped, and the owner, signing in from elsewhere, is not;
- 30 (LANTOA_LOGIN_WIDE_FAILURE_LIMIT) from one address, whatever the accounts, lock the address: one
  machine trying many accounts; colleagues behind the same office router wait out the cool-off with it;
- 30 for one account from anywhere lock the account: guesses spread over many addresses;
- every lock ends by itself AXES_COOLOFF_TIME (15 minutes) after the failure that set it. Tries made while
  locked are refused without touching the password hash and do not extend the lock, so an attacker cannot
  keep a person out for longer than that; resetting one's password by e-mail lifts a lock on one's account
  at once, and a successful login clears the failures of that account at that address.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from lantoa.core.audit import record


def _failures(attempts) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class LoginThrottle(AxesDatabaseHandler):
    """AxesDatabaseHandler with one limit for an account at one address and a wider one for an address or
    an account alone (AXES_LOCKOUT_PARAMETERS lists the three groups in that order)."""

    def lock_scope(self, request, credentials=None) -> tuple[str | None, int]:
        """Which lock applies, if any, and the failures of this account at this address."""
        groups = self.get_user_attempts(request, credentials)
        pair, address, account = (_failures(attempts) for attempts in groups)
        limits = (
            ("account_at_address", pair, settings.AXES_FAILURE_LIMIT, groups[0]),
            ("address", address, settings.LANTOA_LOGIN_WIDE_FAILURE_LIMIT, groups[1]),
            ("account", account, settings.LANTOA_LOGIN_WIDE_FAILURE_LIMIT, groups[2]),
        )
        for scope, failures, limit, attempts in limits:
            if failures >= limit:
                last = attempts.aggregate(last=Max("attempt_time"))["last"]
                request.lantoa_lock_until = last + get_cool_off(request) if last else None
                return scope, pair
        return None, pair

    def get_failures(self, request, credentials=None) -> int:
        # Axes compares this one number with AXES_FAILURE_LIMIT: report the limit when any scope is locked.
        scope, pair = self.lock_scope(request, credentials)
        request.lantoa_lock_scope = scope
        return max(pair, settings.AXES_FAILURE_LIMIT) if scope else pair

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        already_locked = bool(getattr(request, "axes_locked_out", False))
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or already_locked:
            # Refused while locked: no password was checked and nothing is written, so a flood stays cheap.
            return
        username = (get_client_username(request, credentials) or "")[:150]
        user = get_user_model().objects.filter(username=username).first() if username else None
        where = "admin" if self.is_admin_request(request) else "app"
        record(
            actor=None,
            action="auth.login_failed",
            obj=user,
            object_type="auth.user",
            summary=username,
            detail={"username": username, "where": where},
        )
        if getattr(request, "axes_locked_out", False):
            record(
                actor=None,
                action="auth.lockout",
                obj=user,
                object_type="auth.user",
                summary=username,
                detail={
                    "username": username,
                    "where": where,
                    "scope": getattr(request, "lantoa_lock_scope", None) or "account_at_address",
                    "minutes": int(get_cool_off(request).total_seconds() // 60),
                },
            )

    def reset_user_attempts(self, request, credentials=None) -> int:
        # A successful login clears the failures of that account at that address only: clearing the whole
        # address would let someone sign in to their own account to wipe their guesses at others.
        count, _rows = self.filter_user_attempts(request, credentials)[0].delete()
        return count


def unlock_account(*, username: str) -> int:
    """Forget an account's failed logins (after a password reset by e-mail, which proves who asks)."""
    count, _rows = AccessAttempt.objects.filter(username=username).delete()
    return count


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets instead of the form: in Vietnamese, with when to try again."""
    cool_off = get_cool_off(request)
    until = getattr(request, "lantoa_lock_until", None) or timezone.now() + cool_off
    return render(
        request,
        "registration/locked_out.html",
        {
            "minutes": int(cool_off.total_seconds() // 60),
            "until": timezone.localtime(until),
            "scope": getattr(request, "lantoa_lock_scope", None) or "account_at_address",
            "limit": settings.AXES_FAILURE_LIMIT,
            "admin": request.path.startswith("/quan-tri/"),
        },
        status=429,
    )

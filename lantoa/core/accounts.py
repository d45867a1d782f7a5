"""Accounts: passwords and the second factor. Every write is here, audited; the pages only do HTTP.

The second factor is a TOTP app on the person's phone (Google Authenticator, Microsoft Authenticator…),
with ten single-use backup codes for the day the phone is lost. Anyone may turn it on; the roles in
LANTOA_REQUIRE_2FA_ROLES must. Whether a signed-in person still owes it is decided once, at login, and kept
in the session, so that ordinary pages cost no extra query:

    password ok ──► owes "verify" (has a device) ──► code ok ──► free
                └─► owes "enrol" (role requires, no device) ──► device confirmed ──► free
                └─► free
"""

import base64
import secrets

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import verify_token as otp_verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantoa.core.audit import record
from lantoa.core.login_throttle import unlock_account
from lantoa.core.middleware import SESSION_SEEN, SESSION_STARTED

SECOND_FACTOR_PENDING = "lantoa_2fa_pending"
VERIFY, ENROL = "verify", "enrol"
BACKUP_CODE_COUNT = 10
TOTP_NAME = "Ứng dụng xác thực"
BACKUP_NAME = "Mã dự phòng"


class AccountError(ValidationError):
    """A change to an account that cannot be made; the message says what to do instead."""


# --- Who owes the second factor ---------------------------------------------------------------------------


def roles_of(user) -> set[str]:
    from lantoa.units.models import Membership

    roles = set(Membership.objects.filter(user=user, is_active=True).values_list("role", flat=True))
    if user.is_staff or user.is_superuser:
        roles.add("admin")
    return roles


def second_factor_required(user) -> bool:
    required = settings.LANTOA_REQUIRE_2FA_ROLES
    if not required:
        return False
    return "all" in required or bool(roles_of(user) & required)


def totp_device(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-pk").first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_step(user) -> str | None:
    """What a freshly signed-in person still owes: VERIFY, ENROL or nothing (queries; used at login)."""
    if has_second_factor(user):
        return VERIFY
    if second_factor_required(user):
        return ENROL
    return None


def pending_step(request) -> str | None:
    """What the signed-in person of this request still owes, from the session (no query)."""
    return request.session.get(SECOND_FACTOR_PENDING)


@receiver(user_logged_in, dispatch_uid="lantoa_account_signed_in")
def _signed_in(sender, request, user, **kwargs):
    import time

    now = int(time.time())
    request.session[SESSION_STARTED] = now
    request.session[SESSION_SEEN] = now
    step = second_factor_step(user)
    if step:
        request.session[SECOND_FACTOR_PENDING] = step
    else:
        request.session.pop(SECOND_FACTOR_PENDING, None)
    record(
        actor=user,
        action="auth.login",
        obj=user,
        summary=user.get_username(),
        detail={"where": "admin" if request.path.startswith("/quan-tri/") else "app"},
    )


@receiver(user_logged_out, dispatch_uid="lantoa_account_signed_out")
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(actor=user, action="auth.logout", obj=user, summary=user.get_username())


# --- Passwords ---------------------------------------------------------------------------------------------


@transaction.atomic
def change_password(*, actor, request, new_password: str) -> None:
    """The person changes their own password (the form checked the old one and the rules); their other
    sessions end, this one goes on."""
    actor.set_password(new_password)
    actor.save(update_fields=["password"])
    update_session_auth_hash(request, actor)
    record(actor=actor, action="auth.password_change", obj=actor, summary=actor.get_username())


@transaction.atomic
def reset_password(*, user, new_password: str) -> None:
    """A new password from the link sent by e-mail: every session of the account ends, and a login lockout
    on it is lifted (the link proves it is the owner asking)."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    unlocked = unlock_account(username=user.get_username())
    record(
        actor=None,
        action="auth.password_reset",
        obj=user,
        summary=user.get_username(),
        detail={"lockout_lifted": bool(unlocked)},
    )


def record_reset_request(*, email: str, users: list) -> None:
    """Who asked for a reset link, for whom. The page answers the same whether or not the address is known."""
    if not users:
        record(
            actor=None,
            action="auth.password_reset_request",
            object_type="auth.user",
            summary=email[:200],
            detail={"known": False},
        )
    for user in users:
        record(
            actor=None,
            action="auth.password_reset_request",
            obj=user,
            summary=email[:200],
            detail={"known": True},
        )


# --- The second factor -------------------------------------------------------------------------------------


def qr_svg(data: str) -> SafeString:
    """A QR code as inline SVG, drawn here: the secret never leaves the server to an image service."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    svg = svg[svg.index("<svg") :]
    return mark_safe(svg.replace("<svg ", '<svg class="qr" role="img" aria-label="QR" ', 1))  # noqa: S308 - generated from our own data


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app when the camera cannot read the QR."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def start_totp_enrolment(*, actor) -> TOTPDevice:
    """A new secret for the person's app; it counts only once a code from the app confirms it."""
    if has_second_factor(actor):
        raise AccountError(_("Xác thực hai bước đã được bật cho tài khoản này."))
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    return TOTPDevice.objects.create(user=actor, name=TOTP_NAME, confirmed=False)


def _new_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
    codes = [f"{secrets.randbelow(10**8):08d}" for _n in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def confirm_totp_enrolment(*, actor, request, token: str) -> list[str]:
    """The code from the app proves it holds the secret: the second factor is on, this session counts as
    verified, and ten backup codes are returned to be shown once.

    Not one transaction: a wrong code must stay counted (throttling, audit) while the error goes back up."""
    device = totp_device(actor, confirmed=False)
    if device is None:
        raise AccountError(_("Hãy bắt đầu lại việc thiết lập: mã bí mật cũ đã hết hiệu lực."))
    if not device.verify_token(_digits(token)):
        record(actor=actor, action="auth.2fa_enrol_failed", obj=actor, summary=actor.get_username())
        raise AccountError(
            _(
                "Mã không đúng. Hãy nhập mã 6 chữ số đang hiện trong ứng dụng (mã đổi sau mỗi 30 giây) và kiểm "
                "tra giờ trên điện thoại là giờ tự động."
            )
        )
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_backup_codes(actor)
        record(actor=actor, action="auth.2fa_enrol", obj=actor, summary=actor.get_username())
    otp_login(request, device)
    request.session.pop(SECOND_FACTOR_PENDING, None)
    return codes


def _digits(token: str) -> str:
    return "".join(ch for ch in (token or "") if ch in "0123456789")[:8]


def verify_second_factor(*, actor, request, token: str) -> None:
    """The code after the password: from the app (6 digits) or one backup code (8 digits, used up).

    Not one transaction: a wrong code must stay counted (throttling, audit) while the error goes back up;
    each device's own check is atomic."""
    code = _digits(token)
    device = totp_device(actor)
    if device is None:
        raise AccountError(_("Tài khoản này chưa bật xác thực hai bước."))
    allowed, why = device.verify_is_allowed()
    if not allowed:
        until = (why or {}).get("locked_until")
        wait = max(1, int((until - timezone.now()).total_seconds())) if until else 60
        raise AccountError(_("Nhập sai nhiều lần: hãy chờ {s} giây rồi nhập mã mới.").format(s=wait))
    verified = None
    if len(code) == 6:
        # django-otp's check locks the device row, so two tries at once cannot both pass or both count once.
        verified = otp_verify_token(actor, device.persistent_id, code)
    elif len(code) == 8:
        backup = StaticDevice.objects.filter(user=actor, confirmed=True).first()
        verified = otp_verify_token(actor, backup.persistent_id, code) if backup else None
        if verified is None:
            device.throttle_increment(commit=True)  # a wrong backup code slows guessing the same way
    else:
        device.throttle_increment(commit=True)
    if verified is None:
        record(actor=actor, action="auth.2fa_failed", obj=actor, summary=actor.get_username())
        raise AccountError(
            _(
                "Mã không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trong ứng dụng xác thực, hoặc một mã dự phòng."
            )
        )
    otp_login(request, verified)
    request.session.pop(SECOND_FACTOR_PENDING, None)
    record(
        actor=actor,
        action="auth.2fa_verify",
        obj=actor,
        summary=actor.get_username(),
        detail={"with": "backup_code" if isinstance(verified, StaticDevice) else "app"},
    )


def disable_second_factor(*, actor, token: str) -> None:
    """The person turns it off themselves, with a current code; not when their role requires it.
    (A wrong code stays counted, so the check is outside the transaction that removes the devices.)"""
    if second_factor_required(actor):
        raise PermissionDenied(_("Vai trò của bạn bắt buộc dùng xác thực hai bước; không tắt được."))
    device = totp_device(actor)
    if device is None:
        raise AccountError(_("Tài khoản này chưa bật xác thực hai bước."))
    if not device.verify_token(_digits(token)):
        record(actor=actor, action="auth.2fa_failed", obj=actor, summary=actor.get_username())
        raise AccountError(_("Mã không đúng. Hãy nhập mã 6 chữ số đang hiện trong ứng dụng."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor).delete()
        StaticDevice.objects.filter(user=actor).delete()
        record(actor=actor, action="auth.2fa_disable", obj=actor, summary=actor.get_username())


@transaction.atomic
def reset_second_factor(*, actor, user) -> None:
    """An administrator removes a person's second factor (a lost phone, no backup code left); if their role
    requires one, they set up a new one at their next login."""
    if not (actor.is_staff and actor.has_perm("auth.change_user")):
        raise PermissionDenied(_("Chỉ quản trị hệ thống được gỡ xác thực hai bước của người khác."))
    removed, _rows = TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record(
        actor=actor,
        action="admin.2fa_reset",
        obj=user,
        summary=user.get_username(),
        detail={"removed": bool(removed)},
    )

"""The account pages: password change and reset, the second factor. Parse, call one service, render."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lantoa.core import accounts


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label=gettext_lazy("Mã xác thực"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 10}
        ),
    )


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _password_context() -> dict:
    return {"min_length": _min_length()}


def _min_length() -> int:
    for validator in settings.AUTH_PASSWORD_VALIDATORS:
        if validator["NAME"].endswith("MinimumLengthValidator"):
            return validator.get("OPTIONS", {}).get("min_length", 8)
    return 8


@never_cache
def account(request):
    user = request.user
    return render(
        request,
        "registration/account.html",
        {
            "has_second_factor": accounts.has_second_factor(user),
            "second_factor_required": accounts.second_factor_required(user),
            "backup_codes_left": accounts.backup_codes_left(user),
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("account")
    extra_context = _password_context()

    def form_valid(self, form):
        accounts.change_password(
            actor=self.request.user, request=self.request, new_password=form.cleaned_data["new_password1"]
        )
        messages.success(self.request, _("Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc."))
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        # Links in the mail point at the configured public address, never at a Host header a client chose.
        self.extra_email_context = {"base_url": settings.LANTOA_BASE_URL}
        email = form.cleaned_data["email"]
        accounts.record_reset_request(email=email, users=list(form.get_users(email)))
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")
    extra_context = _password_context()

    def form_valid(self, form):
        accounts.reset_password(user=form.user, new_password=form.cleaned_data["new_password1"])
        self.request.session.pop(INTERNAL_RESET_SESSION_TOKEN, None)
        return HttpResponseRedirect(self.get_success_url())


@never_cache
def two_factor_verify(request):
    """The second step of signing in: the code from the app, or a backup code."""
    if accounts.pending_step(request) != accounts.VERIFY:
        return redirect(_safe_next(request, reverse("home")))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.verify_second_factor(
                actor=request.user, request=request, token=form.cleaned_data["otp_token"]
            )
        except accounts.AccountError as error:
            for message in error.messages:
                form.add_error("otp_token", message)
        else:
            return HttpResponseRedirect(_safe_next(request, reverse("home")))
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _safe_next(request, "")},
        status=400 if form.errors else 200,
    )


@never_cache
def two_factor_enrol(request):
    """Setting up the app: a secret as a QR code, then a code from the app to prove it took it."""
    user = request.user
    if accounts.has_second_factor(user):
        messages.info(request, _("Xác thực hai bước đã được bật."))
        return redirect("account")
    form = TokenForm(request.POST if request.POST.get("action") == "confirm" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "start":
                accounts.start_totp_enrolment(actor=user)
                return redirect("two_factor_enrol")
            if form.is_valid():
                codes = accounts.confirm_totp_enrolment(
                    actor=user, request=request, token=form.cleaned_data["otp_token"]
                )
                return render(
                    request,
                    "registration/two_factor_backup_codes.html",
                    {"codes": codes, "next": _safe_next(request, reverse("home"))},
                )
        except accounts.AccountError as error:
            for message in error.messages:
                form.add_error("otp_token" if form.is_bound else None, message)
    device = accounts.totp_device(user, confirmed=False)
    return render(
        request,
        "registration/two_factor_enrol.html",
        {
            "form": form,
            "device": device,
            "qr": accounts.qr_svg(device.config_url) if device else None,
            "secret": accounts.secret_for_typing(device) if device else "",
            "required": accounts.second_factor_required(user),
            "next": _safe_next(request, ""),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def two_factor_disable(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy nhập mã 6 chữ số đang hiện trong ứng dụng để tắt xác thực hai bước."))
        return redirect("account")
    try:
        accounts.disable_second_factor(actor=request.user, token=form.cleaned_data["otp_token"])
    except PermissionDenied as error:
        messages.error(request, str(error))
    except accounts.AccountError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã tắt xác thực hai bước."))
    return redirect("account")

"""The reviewer's answer to a flag: parse the note, call the service, go back where they were."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.evidence.forms import CheckFlagForm
from lantoa.evidence.selectors import can_check_flag, get_flag_for_user_or_404
from lantoa.evidence.services import FlagError, mark_flag_checked


def _back(request, flag) -> str:
    target = request.POST.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("activities:detail", args=[flag.activity_id])


@require_POST
def check_flag(request, pk: int):
    flag = get_flag_for_user_or_404(request.user, pk)
    if not can_check_flag(request.user, flag):
        raise PermissionDenied(_("Chỉ người kiểm tra báo cáo được đánh dấu cảnh báo này đã kiểm tra."))
    form = CheckFlagForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return HttpResponseRedirect(_back(request, flag))
    try:
        mark_flag_checked(flag=flag, actor=request.user, note=form.cleaned_data["note"])
    except FlagError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã ghi nhận: cảnh báo đã được kiểm tra."))
    return HttpResponseRedirect(_back(request, flag))

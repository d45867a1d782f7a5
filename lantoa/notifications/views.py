import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lantoa.notifications import selectors
from lantoa.notifications.dunning import dunning_document, late_units
from lantoa.notifications.forms import ChannelForm, ReminderPolicyForm
from lantoa.notifications.services import (
    DEFAULT_POLICY,
    mark_all_read,
    mark_read,
    policy_of,
    remind_now,
    set_channel,
    set_reminder_policy,
)
from lantoa.reports.forms import safe_next
from lantoa.summaries.docx_writer import write_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require_GET
def inbox(request):
    return render(request, "notifications/inbox.html", {"inbox": selectors.inbox_of(request.user)})


@require_POST
def open_message(request, pk: int):
    message = selectors.get_message_for_user_or_404(request.user, pk)
    mark_read(actor=request.user, message=message)
    # The link is absolute because it is also mailed; inside the site, follow its path.
    base = settings.LANTOA_BASE_URL.rstrip("/")
    target = (
        message.url[len(base) :] if message.url.startswith(base + "/") else reverse("notifications:inbox")
    )
    return redirect(target)


@require_POST
def read_all(request):
    count = mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("Đã đánh dấu {n} thông báo là đã đọc.").format(n=count))
    return redirect("notifications:inbox")


@require_http_methods(["GET", "POST"])
def preferences(request):
    if request.method == "POST":
        form = ChannelForm(request.POST)
        if form.is_valid():
            set_channel(actor=request.user, channel=form.cleaned_data["channel"])
            messages.success(request, _("Đã lưu cách nhận thông báo."))
            return redirect("notifications:preferences")
    else:
        form = ChannelForm(initial={"channel": selectors.channel_of(request.user)})
    return render(request, "notifications/preferences.html", {"form": form})


@require_POST
def nudge(request, pk: int):
    """ "Nhắc ngay": the directive's managers remind one unit that owes its report; anyone else gets the same
    404 as for a report that does not exist."""
    report = selectors.get_nudgeable_report_or_404(request.user, pk)
    try:
        remind_now(report=report, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _(
                "Đã nhắc {unit}: cán bộ của đơn vị nhận thông báo trong Lantoa và thư điện tử (nếu có)."
            ).format(unit=report.unit),
        )
    return redirect(safe_next(request, reverse("reports:detail", args=[report.pk])))


@require_GET
def dunning(request, pk: int):
    directive = selectors.get_dunning_directive_or_404(request.user, pk)
    return render(
        request,
        "notifications/dunning.html",
        {"directive": directive, "units": late_units(directive), "policy": policy_of(directive)},
    )


@require_GET
def dunning_docx(request, pk: int):
    directive = selectors.get_dunning_directive_or_404(request.user, pk)
    units = late_units(directive)
    if not units:
        messages.info(
            request,
            _(
                "Chưa có đơn vị nào bị nhắc quá hạn đủ số lần để đôn đốc bằng văn bản: chưa cần soạn công văn."
            ),
        )
        return redirect("notifications:dunning", pk=directive.pk)
    today: datetime.date = timezone.localdate()
    content = write_docx(dunning_document(directive, units, today=today))
    response = HttpResponse(content, content_type=DOCX)
    name = (
        slugify(f"cong-van-don-doc-{directive.number or directive.pk}-{today.isoformat()}")
        or "cong-van-don-doc"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response


@require_http_methods(["GET", "POST"])
def policy(request, pk: int):
    # Same 404 as the dunning page: only the directive's managers change how its units are chased.
    directive = selectors.get_dunning_directive_or_404(request.user, pk)
    current = policy_of(directive)
    if request.method == "POST":
        form = ReminderPolicyForm(request.POST)
        if form.is_valid():
            try:
                set_reminder_policy(directive=directive, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, _("Đã lưu cách nhắc việc; lần nhắc tới sẽ theo cách mới."))
                return redirect("notifications:policy", pk=directive.pk)
    else:
        form = ReminderPolicyForm(initial=ReminderPolicyForm.initial_from(current))
    return render(
        request,
        "notifications/policy.html",
        {"directive": directive, "form": form, "policy": current, "is_default": current == DEFAULT_POLICY},
    )

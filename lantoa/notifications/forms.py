import re

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.core.querystring import ascii_digits
from lantoa.notifications.models import Channel
from lantoa.notifications.services import (
    DAYS_BEFORE_RANGE,
    ESCALATE_AFTER_RANGE,
    OVERDUE_EVERY_RANGE,
    Policy,
)


class ChannelForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Nhận thông báo (giao nhiệm vụ, nộp, trả lại, duyệt báo cáo, nhắc việc) qua"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn một cách nhận thông báo rồi bấm “Lưu”.")},
    )


def _number_field(label, help_text, low, high, between):
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=low,
        max_value=high,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
        error_messages={
            "required": between,
            "invalid": between,
            "min_value": between,
            "max_value": between,
        },
    )


class ReminderPolicyForm(forms.Form):
    """The directive's reminder rules as an officer types them; days before the deadline are typed "3, 1"."""

    enabled = forms.BooleanField(label=_("Nhắc các đơn vị chưa nộp báo cáo"), required=False)
    days_before = forms.CharField(
        label=_("Nhắc trước hạn (số ngày)"),
        help_text=_(
            "Gõ các số ngày, cách nhau bằng dấu phẩy, ví dụ: 3, 1. Để trống nếu không nhắc trước hạn."
        ),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "3, 1"}),
    )
    on_due_day = forms.BooleanField(label=_("Nhắc vào đúng ngày đến hạn"), required=False)
    overdue_every_days = _number_field(
        _("Khi đã quá hạn, nhắc mỗi (ngày)"),
        _("Ví dụ: 2 = nhắc hai ngày một lần cho đến khi đơn vị nộp. Gõ 0 nếu không nhắc khi đã quá hạn."),
        *OVERDUE_EVERY_RANGE,
        _("Gõ một số nguyên từ 0 đến 30, ví dụ: 2 (0 = không nhắc khi đã quá hạn)."),
    )
    escalate_after = _number_field(
        _("Soạn công văn đôn đốc sau số lần nhắc quá hạn"),
        _("Đơn vị đã được nhắc quá hạn từ số lần này trở lên được đưa vào dự thảo công văn đôn đốc."),
        *ESCALATE_AFTER_RANGE,
        _("Gõ một số nguyên từ 1 đến 20, ví dụ: 3."),
    )

    def clean_days_before(self) -> list[int]:
        text = self.cleaned_data["days_before"]
        parts = [p for p in re.split(r"[,;\s]+", text) if p]
        low, high = DAYS_BEFORE_RANGE
        # isdigit alone says yes to "²", which int() refuses: only ASCII digits are numbers here.
        wrong = [p for p in parts if not ascii_digits(p) or not low <= int(p) <= high]
        if wrong:
            raise forms.ValidationError(
                _(
                    "“{wrong}” không phải số ngày hợp lệ: gõ các số nguyên từ {low} đến {high}, "
                    "cách nhau bằng dấu phẩy, ví dụ: 3, 1."
                ).format(wrong=", ".join(wrong), low=low, high=high)
            )
        days = [int(p) for p in parts]
        repeated = sorted({d for d in days if days.count(d) > 1}, reverse=True)
        if repeated:
            raise forms.ValidationError(
                _("Số ngày {days} được gõ hơn một lần: mỗi số chỉ gõ một lần, ví dụ: 3, 1.").format(
                    days=", ".join(str(d) for d in repeated)
                )
            )
        # Stored and shown from the furthest to the nearest day, whatever order they were typed in.
        return sorted(days, reverse=True)

    @classmethod
    def initial_from(cls, policy: Policy) -> dict:
        return {
            "enabled": policy.enabled,
            "days_before": ", ".join(str(d) for d in policy.days_before),
            "on_due_day": policy.on_due_day,
            "overdue_every_days": policy.overdue_every_days,
            "escalate_after": policy.escalate_after,
        }

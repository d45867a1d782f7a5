from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.notifications.models import Channel


class ChannelForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Nhận nhắc việc qua"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn một cách nhận nhắc việc rồi bấm “Lưu”.")},
    )

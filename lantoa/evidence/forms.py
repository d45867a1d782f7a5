from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.evidence.services import CHECK_NOTE_MAX


class CheckFlagForm(forms.Form):
    note = forms.CharField(
        label=_("Kết quả kiểm tra"),
        max_length=CHECK_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy ghi bạn đã kiểm tra thế nào.")},
    )

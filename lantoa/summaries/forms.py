from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.core.dates import DateField
from lantoa.summaries.services import TEXT_FIELDS


def _text(label, rows=None, help_text="", max_length=None):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label, required=False, widget=widget, help_text=help_text, max_length=max_length
    )


class SummaryForm(forms.Form):
    """Everything the officer may rewrite before generating; figures are not typed here."""

    number = _text(
        _("Số, ký hiệu"),
        help_text=_("Ví dụ: 125/BC-UBND; để trống số nếu văn thư cấp số sau."),
        max_length=64,
    )
    place = _text(_("Địa danh"), max_length=64)
    date = DateField(
        label=_("Ngày báo cáo"),
        required=False,
        help_text=_("Dạng ngày/tháng/năm, ví dụ 18/10/2023; để trống để ghi tay khi ký."),
        error_messages={"invalid": _("Hãy nhập ngày dạng ngày/tháng/năm, ví dụ 18/10/2023.")},
    )
    subject = _text(_("Trích yếu"), max_length=500)
    recipients = _text(_("Kính gửi"), rows=2, help_text=_("Mỗi dòng một nơi nhận."))
    intro = _text(_("Mở đầu"), rows=3)
    results = _text(_("I. Kết quả thực hiện"), rows=10, help_text=_("Mỗi dòng là một đoạn."))
    strengths = _text(_("II.1. Ưu điểm"), rows=4)
    weaknesses = _text(_("II.2. Hạn chế"), rows=4)
    proposals = _text(_("III. Đề xuất, kiến nghị"), rows=4)
    cc = _text(_("Nơi nhận"), rows=3, help_text=_("Mỗi dòng một nơi; dòng cuối là “Lưu: VT, …”."))
    signer_authority = _text(_("Thẩm quyền ký"), help_text=_("Ví dụ: KT. CHỦ TỊCH"), max_length=64)
    signer_position = _text(_("Chức vụ người ký"), help_text=_("Ví dụ: PHÓ CHỦ TỊCH"), max_length=128)
    signer_name = _text(_("Người ký"), max_length=128)

    def text_fields(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in TEXT_FIELDS}

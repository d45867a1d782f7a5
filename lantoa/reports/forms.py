from decimal import Decimal

from django import forms
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from lantoa.indicators.models import Indicator
from lantoa.reports.models import Report, ReportState


def _plain(value: Decimal) -> Decimal | int:
    """Show 3, not 3,00, when the figure is a whole number."""
    return int(value) if value == value.to_integral_value() else value


class FigureField(forms.DecimalField):
    """A figure typed the Vietnamese way: a comma before decimals, no thousands separator. A dot is refused
    rather than guessed, since "1.000" means one thousand to the person typing it and 1 to Python."""

    def to_python(self, value):
        if isinstance(value, str) and "." in value:
            raise forms.ValidationError(
                _("Không dùng dấu chấm: nhập 1000 cho một nghìn, dùng dấu phẩy cho phần lẻ (ví dụ 12,5)."),
                code="dot",
            )
        return super().to_python(value)


class ReportForm(forms.Form):
    """The narrative, and one number box per indicator of the directive that nobody itemises."""

    results = forms.CharField(
        label=_("Kết quả thực hiện"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Những việc đơn vị đã làm; số liệu từ sổ theo dõi đã được tính sẵn ở bảng trên."),
    )
    difficulties = forms.CharField(
        label=_("Khó khăn, vướng mắc"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    proposals = forms.CharField(
        label=_("Đề xuất, kiến nghị"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, report: Report, manual_indicators: list[Indicator], **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "results": report.results,
                "difficulties": report.difficulties,
                "proposals": report.proposals,
                **{
                    f"manual_{f.indicator.code}": _plain(f.value)
                    for f in report.manual_figures.select_related("indicator")
                },
            },
        )
        super().__init__(*args, **kwargs)
        self.manual_indicators = manual_indicators
        for indicator in manual_indicators:
            self.fields[f"manual_{indicator.code}"] = FigureField(
                label=f"{indicator.name} ({indicator.unit_of_measure})",
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
                localize=True,
                error_messages={
                    "invalid": _("Hãy nhập một số, ví dụ 12 hoặc 12,5."),
                    "min_value": _("Số liệu không được âm: hãy nhập 0 hoặc một số dương."),
                    "max_decimal_places": _("Chỉ nhập tối đa 2 chữ số sau dấu phẩy."),
                },
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )

    def manual_fields(self):
        return [self[f"manual_{i.code}"] for i in self.manual_indicators]

    def manual_figures(self) -> dict:
        return {i: self.cleaned_data.get(f"manual_{i.code}") for i in self.manual_indicators}


class ReturnForm(forms.Form):
    """The reason a report goes back to its unit: returned, or reopened after acceptance."""

    reason = forms.CharField(
        label=_("Lý do trả lại"),
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=True,
        max_length=2000,
        error_messages={"required": _("Hãy ghi lý do trả lại để đơn vị biết cần sửa, bổ sung gì.")},
        help_text=_("Ghi rõ cần sửa, bổ sung gì; đơn vị sẽ thấy lý do này trong báo cáo."),
    )

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label
            self.fields["reason"].error_messages["required"] = _(
                "Hãy ghi lý do để đơn vị biết cần sửa, bổ sung gì."
            )


class ReviewFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *ReportState.choices]
    )
    late = forms.BooleanField(label=_("Chỉ báo cáo nộp muộn"), required=False)
    area = forms.TypedChoiceField(label=_("Địa bàn"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, areas: list[tuple[int, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Tất cả địa bàn")), *areas]


def safe_next(request, fallback: str) -> str:
    """Where to go after a POST: the page the form came from, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback

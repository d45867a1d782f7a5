"""Every input of the directive pages is read through one of these forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.core.dates import DateField as CoreDateField
from lantoa.directives.models import Directive, DocType, TaskRole
from lantoa.directives.selectors import (
    assignable_units,
    communes_of,
    directives_visible_to,
    issuers_for,
    offices_for,
    preparing_refusal,
    report_recipients,
)
from lantoa.directives.services import MAX_UPLOAD_BYTES
from lantoa.indicators.models import Indicator
from lantoa.units.models import Unit, UnitKind
from lantoa.units.selectors import search_units


class DateField(CoreDateField):
    """The house's date box (dd/mm/yyyy); most dates of a directive may be left empty."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit: Unit) -> str:
        label = str(unit)
        if unit.closed_on:
            label += " " + str(_("(thôi hoạt động từ {date})")).format(
                date=unit.closed_on.strftime("%d/%m/%Y")
            )
        return label


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    """Ticked units, each labelled with its parent when that helps tell two communes of one name apart."""

    def __init__(self, *args, root: Unit | None = None, **kwargs):
        self.root = root
        super().__init__(*args, **kwargs)

    def label_from_instance(self, unit: Unit) -> str:
        if self.root is not None and unit.parent_id not in (None, self.root.pk):
            return f"{unit} — {unit.parent}"
        return str(unit)


def _committee_first(units) -> Unit | None:
    """The deepest People's Committee among the choices: the district for an officer of a district office."""
    committees = [u for u in units if u.kind == UnitKind.PEOPLES_COMMITTEE]
    return max(committees, key=lambda u: u.path.count("/"), default=None)


class _PreparerForm(forms.Form):
    """Whose directive it is: the issuer and office choices are those of the person preparing it
    (selectors.issuers_for); a forged id is refused here and again by the services."""

    issuer = UnitChoiceField(
        label=_("Cơ quan ban hành"),
        queryset=Unit.objects.none(),
        empty_label=None,
        help_text=_(
            "Đơn vị của bạn, hoặc Ủy ban nhân dân mà cơ quan bạn trực tiếp tham mưu. Văn bản chỉ được giao "
            "sau khi lãnh đạo của cơ quan ban hành ký duyệt."
        ),
        error_messages={
            "invalid_choice": _(
                "Bạn không được soạn văn bản nhân danh đơn vị này: hãy chọn đơn vị của mình hoặc Ủy ban nhân "
                "dân mà cơ quan mình trực tiếp tham mưu."
            )
        },
    )
    office = UnitChoiceField(
        label=_("Đơn vị đầu mối (tham mưu, nhận và kiểm tra báo cáo)"),
        queryset=Unit.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Hãy chọn đơn vị đầu mối là đơn vị bạn đang làm việc.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["issuer"].queryset = issuers_for(user)
        self.fields["office"].queryset = offices_for(user)
        default = _committee_first(list(self.fields["issuer"].queryset))
        if default is not None:
            self.fields["issuer"].initial = default.pk

    def check_preparer(self, data: dict) -> None:
        issuer, office = data.get("issuer"), data.get("office")
        if issuer and office:
            problem = preparing_refusal(self.user, issuer=issuer, office=office)
            if problem is not None:
                self.add_error("issuer" if problem.authority else "office", problem.message)


class ImportForm(_PreparerForm):
    file = forms.FileField(
        label=_("Tệp văn bản"),
        required=False,
        help_text=_("PDF, DOCX, ảnh chụp, tệp .txt hoặc gói edXML (.edxml, .xml), không quá 20 MB."),
        error_messages={
            "empty": _("Tệp tải lên rỗng: hãy chọn đúng tệp văn bản (PDF, DOCX, ảnh hoặc .txt)."),
            "invalid": _("Không nhận được tệp: hãy chọn lại tệp văn bản."),
        },
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.docx,.txt,.png,.jpg,.jpeg,.tif,.tiff,.edxml,.xml"}
        ),
    )
    text = forms.CharField(
        label=_("Hoặc dán nội dung văn bản"),
        required=False,
        max_length=500_000,
        widget=forms.Textarea(attrs={"rows": 10}),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn ({size} MB): hãy tải tệp không quá {limit} MB.").format(
                    size=round(upload.size / (1024 * 1024), 1), limit=MAX_UPLOAD_BYTES // (1024 * 1024)
                )
            )
        return upload

    def clean(self):
        data = super().clean()
        has_file, has_text = bool(data.get("file")), bool((data.get("text") or "").strip())
        if "file" in self.errors:
            return data
        if has_file == has_text:
            raise forms.ValidationError(
                _("Hãy chọn một tệp văn bản hoặc dán nội dung vào ô (chỉ một trong hai).")
                if has_file
                else _("Hãy chọn tệp văn bản hoặc dán nội dung văn bản vào ô.")
            )
        self.check_preparer(data)
        return data


class NewDirectiveForm(_PreparerForm):
    """The few facts a directive written from scratch starts with; the rest is edited on the next page."""

    doc_type = forms.ChoiceField(label=_("Loại văn bản"), choices=DocType.choices, initial=DocType.KE_HOACH)
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=64, required=False)
    issued_on = DateField(label=_("Ngày ban hành"))
    subject = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    period_start = DateField(label=_("Thực hiện từ ngày"))
    period_end = DateField(label=_("Đến ngày"))
    report_due = DateField(label=_("Hạn báo cáo"))

    def clean(self):
        data = super().clean()
        _check_period(self, data)
        self.check_preparer(data)
        return data

    def directive_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"issuer", "office"}}


def _check_period(form: forms.Form, data: dict) -> None:
    start, end = data.get("period_start"), data.get("period_end")
    if start and end and end < start:
        form.add_error(
            "period_end", _("Ngày kết thúc phải sau ngày bắt đầu: hãy sửa lại một trong hai ngày.")
        )


class DirectiveForm(forms.Form):
    """The directive's metadata, as the officer confirms or corrects it."""

    doc_type = forms.ChoiceField(label=_("Loại văn bản"), choices=DocType.choices)
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=64, required=False)
    issued_on = DateField(label=_("Ngày ban hành"))
    place = forms.CharField(label=_("Địa danh"), max_length=64, required=False)
    subject = forms.CharField(
        label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )
    period_start = DateField(label=_("Thực hiện từ ngày"))
    period_end = DateField(label=_("Đến ngày"))
    report_due = DateField(label=_("Hạn báo cáo"))
    report_recurrence = forms.CharField(
        label=_("Báo cáo định kỳ"),
        max_length=32,
        required=False,
        help_text=_("Để trống nếu chỉ báo cáo một lần; ví dụ “hằng tháng”."),
    )
    report_to = UnitChoiceField(
        label=_("Báo cáo về"), queryset=Unit.objects.none(), required=False, empty_label=_("— chưa chọn —")
    )
    report_via = UnitChoiceField(
        label=_("Báo cáo qua"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— không qua ai —"),
    )
    implements_text = forms.CharField(
        label=_("Thực hiện văn bản (như đã ghi)"), max_length=255, required=False
    )
    implements = forms.ModelChoiceField(
        label=_("Văn bản cấp trên trong Lantoa"),
        queryset=Directive.objects.none(),
        required=False,
        empty_label=_("— không có —"),
    )
    signer_authority = forms.CharField(label=_("Thẩm quyền ký"), max_length=64, required=False)
    signer_position = forms.CharField(label=_("Chức vụ người ký"), max_length=128, required=False)
    signer_name = forms.CharField(label=_("Người ký"), max_length=128, required=False)

    def __init__(self, *args, directive: Directive, user, **kwargs):
        kwargs.setdefault("initial", {name: getattr(directive, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)
        recipients = report_recipients(directive)
        self.fields["report_to"].queryset = recipients
        self.fields["report_via"].queryset = recipients
        self.fields["implements"].queryset = (
            directives_visible_to(user).exclude(pk=directive.pk).order_by("-issued_on", "-created_at")
        )

    def clean(self):
        data = super().clean()
        _check_period(self, data)
        return data


class IndicatorsForm(forms.Form):
    indicators = forms.ModelMultipleChoiceField(
        label=_("Chỉ tiêu báo cáo"),
        queryset=Indicator.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class AddTaskForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    assignee_text = forms.CharField(
        label=_("Giao cho"),
        max_length=255,
        required=False,
        help_text=_("Như văn bản ghi, ví dụ “UBND các xã, thị trấn”; Lantoa tìm ra từng đơn vị."),
    )
    role = forms.ChoiceField(label=_("Vai trò"), choices=TaskRole.choices, initial=TaskRole.PERFORM)
    due_on = DateField(label=_("Hạn riêng của nhiệm vụ"))


class TaskForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    role = forms.ChoiceField(
        label=_("Vai trò"),
        choices=TaskRole.choices,
        help_text=_("Đổi vai trò ở đây là đổi cho mọi đơn vị của nhiệm vụ."),
    )
    due_on = DateField(
        label=_("Hạn riêng của nhiệm vụ"), help_text=_("Để trống: theo hạn báo cáo của văn bản.")
    )


class AddUnitsForm(forms.Form):
    all_communes = forms.BooleanField(label=_("Tất cả xã, phường, thị trấn"), required=False)
    units = UnitsChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    role = forms.ChoiceField(
        label=_("Vai trò"), choices=[("", _("— như nhiệm vụ —")), *TaskRole.choices], required=False
    )
    due_on = DateField(label=_("Hạn báo cáo"), help_text=_("Để trống: theo hạn của nhiệm vụ hoặc văn bản."))

    def __init__(self, *args, directive: Directive, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.directive = directive
        # The picker's search box narrows the list shown, however the name is typed ("Thuỷ" finds "Thủy").
        units = assignable_units(directive)
        self.fields["units"].queryset = search_units(units, search) if search else units
        self.fields["units"].root = directive.issuer

    def clean(self):
        data = super().clean()
        units = list(data.get("units") or [])
        if data.get("all_communes"):
            chosen = {u.pk for u in units}
            units += [u for u in communes_of(self.directive) if u.pk not in chosen]
        if not units and not self.errors:
            raise forms.ValidationError(
                _("Hãy đánh dấu ít nhất một đơn vị, hoặc chọn “Tất cả xã, phường, thị trấn”.")
            )
        data["chosen"] = units
        return data


class AssignmentForm(forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"), choices=TaskRole.choices)
    due_on = DateField(label=_("Hạn báo cáo"))


class SettleForm(forms.Form):
    """Pick the unit a name the reader could not place stands for: one of its suggestions or any assignable unit."""

    text = forms.CharField(max_length=500, widget=forms.HiddenInput)
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        label=_("Đơn vị"),
        error_messages={
            "invalid_choice": _(
                "Đơn vị này không nằm trong gợi ý hay trong các đơn vị của cơ quan ban hành: hãy chọn đơn vị khác."
            )
        },
    )

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        # The suggestions are always units of the area (the resolver's others are dropped when it is read),
        # so the choice is the area's units: a forged id of a unit elsewhere is refused here.
        self.fields["unit"].queryset = assignable_units(task.directive)
        self.task = task

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not any(item.get("text") == text for item in self.task.unresolved):
            raise forms.ValidationError(_("Tên đơn vị này đã được xử lý; hãy tải lại trang."))
        return text


class DismissForm(forms.Form):
    text = forms.CharField(max_length=500, widget=forms.HiddenInput)


class SubmitForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú cho lãnh đạo (nếu có)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnDirectiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=True,
        error_messages={"required": _("Hãy ghi lý do trả lại để chuyên viên biết cần sửa gì.")},
        help_text=_("Ghi rõ cần sửa gì; người trình ký sẽ thấy lý do này trên trang văn bản."),
    )

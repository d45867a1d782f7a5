"""Forms of the ledger pages: they parse input; the services decide."""

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lantoa.activities.selectors import feeds, in_window
from lantoa.activities.services import ALL_QUANTITIES, QUANTITY_MAX, quantities_for
from lantoa.core.dates import DateField
from lantoa.directives.models import Directive
from lantoa.indicators.models import ActivityType

# What "số lượng" means for each type, in the words a commune officer uses.
COUNT_LABELS = {
    ActivityType.ARTICLE: _("Số tin, bài"),
    ActivityType.BROADCAST: _("Số tin, bài phát sóng"),
    ActivityType.WEB_BANNER: _("Số banner"),
    ActivityType.BANNER: _("Số băng rôn, khẩu hiệu, pano, áp phích"),
    ActivityType.EBOARD: _("Số bảng điện tử, màn hình"),
    ActivityType.SOCIAL_POST: _("Số bài đăng"),
    ActivityType.EVENT: _("Số buổi, sự kiện"),
    ActivityType.CNSCD_SESSION: _("Số buổi"),
    ActivityType.STORY: _("Số gương, câu chuyện"),
    ActivityType.OTHER: _("Số lượng"),
}
QUANTITY_LABELS = {
    "minutes": _("Thời lượng (phút)"),
    "plays": _("Số lượt phát"),
    "participants": _("Số người tham gia"),
    "people_guided": _("Số người dân được hướng dẫn"),
    "reach": _("Lượt tiếp cận (xem, thích, chia sẻ)"),
}
CHANNEL_HINTS = {
    ActivityType.ARTICLE: _("Ví dụ: Trang thông tin điện tử xã"),
    ActivityType.BROADCAST: _("Ví dụ: Đài truyền thanh xã, cụm loa thôn 3"),
    ActivityType.WEB_BANNER: _("Ví dụ: Trang thông tin điện tử xã"),
    ActivityType.BANNER: _("Ví dụ: Trước trụ sở UBND xã"),
    ActivityType.EBOARD: _("Ví dụ: Màn hình LED tại nhà văn hóa"),
    ActivityType.SOCIAL_POST: _("Ví dụ: Fanpage UBND xã, nhóm Zalo thôn"),
    ActivityType.EVENT: _("Ví dụ: Hội trường UBND xã"),
    ActivityType.CONTEST: _("Ví dụ: Cuộc thi trực tuyến trên Cổng thông tin tỉnh"),
    ActivityType.CNSCD_SESSION: _("Ví dụ: Nhà văn hóa thôn 2"),
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked by content in the service, not here."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={
                    "accept": "image/*,audio/*,application/pdf",
                    "capture": "environment",
                    "multiple": True,
                }
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class DirectiveChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Directive) -> str:
        start, end = obj.window
        window = ""
        if start and end:
            window = f" ({start:%d/%m/%Y} – {end:%d/%m/%Y})"
        return f"{obj}{window}"


# --- which reports an activity will count in, said before it is saved ---------------------------------


def _window_text(directive: Directive) -> str:
    start, end = directive.window
    if start and end:
        return f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"
    if start:
        return gettext("từ {start}").format(start=f"{start:%d/%m/%Y}")
    if end:
        return gettext("đến {end}").format(end=f"{end:%d/%m/%Y}")
    return gettext("không giới hạn")


@dataclass
class CountingLine:
    """One open directive of the unit, and whether an activity of this type on this date counts in its report."""

    directive: Directive
    feeds: bool  # the directive has an indicator this type feeds
    in_window: bool | None  # None: no date yet
    window: str  # "01/10/2023 – 10/10/2023", for the page and for counting.js
    ticked: bool = True  # the unit leaves it counted (the box on the form)

    @property
    def counts(self) -> bool:
        return self.feeds and self.ticked and self.in_window is not False

    @property
    def unticked_reason(self) -> str:
        return gettext("không tính: bạn đã bỏ chọn văn bản này")

    @property
    def outside_reason(self) -> str:
        return gettext("không tính: ngày thực hiện ngoài thời gian tính số liệu ({window})").format(
            window=self.window
        )

    @property
    def counted_reason(self) -> str:
        return gettext("được tính vào báo cáo (thời gian tính số liệu {window})").format(window=self.window)

    @property
    def reason(self) -> str:
        if not self.feeds:
            return gettext("không tính: văn bản không có chỉ tiêu cho loại hoạt động này")
        if not self.ticked:
            return self.unticked_reason
        if self.in_window is False:
            return self.outside_reason
        return self.counted_reason


def counting_preview(directives, activity_type: str, day: datetime.date | None) -> list[CountingLine]:
    """For each open directive: would an activity of `activity_type` on `day` count in the unit's report, and
    why not. The directives' indicators are prefetched (`open_directives_for`)."""
    return [
        CountingLine(
            directive=d,
            feeds=feeds(d, activity_type),
            in_window=in_window(d, day) if day else None,
            window=_window_text(d),
        )
        for d in directives
    ]


@dataclass
class TypeChoice:
    value: str
    label: str
    directives: list[Directive]  # the open directives it counts toward


def type_choices(directives) -> tuple[list[TypeChoice], list[TypeChoice]]:
    """The activity types, those that count toward the unit's open directives first (with which), then the
    others: a unit logs first what its reports are waiting for."""
    counting, others = [], []
    for value, label in ActivityType.choices:
        toward = [d for d in directives if feeds(d, value)]
        (counting if toward else others).append(TypeChoice(value=value, label=str(label), directives=toward))
    return counting, others


class ActivityForm(forms.Form):
    occurred_on = DateField(label=_("Ngày thực hiện"))
    title = forms.CharField(
        label=_("Nội dung"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tên tin, bài, chương trình hay hoạt động, như sẽ ghi trong báo cáo."),
    )
    channel = forms.CharField(label=_("Kênh, nơi thực hiện"), max_length=255, required=False)
    url = forms.URLField(
        label=_("Đường dẫn bài đăng"), max_length=1000, required=False, assume_scheme="https"
    )
    count = forms.IntegerField(label=_("Số lượng"), min_value=1, max_value=QUANTITY_MAX, initial=1)
    minutes = forms.IntegerField(
        label=QUANTITY_LABELS["minutes"], min_value=0, max_value=QUANTITY_MAX, required=False
    )
    plays = forms.IntegerField(
        label=QUANTITY_LABELS["plays"], min_value=0, max_value=QUANTITY_MAX, required=False
    )
    participants = forms.IntegerField(
        label=QUANTITY_LABELS["participants"], min_value=0, max_value=QUANTITY_MAX, required=False
    )
    people_guided = forms.IntegerField(
        label=QUANTITY_LABELS["people_guided"], min_value=0, max_value=QUANTITY_MAX, required=False
    )
    reach = forms.IntegerField(
        label=QUANTITY_LABELS["reach"], min_value=0, max_value=QUANTITY_MAX, required=False
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    files = MultipleFileField(
        label=_("Ảnh, ghi âm, tệp PDF"),
        required=False,
        help_text=_("Chụp ảnh trực tiếp hoặc chọn tệp: ảnh, ghi âm (MP3, M4A…), PDF; mỗi tệp tối đa 15 MB."),
    )
    links = forms.CharField(
        label=_("Đường dẫn minh chứng"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "https://"}),
        help_text=_("Mỗi dòng một đường dẫn (bài đăng Facebook, Zalo, YouTube…)."),
    )
    counted = DirectiveChoiceField(
        label=_("Tính vào báo cáo"),
        queryset=Directive.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Bỏ chọn nếu hoạt động này không thuộc nhiệm vụ của văn bản đó."),
    )

    def __init__(self, *args, activity_type: str, directives=(), max_upload_mb: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity_type = activity_type
        relevant = quantities_for(activity_type)
        for name in ALL_QUANTITIES:
            if name not in relevant:
                del self.fields[name]
        if "count" in self.fields:
            self.fields["count"].label = COUNT_LABELS.get(activity_type, _("Số lượng"))
        if hint := CHANNEL_HINTS.get(activity_type):
            self.fields["channel"].widget.attrs["placeholder"] = hint
        self.directives = list(directives)
        # Only a directive this type feeds may be ticked: ticking one it does not feed would show a report
        # the activity never reaches. The others are listed with the reason (`counting`).
        self.feeding = [d for d in self.directives if feeds(d, activity_type)]
        if self.feeding:
            self.fields["counted"].queryset = Directive.objects.filter(pk__in=[d.pk for d in self.feeding])
        else:
            del self.fields["counted"]
        if max_upload_mb:
            self.fields["files"].help_text = _(
                "Chụp ảnh trực tiếp hoặc chọn tệp: ảnh, ghi âm (MP3, M4A…), PDF; mỗi tệp tối đa {mb} MB."
            ).format(mb=max_upload_mb)

    def quantity_fields(self):
        return [self[name] for name in ALL_QUANTITIES if name in self.fields]

    def _day(self) -> datetime.date | None:
        field = self["occurred_on"]
        value = field.value() if self.is_bound else field.initial
        if isinstance(value, datetime.date):
            return value
        if not value:
            return None
        try:
            # The same reading as the field's (dd/mm/yyyy or ISO), without raising on what is half-typed.
            return self.fields["occurred_on"].to_python(str(value))
        except forms.ValidationError:
            return None

    def counting(self) -> list[CountingLine]:
        """Each open directive with whether this activity, as typed so far, will count in its report."""
        ticked = None
        if self.is_bound and "counted" in self.fields and self.data.get("counted_shown"):
            ticked = {str(pk) for pk in self.data.getlist("counted")}
        elif not self.is_bound and self.initial.get("counted") is not None:
            ticked = {str(d.pk) for d in self.initial["counted"]}
        rows = counting_preview(self.directives, self.activity_type, self._day())
        for row in rows:
            row.ticked = row.feeds and (ticked is None or str(row.directive.pk) in ticked)
        return rows

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {
            "activity_type": self.activity_type,
            "occurred_on": data["occurred_on"],
            "title": data["title"],
            "channel": data["channel"],
            "url": data["url"],
            "note": data["note"],
            "quantities": {name: data.get(name) for name in ALL_QUANTITIES if name in self.fields},
            "links": data["links"].splitlines(),
            "files": data["files"],
        }
        # Only a form that showed the boxes speaks for them: an absent box then means "unticked".
        if "counted" in self.fields and self.data.get("counted_shown"):
            ticked = {d.pk for d in data["counted"]}
            arguments["counting"] = {d: d.pk in ticked for d in self.feeding}
        return arguments


def quantity_label(activity_type: str, name: str) -> str:
    if name == "count":
        return COUNT_LABELS.get(activity_type, _("Số lượng"))
    return QUANTITY_LABELS[name]


class CountingForm(forms.Form):
    counted = forms.ModelMultipleChoiceField(
        queryset=Directive.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, directives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.directives = list(directives)
        self.fields["counted"].queryset = Directive.objects.filter(pk__in=[d.pk for d in self.directives])

    def counting(self) -> dict[Directive, bool]:
        ticked = {d.pk for d in self.cleaned_data["counted"]}
        return {d: d.pk in ticked for d in self.directives}


class EvidenceForm(forms.Form):
    files = MultipleFileField(label=_("Thêm ảnh, ghi âm, tệp PDF"), required=False)
    links = forms.CharField(
        label=_("Thêm đường dẫn"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "https://"}),
        help_text=_("Mỗi dòng một đường dẫn."),
    )

    def service_arguments(self) -> dict:
        return {"files": self.cleaned_data["files"], "links": self.cleaned_data["links"].splitlines()}


MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")


class LedgerFilterForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Tất cả các loại")), *ActivityType.choices]
    )
    month = forms.CharField(
        label=_("Tháng"), required=False, widget=forms.DateInput(attrs={"type": "month"}), max_length=7
    )
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None, required=False, empty_label=_("Tất cả"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if len(units) < 2:
            del self.fields["unit"]

    def clean_month(self) -> datetime.date | None:
        value = self.cleaned_data["month"]
        if not value:
            return None
        match = MONTH.match(value)
        if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1:
            raise forms.ValidationError(_("Hãy chọn tháng theo dạng năm-tháng, ví dụ 2023-10."))
        return datetime.date(int(match.group(1)), int(match.group(2)), 1)

    def apply(self, activities):
        data = self.cleaned_data
        if data.get("type"):
            activities = activities.filter(type=data["type"])
        if data.get("month"):
            month = data["month"]
            activities = activities.filter(occurred_on__year=month.year, occurred_on__month=month.month)
        if data.get("unit"):
            activities = activities.filter(unit=data["unit"])
        return activities

"""What campaigns count (chỉ tiêu) and the kinds of activity that feed them.

This sits at the bottom beside `units`: directives choose indicators, activities feed them, reports
add them up, so all three depend on it and it depends on none of them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityType(models.TextChoices):
    ARTICLE = "article", _("Tin, bài đăng trang thông tin điện tử")
    BROADCAST = "broadcast", _("Phát thanh, truyền hình")
    WEB_BANNER = "web_banner", _("Banner, bộ nhận diện trên trang điện tử")
    BANNER = "banner", _("Băng rôn, khẩu hiệu, pano, áp phích")
    EBOARD = "eboard", _("Bảng điện tử, màn hình LED")
    SOCIAL_POST = "social_post", _("Bài đăng mạng xã hội (fanpage, Zalo)")
    EVENT = "event", _("Sự kiện, hội nghị, tập huấn")
    CONTEST = "contest", _("Cuộc thi")
    CNSCD_SESSION = "cnscd_session", _("Hoạt động Tổ Công nghệ số cộng đồng")
    STORY = "story", _("Gương điển hình, câu chuyện")
    OTHER = "other", _("Hoạt động khác")


class Quantity(models.TextChoices):
    """The figures an activity can carry; an indicator adds up one of them."""

    COUNT = "count", _("số lượng")
    MINUTES = "minutes", _("số phút")
    PLAYS = "plays", _("số lượt phát")
    PARTICIPANTS = "participants", _("số người tham gia")
    PEOPLE_GUIDED = "people_guided", _("số người được hướng dẫn")
    REACH = "reach", _("lượt tiếp cận")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Cộng tổng")
    COUNT = "count", _("Đếm số hoạt động")
    YES_NO = "yes_no", _("Có / không")


class Indicator(models.Model):
    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên chỉ tiêu"), max_length=255)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=32)
    aggregation = models.CharField(_("cách tổng hợp"), max_length=16, choices=Aggregation.choices)
    activity_types = models.JSONField(
        _("loại hoạt động được tính"),
        default=list,
        blank=True,
        help_text=_("Để trống nếu chỉ tiêu chỉ nhập tay, không tính từ sổ theo dõi."),
    )
    quantity = models.CharField(
        _("số liệu được cộng"), max_length=16, choices=Quantity.choices, default=Quantity.COUNT
    )
    keywords = models.JSONField(
        _("từ khóa gợi ý"),
        default=list,
        blank=True,
        help_text=_("Khi nội dung nhiệm vụ có các từ này, chỉ tiêu được chọn sẵn."),
    )
    group = models.CharField(_("nhóm"), max_length=128, blank=True)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit_of_measure})"

    @property
    def is_itemised(self) -> bool:
        """Computed from the activity ledger; otherwise the unit types the figure in its report."""
        return bool(self.activity_types)

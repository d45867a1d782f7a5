"""The activity ledger (sổ theo dõi): what a unit did, with its evidence."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.directives.models import Directive
from lantoa.indicators.models import ActivityType
from lantoa.units.models import Unit


class Activity(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="activities"
    )
    type = models.CharField(_("loại hoạt động"), max_length=16, choices=ActivityType.choices)
    occurred_on = models.DateField(_("ngày thực hiện"))
    title = models.CharField(_("nội dung"), max_length=500)
    channel = models.CharField(_("kênh, nơi thực hiện"), max_length=255, blank=True)
    url = models.URLField(_("đường dẫn"), max_length=1000, blank=True)
    count = models.PositiveIntegerField(_("số lượng"), default=1)
    minutes = models.PositiveIntegerField(_("số phút"), null=True, blank=True)
    plays = models.PositiveIntegerField(_("số lượt phát"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("số người tham gia"), null=True, blank=True)
    people_guided = models.PositiveIntegerField(_("số người được hướng dẫn"), null=True, blank=True)
    reach = models.PositiveIntegerField(_("lượt tiếp cận"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("ghi lúc"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # The key a phone gives an activity it logged offline: sent again after a cut connection, it finds the
    # activity already saved instead of saving a second one.
    client_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "occurred_on"]),
            models.Index(fields=["unit", "type", "occurred_on"]),
        ]

    def __str__(self) -> str:
        return self.title


class ActivityExclusion(models.Model):
    """The reporter unticked this activity for this directive: it does not count there."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="exclusions")
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="activity_exclusions")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "directive"], name="activity_exclusion_once_per_directive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} ∉ {self.directive}"


class EvidenceKind(models.TextChoices):
    LINK = "link", _("Đường dẫn")
    PHOTO = "photo", _("Ảnh")
    AUDIO = "audio", _("Âm thanh")
    DOCUMENT = "document", _("Tài liệu (PDF)")


class Evidence(models.Model):
    activity = models.ForeignKey(
        Activity, verbose_name=_("hoạt động"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("loại minh chứng"), max_length=16, choices=EvidenceKind.choices)
    url = models.URLField(_("đường dẫn"), max_length=1000, blank=True)
    # Stored under LANTOA_DATA_DIR with a generated name; never served from a public URL.
    file = models.FileField(_("tệp"), upload_to="evidence/%Y/%m/", blank=True)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    content_type = models.CharField(_("loại tệp"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name or self.url


class LedgerTypeFigure(models.Model):
    """Kept figures (lantoa.activities.figures): per signed directive, unit and activity type, how many of the
    unit's activities count toward the directive and the sums of their quantities. Maintained in the same
    transaction as every change to the ledger, so a dashboard reads these rows instead of the activities."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    type = models.CharField(max_length=16, choices=ActivityType.choices)
    activities = models.PositiveIntegerField()
    count = models.BigIntegerField()
    minutes = models.BigIntegerField()
    plays = models.BigIntegerField()
    participants = models.BigIntegerField()
    people_guided = models.BigIntegerField()
    reach = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["directive", "unit", "type"], name="ledger_type_figure_once")
        ]
        indexes = [models.Index(fields=["unit", "directive"], name="ledger_type_figure_unit")]

    def __str__(self) -> str:
        return f"{self.directive_id}/{self.unit_id}/{self.type}: {self.activities}"


class LedgerDayFigure(models.Model):
    """Kept figures: per signed directive, unit and day, how many of the unit's activities count toward it."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    activities = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["directive", "unit", "day"], name="ledger_day_figure_once")
        ]
        indexes = [
            # The dashboard's chart reads a directive's days, its activities per day summed over units.
            models.Index(fields=["directive", "day", "activities"], name="ledger_day_figure_days"),
            models.Index(fields=["unit", "directive"], name="ledger_day_figure_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.directive_id}/{self.unit_id}/{self.day}: {self.activities}"

"""What the evidence checks found (cảnh báo minh chứng), and the fingerprints they compare."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.activities.models import Activity, Evidence


class Fingerprint(models.Model):
    """What a check read from one photo or recording, kept so that later uploads compare against it.

    The 64-bit perceptual hash is also stored as four 16-bit bands, each indexed: two hashes that differ in
    at most three bits share at least one band exactly (pigeonhole), so the near-identical photos of every
    unit and every earlier campaign are found by four index lookups, never by reading all photos."""

    evidence = models.OneToOneField(Evidence, on_delete=models.CASCADE, related_name="fingerprint")
    phash = models.CharField(max_length=16, blank=True)
    band0 = models.PositiveIntegerField(null=True)
    band1 = models.PositiveIntegerField(null=True)
    band2 = models.PositiveIntegerField(null=True)
    band3 = models.PositiveIntegerField(null=True)
    taken_at = models.DateTimeField(null=True, blank=True)  # the photo's own EXIF date
    duration_seconds = models.FloatField(null=True, blank=True)  # a recording's length
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["band0"], name="evidence_fp_band0"),
            models.Index(fields=["band1"], name="evidence_fp_band1"),
            models.Index(fields=["band2"], name="evidence_fp_band2"),
            models.Index(fields=["band3"], name="evidence_fp_band3"),
        ]

    def __str__(self) -> str:
        return self.phash or f"#{self.evidence_id}"


class FlagKind(models.TextChoices):
    DUPLICATE_PHOTO = "duplicate_photo", _("Ảnh trùng")
    PHOTO_DATE = "photo_date", _("Ngày chụp ảnh")
    BROADCAST_LENGTH = "broadcast_length", _("Thời lượng phát sóng")
    DEAD_LINK = "dead_link", _("Đường dẫn không mở được")
    LINK_DATE = "link_date", _("Ngày đăng bài")


class Flag(models.Model):
    """One thing a check found about an activity's evidence, with its reason. It never blocks the unit: the
    reviewer reads it, looks, and marks it checked with a note."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="flags")
    # The activity's unit, kept on the flag: a review list or a dashboard counts a unit's flags from the
    # few flags, never by reading every activity of the unit to find the flagged ones. An activity never
    # changes unit.
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    evidence = models.ForeignKey(
        Evidence, on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    kind = models.CharField(_("loại cảnh báo"), max_length=24, choices=FlagKind.choices)
    # One flag per kind and per thing checked ("photo_date:12", "dead_link:activity"): a re-run replaces it.
    key = models.CharField(max_length=80)
    reason = models.TextField(_("lý do"))
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    check_note = models.TextField(_("ghi chú kiểm tra"), blank=True)

    class Meta:
        verbose_name = _("cảnh báo minh chứng")
        verbose_name_plural = _("cảnh báo minh chứng")
        ordering = ["activity_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["activity", "key"], name="evidence_flag_once_per_key")]
        indexes = [
            models.Index(fields=["activity", "checked_at"], name="evidence_flag_open"),
            models.Index(fields=["unit", "checked_at"], name="evidence_flag_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.reason[:60]}"

    @property
    def is_checked(self) -> bool:
        return self.checked_at is not None

"""The báo cáo tổng hợp of a directive: the text the office edits, and every file generated from it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.directives.models import Directive
from lantoa.reports.models import Report


class Summary(models.Model):
    """The one current summary of a directive: the issuer's compiled report upward. Its header, its
    narrative (sections I–III) and its signer are edited in the browser; the figures are not stored here but
    frozen into each generation."""

    directive = models.OneToOneField(
        Directive, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="summary"
    )
    number = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    place = models.CharField(_("địa danh"), max_length=64, blank=True)
    date = models.DateField(_("ngày báo cáo"), null=True, blank=True)
    subject = models.CharField(_("trích yếu"), max_length=500, blank=True)
    recipients = models.TextField(_("kính gửi"), blank=True, help_text=_("Mỗi dòng một nơi."))
    intro = models.TextField(_("mở đầu"), blank=True)
    results = models.TextField(_("I. Kết quả thực hiện"), blank=True)
    strengths = models.TextField(_("Ưu điểm"), blank=True)
    weaknesses = models.TextField(_("Hạn chế"), blank=True)
    proposals = models.TextField(_("III. Đề xuất, kiến nghị"), blank=True)
    cc = models.TextField(
        _("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi; dòng cuối là “Lưu: VT, …”.")
    )
    signer_authority = models.CharField(_("thẩm quyền ký"), max_length=64, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=128, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=128, blank=True)
    # The cascade: the upstream report this summary was submitted as, and which generation it carried.
    upstream_report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="source_summaries"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người soạn"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        verbose_name = _("báo cáo tổng hợp")
        verbose_name_plural = _("báo cáo tổng hợp")

    def __str__(self) -> str:
        return f"{_('Báo cáo tổng hợp')} — {self.directive}"


def _upload_to(instance: "SummaryGeneration", filename: str) -> str:
    # Generated names only: nothing a user typed reaches the file system.
    return f"summaries/{instance.summary.directive_id}/{filename}"


class SummaryGeneration(models.Model):
    """One press of "Tạo báo cáo": the figures it used, frozen, and the files it produced."""

    summary = models.ForeignKey(Summary, on_delete=models.CASCADE, related_name="generations")
    version = models.PositiveIntegerField()
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField(default=timezone.now)
    # {"indicators": [{code, name, unit_of_measure}], "units": {unit_id: {name, state, late, report, figures}},
    #  "accepted": {code: total}, "pending": {code: total}, "completeness": {...}}
    content = models.JSONField(default=dict)
    docx = models.FileField(upload_to=_upload_to, max_length=255)
    xlsx = models.FileField(upload_to=_upload_to, max_length=255)
    pdf = models.FileField(upload_to=_upload_to, max_length=255, blank=True)
    submitted_upward = models.BooleanField(_("đã nộp lên cấp trên"), default=False)

    class Meta:
        verbose_name = _("lần tạo báo cáo tổng hợp")
        verbose_name_plural = _("các lần tạo báo cáo tổng hợp")
        ordering = ["summary", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["summary", "version"], name="summary_generation_once_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.summary} v{self.version}"


class RevisionReason(models.TextChoices):
    REDRAFT = "redraft", _("Trước khi soạn lại từ số liệu")
    RESTORE = "restore", _("Trước khi khôi phục bản cũ")


class SummaryRevision(models.Model):
    """The narrative as it was before Lantoa rewrote it (a redraft, a restore), so nothing typed by hand is
    ever lost: the officer restores it with one click."""

    summary = models.ForeignKey(Summary, on_delete=models.CASCADE, related_name="revisions")
    reason = models.CharField(max_length=16, choices=RevisionReason.choices)
    # {"intro": …, "results": …, "strengths": …, "weaknesses": …, "proposals": …}
    texts = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bản nội dung trước")
        verbose_name_plural = _("các bản nội dung trước")
        ordering = ["summary", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.summary} — {self.get_reason_display()} {self.created_at:%d/%m/%Y %H:%M}"

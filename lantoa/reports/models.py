"""A unit's report on a directive: figures from its ledger, manual figures, a narrative, and its review."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.directives.models import Directive
from lantoa.indicators.models import Indicator
from lantoa.units.models import Unit


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã duyệt")


class Report(models.Model):
    directive = models.ForeignKey(
        Directive, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="reports"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="reports")
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT
    )
    due_on = models.DateField(_("hạn nộp"), null=True, blank=True)
    results = models.TextField(_("kết quả thực hiện"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    version = models.PositiveIntegerField(_("lần nộp"), default=0)
    first_submitted_at = models.DateTimeField(_("nộp lần đầu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    is_late = models.BooleanField(_("nộp muộn"), default=False)
    accepted_at = models.DateTimeField(null=True, blank=True)
    # The cascade: a unit that compiled its own summary (the district's roll-up of its communes) reports
    # those figures upward instead of its own ledger. {indicator code: value}; None for an ordinary report.
    source_summary_figures = models.JSONField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["directive", "unit"], name="report_one_per_unit_and_directive")
        ]
        indexes = [
            models.Index(fields=["directive", "state"]),
            models.Index(fields=["unit", "state"]),
            # The review list's and the directive page's "late only" filter, over thousands of reports.
            models.Index(fields=["directive", "is_late"], name="report_directive_late"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.directive}"

    @property
    def is_locked(self) -> bool:
        return self.state == ReportState.ACCEPTED


class ManualFigure(models.Model):
    """A figure the unit types in, for an indicator nobody itemises in the ledger."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="manual_figures")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("số liệu"), max_digits=14, decimal_places=2)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="manual_figure_once_per_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"


class ReportSnapshot(models.Model):
    """Exactly what was submitted, each time: for "what changed since last time" and for the summary."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="snapshots")
    version = models.PositiveIntegerField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    # {"figures": {indicator_code: value}, "activities": {indicator_code: [activity ids]},
    #  "results": "...", "difficulties": "...", "proposals": "..."}
    content = models.JSONField(default=dict)

    class Meta:
        ordering = ["report", "version"]
        constraints = [
            models.UniqueConstraint(fields=["report", "version"], name="report_snapshot_once_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.version}"


class ReportTransition(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=16, choices=ReportState.choices)
    to_state = models.CharField(max_length=16, choices=ReportState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"

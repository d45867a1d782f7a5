"""A job: slow work done outside the request, with its progress, its attempts and its history."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    SUCCEEDED = "succeeded", _("Đã xong")
    FAILED = "failed", _("Không thành công")


class Job(models.Model):
    kind = models.CharField(_("loại"), max_length=64)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=JobState.choices, default=JobState.QUEUED
    )
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    # 0–100 and a sentence of where it is ("Đang nhận dạng chữ trang 2/5"), for the progress bar.
    progress = models.PositiveSmallIntegerField(default=0)
    progress_note = models.CharField(max_length=255, blank=True)
    # What went wrong, in Vietnamese, for the person who started it.
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    # The same key twice gives the same job back: a double click, a retried request, a beat fired twice.
    idempotency_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The object it concerns ("directives.directive", "12"), as in the audit trail.
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    run_after = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Touched by every progress report: a running job silent for too long lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tác vụ nền")
        verbose_name_plural = _("tác vụ nền")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "run_after"]),
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["created_by", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"

    @property
    def is_finished(self) -> bool:
        return self.state in {JobState.SUCCEEDED, JobState.FAILED}


class JobTransition(models.Model):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=16, choices=JobState.choices, blank=True)
    to_state = models.CharField(max_length=16, choices=JobState.choices)
    attempt = models.PositiveSmallIntegerField(default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state or '∅'} → {self.to_state}"

"""Reminders (đôn đốc, nhắc việc) for units that still owe a report, and the messages they become."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.directives.models import Directive
from lantoa.reports.models import Report


class ReminderPolicy(models.Model):
    """When a directive's late units are chased; every directive gets the defaults until an officer changes them."""

    directive = models.OneToOneField(Directive, on_delete=models.CASCADE, related_name="reminder_policy")
    enabled = models.BooleanField(_("đang nhắc"), default=True)
    days_before = models.JSONField(_("nhắc trước hạn (số ngày)"), default=list, blank=True)  # default [3, 1]
    on_due_day = models.BooleanField(_("nhắc vào ngày đến hạn"), default=True)
    overdue_every_days = models.PositiveSmallIntegerField(_("khi quá hạn, nhắc mỗi (ngày)"), default=2)
    escalate_after = models.PositiveSmallIntegerField(
        _("soạn văn bản đôn đốc sau số lần nhắc quá hạn"), default=3
    )

    class Meta:
        verbose_name = _("cách nhắc việc")
        verbose_name_plural = _("cách nhắc việc")

    def __str__(self) -> str:
        return str(self.directive)


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Trước hạn")
    DUE = "due", _("Đến hạn")
    OVERDUE = "overdue", _("Quá hạn")
    MANUAL = "manual", _("Nhắc ngay")  # an officer pressed "Nhắc ngay" (rate-limited, audited)


class Reminder(models.Model):
    """One reminder of one report on one occasion. `key` makes a run idempotent: the same occasion is
    never reminded twice ("before-3", "due", "overdue-2023-10-17")."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    key = models.CharField(max_length=64)
    due_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    # Set once every message of the reminder has been delivered (in-app always; e-mail when chosen).
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("lần nhắc")
        verbose_name_plural = _("lần nhắc")
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="reminder_once_per_occasion")]
        indexes = [models.Index(fields=["report", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.report} — {self.key}"


class Channel(models.TextChoices):
    EMAIL_AND_APP = "email", _("Thư điện tử ngay và thông báo trong Lantoa")
    DIGEST = "digest", _("Thông báo trong Lantoa, và một thư tổng hợp mỗi ngày")
    APP_ONLY = "app", _("Chỉ thông báo trong Lantoa")


class NotificationPreference(models.Model):
    """How a person wants to be told (reminders and events alike); a person without a row gets e-mail and
    in-app messages. With the daily digest, messages are in-app at once and mailed together once a day."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    channel = models.CharField(
        _("nhận nhắc việc qua"), max_length=8, choices=Channel.choices, default=Channel.EMAIL_AND_APP
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The local day the last digest went out: at most one a day, however often `lantoa remind` runs.
    last_digest_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("cách nhận thông báo")
        verbose_name_plural = _("cách nhận thông báo")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_channel_display()}"


class MessageKind(models.TextChoices):
    REMINDER = "reminder", _("Nhắc báo cáo")
    SUMMARY = "summary", _("Tổng hợp nhắc việc")
    SIGNATURE = "signature", _("Ký duyệt văn bản")
    ISSUED = "issued", _("Giao nhiệm vụ")
    SUBMITTED = "submitted", _("Báo cáo đã nộp")
    RETURNED = "returned", _("Báo cáo bị trả lại")
    ACCEPTED = "accepted", _("Báo cáo đã duyệt")
    REOPENED = "reopened", _("Báo cáo được mở lại")
    NUDGE = "nudge", _("Nhắc ngay")


class Message(models.Model):
    """One in-app message to one person. The e-mail copy, when the person wants one, is sent from here:
    `email_to` is the address chosen when the message was written ("" = in-app only) and `emailed_at` stays
    empty until the mail server took it, so a failed mail is retried without writing the message twice."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages")
    # Empty for the office's collective summary, which covers many reports.
    reminder = models.ForeignKey(
        Reminder, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    url = models.URLField(_("đường dẫn"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_to = models.EmailField(blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    kind = models.CharField(max_length=16, choices=MessageKind.choices, default=MessageKind.REMINDER)
    # For a person on the daily digest: when this message went out in one.
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["emailed_at", "email_to"]),
        ]

    def __str__(self) -> str:
        return self.subject

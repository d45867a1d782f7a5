from axes.models import AccessAttempt
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SiteFlag(models.Model):
    """Facts about this installation that every page must show, such as 'this is demo data'."""

    DEMO = "demo"

    name = models.CharField(_("tên"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("cờ của hệ thống")
        verbose_name_plural = _("cờ của hệ thống")

    def __str__(self) -> str:
        return self.name


class AuditEvent(models.Model):
    """Who did what to which object, when, and from where. Written by services, never edited."""

    at = models.DateTimeField(_("lúc"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("thao tác"), max_length=64)
    object_type = models.CharField(_("loại đối tượng"), max_length=64)
    object_id = models.CharField(_("mã đối tượng"), max_length=64)
    summary = models.CharField(_("tóm tắt"), max_length=500, blank=True)
    detail = models.JSONField(_("chi tiết"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhật ký thao tác")
        verbose_name_plural = _("nhật ký thao tác")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.object_type}#{self.object_id}"


class LoginFailures(AccessAttempt):
    """django-axes' counters of failed logins, shown in the admin under Lantoa (where a lock is lifted)."""

    class Meta:
        proxy = True
        verbose_name = _("lần đăng nhập sai")
        verbose_name_plural = _("đăng nhập sai và tạm khóa")

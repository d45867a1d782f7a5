"""Personal access tokens for the REST API: shown once, kept only as a hash."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên khóa"), max_length=100)
    # The first characters, kept in clear so that a person can tell their tokens apart ("lt_3f9a2c1d…").
    prefix = models.CharField(max_length=16)
    # SHA-256 of the whole token: it has 256 bits of randomness, so a fast hash is enough to keep it safe.
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("khóa truy cập API")
        verbose_name_plural = _("khóa truy cập API")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

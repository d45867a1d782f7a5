from django.db import models


class SiteFlag(models.Model):
    """Facts about this installation that every page must show, such as 'this is demo data'."""

    DEMO = "demo"

    name = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name

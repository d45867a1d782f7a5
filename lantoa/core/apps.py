from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lantoa.core"
    verbose_name = "Lantoa"

    def ready(self) -> None:
        # The receivers that put signing in and out into the audit trail and the session's clocks.
        from lantoa.core import accounts  # noqa: F401

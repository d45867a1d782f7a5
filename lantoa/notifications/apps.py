from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "lantoa.notifications"
    verbose_name = "Nhắc việc, đôn đốc"

    def ready(self) -> None:
        from lantoa.notifications import receivers  # noqa: F401 - connects the directive signing receivers

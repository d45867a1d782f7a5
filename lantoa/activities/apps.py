from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "lantoa.activities"
    verbose_name = "Sổ theo dõi hoạt động"

    def ready(self) -> None:
        # Keeps the kept figures true when a directive's counting changes (figures.py).
        from lantoa.activities import receivers  # noqa: F401

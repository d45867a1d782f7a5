from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "lantoa.units"
    verbose_name = "Đơn vị và cán bộ"

    def ready(self) -> None:
        from lantoa.units import signals  # noqa: F401 - connects the receivers

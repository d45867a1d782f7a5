from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lantoa.reports"
    verbose_name = "Báo cáo của đơn vị"

    def ready(self) -> None:
        from lantoa.reports import receivers  # noqa: F401 - connects the directive_issued receiver

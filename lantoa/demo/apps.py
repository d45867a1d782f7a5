from django.apps import AppConfig


class DemoConfig(AppConfig):
    # An app only so that `lantoa demo` is found among the management commands; it has no models.
    name = "lantoa.demo"
    verbose_name = "Lantoa — dữ liệu minh họa"

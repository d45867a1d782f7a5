from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "lantoa.indicators"
    verbose_name = "Chỉ tiêu"

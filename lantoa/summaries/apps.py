from django.apps import AppConfig


class SummariesConfig(AppConfig):
    name = "lantoa.summaries"
    verbose_name = "Báo cáo tổng hợp"

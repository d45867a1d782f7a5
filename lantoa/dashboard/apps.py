from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "lantoa.dashboard"
    verbose_name = "Bảng điều khiển tiến độ"

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lantoa.api"
    label = "api"
    verbose_name = "API"

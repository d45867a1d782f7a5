from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "lantoa.directives"
    verbose_name = "Văn bản chỉ đạo"

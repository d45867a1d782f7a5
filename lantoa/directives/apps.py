from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "lantoa.directives"
    verbose_name = "Văn bản chỉ đạo"

    def ready(self) -> None:
        from lantoa.directives import checks  # noqa: F401 - registers the database check of legacy directives

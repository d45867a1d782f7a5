from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "lantoa.jobs"
    verbose_name = "Tác vụ nền"

    def ready(self) -> None:
        # Each app declares its job kinds in its own `jobs` module; a worker must know them all before the
        # first job arrives, whichever process it runs in.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("jobs")

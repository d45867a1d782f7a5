from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "lantoa.evidence"
    label = "evidence"
    verbose_name = "Kiểm tra minh chứng"

    def ready(self) -> None:
        # Evidence sits above the ledger: the ledger's writes reach the checks through signals, so that
        # `activities` never imports this app.
        from lantoa.evidence import receivers  # noqa: F401

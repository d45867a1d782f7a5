from django.dispatch import receiver

from lantoa.directives.signals import directive_issued


@receiver(directive_issued)
def open_reports(sender, *, directive, **kwargs) -> None:
    from lantoa.reports.services import open_reports_for

    open_reports_for(directive=directive)

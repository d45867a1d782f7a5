"""The ledger's writes that call for a check: new evidence, and a broadcast whose minutes or type change."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from lantoa.activities.models import Activity, Evidence
from lantoa.evidence.dispatch import schedule_checks


@receiver(post_save, sender=Evidence, dispatch_uid="evidence_checks_on_new_evidence")
def check_new_evidence(sender, instance: Evidence, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        schedule_checks(evidence_ids=[instance.pk])


@receiver(post_save, sender=Activity, dispatch_uid="evidence_checks_on_changed_activity")
def check_changed_activity(sender, instance: Activity, created: bool, raw: bool = False, **kwargs) -> None:
    # A new activity is checked through its evidence; a corrected one may now claim more than it shows, or
    # fall in another campaign's window. Its own link is evidence too.
    if raw:
        return
    if not created or instance.url:
        schedule_checks(activity_ids=[instance.pk])

"""Changes outside the ledger that change what a directive counts, and so its kept figures (figures.py):
a directive signed (or its window or state edited in the admin), its indicators changed, an indicator's
activity types changed, a unit assigned or unassigned after signing. Each recomputes in the change's
transaction. The ledger's own writes call `figures.refresh` from its services."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from lantoa.activities import figures
from lantoa.directives.models import IN_FORCE_STATES, Assignment, Directive
from lantoa.indicators.models import Indicator

COUNTING_FIELDS = ("state", "period_start", "period_end", "issued_on", "report_due")


def _counting(state, period_start, period_end, issued_on, report_due) -> tuple | None:
    """What decides which activities a directive counts, beside its indicators; None: it counts none."""
    if state not in IN_FORCE_STATES:
        return None
    return (period_start or issued_on, period_end or report_due)


@receiver(pre_save, sender=Directive, dispatch_uid="figures_directive_before")
def remember_directive_counting(sender, instance: Directive, raw: bool = False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(COUNTING_FIELDS):
        return
    before = Directive.objects.filter(pk=instance.pk).values_list(*COUNTING_FIELDS).first()
    instance._counting_before = _counting(*before) if before else None


@receiver(post_save, sender=Directive, dispatch_uid="figures_directive_after")
def refresh_directive_counting(sender, instance: Directive, raw: bool = False, **kwargs):
    if raw or not hasattr(instance, "_counting_before"):
        return
    before = instance.__dict__.pop("_counting_before")
    if before != _counting(*(getattr(instance, f) for f in COUNTING_FIELDS)):
        figures.refresh(directive_ids=[instance.pk])


@receiver(m2m_changed, sender=Directive.indicators.through, dispatch_uid="figures_directive_indicators")
def refresh_directive_indicators(sender, instance, action: str, reverse: bool, pk_set=None, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        directive_ids = [instance.pk]
    elif pk_set is not None:
        directive_ids = list(pk_set)
    else:  # an indicator cleared of every directive: those it was on are not known any more
        directive_ids = None
    signed = Directive.objects.filter(state__in=IN_FORCE_STATES)
    if directive_ids is not None:
        signed = signed.filter(pk__in=directive_ids)
    directive_ids = list(signed.values_list("pk", flat=True))
    if directive_ids:
        figures.refresh(directive_ids=directive_ids)


@receiver(pre_save, sender=Indicator, dispatch_uid="figures_indicator_before")
def remember_indicator_types(sender, instance: Indicator, raw: bool = False, **kwargs):
    if raw or instance.pk is None:
        return
    before = Indicator.objects.filter(pk=instance.pk).values_list("activity_types", flat=True).first()
    instance._types_before = sorted(before or [])


@receiver(post_save, sender=Indicator, dispatch_uid="figures_indicator_after")
def refresh_indicator_types(sender, instance: Indicator, raw: bool = False, **kwargs):
    if raw or not hasattr(instance, "_types_before"):
        return
    if instance.__dict__.pop("_types_before") == sorted(instance.activity_types or []):
        return
    directive_ids = list(
        Directive.objects.filter(state__in=IN_FORCE_STATES, indicators=instance).values_list("pk", flat=True)
    )
    if directive_ids:
        figures.refresh(directive_ids=directive_ids)


@receiver(post_save, sender=Assignment, dispatch_uid="figures_assignment_saved")
@receiver(post_delete, sender=Assignment, dispatch_uid="figures_assignment_deleted")
def refresh_assignment(sender, instance: Assignment, raw: bool = False, origin=None, **kwargs):
    # A directive deleted takes its assignments and its kept rows with it: nothing to recompute.
    if raw or isinstance(origin, Directive) or getattr(origin, "model", None) is Directive:
        return
    if Directive.objects.filter(pk=instance.directive_id, state__in=IN_FORCE_STATES).exists():
        figures.refresh(directive_ids=[instance.directive_id], unit_ids=[instance.unit_id])

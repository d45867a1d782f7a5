"""Keep the stored name keys true when a unit is saved outside the services (the admin, a shell)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from lantoa.units.keys import refresh_keys
from lantoa.units.models import Unit


@receiver(post_save, sender=Unit, dispatch_uid="units-refresh-keys")
def _refresh_keys_of_saved_unit(sender, instance: Unit, raw=False, **kwargs) -> None:
    if raw:  # loading a fixture: the keys come with it or are refreshed after
        return
    # A child's keys include its name without the parent's place, so the children follow their parent.
    refresh_keys(Unit.objects.filter(pk=instance.pk) | Unit.objects.filter(parent=instance))

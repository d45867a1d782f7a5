from django.db import transaction

from lantoa.indicators.catalogue import DEFAULT_INDICATORS
from lantoa.indicators.models import Indicator


@transaction.atomic
def ensure_default_catalogue() -> int:
    """Add the default indicators that are missing (a fresh database gets them from a migration; this
    restores them where they were removed). Existing ones, possibly edited by an admin, are left as they are."""
    existing = set(Indicator.objects.values_list("code", flat=True))
    missing = [
        Indicator(**spec, position=position * 10)
        for position, spec in enumerate(DEFAULT_INDICATORS, start=1)
        if spec["code"] not in existing
    ]
    Indicator.objects.bulk_create(missing)
    return len(missing)

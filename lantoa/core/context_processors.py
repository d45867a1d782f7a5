from django.conf import settings
from django.core.cache import cache

from lantoa.core.models import SiteFlag


def site(request) -> dict:
    # Checked on every page, so cached briefly; the demo loader clears it.
    is_demo = cache.get("lantoa:is_demo")
    if is_demo is None:
        is_demo = SiteFlag.objects.filter(name=SiteFlag.DEMO).exists()
        cache.set("lantoa:is_demo", is_demo, settings.LANTOA_PAGE_CHECK_SECONDS)
    return {"is_demo": is_demo}

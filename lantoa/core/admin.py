from django.contrib import admin

from lantoa.core.models import SiteFlag

admin.site.register(SiteFlag)

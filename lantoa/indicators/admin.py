from django.contrib import admin

from lantoa.core.admin_audit import AuditedModelAdmin
from lantoa.indicators.models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(AuditedModelAdmin):
    list_display = [
        "name",
        "code",
        "unit_of_measure",
        "aggregation",
        "quantity",
        "group",
        "position",
        "is_active",
    ]
    list_filter = ["is_active", "aggregation", "group"]
    list_editable = ["position", "is_active"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}

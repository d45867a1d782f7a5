from django.contrib import admin

from lantoa.core.models import AuditEvent, SiteFlag

admin.site.register(SiteFlag)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail, for administrators: read-only, as a trail must be."""

    list_display = ["at", "actor", "action", "object_type", "object_id", "summary", "ip"]
    list_filter = ["action", "object_type"]
    search_fields = ["summary", "object_id", "actor__username"]
    list_select_related = ["actor"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

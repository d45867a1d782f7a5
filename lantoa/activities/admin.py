from django.contrib import admin

from lantoa.activities.models import Activity, ActivityExclusion, Evidence


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    # Files arrive only through the checked upload; the admin may look and remove, not replace bytes.
    fields = ["kind", "url", "original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ExclusionInline(admin.TabularInline):
    model = ActivityExclusion
    extra = 0
    fields = ["directive", "created_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "type", "occurred_on", "count", "created_by", "created_at"]
    list_filter = ["type", "occurred_on"]
    search_fields = ["title", "channel", "unit__name", "unit__short_name"]
    date_hierarchy = "occurred_on"
    list_select_related = ["unit", "created_by"]
    raw_id_fields = ["unit", "created_by"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [EvidenceInline, ExclusionInline]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "activity", "content_type", "size", "uploaded_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["original_name", "url", "sha256", "activity__title"]
    list_select_related = ["activity"]
    readonly_fields = [
        "activity",
        "kind",
        "url",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False

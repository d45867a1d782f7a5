"""Read-only: the ledger changes only through its services, which check who may log for the unit and
refuse any change to an activity an accepted report counts. The admin is for looking things up."""

from django.contrib import admin
from django.db import models

from lantoa.activities.models import Activity, ActivityExclusion, Evidence


class ReadOnlyMixin:
    # Links people paste without a scheme are web pages; also Django 6's default, said now to keep logs quiet.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class EvidenceInline(ReadOnlyMixin, admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["kind", "url", "original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


class ExclusionInline(ReadOnlyMixin, admin.TabularInline):
    model = ActivityExclusion
    extra = 0
    fields = ["directive", "created_by", "created_at"]
    readonly_fields = fields


@admin.register(Activity)
class ActivityAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "unit", "type", "occurred_on", "count", "created_by", "created_at"]
    list_filter = ["type", "occurred_on"]
    search_fields = ["title", "channel", "unit__name", "unit__short_name"]
    date_hierarchy = "occurred_on"
    list_select_related = ["unit", "created_by"]
    inlines = [EvidenceInline, ExclusionInline]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "kind", "activity", "content_type", "size", "uploaded_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["original_name", "url", "sha256", "activity__title"]
    list_select_related = ["activity"]

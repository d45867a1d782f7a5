"""Reports are read-only here: every change goes through the services, which check permission, keep the
history and write the audit trail. The admin is for looking things up."""

from django.contrib import admin

from lantoa.reports.models import ManualFigure, Report, ReportSnapshot, ReportTransition


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ManualFigureInline(ReadOnlyInline):
    model = ManualFigure
    fields = ["indicator", "value", "note"]


class TransitionInline(ReadOnlyInline):
    model = ReportTransition
    fields = ["at", "actor", "from_state", "to_state", "reason"]


class SnapshotInline(ReadOnlyInline):
    model = ReportSnapshot
    fields = ["version", "submitted_by", "submitted_at"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["unit", "directive", "state", "due_on", "submitted_at", "is_late", "version"]
    list_filter = ["state", "is_late"]
    search_fields = ["unit__name", "directive__number", "directive__subject"]
    list_select_related = ["unit", "directive"]
    inlines = [ManualFigureInline, SnapshotInline, TransitionInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

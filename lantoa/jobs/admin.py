"""Jobs in the admin, read-only: what ran, how often it was tried, and why it failed (the technical reason
is in the history). A failed job is tried again by the person who started it, on its page."""

from django.contrib import admin

from lantoa.jobs.models import Job, JobTransition


class JobTransitionInline(admin.TabularInline):
    model = JobTransition
    fields = ("at", "from_state", "to_state", "attempt", "actor", "note")
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("pk", "kind", "state", "progress", "attempts", "created_by", "created_at", "finished_at")
    list_filter = ("state", "kind")
    search_fields = ("kind", "object_id", "idempotency_key")
    inlines = [JobTransitionInline]
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

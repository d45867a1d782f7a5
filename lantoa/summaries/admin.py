from django.contrib import admin

from lantoa.summaries.models import Summary, SummaryGeneration


class GenerationInline(admin.TabularInline):
    model = SummaryGeneration
    fields = ("version", "generated_by", "generated_at", "docx", "xlsx", "pdf", "submitted_upward")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Summary)
class SummaryAdmin(admin.ModelAdmin):
    """Read-only: a summary is written through its page, so that every change is audited."""

    list_display = ("directive", "number", "date", "updated_at")
    search_fields = ("directive__number", "directive__subject", "number")
    readonly_fields = [f.name for f in Summary._meta.fields]
    inlines = [GenerationInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

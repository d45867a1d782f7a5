"""Read-only admin pages: every change to a directive goes through its services (audit, transitions)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lantoa.directives.models import Assignment, Directive, DirectiveTransition, Task


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class TaskInline(ReadOnlyMixin, admin.TabularInline):
    model = Task
    fields = ["position", "text", "assignee_text", "role", "due_on", "unresolved"]
    readonly_fields = fields
    extra = 0
    show_change_link = False


class TransitionInline(ReadOnlyMixin, admin.TabularInline):
    model = DirectiveTransition
    fields = ["at", "from_state", "to_state", "actor", "reason"]
    readonly_fields = fields
    extra = 0


@admin.register(Directive)
class DirectiveAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "number", "issued_on", "issuer", "office", "state", "report_due", "created_at"]
    list_filter = ["state", "doc_type"]
    search_fields = ["number", "subject", "issuer__name", "office__name"]
    list_select_related = ["issuer", "office"]
    date_hierarchy = "created_at"
    exclude = ["source_text", "parsed"]
    inlines = [TaskInline, TransitionInline]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["unit", "directive", "task_position", "role", "due_on"]
    list_filter = ["role", "directive__state"]
    search_fields = ["unit__name", "unit__short_name", "directive__number", "directive__subject"]
    list_select_related = ["unit", "directive", "task"]

    @admin.display(description=_("nhiệm vụ"), ordering="task__position")
    def task_position(self, obj: Assignment) -> int:
        return obj.task.position

"""API tokens in the admin, read-only: whose, when made and last used, revoked or not (never the token)."""

from django.contrib import admin

from lantoa.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    search_fields = ("name", "user__username", "prefix")
    exclude = ("digest",)
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

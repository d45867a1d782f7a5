from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantoa.core.admin_audit import AuditedModelAdmin
from lantoa.core.models import AuditEvent, LoginFailures, SiteFlag


@admin.register(SiteFlag)
class SiteFlagAdmin(AuditedModelAdmin):
    list_display = ["name", "created_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail, for administrators: read-only, as a trail must be."""

    list_display = ["at", "actor", "action", "object_type", "object_id", "summary", "ip"]
    list_filter = ["action", "object_type"]
    search_fields = ["summary", "object_id", "actor__username", "ip"]
    list_select_related = ["actor"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


admin.site.unregister(Group)


@admin.register(Group)
class AuditedGroupAdmin(AuditedModelAdmin, GroupAdmin):
    pass


# A person's second factor is managed from their own account page, and removed by an administrator with
# the user list's action (audited); the devices' secrets have no business on an admin page.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(LoginFailures)
class LoginFailuresAdmin(AuditedModelAdmin):
    """Failed logins still counting toward a lock. Deleting a row lifts that lock early (audited)."""

    list_display = ["attempt_time", "username", "ip_address", "failures_since_start", "path_info"]
    list_filter = ["path_info"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"
    fields = ["username", "ip_address", "user_agent", "failures_since_start", "attempt_time", "path_info"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

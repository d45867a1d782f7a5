from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lantoa.core.admin_audit import AuditedModelAdmin
from lantoa.units.models import Membership, Unit


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]
    fields = ["unit", "role", "title", "is_active"]


class ChildInline(admin.TabularInline):
    model = Unit
    fk_name = "parent"
    extra = 0
    fields = ["name", "kind", "level", "closed_on"]
    show_change_link = True
    verbose_name_plural = _("đơn vị trực thuộc")

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("kind", "name")


@admin.register(Unit)
class UnitAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "level", "parent", "admin_code_display", "opened_on", "closed_on"]
    list_filter = ["level", "kind", "area_type", ("closed_on", admin.EmptyFieldListFilter)]
    search_fields = ["name", "short_name", "area_name", "code_legacy", "code_2025", "abbreviation"]
    autocomplete_fields = ["parent", "successors"]
    list_select_related = ["parent"]
    readonly_fields = ["path", "created_at", "updated_at"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "aliases", "abbreviation", "kind", "level", "parent"]}),
        (_("Đơn vị hành chính"), {"fields": ["area_type", "area_name", "code_legacy", "code_2025"]}),
        (_("Thời gian hoạt động"), {"fields": ["opened_on", "closed_on", "successors"]}),
        (_("Khác"), {"fields": ["is_demo", "path", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("mã ĐVHC"))
    def admin_code_display(self, obj: Unit) -> str:
        return obj.admin_code


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "unit", "role", "title", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class LantoaUserAdmin(AuditedModelAdmin, UserAdmin):
    inlines = [MembershipInline]
    list_display = [*UserAdmin.list_display, "has_second_factor"]
    actions = ["reset_second_factor"]

    def get_queryset(self, request):
        from django.db.models import Exists, OuterRef
        from django_otp.plugins.otp_totp.models import TOTPDevice

        devices = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(second_factor=Exists(devices))

    @admin.display(description=_("xác thực hai bước"), boolean=True, ordering="second_factor")
    def has_second_factor(self, obj) -> bool:
        return obj.second_factor

    @admin.action(description=_("Gỡ xác thực hai bước (người dùng mất điện thoại)"))
    def reset_second_factor(self, request, queryset):
        from lantoa.core.accounts import reset_second_factor

        users = list(queryset)
        for user in users:
            reset_second_factor(actor=request.user, user=user)
        self.message_user(
            request,
            ngettext(
                "Đã gỡ xác thực hai bước của %(n)d người; người đó thiết lập lại khi đăng nhập.",
                "Đã gỡ xác thực hai bước của %(n)d người; họ thiết lập lại khi đăng nhập.",
                len(users),
            )
            % {"n": len(users)},
            messages.SUCCESS,
        )

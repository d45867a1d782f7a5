from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

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
class UnitAdmin(admin.ModelAdmin):
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
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role", "title", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class LantoaUserAdmin(UserAdmin):
    inlines = [MembershipInline]

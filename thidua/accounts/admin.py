from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from thidua.accounts.models import RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    """The account's roles, each in its organisation (an account may hold roles in several)."""

    model = RoleGrant
    fields = ("organization", "role", "unit")
    extra = 0


@admin.register(User)
class ThiduaUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Cơ quan đang làm việc", {"fields": ("organization", "person")}),
    )
    list_display = ("username", "person", "organization", "is_active", "is_superuser")
    list_select_related = ("person", "organization")
    raw_id_fields = ("person",)
    inlines = [RoleGrantInline]

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class AdminSite(admin.AdminSite):
    """The Django admin, open to administrators only (not to every `is_staff` account)."""

    site_header = "Quản trị thidua"
    site_title = "Quản trị thidua"
    index_title = "Dữ liệu hệ thống"

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_authenticated and user.is_admin


class ThiduaAdminConfig(AdminConfig):
    """Install the Django admin with the administrators-only site above."""

    default_site = "thidua.core.admin_site.AdminSite"

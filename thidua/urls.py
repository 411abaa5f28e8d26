from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("thidua.core.urls")),
    path("accounts/", include("thidua.accounts.urls")),
    path("", include("thidua.organization.urls")),
    path("audit/", include("thidua.audit.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "thidua.core.views.forbidden"

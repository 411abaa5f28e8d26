from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from thidua.api.v1 import api as api_v1
from thidua.plans.urls import document_urlpatterns as plan_documents
from thidua.registrations.urls import document_urlpatterns as registration_documents

# The documents each app serves at /documents/…, kept in the namespace "documents".
documents = (plan_documents + registration_documents, "documents")

urlpatterns = [
    path("", include("thidua.core.urls")),
    path("accounts/", include("thidua.accounts.urls")),
    path("", include("thidua.organization.urls")),
    path("eligibility/", include("thidua.evaluation.urls")),
    path("plans/", include("thidua.plans.urls")),
    path("registrations/", include("thidua.registrations.urls")),
    path("evidence/", include("thidua.evidence.urls")),
    path("attachments/", include("thidua.attachments.urls")),
    path("spreadsheets/", include("thidua.spreadsheets.urls")),
    path("documents/", include(documents)),
    path("audit/", include("thidua.audit.urls")),
    path("council/", include("thidua.council.urls")),
    path("proposals/", include("thidua.proposals.urls")),
    path("decisions/", include("thidua.decisions.urls")),
    path("awards/", include("thidua.awards.urls")),
    path("todo/", include("thidua.todo.urls")),
    path("closing/", include("thidua.closing.urls")),
    path("rewards/", include("thidua.rewards.urls")),
    path("clusters/", include("thidua.clusters.urls")),
    path("accounts/api-tokens/", include("thidua.api.urls")),
    path("api/v1/", api_v1.urls),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages without an icon link (the admin's).
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.svg"), permanent=True)),
]

handler403 = "thidua.core.views.forbidden"

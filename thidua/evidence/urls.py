from django.urls import path

from thidua.evidence import views

app_name = "achievements"
urlpatterns = [
    path("", views.EvidenceHubView.as_view(), name="hub"),
    path("pending/", views.PendingView.as_view(), name="pending"),
    path("mine/", views.MineView.as_view(), name="mine"),
    path("years/", views.YearClosureView.as_view(), name="year_closures"),
    path("initiatives/<int:pk>/claims/", views.ClaimsView.as_view(), name="initiative_claims"),
    path("<slug:kind>/", views.EvidenceListView.as_view(), name="evidence_list"),
    path("<slug:kind>/export/", views.EvidenceExportView.as_view(), name="evidence_export"),
    path("<slug:kind>/add/", views.EvidenceFormView.as_view(), name="evidence_add"),
    path("<slug:kind>/<int:pk>/", views.EvidenceView.as_view(), name="evidence"),
    path("<slug:kind>/<int:pk>/edit/", views.EvidenceFormView.as_view(), name="evidence_edit"),
    path(
        "<slug:kind>/<int:pk>/delete/", views.EvidenceDeleteView.as_view(), name="evidence_delete"
    ),
    path(
        "<slug:kind>/<int:pk>/verify/",
        views.DecisionView.as_view(decision="verify"),
        name="evidence_verify",
    ),
    path(
        "<slug:kind>/<int:pk>/reject/",
        views.DecisionView.as_view(decision="reject"),
        name="evidence_reject",
    ),
]

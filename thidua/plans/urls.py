from django.urls import path

from thidua.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan_list"),
    path("add/", views.PlanCreateView.as_view(), name="plan_add"),
    path("<int:pk>/", views.PlanView.as_view(), name="plan"),
    path("<int:pk>/edit/", views.PlanEditView.as_view(), name="plan_edit"),
    path("<int:pk>/copy/", views.PlanCopyView.as_view(), name="plan_copy"),
    path("<int:pk>/dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("<int:pk>/targets/add/", views.TargetEditView.as_view(), name="target_add"),
    path(
        "<int:pk>/targets/<int:part_pk>/edit/", views.TargetEditView.as_view(), name="target_edit"
    ),
    path("<int:pk>/phases/add/", views.PhaseEditView.as_view(), name="phase_add"),
    path("<int:pk>/phases/<int:part_pk>/edit/", views.PhaseEditView.as_view(), name="phase_edit"),
    path("<int:pk>/content/add/", views.ContentItemEditView.as_view(), name="content_add"),
    path(
        "<int:pk>/content/<int:part_pk>/edit/",
        views.ContentItemEditView.as_view(),
        name="content_edit",
    ),
    path("<int:pk>/movements/add/", views.MovementEditView.as_view(), name="movement_add"),
    path(
        "<int:pk>/movements/<int:part_pk>/edit/",
        views.MovementEditView.as_view(),
        name="movement_edit",
    ),
    path("<int:pk>/bases/add/", views.LegalBasisEditView.as_view(), name="basis_add"),
    path(
        "<int:pk>/bases/<int:part_pk>/edit/", views.LegalBasisEditView.as_view(), name="basis_edit"
    ),
]

# Served under /documents/ in the namespace "documents" (thidua/urls.py), as before the move.
document_urlpatterns = [
    path("plans/<int:pk>/document.docx", views.plan_document, {"fmt": "docx"}, name="plan_docx"),
    path("plans/<int:pk>/document.pdf", views.plan_document, {"fmt": "pdf"}, name="plan_pdf"),
]

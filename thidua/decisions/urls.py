from django.urls import path, re_path

from thidua.decisions import views

app_name = "decisions"
urlpatterns = [
    path("", views.DecisionListView.as_view(), name="decision_list"),
    path("draft/", views.DecisionDraftView.as_view(), name="decision_draft"),
    path("union/", views.UnionDecisionView.as_view(), name="union_decisions"),
    path("<int:pk>/", views.DecisionView.as_view(), name="decision"),
    path("<int:pk>/issue/", views.DecisionIssueView.as_view(), name="decision_issue"),
    path("<int:pk>/document.docx", views.decision_document, {"fmt": "docx"}, name="decision_docx"),
    path("<int:pk>/document.pdf", views.decision_document, {"fmt": "pdf"}, name="decision_pdf"),
    re_path(r"^(?P<pk>[0-9]+)/document\.(?P<fmt>docx|pdf)/background/$",
            views.decision_background, name="decision_background"),  # fmt: skip
    path(
        "<int:pk>/entries/<int:entry>/certificate.pdf",
        views.certificate_document,
        {"fmt": "pdf"},
        name="certificate_pdf",
    ),
    path(
        "<int:pk>/entries/<int:entry>/certificate.docx",
        views.certificate_document,
        {"fmt": "docx"},
        name="certificate_docx",
    ),
]

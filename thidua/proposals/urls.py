from django.urls import path, re_path

from thidua.proposals import inbox_views, overview_views, received_decision_views, views

app_name = "proposals"
urlpatterns = [
    path("", views.ProposalListView.as_view(), name="proposal_list"),
    path("inbox/", inbox_views.InboxView.as_view(), name="inbox"),
    path("inbox/<int:pk>/", inbox_views.ReceiptView.as_view(), name="receipt"),
    path("inbox/overview/", overview_views.overview_page, name="overview"),
    path("inbox/overview.xlsx", overview_views.overview_xlsx, name="overview_xlsx"),
    path("inbox/<int:pk>/ho-so.zip", inbox_views.receipt_dossier, name="receipt_dossier"),
    path("inbox/<int:pk>/ho-so/<int:index>/", inbox_views.receipt_file, name="receipt_file"),
    path(
        "decisions/",
        received_decision_views.ReceivedDecisionListView.as_view(),
        name="received_decision_list",
    ),
    path(
        "decisions/new/",
        received_decision_views.ReceivedDecisionDraftView.as_view(),
        name="received_decision_new",
    ),
    path(
        "decisions/<int:pk>/",
        received_decision_views.ReceivedDecisionView.as_view(),
        name="received_decision",
    ),
    path(
        "decisions/<int:pk>/quyet-dinh.docx",
        received_decision_views.received_decision_document,
        {"fmt": "docx"},
        name="received_decision_docx",
    ),
    path(
        "decisions/<int:pk>/quyet-dinh.pdf",
        received_decision_views.received_decision_document,
        {"fmt": "pdf"},
        name="received_decision_pdf",
    ),
    path("draft/", views.ProposalDraftView.as_view(), name="proposal_draft"),
    path("<int:pk>/", views.ProposalView.as_view(), name="proposal"),
    path("<int:pk>/send/", views.ProposalSendView.as_view(), name="proposal_send"),
    path("<int:pk>/to-trinh.docx", views.proposal_document, {"fmt": "docx"}, name="proposal_docx"),
    path("<int:pk>/to-trinh.pdf", views.proposal_document, {"fmt": "pdf"}, name="proposal_pdf"),
    re_path(r"^(?P<pk>[0-9]+)/to-trinh\.(?P<fmt>docx|pdf)/background/$",
            views.proposal_background, name="proposal_background"),  # fmt: skip
    path("<int:pk>/ho-so.zip", views.dossier_zip, name="dossier_zip"),
    path(
        "<int:pk>/reports/<int:entry_pk>.docx",
        views.report_document,
        {"fmt": "docx"},
        name="report_docx",
    ),  # fmt: skip
    path(
        "<int:pk>/reports/<int:entry_pk>.pdf",
        views.report_document,
        {"fmt": "pdf"},
        name="report_pdf",
    ),  # fmt: skip
]

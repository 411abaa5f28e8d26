from django.urls import path

from thidua.registrations import views

app_name = "registrations"
urlpatterns = [
    path("", views.BoardView.as_view(), name="board"),
    path("units/<int:pk>/", views.UnitRegistrationView.as_view(), name="unit"),
    path("me/", views.OwnRegistrationView.as_view(), name="own"),
]

# Served under /documents/ in the namespace "documents" (thidua/urls.py), as before the move.
document_urlpatterns = [
    path(
        "registrations/<int:year>/document.docx",
        views.registrations_document,
        {"fmt": "docx"},
        name="registrations_docx",
    ),
    path(
        "registrations/<int:year>/document.pdf",
        views.registrations_document,
        {"fmt": "pdf"},
        name="registrations_pdf",
    ),
]

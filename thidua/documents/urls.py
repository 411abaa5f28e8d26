from django.urls import path

from thidua.documents import views

app_name = "documents"

urlpatterns = [
    path(
        "plans/<int:pk>/document.docx",
        views.plan_document,
        {"fmt": "docx"},
        name="plan_docx",
    ),
    path(
        "plans/<int:pk>/document.pdf",
        views.plan_document,
        {"fmt": "pdf"},
        name="plan_pdf",
    ),
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

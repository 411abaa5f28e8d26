from django.urls import path

from thidua.spreadsheets import views

app_name = "spreadsheets"
urlpatterns = [
    path("", views.import_view, name="import"),
    path("template/<slug:kind>.xlsx", views.template_view, name="template"),
    path("export/", views.export_view, name="export"),
]

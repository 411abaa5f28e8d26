from django.urls import path

from thidua.attachments import views

app_name = "attachments"
urlpatterns = [
    path(
        "<slug:app_label>/<slug:model_name>/<int:object_id>/upload/",
        views.attachment_upload,
        name="attachment_upload",
    ),
    path("<int:pk>/download/", views.attachment_download, name="attachment_download"),
    path("<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
]

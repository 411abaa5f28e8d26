from django.urls import path

from thidua.awards import views

app_name = "awards"
urlpatterns = [
    path("", views.AwardListView.as_view(), name="award_list"),
    path("add/", views.AwardCreateView.as_view(), name="award_add"),
    path("register.xlsx", views.register_export, name="register_export"),
    path("register.<str:fmt>", views.register_document, name="register_document"),
    path("<int:pk>/", views.AwardView.as_view(), name="award"),
    path("<int:pk>/edit/", views.AwardEditView.as_view(), name="award_edit"),
    path("<int:pk>/revoke/", views.AwardRevokeView.as_view(), name="award_revoke"),
    path("people/<int:pk>/", views.history_view, {"kind": "person"}, name="person_history"),
    path("units/<int:pk>/", views.history_view, {"kind": "unit"}, name="unit_history"),
    path("people/<int:pk>/history.<str:fmt>", views.history_document, {"kind": "person"},
         name="person_history_document"),
    path("units/<int:pk>/history.<str:fmt>", views.history_document, {"kind": "unit"},
         name="unit_history_document"),
]  # fmt: skip

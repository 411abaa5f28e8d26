from django.urls import path

from thidua.registrations import views

app_name = "registrations"
urlpatterns = [
    path("", views.BoardView.as_view(), name="board"),
    path("units/<int:pk>/", views.UnitRegistrationView.as_view(), name="unit"),
    path("me/", views.OwnRegistrationView.as_view(), name="own"),
]

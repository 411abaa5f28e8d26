from django.urls import path

from thidua.todo import views

app_name = "todo"
urlpatterns = [
    path("preferences/", views.ReminderPreferenceView.as_view(), name="preferences"),
]

from django.urls import path

from thidua.audit import views

app_name = "audit"
urlpatterns = [path("", views.LogEntryListView.as_view(), name="logentry_list")]

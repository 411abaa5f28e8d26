from django.urls import path

from thidua.core import views

app_name = "core"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("health/", views.health, name="health"),
    path("jobs/<uuid:job>/", views.job, name="job"),
    path("jobs/<uuid:job>/file", views.job_file, name="job_file"),
    path("jobs/<uuid:job>/again", views.job_again, name="job_again"),
]

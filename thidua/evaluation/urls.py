from django.urls import path

from thidua.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.EligibilityView.as_view(), name="eligibility"),
    path("people/<int:pk>/", views.PersonEligibilityView.as_view(), name="person_eligibility"),
]

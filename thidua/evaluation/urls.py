from django.urls import path

from thidua.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.EligibilityView.as_view(), name="eligibility"),
    path("overview.<str:fmt>", views.eligibility_document, name="eligibility_document"),
    path("people/<int:pk>/", views.PersonEligibilityView.as_view(), name="person_eligibility"),
]

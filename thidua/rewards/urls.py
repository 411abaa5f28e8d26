from django.urls import path

from thidua.rewards import views

app_name = "rewards"
urlpatterns = [
    path("decisions/<int:pk>/", views.reward_list, name="reward_list"),
    path("decisions/<int:pk>/bang-ke.docx", views.reward_list_document, {"fmt": "docx"},
         name="reward_list_docx"),
    path("decisions/<int:pk>/bang-ke.pdf", views.reward_list_document, {"fmt": "pdf"},
         name="reward_list_pdf"),
    path("decisions/<int:pk>/bang-ke.xlsx", views.reward_list_xlsx, name="reward_list_xlsx"),
    path("register/<int:pk>/", views.register_list, name="register_list"),
    path("fund/", views.fund, name="fund"),
    path("fund/<int:year>.xlsx", views.fund_export, name="fund_export"),
    path("base-salaries/", views.base_salaries, name="base_salaries"),
]  # fmt: skip

from django.urls import path

from thidua.api import views

app_name = "api"
urlpatterns = [
    path("", views.ApiTokenListView.as_view(), name="token_list"),
    path("<int:pk>/revoke/", views.ApiTokenRevokeView.as_view(), name="token_revoke"),
]

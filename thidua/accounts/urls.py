from django.urls import path

from thidua.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "organization/", views.SwitchOrganizationView.as_view(), name="switch_organization"
    ),
    # The organisation's own accounts, kept by its administrator.
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/add/", views.UserCreateView.as_view(), name="user_add"),
    path("users/<int:pk>/", views.UserView.as_view(), name="user"),
    path("users/<int:pk>/roles/", views.UserGrantView.as_view(), name="user_grant"),
    path(
        "users/<int:pk>/roles/<int:grant_pk>/revoke/",
        views.UserRevokeView.as_view(),
        name="user_revoke",
    ),
    path("users/<int:pk>/lock/", views.UserDeactivateView.as_view(), name="user_deactivate"),
    path("users/<int:pk>/unlock/", views.UserReactivateView.as_view(), name="user_reactivate"),
    path("users/<int:pk>/password/", views.UserPasswordView.as_view(), name="user_password"),
]

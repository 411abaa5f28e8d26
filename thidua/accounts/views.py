from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from thidua.accounts.forms import ChangePasswordForm, LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("core:home")

    def form_valid(self, form):
        messages.success(self.request, "Đã đổi mật khẩu.")
        return super().form_valid(form)

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.views import View

from thidua.accounts.actions import do_switch_organization
from thidua.accounts.forms import ChangePasswordForm, LoginForm
from thidua.core.actions import ActionRefused, NotAllowed


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


class SwitchOrganizationView(LoginRequiredMixin, View):
    """The chooser «Đang làm việc tại …»: the organisation the account works in (POST only)."""

    def post(self, request, *args, **kwargs):
        from thidua.organization.models import Organization

        chosen = request.POST.get("organization", "")
        organization = (
            Organization.objects.filter(pk=chosen).first() if chosen.isdigit() else None
        )
        try:
            do_switch_organization(request.user, organization, acting_user=request.user)
        except NotAllowed:
            raise
        except ActionRefused as error:
            messages.info(request, str(error))
            return redirect("core:home")
        messages.success(request, "Đang làm việc tại {}.".format(organization))
        # Every page of the former organisation would now answer 404: start from the home page.
        return redirect("core:home")

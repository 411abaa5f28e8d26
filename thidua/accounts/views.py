import rules
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from thidua.accounts.actions import (
    ACCOUNTS_REFUSED,
    NewAccount,
    do_create_account,
    do_deactivate_access,
    do_grant_role,
    do_reactivate_access,
    do_reset_password,
    do_revoke_role,
    do_switch_organization,
)
from thidua.accounts.filtersets import UserFilterSet
from thidua.accounts.forms import AccountForm, ChangePasswordForm, GrantForm, LoginForm
from thidua.accounts.models import RoleGrant, SuspendedGrant, User
from thidua.accounts.tables import UserTable
from thidua.core.actions import ActionRefused, FieldRefused, NotAllowed
from thidua.core.views import ScopedListView


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


# An organisation's accounts, kept by its administrator ----------------------------------------


class ManagesAccountsMixin(LoginRequiredMixin):
    """The organisation's administrator, in the organisation they work in; anyone else is
    refused before any account is looked up (403)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organization = request.user.organization
        if not rules.has_perm("accounts.manage_accounts", request.user, self.organization):
            raise PermissionDenied(ACCOUNTS_REFUSED)
        return super().dispatch(request, *args, **kwargs)

    def get_account(self) -> User:
        """The account named in the address, if it is one of this organisation's (else 404)."""
        return get_object_or_404(
            User.objects.visible_to(self.request.user).select_related("person"),
            pk=self.kwargs["pk"],
        )


def _prefetch_here(queryset, organization_id):
    return queryset.prefetch_related(
        Prefetch("grants", to_attr="roles_here",
                 queryset=RoleGrant.objects.filter(organization_id=organization_id)
                 .select_related("unit").order_by("role", "unit__name")),
        Prefetch("suspended_grants", to_attr="closed_here",
                 queryset=SuspendedGrant.objects.filter(organization_id=organization_id)
                 .select_related("unit").order_by("role", "unit__name")),
    )  # fmt: skip


class UserListView(ManagesAccountsMixin, ScopedListView):
    """The accounts holding a role in the organisation (or locked out of it), with filters."""

    model = User
    table_class = UserTable
    filterset_class = UserFilterSet
    template_name = "accounts/user_list.html"
    partial_template_name = "accounts/user_table.html"

    def get_queryset(self):
        queryset = (
            User.objects.visible_to(self.request.user).select_related("person").order_by("username")
        )
        return _prefetch_here(queryset, self.organization.pk)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}


class UserCreateView(ManagesAccountsMixin, FormView):
    """A new account with its roles here; its initial password is shown once, on the page
    answering the form, and stored hashed only."""

    form_class = AccountForm
    template_name = "accounts/user_add.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            account, password = do_create_account(
                self.organization,
                NewAccount(username=data["username"], full_name=data["full_name"],
                           email=data["email"], person=data["person"],
                           roles=tuple(data["roles"]), head_of=data["head_of"]),
                acting_user=self.request.user,
            )  # fmt: skip
        except FieldRefused as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
            return self.form_invalid(form)
        return _password_page(self.request, account, password, created=True)


def _password_page(request, account, password, *, created):
    response = render(request, "accounts/user_password.html",
                      {"account": account, "password": password, "created": created})  # fmt: skip
    # The password is in this answer only: no cache keeps it.
    response["Cache-Control"] = "no-store"
    return response


class UserView(ManagesAccountsMixin, TemplateView):
    """One account of the organisation: its roles here, what may be done to it."""

    template_name = "accounts/user.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        account = self.get_account()
        account = _prefetch_here(User.objects.filter(pk=account.pk), self.organization.pk).get()
        context["account"] = account
        context["locked"] = bool(account.closed_here)
        context["grant_form"] = kwargs.get("grant_form") or GrantForm(user=user)
        context["may_reset_password"] = rules.has_perm("accounts.reset_password", user, account)
        context["is_self"] = account.pk == user.pk
        return context


class UserActionView(ManagesAccountsMixin, View):
    """A POST on one account of the organisation; refusals come back as a message."""

    success_message = ""

    def act(self, request, account):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        account = self.get_account()
        try:
            result = self.act(request, account)
        except NotAllowed:
            raise
        except ActionRefused as error:
            messages.error(request, str(error))
            return redirect("accounts:user", pk=account.pk)
        if result is not None:
            return result
        messages.success(request, self.success_message.format(account=account.username))
        if account.pk == request.user.pk:
            # An administrator who gave up their own role here no longer opens these pages.
            refreshed = User.objects.get(pk=account.pk)
            if not rules.has_perm("accounts.manage_accounts", refreshed, self.organization):
                return redirect("core:home")
        return redirect("accounts:user", pk=account.pk)


class UserGrantView(UserActionView):
    success_message = "Đã giao vai trò cho tài khoản «{account}»."

    def act(self, request, account):
        form = GrantForm(request.POST, user=request.user)
        if not form.is_valid():
            return self._invalid(request, form)
        try:
            do_grant_role(account, self.organization, role=form.cleaned_data["role"],
                          unit=form.cleaned_data["unit"], acting_user=request.user)  # fmt: skip
        except FieldRefused as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
            return self._invalid(request, form)
        return None

    def _invalid(self, request, form):
        view = UserView()
        view.setup(request, **self.kwargs)
        view.organization = self.organization
        return view.render_to_response(view.get_context_data(grant_form=form))


class UserRevokeView(UserActionView):
    success_message = "Đã thu hồi vai trò của tài khoản «{account}»."

    def act(self, request, account):
        grant = get_object_or_404(
            RoleGrant, pk=self.kwargs["grant_pk"], user=account, organization=self.organization
        )
        do_revoke_role(grant, acting_user=request.user)


class UserDeactivateView(UserActionView):
    success_message = (
        "Đã khoá tài khoản «{account}» tại cơ quan; vai trò ở cơ quan khác giữ nguyên."
    )

    def act(self, request, account):
        do_deactivate_access(account, self.organization, acting_user=request.user)


class UserReactivateView(UserActionView):
    success_message = "Đã mở khoá tài khoản «{account}»: các vai trò tại cơ quan được trả lại."

    def act(self, request, account):
        do_reactivate_access(account, self.organization, acting_user=request.user)


class UserPasswordView(UserActionView):
    def act(self, request, account):
        password = do_reset_password(account, self.organization, acting_user=request.user)
        return _password_page(request, account, password, created=False)

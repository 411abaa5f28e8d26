"""The signed-in user's own API tokens: make one (shown once), list them, revoke one."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from thidua.api.actions import TokenRefused, do_create_api_token, do_revoke_api_token
from thidua.api.forms import ApiTokenForm
from thidua.api.models import ApiToken


class ApiTokenListView(LoginRequiredMixin, View):
    template_name = "api/tokens.html"

    def page(self, request, form, secret=None, new_token=None, status=200):
        tokens = ApiToken.objects.visible_to(request.user)
        response = render(request, self.template_name, {"form": form, "tokens": tokens,
                                                        "secret": secret, "new_token": new_token},
                          status=status)  # fmt: skip
        if secret:
            response["Cache-Control"] = "no-store"
        return response

    def get(self, request):
        return self.page(request, ApiTokenForm())

    def post(self, request):
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                made = do_create_api_token(request.user, acting_user=request.user,
                                           **form.cleaned_data)  # fmt: skip
            except TokenRefused as refusal:
                form.add_error(refusal.field, refusal.message)
            else:
                return self.page(request, ApiTokenForm(), secret=made.secret, new_token=made.token)
        return self.page(request, form)


class ApiTokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=pk)
        try:
            do_revoke_api_token(token, acting_user=request.user)
        except TokenRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Đã thu hồi khóa «{}».".format(token.name))
        return redirect("api:token_list")

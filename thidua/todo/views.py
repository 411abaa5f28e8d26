from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.views import View

from thidua.todo.actions import do_set_reminder_preference
from thidua.todo.forms import ReminderPreferenceForm
from thidua.todo.models import ReminderPreference


class ReminderPreferenceView(LoginRequiredMixin, View):
    """The signed-in user's own choice about the daily e-mail digest."""

    template_name = "todo/preferences.html"

    def preference(self):
        user = self.request.user
        return ReminderPreference.objects.filter(user=user).first() or ReminderPreference(
            user=user
        )

    def get(self, request):
        form = ReminderPreferenceForm(instance=self.preference())
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = ReminderPreferenceForm(request.POST, instance=self.preference())
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        email_digest = form.cleaned_data["email_digest"]
        do_set_reminder_preference(
            request.user, email_digest=email_digest, acting_user=request.user
        )
        messages.success(
            request,
            "Bạn sẽ nhận thư nhắc việc hằng ngày." if email_digest
            else "Bạn sẽ không nhận thư nhắc việc nữa.",
        )  # fmt: skip
        return redirect("todo:preferences")

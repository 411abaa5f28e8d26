from django import forms

from thidua.core.forms import StyledFormMixin
from thidua.todo.models import ReminderPreference


class ReminderPreferenceForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["email_digest"]

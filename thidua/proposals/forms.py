from django import forms

from thidua.core.forms import DateInput, StyledFormMixin


class ApprovalForm(StyledFormMixin, forms.Form):
    """The higher level's decision: its number, date and issuing body."""

    decision_number = forms.CharField(label="Số quyết định", max_length=50)
    decided_on = forms.DateField(label="Ngày quyết định", widget=DateInput())
    issued_by = forms.CharField(label="Cơ quan, người quyết định", max_length=255)


class RejectionForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="Lý do không chấp thuận", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

"""Forms of the cluster screens: the covenant, the scoring table's groups and criteria, the day
of a step (entered by the user, today by default)."""

from django import forms
from django.utils import timezone

from thidua.clusters.models import CriterionKind
from thidua.core.forms import DateInput, StyledFormMixin


class DayForm(StyledFormMixin, forms.Form):
    """The day the step took place (a self-score, a check, the review)."""

    on = forms.DateField(label="Ngày", widget=DateInput())

    def __init__(self, *args, label: str = "Ngày", **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label


class CovenantForm(StyledFormMixin, forms.Form):
    signed_on = forms.DateField(label="Ngày ký giao ước", widget=DateInput())
    place = forms.CharField(label="Nơi ký", max_length=100, required=False)
    targets = forms.CharField(
        label="Nội dung giao ước",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Mỗi dòng một nội dung.",
    )


class GroupForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="Tên nhóm tiêu chí", max_length=255)


class CriterionForm(StyledFormMixin, forms.Form):
    group = forms.ModelChoiceField(label="Nhóm tiêu chí", queryset=None, empty_label=None)
    text = forms.CharField(label="Tiêu chí", max_length=500)
    kind = forms.ChoiceField(label="Loại", choices=CriterionKind.choices)
    max_points = forms.DecimalField(label="Điểm tối đa", min_value=0, max_digits=6,
                                    decimal_places=2, localize=True)  # fmt: skip
    evidence_required = forms.BooleanField(label="Phải có minh chứng", required=False)

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = cluster.groups.all()

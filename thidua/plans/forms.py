from django import forms

from thidua.core.choices import COMMENDATION_FORMS, TitleCode
from thidua.core.forms import DateInput, OrganizationModelFormMixin, StyledFormMixin
from thidua.plans.models import CALENDAR, ContentItem, LegalBasis, Movement, Phase, Plan, Target


class PlanForm(OrganizationModelFormMixin, StyledFormMixin, forms.ModelForm):
    # Section IV of the plan: what the school will propose to higher levels this year.
    proposed_titles = forms.MultipleChoiceField(
        label="đề xuất danh hiệu thi đua",
        required=False,
        choices=[(c, n) for c, n in TitleCode.choices if c not in COMMENDATION_FORMS],
        widget=forms.CheckboxSelectMultiple,
    )
    proposed_forms = forms.MultipleChoiceField(
        label="đề xuất hình thức khen thưởng",
        required=False,
        choices=[(c, n) for c, n in TitleCode.choices if c in COMMENDATION_FORMS],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Plan
        fields = [
            "year", "number", "symbol", "place", "issued_on", "title", "slogan", "preamble",
            "purposes", "theme", "organization_section", "signer_title", "recipients",
            *CALENDAR, "proposed_titles", "proposed_forms",
        ]  # fmt: skip
        widgets = {"issued_on": DateInput(), **{field: DateInput() for field in CALENDAR}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = user.organization
        for name in ("preamble", "purposes", "theme", "organization_section", "recipients"):
            self.fields[name].widget.attrs["rows"] = 4


class TargetForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Target
        fields = [
            "position", "group", "text", "measure", "population", "title", "grade", "comparison",
            "goal", "goal_max", "entered_count", "done", "evidence",
        ]  # fmt: skip
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "evidence": forms.Textarea(
            attrs={"rows": 2})}  # fmt: skip


class PhaseForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["position", "name", "starts_on", "ends_on", "review_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "review_on": DateInput()}


class ContentItemForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ContentItem
        fields = ["position", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}


class MovementForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Movement
        fields = ["position", "name", "kind"]


class LegalBasisForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = LegalBasis
        fields = ["position", "text"]

"""Forms of evidence: one per kind, the teams of initiatives, research and works as inline
formsets, the initiative's claims, and the small forms of the verification queue."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory

from thidua.core.choices import TitleCode
from thidua.core.forms import DateInput, OrganizationModelFormMixin, StyledFormMixin
from thidua.evidence.models import (
    FIRST_YEAR,
    LAST_YEAR,
    Authorship,
    Discipline,
    Initiative,
    InitiativeClaim,
    Leave,
    Research,
    ResearchMember,
    Training,
    UnionScore,
    Work,
    WorkAuthorship,
    YearGrade,
)
from thidua.organization.models import STAFF_UNIT_KINDS, Person, Unit

YEAR_RANGE = {"min_value": FIRST_YEAR, "max_value": LAST_YEAR}
BOTH_OR_NEITHER = "ghi cả hai hoặc để trống cả hai."


def person_label(person: Person) -> str:
    return person.full_name


def only_self(user) -> bool:
    """Tell whether the user may only propose their own evidence (no unit, no council role)."""
    return not user.sees_whole_organization and not user.headed_unit_ids


class EvidenceForm(OrganizationModelFormMixin, StyledFormMixin, forms.ModelForm):
    """A record of the signed-in user's organisation; a chosen person is one the user may see.

    Staff have their own person fixed: the field is shown, but disabled, so a forged value is
    ignored (Django reads a disabled field from its initial value only).
    """

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.organization_id is None:
            self.instance.organization = user.organization
        for name, field in self.fields.items():
            if name.endswith("year"):
                # The range itself is the model's (one rule for screen and import); the browser
                # only hints at it.
                field.widget.attrs.update(min=FIRST_YEAR, max=LAST_YEAR)
        person = self.fields.get("person")
        if person is not None:
            person.queryset = Person.objects.visible_to(user).order_by("sort_key", "pk")
            person.label_from_instance = person_label
            if only_self(user) and user.person_id:
                # The instance's own value wins over a field's initial, so set the form's.
                if not self.initial.get("person"):
                    self.initial["person"] = user.person_id
                person.disabled = True
                person.help_text = "Bạn đề nghị minh chứng của chính mình."


class GradeForm(EvidenceForm):
    class Meta:
        model = YearGrade
        fields = ["person", "year", "grade"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].required = True


class UnitGradeForm(EvidenceForm):
    class Meta:
        model = YearGrade
        fields = ["unit", "year", "grade"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        units = Unit.objects.visible_to(user).filter(kind__in=STAFF_UNIT_KINDS)
        if not user.sees_whole_organization:
            units = units.filter(pk__in=user.headed_unit_ids)
        self.fields["unit"].queryset = units
        self.fields["unit"].required = True


class InitiativeForm(EvidenceForm):
    class Meta:
        model = Initiative
        fields = [
            "title", "year", "level", "recognized_by", "decision_number", "decided_on", "scope",
        ]  # fmt: skip
        widgets = {"decided_on": DateInput(), "scope": forms.Textarea(attrs={"rows": 2})}


class ResearchForm(EvidenceForm):
    class Meta:
        model = Research
        fields = ["title", "kind", "level", "started_year", "accepted_on", "result"]
        widgets = {"accepted_on": DateInput()}


class WorkForm(EvidenceForm):
    class Meta:
        model = Work
        fields = ["title", "kind", "venue", "year"]


class TrainingForm(EvidenceForm):
    class Meta:
        model = Training
        fields = [
            "person", "kind", "program", "institution", "started_on", "ended_on", "full_time",
            "result",
        ]  # fmt: skip
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}


class UnionScoreForm(EvidenceForm):
    class Meta:
        model = UnionScore
        fields = ["person", "year", "score"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Typed the Vietnamese way, 85,5; a number box would refuse the comma.
        score = self.fields["score"]
        score.localize = True
        score.widget = forms.TextInput(
            attrs={"inputmode": "decimal", "class": "form-control", "placeholder": "ví dụ 85,5"}
        )
        score.widget.is_localized = True


class DisciplineForm(EvidenceForm):
    class Meta:
        model = Discipline
        fields = ["person", "form", "decision_number", "decided_on", "effective_until", "pending"]
        widgets = {"decided_on": DateInput(), "effective_until": DateInput()}


class LeaveForm(EvidenceForm):
    class Meta:
        model = Leave
        fields = ["person", "kind", "started_on", "ended_on", "certified"]
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}


# Checks of a spreadsheet row beyond the model's (mixins of the row forms, evidence/kinds.py) ---


class PeriodRowChecks:
    """A row with a start and an (optional) end date; the end may not come first."""

    def clean(self):
        cleaned = super().clean()
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", "ngày kết thúc phải sau ngày bắt đầu.")
        return cleaned


class AcceptanceRowChecks:
    """A research's acceptance, reported on the cell that is filled in.

    That also keeps the value off the instance, so the model's own check does not report it a
    second time.
    """

    def clean(self):
        cleaned = super().clean()
        accepted, result = cleaned.get("accepted_on"), cleaned.get("result")
        started = cleaned.get("started_year")
        if accepted and not result and "result" not in self.errors:
            self.add_error(
                "accepted_on",
                "có ngày nghiệm thu nhưng thiếu kết quả nghiệm thu; {}".format(BOTH_OR_NEITHER),
            )
        elif result and not accepted and "accepted_on" not in self.errors:
            self.add_error(
                "result",
                "có kết quả nghiệm thu nhưng thiếu ngày nghiệm thu; {}".format(BOTH_OR_NEITHER),
            )
        elif accepted and started and accepted.year < started:
            self.add_error("accepted_on", "ngày nghiệm thu trước năm bắt đầu ({}).".format(started))
        return cleaned


# Teams ---------------------------------------------------------------------------------------


class TeamRowForm(StyledFormMixin, forms.ModelForm):
    """One author or member; any person of the organisation may be named as a co-author."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            organization_id=user.organization_id
        ).order_by("sort_key", "pk")
        self.fields["person"].label_from_instance = person_label
        self.fields["person"].label = "cán bộ"


class TeamFormSet(BaseInlineFormSet):
    """A team: at least one person, each once; an initiative's shares add up to at most 100%."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = {**super().get_form_kwargs(index), "user": self.user}
        # A row filled in advance (the proposer themself) counts even if left as it is; an
        # unchanged extra row would otherwise be skipped as blank.
        extra_index = (index or 0) - self.initial_form_count()
        if index is not None and 0 <= extra_index < len(self.initial_extra or []):
            kwargs["empty_permitted"] = False
        return kwargs

    def validate_unique(self):
        """Checked in clean() and by the action instead: the rows are not saved by the formset."""

    def rows(self):
        return [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("person")
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        rows = self.rows()
        if not rows:
            raise ValidationError("Cần ít nhất một tác giả hoặc thành viên.")
        people = [form.cleaned_data["person"].pk for form in rows]
        if len(set(people)) != len(people):
            raise ValidationError("Mỗi cán bộ chỉ ghi một lần trong danh sách.")
        if "share" in self.forms[0].fields:
            total = sum(form.cleaned_data.get("share") or 0 for form in rows)
            if total > 100:
                raise ValidationError(
                    "Tổng tỷ lệ đóng góp là {}%, không được quá 100%.".format(total)
                )

    def team(self):
        """Return the unsaved rows the action saves as the new team."""
        model = self.model
        fields = [name for name in self.forms[0].fields if name not in ("id", "DELETE")]
        return [
            model(**{name: form.cleaned_data[name] for name in fields if name in form.cleaned_data})
            for form in self.rows()
        ]


def team_formset(parent, row, fields, *, extra=2):
    return inlineformset_factory(
        parent,
        row,
        form=TeamRowForm,
        formset=TeamFormSet,
        fields=fields,
        extra=extra,
        can_delete=True,
    )


AuthorshipFormSet = team_formset(Initiative, Authorship, ["person", "share"])
ResearchMemberFormSet = team_formset(Research, ResearchMember, ["person", "role"])
WorkAuthorshipFormSet = team_formset(Work, WorkAuthorship, ["person"])


# Claims, verification, closure ---------------------------------------------------------------


class ClaimForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = InitiativeClaim
        fields = ["person", "title", "year"]

    def __init__(self, *args, authors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = authors
        self.fields["person"].label_from_instance = person_label
        self.fields["title"].choices = [("", "---------"), *TitleCode.choices]


class BaseClaimFormSet(BaseInlineFormSet):
    def __init__(self, *args, authors, **kwargs):
        self.authors = authors
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "authors": self.authors}

    def validate_unique(self):
        """Checked in clean() and by the action: the rows are saved by the action."""

    def claims(self):
        """Return (person, title, year) for every kept row."""
        return [
            (form.cleaned_data["person"], form.cleaned_data["title"], form.cleaned_data["year"])
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("person")
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        titles = [title for _, title, _ in self.claims()]
        if len(set(titles)) != len(titles):
            raise ValidationError("Sáng kiến này đã được dùng để xét danh hiệu này.")


ClaimFormSet = inlineformset_factory(
    Initiative,
    InitiativeClaim,
    form=ClaimForm,
    formset=BaseClaimFormSet,
    fields=["person", "title", "year"],
    extra=2,
    can_delete=True,
)


class RejectForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="Lý do không xác nhận",
        max_length=1000,
        error_messages={"required": "Cần ghi lý do không xác nhận."},
    )


class CloseYearForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="Năm", localize=False, **YEAR_RANGE)

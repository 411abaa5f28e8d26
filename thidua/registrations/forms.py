from django import forms

from thidua.core.choices import TitleCode
from thidua.core.forms import StyledFormMixin
from thidua.registrations.actions import PERSON_REGISTRABLE, UNIT_REGISTRABLE, registrable_for

NAMES = dict(TitleCode.choices)


class UnitRegistrationForm(forms.Form):
    """The unit's titles and, one field per member, each member's titles."""

    def __init__(self, *args, members, unit_titles, member_titles, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        self.fields["unit_titles"] = forms.MultipleChoiceField(
            label="Danh hiệu tập thể",
            required=False,
            choices=[(c, NAMES[c]) for c in UNIT_REGISTRABLE],
            widget=forms.CheckboxSelectMultiple,
            initial=unit_titles,
        )
        for person in members:
            self.fields["person_{}".format(person.pk)] = forms.MultipleChoiceField(
                label=person.full_name,
                required=False,
                choices=[(c, NAMES[c]) for c in registrable_for(person)],
                widget=forms.CheckboxSelectMultiple,
                initial=member_titles.get(person.pk, []),
            )

    def member_titles(self) -> dict[int, list[str]]:
        return {p.pk: self.cleaned_data["person_{}".format(p.pk)] for p in self.members}

    def member_fields(self):
        return [self["person_{}".format(p.pk)] for p in self.members]


class ReturnForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="Lý do trả lại", widget=forms.Textarea(attrs={"rows": 3}))


class OwnRegistrationForm(forms.Form):
    titles = forms.MultipleChoiceField(
        label="Danh hiệu tôi đăng ký",
        required=False,
        choices=[(c, NAMES[c]) for c in PERSON_REGISTRABLE],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["titles"].choices = [(c, NAMES[c]) for c in registrable_for(person)]

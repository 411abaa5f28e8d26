from django import forms
from django.utils import timezone

from thidua.core.forms import DateInput, OrganizationModelFormMixin, StyledFormMixin
from thidua.organization.models import STAFF_UNIT_KINDS, Person, Unit


class UnitForm(OrganizationModelFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "kind", "parent", "position"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Unit.objects.visible_to(user)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.instance.organization = user.organization


UNIT_HEAD_FIELDS = {"email", "phone", "unit", "unit_since"}


class PersonForm(OrganizationModelFormMixin, StyledFormMixin, forms.ModelForm):
    """A person, with the unit they work in now; a changed unit records a transfer."""

    unit = forms.ModelChoiceField(label="đơn vị công tác", queryset=Unit.objects.none())
    unit_since = forms.DateField(
        label="về đơn vị từ ngày",
        required=False,
        widget=DateInput(),
        help_text="Để trống nếu là hôm nay.",
    )

    class Meta:
        model = Person
        fields = [
            "family_and_middle", "given", "gender", "birth_date", "staff_code", "academic_title",
            "position", "category", "party_member", "union_member", "hired_on", "left_on",
            "email", "phone",
        ]  # fmt: skip
        widgets = {
            "birth_date": DateInput(),
            "hired_on": DateInput(),
            "left_on": DateInput(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.visible_to(user).filter(kind__in=STAFF_UNIT_KINDS)
        if not user.edits_personnel:
            # A unit head may keep a person in their units or move them between them, and keep
            # their contact details; the personnel record that the rules read is not theirs.
            units = units.filter(pk__in=user.headed_unit_ids)
            for name in list(self.fields):
                if name not in UNIT_HEAD_FIELDS:
                    del self.fields[name]
        self.fields["unit"].queryset = units
        self.instance.organization = user.organization
        if self.instance.pk:
            current = self.instance.assignments.current().first()
            if current is not None:
                self.fields["unit"].initial = current.unit_id

    def clean(self):
        cleaned = super().clean()
        since = cleaned.get("unit_since")
        hired_on = cleaned.get("hired_on", self.instance.hired_on)
        if since and since > timezone.localdate():
            self.add_error("unit_since", "Ngày về đơn vị không được ở tương lai.")
        elif since and hired_on and since < hired_on:
            self.add_error("unit_since", "Ngày về đơn vị không được trước ngày vào làm việc.")
        left_on = cleaned.get("left_on")
        if hired_on and left_on and left_on < hired_on:
            self.add_error("left_on", "Ngày thôi việc phải sau ngày vào làm việc.")
        return cleaned

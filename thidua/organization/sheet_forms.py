"""The row forms of the staff and unit spreadsheets (thidua/organization/sheets.py).

A row form validates a spreadsheet row: the ModelForm of its model with the fields a row carries
(spreadsheets.forms.RowFormMixin gives the Vietnamese dates and messages). The unit and the
organisation are resolved by the import (by name, looked up once in bulk) and set on the
instance, so a row costs no database query. PersonRowChecker runs PersonRowForm's checks on the
rows that pass them without a form per row; people_of and person_maker build the people of a
file without Model.__init__.
"""

import copy
import functools
import re

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import signals
from django.db.models.base import ModelState
from django.forms.models import construct_instance
from django.utils import timezone

from thidua.core import text
from thidua.core.forms import OrganizationModelFormMixin
from thidua.organization.forms import PERSONNEL_FIELDS
from thidua.organization.models import Person, Unit
from thidua.spreadsheets.forms import RowFormMixin


class UnitRowForm(RowFormMixin, OrganizationModelFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "kind", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False

    def clean_position(self):
        return self.cleaned_data["position"] or 0


class PersonRowForm(RowFormMixin, OrganizationModelFormMixin, forms.ModelForm):
    """The personnel fields of the person form (organization/forms.py), without the unit."""

    class Meta:
        model = Person
        fields = PERSONNEL_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No code: the import finds the person by personal identification number or gives a
        # new one the next code (StaffBatch).
        self.fields["staff_code"].required = False
        self.fields["personal_id"].validators = []
        self.fields["email"].error_messages["invalid"] = "địa chỉ thư điện tử không hợp lệ."

    def clean_personal_id(self):
        value = text.clean(self.cleaned_data["personal_id"]).replace(" ", "")
        if value and not (value.isascii() and value.isdigit() and len(value) == 12):
            digits = sum(ch.isdigit() for ch in value)
            hint = (
                " (Excel đã bỏ số 0 ở đầu? hãy ghi dạng chữ)"
                if value.isdigit() and len(value) == 11 else ""
            )
            raise forms.ValidationError(
                "số định danh cá nhân gồm đúng 12 chữ số; «{}» có {} chữ số{}.".format(
                    value, digits, hint
                )
            )
        return value

    def _post_clean(self):
        """Build the instance and validate its fields as a ModelForm does, without the checks
        that cost a query per row (a file of 100,000 people took minutes): the organisation
        (set by the import, not typed) is not looked up again, and the model's constraints are
        the import's to check for the whole file at once — a stored person's code updates that
        person, a code twice in the file is a duplicate, and clean() below checks the dates."""
        exclude = self._get_validation_exclusions() | {"organization"}
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields)
        except ValidationError as error:
            self._update_errors(error)
        try:
            self.instance.full_clean(
                exclude=exclude, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            self._update_errors(error)

    def clean(self):
        cleaned = super().clean()
        hired, left = cleaned.get("hired_on"), cleaned.get("left_on")
        if hired and left and left < hired:
            self.add_error("left_on", "ngày thôi việc phải sau ngày vào làm việc.")
        return cleaned


class _SharedFields(dict):
    """The fields of a row form, shared by every row of a file instead of deep-copied for each
    (the copy was a third of a staff row's cost). A row form only reads its fields: the
    settings its __init__ makes are the same for every row."""

    def __deepcopy__(self, memo):
        return dict(self)


PersonRowForm.base_fields = _SharedFields(PersonRowForm.base_fields)


class PersonRowChecker:
    """PersonRowForm's checks for the rows that pass them, without a form per row.

    A staff row's ModelForm (bound form, cleaned data, constructed instance, the model's
    full_clean) was most of a row's cost. Here each cell goes through the same steps — the form
    field's clean (its widget's reading first), `clean_personal_id`, the NFC clean-up, the model
    field's own clean — once per distinct (column, value): a file repeats genders, categories,
    positions and dates on thousands of rows. The row-wide checks (the dates' order, the
    model's clean) then run on the instance built as construct_instance builds it. Whatever
    fails returns None: the caller validates that row with PersonRowForm itself, so every
    message a refused row shows is the form's.
    """

    MEMO_LIMIT = 100_000

    def __init__(self):
        form = PersonRowForm()  # its __init__ settles the shared fields' settings
        self.fields = {name: _quick_field(field) for name, field in form.fields.items()}
        self.model_fields = {name: Person._meta.get_field(name) for name in self.fields}
        self.memo: dict = {}
        self.model_only = {
            name: [v for v in field.validators if v not in self.fields[name].validators]
            for name, field in self.model_fields.items()
        }
        self.today = timezone.localdate()  # Person.clean's, read once per file
        #: The plain text fields: their validators, for `_clean`'s short way.
        self.plain = {
            name: field.validators
            for name, field in self.fields.items()
            if name != "personal_id" and _plain_text(field, self.model_fields[name])
            and not self.model_only[name]
        }
        # What construct_instance reads of each field: its attribute, whether an absent column
        # keeps the model's default, and whether the widget's data is absent only when its name
        # is (Widget.value_omitted_from_data, asked only then).
        self.setters = [
            (
                name, model_field.attname, self.fields[name], model_field.has_default(),
                type(self.fields[name].widget).value_omitted_from_data
                is forms.Widget.value_omitted_from_data,
            )
            for name, model_field in self.model_fields.items()
        ]  # fmt: skip

    def cell(self, name: str, value):
        """Return (True, the cleaned value) or (False, None) when the form would refuse it."""
        key = (name, type(value), value)
        try:
            return self.memo[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable cell: no memo
            return self._clean(name, value)
        if len(self.memo) >= self.MEMO_LIMIT:
            self.memo.clear()
        found = self.memo[key] = self._clean(name, value)
        return found

    def _clean(self, name: str, value):
        plain = self.plain.get(name)
        if plain is not None and type(value) is str:
            # The form field's clean of a text that is not blank once stripped is its
            # validators on the stripped text (to_python strips; validate and the model field's
            # to_python and validate only refuse blanks: see _plain_text); a text the NFC
            # clean-up would change still goes the whole way below.
            checked = value.strip()
            if checked:
                try:
                    for validator in plain:
                        validator(checked)
                except ValidationError:
                    return False, None
                if text.clean(checked) == checked:
                    return True, checked
        field, model_field = self.fields[name], self.model_fields[name]
        try:
            checked = field.clean(field.widget.value_from_datadict({name: value}, {}, name))
            value = checked
            if name == "personal_id":
                value = PersonRowForm.clean_personal_id(_Cleaned({name: value}))
            if isinstance(value, str):
                value = text.clean(value)
            if value not in model_field.empty_values:
                if type(value) is type(checked) and value == checked:
                    # model_field.clean, less the validators the form field has just run on
                    # this same value (the e-mail check was a tenth of a row's cost)
                    value = model_field.to_python(value)
                    model_field.validate(value, None)
                    for validator in self.model_only[name]:
                        validator(value)
                else:
                    value = model_field.clean(value, None)
        except ValidationError:
            return False, None
        return True, value

    def build(self, data: dict, instance: Person) -> Person | None:
        """Return `instance` with the row's values set, or None if the form is needed."""
        cleaned = []
        memo = self.memo
        hired = left = None
        for name, attname, field, keeps_default, plain_widget in self.setters:
            value = data.get(name)
            # self.cell, its memo looked up here (a call per cell was a tenth of a row; a
            # KeyError per distinct value, twice, cost as much as the look-up)
            key = (name, type(value), value)
            try:
                found = memo.get(key)
            except TypeError:  # an unhashable cell: no memo
                found = self._clean(name, value)
            else:
                if found is None:
                    if len(memo) >= self.MEMO_LIMIT:
                        memo.clear()
                    found = memo[key] = self._clean(name, value)
            ok, value = found
            if not ok:
                return None
            if name == "hired_on":
                hired = value
            elif name == "left_on":
                left = value
            if (
                keeps_default
                and (name not in data or not plain_widget)
                and value in field.empty_values
                and field.widget.value_omitted_from_data(data, {}, name)
            ):
                continue  # as construct_instance: an absent column keeps the default
            cleaned.append((attname, value))
        if hired and left and left < hired:
            return None
        for attname, value in cleaned:
            setattr(instance, attname, value)
        try:
            instance.clean(today=self.today)
        except ValidationError:
            return None
        return instance


def _plain_text(field, model_field) -> bool:
    """Whether a row's text for this field is cleaned by Django's own CharField steps alone:
    the widget hands the cell over as it is, the form field strips it and runs its validators
    (the required check refuses only a blank), and the model field, a CharField without
    choices, takes a str as it is and refuses only a blank (its validators are the form
    field's, or PersonRowChecker does not call this)."""
    return (
        isinstance(field, forms.CharField)
        and type(field).clean is forms.Field.clean
        and type(field).to_python is forms.CharField.to_python
        and type(field).validate is forms.Field.validate
        and type(field).run_validators is forms.Field.run_validators
        and type(field.widget).value_from_datadict is forms.Widget.value_from_datadict
        and field.strip
        and field.empty_value == ""
        and isinstance(model_field, models.CharField)
        and type(model_field).to_python is models.CharField.to_python
        and type(model_field).validate is models.Field.validate
        and type(model_field).clean is models.Field.clean
        and model_field.choices is None
    )


def _quick_validator(validator):
    """Return `validator`, or for Django's e-mail validator a copy that gives the same verdicts
    faster: its three patterns compiled here once (Django's are lazy objects, each use a proxy
    and an AttributeError), and the verdict on each domain kept (a file's addresses share a few
    domains). The checks themselves are Django's own code, EmailValidator.__call__."""
    if type(validator) is not validators.EmailValidator:
        return validator
    known = _QUICK.get(id(validator))
    if known is not None and known[0] is validator:
        return known[1]  # made once per validator (compiling the patterns is 10 ms)
    quick = copy.copy(validator)
    for name in ("user_regex", "domain_regex", "literal_regex"):
        pattern = getattr(validator, name)
        quick.__dict__[name] = re.compile(pattern.pattern, pattern.flags)
    quick.validate_domain_part = functools.lru_cache(maxsize=1024)(quick.validate_domain_part)
    _QUICK[id(validator)] = (validator, quick)
    return quick


_QUICK: dict[int, tuple] = {}


def _quick_field(field):
    """Return `field`, or a copy of it for the row checker with its validators quickened."""
    quick = [_quick_validator(v) for v in field.validators]
    if all(q is v for q, v in zip(quick, field.validators, strict=True)):
        return field
    field = copy.copy(field)
    field.validators = quick
    return field


def person_maker(organization):
    """Return a function that makes `Person(organization=organization)`, for each new person of
    a file.

    Model.__init__ walks every field of Person (a tenth of a row's checks); the instances are
    copies of one made by it instead: its attributes, a fresh state holding the same cached
    organisation. Not when something listens to Person's init signals (nothing does today):
    a copy would not send them."""
    if signals.pre_init.has_listeners(Person) or signals.post_init.has_listeners(Person):
        return lambda: Person(organization=organization)
    template = Person(organization=organization)
    attributes = {k: v for k, v in template.__dict__.items() if k != "_state"}
    # Its state: adding, the database the organisation's descriptor routed it to, and the
    # organisation cached (a dict of its own for each copy).
    state = {k: v for k, v in template._state.__dict__.items() if k != "fields_cache"}
    cached = dict(template._state.fields_cache)

    def make() -> Person:
        person = Person.__new__(Person)
        person.__dict__.update(attributes)
        person._state = ModelState()
        person._state.__dict__.update(state)
        person._state.fields_cache = dict(cached)
        return person

    return make


def people_of(organization) -> list[Person]:
    """Return the organisation's people, as `list(Person.objects.filter(organization=…))`.

    Model.__init__ walks every field of Person for each (10,000 people of a file cost a tenth
    of its import): each is built from its row of values instead, with the state from_db
    gives it. Not when something listens to Person's init signals (nothing does today)."""
    people = Person.objects.filter(organization=organization)
    if signals.pre_init.has_listeners(Person) or signals.post_init.has_listeners(Person):
        return list(people)
    names = [field.attname for field in Person._meta.concrete_fields]
    database = people.db
    found = []
    for values in people.values_list(*names):
        person = Person.__new__(Person)
        person.__dict__.update(zip(names, values, strict=True))
        person._state = state = ModelState()
        state.adding, state.db = False, database
        found.append(person)
    return found


class _Cleaned:
    """What a form's clean_<field> method reads: its cleaned data."""

    def __init__(self, cleaned_data):
        self.cleaned_data = cleaned_data

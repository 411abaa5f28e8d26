"""The staff import's row checker (organization.sheet_forms.PersonRowChecker) accepts exactly
the rows PersonRowForm accepts and builds the same person: a row it refuses goes to the form for
its messages, so a row it wrongly accepted would be written unchecked."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.organization.models import Person
from thidua.organization.sheet_forms import PersonRowChecker, PersonRowForm, _quick_validator

pytestmark = pytest.mark.django_db

VALID = {
    "family_and_middle": "Đặng Thị", "given": "Thu", "gender": "F", "birth_date": date(1985, 3, 1),
    "staff_code": "00201", "personal_id": "042085001234", "academic_title": "ThS",
    "position": "Giảng viên", "category": "LECTURER", "party_member": True, "union_member": False,
    "hired_on": date(2010, 9, 1), "left_on": None, "email": "thu@example.vn",
    "phone": "0912345678",
}  # fmt: skip

CHANGES = [
    {},
    {"birth_date": None, "personal_id": "", "email": "", "phone": "", "category": ""},
    {"birth_date": "01/03/1985", "hired_on": "2010-09-01"},  # dates typed as text
    {"family_and_middle": "Nguye\u0302\u0303n Va\u0306n"},  # decomposed: NFC
    {"gender": "X"},
    {"category": "Giám đốc"},
    {"birth_date": "31/02/1985"},
    {"birth_date": date.today() + timedelta(days=1)},
    {"given": "Thu Hà"},
    {"given": ""},
    {"left_on": date(2009, 1, 1)},
    {"left_on": date(2020, 1, 1)},
    {"email": "không phải thư"},
    {"phone": "0" * 21},
    {"position": "x" * 121},
    {"personal_id": "42085001234"},
    {"personal_id": "0420 8500 1234"},
    {"staff_code": ""},
    {"party_member": None, "union_member": "false"},
]


def choices_ok(data):
    """Use the model's real choice values for the valid rows."""
    gender = Person._meta.get_field("gender").choices[0][0]
    category = Person._meta.get_field("category").choices[0][0]
    return {
        **data,
        "gender": gender if data["gender"] == "F" else data["gender"],
        "category": category if data["category"] == "LECTURER" else data["category"],
    }


@pytest.mark.parametrize("change", CHANGES)
def test_the_checker_agrees_with_the_row_form(org, change):
    data = choices_ok({**VALID, **change})
    checker = PersonRowChecker()
    form = PersonRowForm(data, instance=Person(organization=org))
    built = checker.build(dict(data), Person(organization=org))
    assert (built is not None) == form.is_valid(), form.errors
    if built is not None:
        for name in PersonRowForm._meta.fields:
            assert getattr(built, name) == getattr(form.instance, name), name
    # Asked again, the memo gives the same answer.
    again = checker.build(dict(data), Person(organization=org))
    assert (again is not None) == (built is not None)


def test_an_absent_column_keeps_the_model_default(org):
    data = choices_ok(dict(VALID))
    del data["party_member"], data["category"]
    form = PersonRowForm(data, instance=Person(organization=org))
    built = PersonRowChecker().build(dict(data), Person(organization=org))
    assert form.is_valid() and built is not None
    assert (built.party_member, built.category) == (
        form.instance.party_member, form.instance.category
    )


def test_codes_that_lost_their_zeros_are_indexed_once():
    """The index the staff import builds once per file: a digit code without its leading zeros
    → the stored code; a code of zeros only, or without zeros, or not digits, is not a key."""
    from thidua.organization.sheets import padded_index

    index = padded_index(["00032", "0032", "00101", "101A", "000", "77", ""])
    assert index == {"32": "00032", "101": "00101"}
    assert "" not in index and "0" not in index


def state(person):
    return (person._state.adding, person._state.db, person._state.fields_cache)


def test_the_person_maker_makes_what_the_model_makes(org):
    from thidua.organization.sheet_forms import person_maker

    make = person_maker(org)
    made, model = make(), Person(organization=org)
    assert made is not make() and made._state is not make()._state
    attributes = {k: v for k, v in vars(made).items() if k != "_state"}
    assert attributes == {k: v for k, v in vars(model).items() if k != "_state"}
    assert state(made) == state(model) == (True, "default", {"organization": org})
    assert vars(made._state).keys() == vars(model._state).keys()
    assert made.organization is org and made.pk is None
    # Each its own: building one leaves the next untouched.
    built = PersonRowChecker().build(choices_ok(dict(VALID)), made)
    assert built is made and make().given == "" and make()._state.fields_cache == {
        "organization": org
    }
    # As the row form builds them, from either instance.
    form = PersonRowForm(choices_ok(dict(VALID)), instance=Person(organization=org))
    assert form.is_valid()
    for name in PersonRowForm._meta.fields:
        assert getattr(built, name) == getattr(form.instance, name), name


def test_the_person_maker_calls_the_model_when_someone_listens_to_its_init(org):
    from django.db.models.signals import post_init

    from thidua.organization.sheet_forms import person_maker

    seen = []

    def listener(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(listener, sender=Person)
    try:
        person = person_maker(org)()
    finally:
        post_init.disconnect(listener, sender=Person)
    assert seen == [person]


def test_the_people_read_for_a_file_are_what_the_orm_reads(org):
    from django.db.models.signals import post_init

    from thidua.organization.sheet_forms import people_of

    Person.objects.create(organization=org, family_and_middle="Lê", given="Hoa", staff_code="7")
    expected = list(Person.objects.filter(organization=org))
    found = people_of(org)
    assert len(found) == len(expected) >= 1
    for person, model in zip(found, expected, strict=True):
        assert type(person) is Person
        assert {k: v for k, v in vars(person).items() if k != "_state"} == {
            k: v for k, v in vars(model).items() if k != "_state"
        }
        assert (person._state.adding, person._state.db) == (False, model._state.db)
        assert person.organization == org and person.pk == model.pk
    # Saved as a loaded person is: an UPDATE of that row, not a second person.
    found[0].position = "Giảng viên"
    found[0].save()
    assert Person.objects.filter(organization=org).count() == len(expected)
    # Someone listening to Person's init: the model builds them.
    seen = []

    def listener(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(listener, sender=Person)
    try:
        found = people_of(org)
    finally:
        post_init.disconnect(listener, sender=Person)
    assert seen == found


# The checker's short ways (spreadsheets.forms._plain_text, _quick_validator) against Django's
# own steps, on the texts that tell them apart: blanks, spaces around, NUL, too long, not NFC,
# invisible characters, addresses Django refuses.

TRICKY_TEXTS = [
    "", " ", "\t\n", "An", "  An  ", "Nguyễn Văn", "Nguye\u0302\u0303n", "A\u200bn", "A\x00n",
    "x" * 120, "x" * 121, " " + "x" * 120 + " ", "a  b", "0912345678", "0" * 21, "\u00a0An\u00a0",
    "thu@example.vn", " thu@example.vn ", "thu@", "@example.vn", "thu@example", "th u@example.vn",
    "thu@[127.0.0.1]", "thu@[::1]", "thu@localhost", "\"thu x\"@example.vn", "thu@ví-dụ.vn",
    "thu@example..vn", "thu@-example.vn", "a" * 65 + "@example.vn", "thu@" + "a" * 64 + ".vn",
]


def the_long_way(checker, name, value):
    plain = checker.plain
    checker.plain = {}
    try:
        return checker._clean(name, value)
    finally:
        checker.plain = plain


def test_the_short_way_for_plain_text_gives_what_the_form_fields_give():
    checker = PersonRowChecker()
    assert {"family_and_middle", "given", "staff_code", "email", "phone"} <= set(checker.plain)
    assert "personal_id" not in checker.plain and "gender" not in checker.plain
    for name in checker.plain:
        for value in TRICKY_TEXTS:
            assert checker._clean(name, value) == the_long_way(checker, name, value), (name, value)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(PersonRowChecker().plain)), st.text(max_size=130))
def test_the_short_way_agrees_on_any_text(name, value):
    checker = PersonRowChecker()
    assert checker._clean(name, value) == the_long_way(checker, name, value)


def verdict(validator, value) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


def test_the_quick_email_check_gives_djangos_verdicts():
    quick = _quick_validator(validate_email)
    assert quick is not validate_email and quick == validate_email
    for value in TRICKY_TEXTS * 2:  # twice: the second time from the kept verdicts
        assert verdict(quick, value) == verdict(validate_email, value), value
    assert _quick_validator(MaxLengthValidator(5)) == MaxLengthValidator(5)

"""People views, each with an allowed, a constrained and a denied persona."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.conftest import make_person
from thidua.awards.models import Award
from thidua.organization.models import Assignment, Person

pytestmark = pytest.mark.django_db


def names(response):
    return [p.full_name for p in response.context["table"].data]


def person_payload(person, unit, **changes):
    data = {
        "family_and_middle": person.family_and_middle,
        "given": person.given,
        "gender": person.gender,
        "category": person.category,
        "unit": unit.pk,
        "union_member": "on",
        "hired_on": "01/09/2015",
    }
    data.update(changes)
    return data


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("organization:person_list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("role", ["admin", "secretary", "council_member", "principal", "leader"])
def test_organisation_wide_roles_see_everyone_of_their_organisation(client, personas, people, role):
    client.force_login(personas[role])
    response = client.get(reverse("organization:person_list"))
    assert response.status_code == 200
    assert sorted(names(response)) == sorted(p.full_name for p in people.values())
    assert "Vũ Văn Khách" not in names(response)


def test_unit_head_sees_only_their_unit(client, personas, people):
    client.force_login(personas["unit_head"])
    response = client.get(reverse("organization:person_list"))
    assert sorted(names(response)) == sorted(
        p.full_name for key, p in people.items() if key in {"staff", "head", "dat"}
    )


def test_staff_sees_only_themself(client, personas, people):
    client.force_login(personas["staff"])
    response = client.get(reverse("organization:person_list"))
    assert names(response) == [people["staff"].full_name]


def test_outsider_sees_only_their_own_organisation(client, personas):
    client.force_login(personas["outsider"])
    response = client.get(reverse("organization:person_list"))
    assert names(response) == ["Vũ Văn Khách"]


def test_list_is_sorted_by_given_name_in_vietnamese_order(client, personas):
    client.force_login(personas["secretary"])
    response = client.get(reverse("organization:person_list"))
    # Đạt < Hoa < Lan < Quang < Sơn: đ after d, given name first.
    assert [n.split()[-1] for n in names(response)] == ["Đạt", "Hoa", "Lan", "Quang", "Sơn"]


@pytest.mark.parametrize("query", ["nguyen van dat", "dat", "ĐẠT", "Nguyễn Đạt", "van  DAT"])
def test_search_ignores_diacritics_and_case(client, personas, query):
    client.force_login(personas["secretary"])
    response = client.get(reverse("organization:person_list"), {"q": query})
    assert names(response) == ["Nguyễn Văn Đạt"]


def test_filters_by_unit_and_category(client, personas, units):
    client.force_login(personas["secretary"])
    response = client.get(reverse("organization:person_list"), {"unit": units["b"].pk})
    assert names(response) == ["Phạm Thị Lan"]
    response = client.get(reverse("organization:person_list"), {"category": "manager"})
    assert names(response) == ["Hoàng Minh Quang"]


def test_htmx_request_gets_only_the_table(client, personas):
    client.force_login(personas["secretary"])
    response = client.get(reverse("organization:person_list"), {"q": "lan"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="person-table"' in body
    assert "<html" not in body
    assert "Phạm Thị Lan" in body and "Trần Thị Hoa" not in body


def test_list_query_count_does_not_grow_with_people(client, personas, org, units):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas["unit_head"])
    url = reverse("organization:person_list")
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(40):
        make_person(org, units["a"], "Nguyễn Văn", "Tên{}".format(index))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["table"].page.object_list) == 25
    assert len(many) == len(few) <= 12


# Detail ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, target, status",
    [
        ("secretary", "other", 200),
        ("principal", "other", 200),
        ("unit_head", "staff", 200),
        ("unit_head", "other", 404),
        ("staff", "staff", 200),
        ("staff", "dat", 404),
        ("outsider", "staff", 404),
    ],
)
def test_person_page_by_role(client, personas, people, role, target, status):
    client.force_login(personas[role])
    response = client.get(reverse("organization:person", args=[people[target].pk]))
    assert response.status_code == status


def test_person_page_shows_history(client, personas, people, org):
    Award.objects.create(
        organization=org,
        person=people["staff"],
        year=2021,
        code="LDTT",
        source="own",
        decision_number="121/QĐ-TCTTN",
        decided_on=date(2021, 12, 28),
        issued_by="Hiệu trưởng",
    )
    client.force_login(personas["staff"])
    body = client.get(reverse("organization:person", args=[people["staff"].pk])).content.decode()
    assert "Lao động tiên tiến" in body and "121/QĐ-TCTTN" in body and "28/12/2021" in body


# Edit ------------------------------------------------------------------------------------


def test_secretary_edits_a_person_and_the_change_is_audited(client, personas, people, units):
    person = people["other"]
    client.force_login(personas["secretary"])
    response = client.post(
        reverse("organization:person_edit", args=[person.pk]),
        person_payload(person, units["b"], position="Phó Trưởng khoa", birth_date="05/04/1980"),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.position == "Phó Trưởng khoa"
    assert person.birth_date == date(1980, 4, 5)
    entry = LogEntry.objects.get_for_object(person).first()
    assert entry.actor == personas["secretary"]


def test_unit_head_edits_contact_details_not_the_personnel_record(client, personas, people, units):
    client.force_login(personas["unit_head"])
    person = people["staff"]
    response = client.post(
        reverse("organization:person_edit", args=[person.pk]),
        person_payload(
            person, units["a"], phone="0912 345 678", position="Hiệu trưởng",
            hired_on="01/01/1990", category="manager",
        ),
    )  # fmt: skip
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "0912 345 678"
    # Dates, position and category feed the rules: only the secretary changes them.
    assert (person.position, person.hired_on, person.category) == ("", date(2015, 9, 1), "lecturer")


def test_unit_head_cannot_edit_their_own_record(client, personas, people, units):
    client.force_login(personas["unit_head"])
    head = people["head"]
    response = client.post(
        reverse("organization:person_edit", args=[head.pk]),
        person_payload(head, units["a"], phone="0900 000 000"),
    )
    assert response.status_code == 403
    head.refresh_from_db()
    assert head.phone == ""


def test_transfer_date_in_the_future_is_refused(client, personas, people, units):
    client.force_login(personas["secretary"])
    person = people["other"]
    response = client.post(
        reverse("organization:person_edit", args=[person.pk]),
        person_payload(person, units["a"], unit_since="01/01/2099"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit_since"] == [
        "Ngày về đơn vị không được ở tương lai."
    ]
    assert person.assignments.get().unit == units["b"]


def test_new_person_is_assigned_from_their_hiring_date(client, personas, units):
    client.force_login(personas["secretary"])
    client.post(
        reverse("organization:person_add"),
        {"family_and_middle": "Võ Thị", "given": "Mai", "gender": "F", "category": "staff",
         "unit": units["b"].pk, "hired_on": "01/09/2015", "union_member": "on"},
    )  # fmt: skip
    person = Person.objects.get(given="Mai")
    assert person.assignments.get().started_on == date(2015, 9, 1)


def test_outsider_cannot_post_an_edit(client, personas, people, units):
    client.force_login(personas["outsider"])
    person = people["staff"]
    response = client.post(
        reverse("organization:person_edit", args=[person.pk]),
        person_payload(person, units["a"], phone="1"),
    )
    assert response.status_code == 404
    person.refresh_from_db()
    assert person.phone == ""


def test_unit_choices_exclude_another_organisation_and_union_groups(client, personas, org):
    from thidua.organization.models import Unit

    Unit.objects.create(organization=org, name="Tổ công đoàn A", kind="union_group")
    client.force_login(personas["secretary"])
    form = client.get(reverse("organization:person_add")).context["form"]
    names = {u.name for u in form.fields["unit"].queryset}
    assert "Tổ công đoàn A" not in names and "Khoa Khác" not in names
    assert "Khoa Dân vận" in names


def test_unit_head_cannot_post_to_another_units_person(client, personas, people, units):
    client.force_login(personas["unit_head"])
    person = people["other"]
    response = client.post(
        reverse("organization:person_edit", args=[person.pk]),
        person_payload(person, units["a"], position="Bị sửa trái phép"),
    )
    assert response.status_code == 404
    person.refresh_from_db()
    assert person.position == ""
    assert person.assignments.current().get().unit == units["b"]


def test_unit_head_cannot_move_someone_outside_their_units(client, personas, people, units):
    client.force_login(personas["unit_head"])
    person = people["staff"]
    response = client.post(
        reverse("organization:person_edit", args=[person.pk]),
        person_payload(person, units["b"]),
    )
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert person.assignments.current().get().unit == units["a"]


@pytest.mark.parametrize("role", ["staff", "council_member", "leader", "principal"])
def test_roles_that_only_read_get_403_on_edit(client, personas, people, units, role):
    client.force_login(personas[role])
    person = people["staff"]
    response = client.post(
        reverse("organization:person_edit", args=[person.pk]),
        person_payload(person, units["a"], position="Không được sửa"),
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.position == ""


def test_wrong_date_gets_a_vietnamese_message_next_to_the_field(client, personas, people, units):
    client.force_login(personas["secretary"])
    person = people["other"]
    response = client.post(
        reverse("organization:person_edit", args=[person.pk]),
        person_payload(person, units["b"], birth_date="31/02/2022", position="Không lưu"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["birth_date"] == [
        "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy."
    ]
    assert 'data-field="birth_date"' in response.content.decode()
    person.refresh_from_db()
    assert person.position == ""


def test_left_before_hired_is_refused(client, personas, people, units):
    client.force_login(personas["secretary"])
    person = people["other"]
    response = client.post(
        reverse("organization:person_edit", args=[person.pk]),
        person_payload(person, units["b"], left_on="01/01/2010"),
    )
    assert response.status_code == 200
    assert (
        "Ngày thôi việc phải sau ngày vào làm việc." in response.context["form"].errors["left_on"]
    )


def test_transfer_keeps_the_assignment_history(client, personas, people, units):
    client.force_login(personas["secretary"])
    person = people["other"]
    client.post(
        reverse("organization:person_edit", args=[person.pk]),
        person_payload(person, units["a"], unit_since="01/06/2022"),
    )
    history = list(Assignment.objects.filter(person=person).order_by("started_on"))
    assert [(a.unit, a.ended_on) for a in history] == [
        (units["b"], date(2022, 6, 1)),
        (units["a"], None),
    ]


def test_create_person_normalises_text(client, personas, units):
    import unicodedata

    client.force_login(personas["secretary"])
    response = client.post(
        reverse("organization:person_add"),
        {
            "family_and_middle": unicodedata.normalize("NFD", "  Đỗ   Thị "),
            "given": "Ưng",
            "gender": "F",
            "category": "staff",
            "unit": units["office"].pk,
            "staff_code": "00123",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(given="Ưng")
    assert person.family_and_middle == "Đỗ Thị"
    assert person.staff_code == "00123"
    assert person.search_text == "do thi ung"


def test_unit_head_cannot_create_people(client, personas):
    client.force_login(personas["unit_head"])
    assert client.get(reverse("organization:person_add")).status_code == 403


# Delete ----------------------------------------------------------------------------------


def test_secretary_deletes_a_mistaken_record(client, personas, people):
    client.force_login(personas["secretary"])
    pk = people["dat"].pk
    response = client.post(reverse("organization:person_delete", args=[pk]))
    assert response.status_code == 302
    assert not Person.objects.filter(pk=pk).exists()


def test_person_with_an_award_is_not_deleted(client, personas, people, org):
    Award.objects.create(
        organization=org,
        person=people["dat"],
        year=2021,
        code="LDTT",
        source="own",
        decision_number="1/QĐ",
        decided_on=date(2021, 12, 28),
        issued_by="Hiệu trưởng",
    )
    client.force_login(personas["secretary"])
    response = client.post(
        reverse("organization:person_delete", args=[people["dat"].pk]), follow=True
    )
    assert Person.objects.filter(pk=people["dat"].pk).exists()
    assert "hãy ghi ngày thôi việc thay vì xoá" in response.content.decode()


def test_person_with_an_account_is_not_deleted(client, personas, people):
    client.force_login(personas["secretary"])
    client.post(reverse("organization:person_delete", args=[people["staff"].pk]))
    assert Person.objects.filter(pk=people["staff"].pk).exists()


@pytest.mark.parametrize("role, status", [("unit_head", 403), ("staff", 404), ("outsider", 404)])
def test_others_cannot_delete(client, personas, people, role, status):
    client.force_login(personas[role])
    response = client.post(reverse("organization:person_delete", args=[people["dat"].pk]))
    assert response.status_code == status
    assert Person.objects.filter(pk=people["dat"].pk).exists()


def test_golden_list_sorts_in_the_database(org, units):
    """The 24 names ICU orders for Vietnamese come back in that order from the database."""
    import random

    from tests.unit.test_text import GOLDEN
    from thidua.core.text import split_full_name

    shuffled = GOLDEN[:]
    random.Random(3).shuffle(shuffled)
    for name in shuffled:
        family_and_middle, given = split_full_name(name)
        make_person(org, units["a"], family_and_middle, given)
    ordered = [p.full_name for p in Person.objects.filter(organization=org).order_by("sort_key")]
    assert ordered == GOLDEN


def test_name_typed_with_a_zero_width_space_is_found_by_search(client, personas, units):
    # Pasted from a web page: "Mai" carries a zero-width space and the family name a bidi mark.
    client.force_login(personas["secretary"])
    response = client.post(
        reverse("organization:person_add"),
        {"family_and_middle": "Võ\u200b Thị\u200e", "given": "M\u200bai\ufeff", "gender": "F",
         "category": "staff", "unit": units["b"].pk, "hired_on": "01/09/2015",
         "union_member": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    person = Person.objects.get(given="Mai")
    assert person.family_and_middle == "Võ Thị"
    for query in ("mai", "Võ Thị Mai", "vo thi\u200b mai"):
        found = client.get(reverse("organization:person_list"), {"q": query})
        assert "Võ Thị Mai" in names(found), query

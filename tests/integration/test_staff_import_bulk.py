"""The staff import's bulk writes (organization.actions.do_save_people_many) leave the database as
saving each person with do_save_person would: the same stored values, keys and assignments, for
people created and for people updated and moved (an UPDATE per row on SQLite; COPY into a
temporary table and one UPDATE … FROM on PostgreSQL). Run on both databases."""

from datetime import date

import pytest
from django.db import connection

from tests.conftest import make_user
from tests.integration.test_spreadsheets import headers, xlsx
from thidua.accounts.models import Role
from thidua.core import text
from thidua.organization.actions import do_save_person
from thidua.organization.models import Assignment, Organization, Person
from thidua.spreadsheets.engine import read_cell, run_import
from thidua.spreadsheets.kinds import KINDS

pytestmark = pytest.mark.django_db

FIELDS = [f.attname for f in Person._meta.concrete_fields if f.name not in ("id", "organization")]


def staff_rows(unit_of_thu, position, email_of_an, birth_of_binh):
    return [
        headers("staff"),
        ["00501", "Đặng Thị Thu", "Nữ", date(1980, 2, 3), "ThS", position, "Giảng viên", "Có",
         "Có", date(2010, 9, 1), "", "thu@example.vn", "0912345678", unit_of_thu],
        ["00502", "Bùi  Văn An", "Nam", "", "", "", "Giảng viên", "", "",
         date(2012, 1, 1), "", email_of_an, "", "Khoa Dân vận"],
        ["00503", "Nguye\u0302\u0303n Bình", "Nam", birth_of_binh, "", "", "", "Không", "Không",
         "", "", "", "", "Khoa Dân vận"],
    ]  # fmt: skip


def stored(organization):
    people = {
        p["staff_code"]: p
        for p in Person.objects.filter(
            organization=organization, staff_code__startswith="005"
        ).values(*FIELDS)
    }
    assignments = sorted(
        (a.person.staff_code, a.unit.name, a.started_on, a.ended_on)
        for a in Assignment.objects.filter(
            person__organization=organization, person__staff_code__startswith="005"
        ).select_related("person", "unit")
    )
    return people, assignments


def assert_same(bulk, one_by_one):
    """Compare field by field, so a failure names the person and the field."""
    (people, assignments), (expected, expected_assignments) = bulk, one_by_one
    assert people.keys() == expected.keys()
    for code, values in people.items():
        for name, value in values.items():
            assert (code, name, value) == (code, name, expected[code][name]), connection.vendor
    assert assignments == expected_assignments


def one_by_one(rows, organization, user):
    """Save each row's person as the person form does, one do_save_person each."""
    batch = KINDS["staff"].start(organization=organization, user=user)
    for line, row in enumerate(rows[1:], start=2):
        values = dict(zip([c.name for c in KINDS["staff"].columns], row, strict=False))
        values = {c.name: read_cell(c, values.get(c.name)) for c in KINDS["staff"].columns}
        assert batch.add(line, values) == []
    for _, person, unit in batch.rows:
        do_save_person(person, acting_user=user, unit=unit)


# 1: more stored people than a batch, so their assignments are read for the whole
# organisation in one query, not by their ids.
@pytest.mark.parametrize("batch", [1000, 1])
def test_bulk_create_and_update_store_what_saving_one_by_one_stores(
    units, personas, org, batch, monkeypatch
):
    monkeypatch.setattr("thidua.organization.actions.BULK_BATCH", batch)
    secretary = personas["secretary"]
    twin = Organization.objects.create(name="Cơ quan đối chiếu", abbreviation="DOICHIEU")
    twin_secretary = make_user("thuky-doichieu", twin, Role.SECRETARY)
    for unit in units.values():
        unit.pk = None
        unit.organization = twin
        unit.save()
    first = staff_rows("Khoa Dân vận", "Giảng viên", "an@example.vn", "")
    # Thu is promoted and moves, An's e-mail is blanked, Bình gets a birth date.
    second = staff_rows("Khoa Xây dựng Đảng", "Trưởng khoa", "", date(1990, 5, 6))

    run_import(KINDS["staff"], xlsx(first), organization=org, user=secretary)
    one_by_one(first, twin, twin_secretary)
    assert_same(stored(org), stored(twin))
    result = run_import(KINDS["staff"], xlsx(second), organization=org, user=secretary)
    assert (result.created, result.updated) == (0, 3)
    one_by_one(second, twin, twin_secretary)

    people, assignments = stored(org)
    assert_same((people, assignments), stored(twin))
    thu, an, binh = people["00501"], people["00502"], people["00503"]
    assert (thu["position"], an["email"], binh["birth_date"]) == (
        "Trưởng khoa",
        "",
        date(1990, 5, 6),
    )
    assert (an["family_and_middle"], binh["family_and_middle"]) == ("Bùi Văn", "Nguyễn")
    assert binh["search_text"] == "nguyen binh"
    assert binh["sort_key"] == text.sort_key("Bình", "Nguyễn")
    today = date.today()
    assert [a for a in assignments if a[0] == "00501"] == [
        ("00501", "Khoa Dân vận", date(2010, 9, 1), today),
        ("00501", "Khoa Xây dựng Đảng", today, None),
    ]


def test_the_audit_entries_json_is_what_the_changes_field_writes(personas):
    """_EntryMaker encodes each entry's changes with one encoder made once: the same text as
    json.dumps with the LogEntry field's encoder (what the field writes on SQLite)."""
    import json

    from auditlog.models import LogEntry

    from thidua.organization.actions import _EntryMaker

    fields = [f for f in Person._meta.concrete_fields if not f.primary_key]
    maker = _EntryMaker(Person, fields, personas["secretary"])
    encoder = LogEntry._meta.get_field("changes").encoder
    for changes in [
        {"given": ["None", "An"]},
        {"family_and_middle": ["Nguyễn Văn", "Nguyễn  \"Văn\"\\"], "unit": ["None", "Khoa\n1"]},
        {"position": ["", "\u200b\x00\U0001f600 ư"], "email": ["a@b.vn", ""]},
    ]:
        assert maker.changes_json(changes) == json.dumps(changes, cls=encoder)

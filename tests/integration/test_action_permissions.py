"""Every action of organisation, plans and registrations, persona by persona (issue 12, item 3).

`ACTIONS` names, for each action, how to prepare the records it needs, how to call it, and the
personas allowed to. An allowed persona's call goes through and leaves an audit entry with them
as actor; every other persona gets ActionRefused and nothing is written. The actions ask the
permissions themselves, so these calls go around the views on purpose.

Then the unit rule: creating or changing a unit or a person is allowed to the same personas on
screen and by spreadsheet.
"""

import io
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from openpyxl import load_workbook

from thidua.core.actions import ActionRefused, NotAllowed
from thidua.organization.actions import (
    FirstAdministrator,
    do_create_organization,
    do_delete_person,
    do_delete_unit,
    do_end_assignment,
    do_restore_rule_parameter,
    do_save_organization,
    do_save_people_many,
    do_save_person,
    do_save_unit,
    do_save_units_many,
    do_set_rule_parameter,
)
from thidua.organization.models import Assignment, Organization, Person, Unit
from thidua.plans.actions import do_copy_plan, do_save_plan, do_save_plan_part
from thidua.plans.models import Phase, Plan, Target
from thidua.registrations.actions import (
    do_accept_unit_registration,
    do_return_unit_registration,
    do_save_own_registration,
    do_save_unit_registration,
    do_submit_unit_registration,
)
from thidua.registrations.models import TRANSITIONS, Registration, RegistrationState
from thidua.spreadsheets.engine import ImportRefused, run_import
from thidua.spreadsheets.kinds import KINDS, template_bytes

pytestmark = pytest.mark.django_db

PERSONAS = ("admin", "secretary", "principal", "leader", "council_member", "unit_head", "staff",
            "outsider")  # fmt: skip
# The administrator is the installation's superuser: Django grants an active superuser every
# permission, so "admin" is allowed everywhere; the office is the secretary with them.
OFFICE = {"admin", "secretary"}
YEAR = 2023
TABLES = (Organization, Unit, Person, Assignment, Plan, Phase, Target, Registration, LogEntry)


def snapshot():
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in TABLES}


def fresh(record):
    """Re-read the record, as a view would (the action must not trust an edited copy)."""
    return type(record).objects.get(pk=record.pk)


def new_person(org, code="00901"):
    return Person(organization=org, family_and_middle="Đỗ Văn", given="Mới", gender="M",
                  category="lecturer", staff_code=code, hired_on=date(2020, 9, 1))  # fmt: skip


def make_plan(org):
    return Plan.objects.create(
        organization=org, year=YEAR, number="1", symbol="KH/TCTTN", place="Hà Tĩnh",
        issued_on=date(YEAR, 3, 1), title="Kế hoạch {}".format(YEAR), purposes="x", theme="y",
        registration_deadline=date(YEAR, 3, 31),
    )  # fmt: skip


def registered(w, *, submit=False):
    head = w["personas"]["unit_head"]
    do_save_unit_registration(w["units"]["a"], YEAR, unit_titles=["TTLDTT"],
                              member_titles={w["people"]["staff"].pk: ["LDTT"]},
                              acting_user=head)  # fmt: skip
    if submit:
        do_submit_unit_registration(w["units"]["a"], YEAR, acting_user=head)


def renamed(unit, **changes):
    unit = fresh(unit)
    for name, value in changes.items():
        setattr(unit, name, value)
    return unit


def empty_unit(w):
    return Unit.objects.create(organization=w["org"], name="Tổ tạm", kind="other")


def person_without_records(w):
    return Person.objects.create(organization=w["org"], family_and_middle="Hồ Thị",
                                 given="Tạm", gender="F", category="staff")  # fmt: skip


def with_phone(w):
    person = fresh(w["people"]["staff"])
    person.phone = "0912000111"
    return person


def with_position(w):
    person = fresh(w["people"]["staff"])
    person.position = "Phó Trưởng khoa"
    return person


def parameter_set(w):
    do_set_rule_parameter(w["org"], "2017", "new_hire_months", 11,
                          acting_user=w["personas"]["secretary"])  # fmt: skip


def nothing(w):
    return None


def renamed_plan(w):
    plan = fresh(w["plan"])
    plan.title = "Kế hoạch đã sửa"
    return plan


def new_phase(w):
    return Phase(plan=w["plan"], name="Đợt 1", starts_on=date(YEAR, 1, 1),
                 ends_on=date(YEAR, 6, 30), review_on=date(YEAR, 7, 15))  # fmt: skip


def new_plan(w):
    plan = Plan(organization=w["org"], year=YEAR + 1, number="2", symbol="KH/TCTTN",
                place="Hà Tĩnh", issued_on=date(YEAR, 12, 1), title="Kế hoạch mới",
                purposes="x", theme="y")  # fmt: skip
    return plan


def new_organization(w):
    return Organization(name="Trường Chính trị Mới", abbreviation="TCTM", place_name="Hà Tĩnh")


def reparented(w):
    organization = fresh(w["personas"]["outsider"].organization)
    organization.parent = w["org"]
    return organization


# name: (prepare(world) -> what the call needs, call(world, prepared, user), allowed personas)
ACTIONS = {
    # The organisations of the installation are its administrator's (a superuser) alone.
    "do_create_organization": (
        new_organization,
        lambda w, organization, user: do_create_organization(
            organization, acting_user=user,
            administrator=FirstAdministrator("quantri.moi", "Lê Văn Mới", "moi@example.vn")),
        {"admin"},
    ),
    "do_save_organization": (
        reparented,
        lambda w, organization, user: do_save_organization(organization, acting_user=user),
        {"admin"},
    ),
    "do_save_unit (create)": (
        nothing,
        lambda w, _, user: do_save_unit(Unit(organization=w["org"], name="Tổ mới", kind="other"),
                                        acting_user=user),
        OFFICE,
    ),
    "do_save_unit (rename)": (
        nothing,
        lambda w, _, user: do_save_unit(renamed(w["units"]["a"], name="Khoa Xây dựng Đảng mới"),
                                        acting_user=user),
        OFFICE,
    ),
    "do_save_unit (move)": (
        nothing,
        lambda w, _, user: do_save_unit(renamed(w["units"]["b"], parent=w["units"]["office"]),
                                        acting_user=user),
        OFFICE,
    ),
    "do_delete_unit": (
        empty_unit, lambda w, unit, user: do_delete_unit(unit, acting_user=user), OFFICE,
    ),
    "do_save_units_many": (
        nothing,
        lambda w, _, user: do_save_units_many(
            [(2, Unit(organization=w["org"], name="Tổ A", kind="other")),
             (3, renamed(w["units"]["b"], position=9))], acting_user=user),
        OFFICE,
    ),
    "do_save_person (create)": (
        nothing,
        lambda w, _, user: do_save_person(new_person(w["org"]), unit=w["units"]["a"],
                                          acting_user=user),
        OFFICE,
    ),
    # A unit head keeps their people's contact details …
    "do_save_person (contact)": (
        with_phone, lambda w, person, user: do_save_person(person, acting_user=user),
        OFFICE | {"unit_head"},
    ),
    # … and moves them between their units, not out of them; the record is the secretary's.
    "do_save_person (record)": (
        with_position, lambda w, person, user: do_save_person(person, acting_user=user), OFFICE,
    ),
    "do_save_person (transfer)": (
        nothing,
        lambda w, _, user: do_save_person(fresh(w["people"]["staff"]), unit=w["units"]["b"],
                                          unit_since=date(2022, 9, 1), acting_user=user),
        OFFICE,
    ),
    # A unit head ends the assignment of their units' people, as they move them.
    "do_end_assignment": (
        nothing,
        lambda w, _, user: do_end_assignment(fresh(w["people"]["staff"]),
                                             ended_on=date(2022, 9, 1), acting_user=user),
        OFFICE | {"unit_head"},
    ),
    "do_delete_person": (
        person_without_records, lambda w, person, user: do_delete_person(person, acting_user=user),
        OFFICE,
    ),
    "do_save_people_many": (
        nothing,
        lambda w, _, user: do_save_people_many(
            [(2, new_person(w["org"]), w["units"]["a"]),
             (3, new_person(w["org"], "00902"), w["units"]["b"])], acting_user=user),
        OFFICE,
    ),
    "do_set_rule_parameter": (
        nothing,
        lambda w, _, user: do_set_rule_parameter(w["org"], "2017", "new_hire_months", 11,
                                                 acting_user=user),
        OFFICE,
    ),
    "do_restore_rule_parameter": (
        parameter_set,
        lambda w, _, user: do_restore_rule_parameter(w["org"], "2017", "new_hire_months",
                                                     acting_user=user),
        OFFICE,
    ),
    "do_save_plan (create)": (
        new_plan, lambda w, plan, user: do_save_plan(plan, acting_user=user), OFFICE,
    ),
    "do_save_plan (change)": (
        renamed_plan, lambda w, plan, user: do_save_plan(plan, acting_user=user), OFFICE,
    ),
    "do_save_plan_part": (
        new_phase, lambda w, phase, user: do_save_plan_part(phase, acting_user=user), OFFICE,
    ),
    "do_copy_plan": (
        nothing, lambda w, _, user: do_copy_plan(fresh(w["plan"]), acting_user=user), OFFICE,
    ),
    "do_save_unit_registration": (
        nothing,
        lambda w, _, user: do_save_unit_registration(
            w["units"]["a"], YEAR, unit_titles=["TTLDTT"],
            member_titles={w["people"]["staff"].pk: ["LDTT"]}, acting_user=user),
        {"admin", "unit_head"},
    ),
    "do_submit_unit_registration": (
        registered,
        lambda w, _, user: do_submit_unit_registration(w["units"]["a"], YEAR, acting_user=user),
        {"admin", "unit_head"},
    ),
    "do_return_unit_registration": (
        lambda w: registered(w, submit=True),
        lambda w, _, user: do_return_unit_registration(w["units"]["a"], YEAR,
                                                       reason="Thiếu 1 người", acting_user=user),
        OFFICE,
    ),
    "do_accept_unit_registration": (
        lambda w: registered(w, submit=True),
        lambda w, _, user: do_accept_unit_registration(w["units"]["a"], YEAR, acting_user=user),
        OFFICE,
    ),
    # Each staff member registers only themself (the person is the staff persona's).
    "do_save_own_registration": (
        nothing,
        lambda w, _, user: do_save_own_registration(w["people"]["staff"], YEAR, titles=["LDTT"],
                                                    acting_user=user),
        {"admin", "staff"},
    ),
}  # fmt: skip


@pytest.fixture
def world(org, units, people, personas):
    return {"org": org, "units": units, "people": people, "personas": personas,
            "plan": make_plan(org)}  # fmt: skip


def test_every_action_of_these_apps_is_in_the_table():
    from thidua.organization import actions as organization
    from thidua.plans import actions as plans
    from thidua.registrations import actions as registrations

    names = {name for module in (organization, plans, registrations) for name in dir(module)
             if name.startswith("do_")}  # fmt: skip
    assert names == {label.split(" ")[0] for label in ACTIONS}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", ACTIONS)
def test_each_action_asks_its_permission(world, action, persona):
    prepare, call, allowed = ACTIONS[action]
    prepared = prepare(world)
    user = world["personas"][persona]
    audited = LogEntry.objects.filter(actor=user).count()
    if persona in allowed:
        call(world, prepared, user)
        assert LogEntry.objects.filter(actor=user).count() > audited
        return
    before = snapshot()
    with pytest.raises(ActionRefused) as refused:
        call(world, prepared, user)
    assert isinstance(refused.value, NotAllowed), refused.value  # who, not what, is refused
    assert snapshot() == before


def test_a_unit_head_cannot_change_their_own_record(world):
    head = world["personas"]["unit_head"]
    person = fresh(world["people"]["head"])
    person.phone = "0912000222"
    with pytest.raises(ActionRefused, match="Chỉ"):
        do_save_person(person, acting_user=head)
    assert fresh(world["people"]["head"]).phone == ""


def test_a_unit_head_is_told_which_field_is_not_theirs(world):
    with pytest.raises(ActionRefused, match="«chức vụ»: trưởng đơn vị chỉ sửa"):
        do_save_person(with_position(world), acting_user=world["personas"]["unit_head"])


def test_the_registration_workflow_is_one_table(world):
    """Every move the actions make is in TRANSITIONS, and nothing else moves the state."""
    states = set(RegistrationState)
    assert {state for move in TRANSITIONS for state in move} == states
    assert (RegistrationState.ACCEPTED, RegistrationState.SUBMITTED) not in TRANSITIONS
    registered(world, submit=True)
    do_accept_unit_registration(world["units"]["a"], YEAR,
                                acting_user=world["personas"]["secretary"])  # fmt: skip
    with pytest.raises(ActionRefused, match="«Đã chấp nhận» sang «Trả lại»"):
        do_return_unit_registration(world["units"]["a"], YEAR, reason="Muộn",
                                    acting_user=world["personas"]["secretary"])  # fmt: skip
    rows = Registration.objects.filter(year=YEAR)
    assert set(rows.values_list("state", flat=True)) == {RegistrationState.ACCEPTED}
    entries = LogEntry.objects.get_for_objects(rows).filter(
        actor=world["personas"]["secretary"]
    )
    assert entries.count() == rows.count()


# The unit rule: on screen and by spreadsheet, the same personas -------------------------------


def sheet(kind, rows) -> bytes:
    book = load_workbook(io.BytesIO(template_bytes(KINDS[kind])))
    for row in rows:
        book.worksheets[0].append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def imports(kind, rows, org, user) -> bool:
    try:
        run_import(KINDS[kind], sheet(kind, rows), organization=org, user=user)
    except ImportRefused:
        return False
    return True


@pytest.mark.parametrize("persona", PERSONAS)
def test_units_are_kept_by_the_same_personas_on_screen_and_by_spreadsheet(
    client, org, units, personas, persona
):
    user = personas[persona]
    client.force_login(user)
    client.post(reverse("organization:unit_add"),
                {"name": "Tổ màn hình", "kind": "other", "position": 1})  # fmt: skip
    client.post(reverse("organization:unit_edit", args=[units["a"].pk]),
                {"name": units["a"].name, "kind": "faculty", "position": 7})  # fmt: skip
    on_screen = (Unit.objects.filter(organization=org, name="Tổ màn hình").exists(),
                 fresh(units["a"]).position == 7)  # fmt: skip
    by_sheet = (imports("units", [("Tổ bảng tính", "Khác", None, 1)], org, user),
                imports("units", [("Khoa Dân vận", "Khoa", None, 7)], org, user))  # fmt: skip
    assert by_sheet == (
        Unit.objects.filter(organization=org, name="Tổ bảng tính").exists(),
        fresh(units["b"]).position == 7,
    )
    assert on_screen == by_sheet == ((persona in OFFICE,) * 2)


@pytest.mark.parametrize("persona", PERSONAS)
def test_people_are_added_by_the_same_personas_on_screen_and_by_spreadsheet(
    client, org, units, personas, persona
):
    user = personas[persona]
    client.force_login(user)
    client.post(reverse("organization:person_add"), {
        "family_and_middle": "Đỗ Văn", "given": "Màn", "gender": "M", "category": "lecturer",
        "staff_code": "00801", "unit": units["a"].pk, "hired_on": "2020-09-01",
        "union_member": "on",
    })  # fmt: skip
    on_screen = Person.objects.filter(organization=org, staff_code="00801").exists()
    by_sheet = imports("staff", [("00802", "Đỗ Văn Bảng", "Nam", None, None, None, "Giảng viên",
                                  "Không", "Có", date(2020, 9, 1), None, None, None,
                                  "Khoa Xây dựng Đảng")], org, user)  # fmt: skip
    assert by_sheet == Person.objects.filter(organization=org, staff_code="00802").exists()
    assert on_screen == by_sheet == (persona in OFFICE)

"""Registration: each state change and permission, by persona; the board's completeness."""

from datetime import date

import pytest
from django.urls import reverse

from thidua.core.actions import ActionRefused
from thidua.plans.models import Plan
from thidua.registrations.actions import (
    do_accept_unit_registration,
    do_return_unit_registration,
    do_save_unit_registration,
    do_submit_unit_registration,
)
from thidua.registrations.models import Registration

pytestmark = pytest.mark.django_db
YEAR = 2023


@pytest.fixture
def plan(org):
    return Plan.objects.create(
        organization=org, year=YEAR, number="1", symbol="KH/TCTTN", place="Hà Tĩnh",
        issued_on=date(2023, 3, 1), title="Kế hoạch 2023", purposes="x", theme="y",
        registration_deadline=date(2023, 3, 31),
    )  # fmt: skip


def url(unit):
    return "{}?year={}".format(reverse("registrations:unit", args=[unit.pk]), YEAR)


def payload(people, action="save", unit_titles=("TTLDTT",), **titles):
    data = {"action": action, "unit_titles": list(unit_titles)}
    for key in ("staff", "head", "dat"):
        data["person_{}".format(people[key].pk)] = titles.get(key, ["LDTT"])
    return data


def states(unit, people):
    rows = Registration.objects.filter(year=YEAR)
    return {r.state for r in rows.filter(unit=unit)} | {
        r.state for r in rows.filter(person__in=[people[k] for k in ("staff", "head", "dat")])
    }


def test_unit_head_registers_and_submits(client, personas, people, units, plan):
    client.force_login(personas["unit_head"])
    assert client.get(url(units["a"])).status_code == 200
    response = client.post(url(units["a"]), payload(people, "submit", staff=["LDTT", "CSTD_CS"]))
    assert response.status_code == 302
    unit_row = Registration.objects.get(unit=units["a"], year=YEAR)
    assert (unit_row.state, unit_row.titles) == ("submitted", ["TTLDTT"])
    assert unit_row.submitted_at is not None
    assert Registration.objects.get(person=people["staff"], year=YEAR).titles == [
        "CSTD_CS", "LDTT",
    ]  # fmt: skip
    assert states(units["a"], people) == {"submitted"}


def test_secretary_returns_with_a_reason_then_accepts(client, personas, people, units, plan):
    do_save_unit_registration(units["a"], YEAR, unit_titles=["TTLDTT"],
                              member_titles={people["staff"].pk: ["LDTT"]},
                              acting_user=personas["unit_head"])  # fmt: skip
    do_submit_unit_registration(units["a"], YEAR, acting_user=personas["unit_head"])
    client.force_login(personas["secretary"])
    response = client.post(url(units["a"]), {"action": "return", "reason": ""})
    assert response.status_code == 200 and "reason" in response.context["return_form"].errors
    client.post(url(units["a"]), {"action": "return", "reason": "Thiếu đăng ký của 2 người"})
    unit_row = Registration.objects.get(unit=units["a"], year=YEAR)
    assert (unit_row.state, unit_row.return_reason) == ("returned", "Thiếu đăng ký của 2 người")
    # The unit head fixes it and sends it again; the secretary accepts.
    client.force_login(personas["unit_head"])
    client.post(url(units["a"]), payload(people, "submit"))
    client.force_login(personas["secretary"])
    client.post(url(units["a"]), {"action": "accept"})
    assert states(units["a"], people) == {"accepted"}


@pytest.mark.parametrize("role, status", [
    ("staff", 403), ("council_member", 403), ("secretary", 403), ("outsider", 404),
])  # fmt: skip
def test_only_the_unit_head_registers_the_unit(client, personas, people, units, plan, role, status):
    client.force_login(personas[role])
    response = client.post(url(units["a"]), payload(people, "submit"))
    assert response.status_code == status
    assert not Registration.objects.filter(year=YEAR).exists()


def test_unit_head_cannot_register_another_unit(client, personas, people, units, plan):
    client.force_login(personas["unit_head"])
    assert client.get(url(units["b"])).status_code == 403
    response = client.post(url(units["b"]), {"action": "submit", "unit_titles": ["TTLDTT"]})
    assert response.status_code == 403
    assert not Registration.objects.filter(unit=units["b"]).exists()


def test_unit_head_cannot_accept(client, personas, people, units, plan):
    do_save_unit_registration(units["a"], YEAR, unit_titles=["TTLDTT"], member_titles={},
                              acting_user=personas["unit_head"])  # fmt: skip
    do_submit_unit_registration(units["a"], YEAR, acting_user=personas["unit_head"])
    client.force_login(personas["unit_head"])
    assert client.post(url(units["a"]), {"action": "accept"}).status_code == 403
    assert Registration.objects.get(unit=units["a"], year=YEAR).state == "submitted"


def test_refused_transitions(personas, people, units, plan):
    head = personas["unit_head"]
    with pytest.raises(ActionRefused, match="còn trống"):
        do_submit_unit_registration(units["a"], YEAR, acting_user=head)
    with pytest.raises(ActionRefused, match="trạng thái"):
        do_accept_unit_registration(units["a"], YEAR, acting_user=personas["secretary"])
    do_save_unit_registration(units["a"], YEAR, unit_titles=["TTLDTT"], member_titles={},
                              acting_user=head)  # fmt: skip
    do_submit_unit_registration(units["a"], YEAR, acting_user=head)
    with pytest.raises(ActionRefused, match="đã gửi"):
        do_save_unit_registration(units["a"], YEAR, unit_titles=[], member_titles={},
                                  acting_user=head)  # fmt: skip
    with pytest.raises(ActionRefused, match="lý do"):
        do_return_unit_registration(units["a"], YEAR, reason="  ", acting_user=head)
    with pytest.raises(ActionRefused, match="không đăng ký được"):
        do_save_unit_registration(units["b"], YEAR, unit_titles=["BK_TINH"], member_titles={},
                                  acting_user=head)  # fmt: skip
    with pytest.raises(ActionRefused, match="không thuộc đơn vị"):
        do_save_unit_registration(units["b"], YEAR, unit_titles=[],
                                  member_titles={people["staff"].pk: ["LDTT"]},
                                  acting_user=head)  # fmt: skip


def test_forged_title_is_refused_and_nothing_saved(client, personas, people, units, plan):
    client.force_login(personas["unit_head"])
    response = client.post(url(units["a"]), payload(people, "save", staff=["BK_TTG"]))
    assert response.status_code == 200
    assert not Registration.objects.filter(year=YEAR).exists()


def test_board_shows_completeness_and_lateness(client, personas, people, units, plan):
    do_save_unit_registration(units["a"], YEAR, unit_titles=["TTLDTT"],
                              member_titles={p.pk: ["LDTT"] for k, p in people.items()
                                             if k in ("staff", "head", "dat")},
                              acting_user=personas["unit_head"])  # fmt: skip
    do_submit_unit_registration(units["a"], YEAR, acting_user=personas["unit_head"])
    Registration.objects.filter(unit=units["a"]).update(submitted_at="2023-04-02T09:00:00+07:00")
    client.force_login(personas["secretary"])
    response = client.get(reverse("registrations:board"), {"year": YEAR})
    rows = {row["unit"].pk: row for row in response.context["rows"]}
    assert rows[units["a"].pk]["percent"] == 100 and rows[units["a"].pk]["late"] is True
    assert rows[units["b"].pk]["percent"] == 0
    assert response.context["percent"] == 60  # 3 of 5 people
    # Accepted without a recorded sending day (handed in on paper, or loaded as such): on time
    # as far as anyone knows; a draft past the deadline is late.
    Registration.objects.create(organization=units["b"].organization, unit=units["b"],
                                year=YEAR, titles=["TTLDTT"], state="accepted")  # fmt: skip
    Registration.objects.create(organization=units["office"].organization,
                                unit=units["office"], year=YEAR, titles=["TTLDTT"])  # fmt: skip
    rows = {row["unit"].pk: row
            for row in client.get(reverse("registrations:board"), {"year": YEAR}).context["rows"]}
    assert rows[units["b"].pk]["late"] is False and rows[units["office"].pk]["late"] is True
    client.force_login(personas["unit_head"])
    assert client.get(reverse("registrations:board")).status_code == 403


def test_staff_registers_themself_while_the_unit_is_open(client, personas, people, units, plan):
    client.force_login(personas["staff"])
    own = "{}?year={}".format(reverse("registrations:own"), YEAR)
    assert client.get(own).status_code == 200
    client.post(own, {"titles": ["LDTT", "CSTD_CS"]})
    row = Registration.objects.get(person=people["staff"], year=YEAR)
    assert (row.titles, row.state) == (["CSTD_CS", "LDTT"], "draft")
    do_submit_unit_registration(units["a"], YEAR, acting_user=personas["unit_head"])
    response = client.post(own, {"titles": ["LDTT"]}, follow=True)
    assert "Đơn vị đã gửi bản đăng ký" in response.content.decode()
    row.refresh_from_db()
    assert row.titles == ["CSTD_CS", "LDTT"]


def test_account_without_a_person_has_no_own_registration(client, personas):
    client.force_login(personas["council_member"])
    assert client.get(reverse("registrations:own")).status_code == 403


def test_good_at_school_good_at_home_is_for_women(client, personas, people, units, plan):
    head = personas["unit_head"]
    with pytest.raises(ActionRefused, match="GVT_DVN"):
        do_save_unit_registration(units["a"], YEAR, unit_titles=[],
                                  member_titles={people["dat"].pk: ["GVT_DVN"]},
                                  acting_user=head)  # fmt: skip
    do_save_unit_registration(units["a"], YEAR, unit_titles=[],
                              member_titles={people["staff"].pk: ["GVT_DVN"]},
                              acting_user=head)  # fmt: skip
    assert Registration.objects.get(person=people["staff"], year=YEAR).titles == ["GVT_DVN"]

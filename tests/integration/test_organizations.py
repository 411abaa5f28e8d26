"""Organisations in a hierarchy (issue 19, item 1): an organisation's parent in the installation
and the body it receives proposals for, the installation administrator's screens that create an
organisation with its first administrator, and roles held per organisation, the account working
in one of them at a time."""

import re

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.conftest import PASSWORD, make_person, make_user
from thidua.accounts.actions import do_switch_organization
from thidua.accounts.models import Role, RoleGrant, User
from thidua.core.actions import ActionRefused, NotAllowed
from thidua.organization.actions import (
    FirstAdministrator,
    do_create_organization,
    do_save_organization,
)
from thidua.organization.models import Organization, Person, Unit
from thidua.rules import authority

pytestmark = pytest.mark.django_db


def _organization(name, abbreviation, **extra):
    return Organization.objects.create(
        name=name, abbreviation=abbreviation, place_name="Hà Tĩnh", **extra
    )


@pytest.fixture
def province(db):
    return _organization("Ban Thi đua – Khen thưởng tỉnh Hà Tĩnh", "BTĐKT",
                         receives_for=[authority.PROVINCE])  # fmt: skip


# The hierarchy -----------------------------------------------------------------------------------


def test_the_province_receives_its_agencies_proposals_and_a_body_outside_stays_a_name(
    org, province
):
    department = _organization("Sở Giáo dục và Đào tạo Hà Tĩnh", "SGDĐT", parent=province)
    school = _organization("Trường THPT Thử nghiệm", "THPTTN", parent=department)
    assert school.receiver_for(authority.PROVINCE) == province
    # The Prime Minister's titles go up through the province.
    assert school.receiver_for(authority.GOVERNMENT) == province
    # The Học viện is not in this installation: its name, as today.
    assert school.receiver_for(authority.ACADEMY) is None
    assert org.receiver_for(authority.PROVINCE) is None
    assert province.receiver_for(authority.PROVINCE) is None  # nothing above the province
    assert school.ancestors() == [department, province]


def test_an_organisation_cannot_sit_below_itself(province, personas):
    department = _organization("Sở Nội vụ Hà Tĩnh", "SNV", parent=province)
    agency = _organization("Chi cục Văn thư – Lưu trữ", "CCVTLT", parent=department)
    province.parent = agency
    with pytest.raises(ValidationError) as refused:
        do_save_organization(province, acting_user=personas["admin"])
    assert refused.value.message_dict == {
        "parent": ["Không thể đặt cơ quan cấp dưới làm cấp trên của chính nó."]
    }
    province.parent = province
    with pytest.raises(ValidationError, match="cấp trên của chính nó"):
        province.full_clean()
    province.refresh_from_db()
    assert province.parent_id is None


def test_an_organisation_receives_only_for_a_receiving_body(province):
    province.receives_for = [authority.GOVERNMENT]
    with pytest.raises(ValidationError) as refused:
        province.full_clean()
    assert "Chủ tịch UBND tỉnh" in refused.value.message_dict["receives_for"][0]


def test_a_parent_with_organisations_below_it_cannot_be_deleted(province):
    _organization("Sở Tư pháp Hà Tĩnh", "STP", parent=province)
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.filter(pk=province.pk).delete()


# Creating an organisation ------------------------------------------------------------------------


def _new_school():
    return Organization(name="Trường Chính trị Thử nghiệm Mới", abbreviation="TCTTM",
                        place_name="Hà Tĩnh", parent_body="Tỉnh ủy Hà Tĩnh")  # fmt: skip


FIRST = FirstAdministrator(username="quantri.moi", full_name="Nguyễn Thị Lan",
                           email="lan@example.vn")  # fmt: skip


def test_the_installation_administrator_creates_an_organisation_and_its_administrator(
    personas, province
):
    admin = personas["admin"]
    new = _new_school()
    new.parent = province
    organization, account, password = do_create_organization(
        new, administrator=FIRST, acting_user=admin
    )
    assert organization.parent == province
    assert (account.username, account.first_name, account.email) == (
        "quantri.moi", "Nguyễn Thị Lan", "lan@example.vn"
    )
    assert account.organization == organization and not account.is_superuser
    assert account.check_password(password) and password not in account.password
    assert re.fullmatch(r"[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}", password)
    account = User.objects.get(pk=account.pk)
    assert account.roles == {Role.ADMIN} and account.edits_personnel and not account.is_admin
    # Every row written is on the audit log, with the installation administrator as its actor.
    for record in (organization, account, account.grants.get()):
        entry = LogEntry.objects.get(
            content_type=ContentType.objects.get_for_model(record), object_pk=str(record.pk)
        )
        assert entry.actor == admin and entry.action == LogEntry.Action.CREATE


def test_an_organisation_administrator_may_not_create_one(personas, org):
    organisation_admin = make_user("quantri.truong", org, Role.SECRETARY)
    RoleGrant.objects.create(user=organisation_admin, role=Role.ADMIN)
    count = Organization.objects.count(), User.objects.count(), LogEntry.objects.count()
    for user in (organisation_admin, personas["secretary"], personas["outsider"]):
        with pytest.raises(NotAllowed, match="quản trị hệ thống của toàn bộ cài đặt"):
            do_create_organization(_new_school(), administrator=FIRST, acting_user=user)
    assert (Organization.objects.count(), User.objects.count(), LogEntry.objects.count()) == count


def test_a_taken_user_name_refuses_the_whole_organisation(personas):
    taken = FirstAdministrator(username="THUKY", full_name="Lê Văn A", email="a@example.vn")
    with pytest.raises(ActionRefused, match="Tên đăng nhập «THUKY» đã có người dùng"):
        do_create_organization(_new_school(), administrator=taken, acting_user=personas["admin"])
    assert not Organization.objects.filter(abbreviation="TCTTM").exists()


def _form(**changes):
    data = {
        "org-name": "Trường Chính trị Thử nghiệm Mới", "org-abbreviation": "TCTTM",
        "org-place_name": "Hà Tĩnh", "org-parent": "", "org-receives": "",
        "org-parent_body": "Tỉnh ủy Hà Tĩnh", "org-document_style": "party",
        "admin-username": "quantri.moi", "admin-full_name": "Nguyễn Thị Lan",
        "admin-email": "lan@example.vn",
    }  # fmt: skip
    data.update(changes)
    return data


def test_the_screens_create_and_list_organisations_as_a_tree(client, personas, province, org):
    client.force_login(personas["admin"])
    response = client.post(
        reverse("organization:organization_add"), _form(**{"org-parent": str(province.pk)})
    )
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    page = response.content.decode()
    password = re.search(r'id="initial-password">([^<]+)<', page).group(1)
    assert "chỉ hiện <strong>một lần</strong>" in page
    assert User.objects.get(username="quantri.moi").check_password(password)
    new = Organization.objects.get(abbreviation="TCTTM")
    assert new.parent == province and new.document_style == "party"

    response = client.get(reverse("organization:organization_list"))
    # The new school is listed inside the province's branch, the others at the top.
    roots = {o.name: o for o in response.context["roots"]}
    assert set(roots) == {org.name, province.name, personas["outsider"].organization.name}
    assert [o.name for o in roots[province.name].child_nodes] == [new.name]
    tree = response.content.decode()
    assert tree.index(province.name) < tree.index(new.name)
    assert "Nhận tờ trình đề nghị Chủ tịch UBND tỉnh" in tree

    # The password is never shown again: the list and the edit page do not carry it.
    edit = client.get(reverse("organization:organization_edit", args=[new.pk]))
    assert password not in edit.content.decode() and password not in tree


def test_bad_input_names_the_field_and_writes_nothing(client, personas, org):
    client.force_login(personas["admin"])
    before = Organization.objects.count(), User.objects.count()
    response = client.post(reverse("organization:organization_add"), _form(**{
        "org-name": org.name, "admin-username": "có dấu", "admin-email": "không-phải-thư",
    }))  # fmt: skip
    assert response.status_code == 200
    errors = {**response.context["form"].errors, **response.context["admin_form"].errors}
    assert errors["name"] == ["Cơ quan có Tên cơ quan đã tồn tại."]
    assert errors["username"] == ["Chỉ dùng chữ không dấu, chữ số và các ký tự . @ + - _."]
    assert errors["email"] == ["Địa chỉ thư điện tử không hợp lệ."]
    assert (Organization.objects.count(), User.objects.count()) == before

    response = client.post(reverse("organization:organization_add"),
                           _form(**{"admin-username": "thuky"}))  # fmt: skip
    assert response.context["admin_form"].errors["username"] == [
        "Tên đăng nhập «thuky» đã có người dùng; chọn tên khác."
    ]
    assert (Organization.objects.count(), User.objects.count()) == before


def test_the_edit_screen_sets_the_parent_and_refuses_a_cycle(client, personas, province, org):
    client.force_login(personas["admin"])
    url = reverse("organization:organization_edit", args=[org.pk])
    data = {"name": org.name, "abbreviation": org.abbreviation, "place_name": org.place_name,
            "parent": str(province.pk), "receives": "", "parent_body": org.parent_body,
            "document_style": org.document_style}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.parent == province
    # The province cannot be put below the school now: the school is not offered, and if sent,
    # refused on its field.
    url = reverse("organization:organization_edit", args=[province.pk])
    response = client.post(url, {**data, "name": province.name, "abbreviation": "BTĐKT",
                                 "parent": str(org.pk), "receives": "province"})  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["parent"]
    province.refresh_from_db()
    assert province.parent_id is None and province.receives_for == ["province"]


# Roles per organisation and the working organisation --------------------------------------------


@pytest.fixture
def two(org, units, people, personas):
    """A second organisation with its own unit and people, and an account holding the
    secretary's role in both (working in the first) and the unit head's in the first only."""
    other = _organization("Sở Nội vụ Thử nghiệm", "SNVTN")
    office = Unit.objects.create(organization=other, name="Phòng Công chức", kind="office")
    other_people = [make_person(other, office, "Đỗ Văn", "Bình"),
                    make_person(other, office, "Hà Thị", "Yến", gender="F")]  # fmt: skip
    both = make_user("haicoquan", org, Role.SECRETARY, person=people["dat"], password=PASSWORD)
    RoleGrant.objects.create(user=both, organization=other, role=Role.SECRETARY)
    head = make_user("truongkhoa.hai", org, Role.UNIT_HEAD, unit=units["a"], password=PASSWORD)
    RoleGrant.objects.create(user=head, organization=other, role=Role.STAFF)
    return {"other": other, "office": office, "other_people": other_people, "both": both,
            "head": head}  # fmt: skip


def _people_listed(client):
    response = client.get(reverse("organization:person_list"))
    return {row.pk for row in response.context["table"].data}


def test_an_account_of_two_organisations_sees_one_at_a_time(client, org, two):
    both = two["both"]
    mine = set(Person.objects.filter(organization=org).values_list("pk", flat=True))
    theirs = {p.pk for p in two["other_people"]}
    client.force_login(both)
    assert _people_listed(client) == mine
    home = client.get(reverse("core:home")).content.decode()
    assert "Đang làm việc tại" in home and two["other"].name in home

    response = client.post(reverse("accounts:switch_organization"),
                           {"organization": str(two["other"].pk)})  # fmt: skip
    assert response.status_code == 302
    assert _people_listed(client) == theirs
    both.refresh_from_db()
    assert both.organization == two["other"]
    entry = LogEntry.objects.get_for_object(both).latest("timestamp")
    assert entry.actor == both and "organization" in entry.changes_dict
    # The first organisation's records answer 404 now; its people are not listed.
    person = Person.objects.filter(organization=org).first()
    assert client.get(reverse("organization:person", args=[person.pk])).status_code == 404

    client.post(reverse("accounts:switch_organization"), {"organization": str(org.pk)})
    assert _people_listed(client) == mine


def test_a_unit_heads_grant_in_one_organisation_gives_nothing_in_the_other(
    client, org, units, two
):
    head = two["head"]
    assert head.headed_unit_ids == {units["a"].pk}
    do_switch_organization(head, two["other"], acting_user=head)
    head = User.objects.get(pk=head.pk)
    assert head.roles == {Role.STAFF}
    assert head.headed_unit_ids == frozenset() and head.headed_unit_id is None
    assert not head.sees_whole_organization and not head.edits_personnel
    client.force_login(head)
    assert _people_listed(client) == set()
    assert client.get(reverse("organization:unit", args=[units["a"].pk])).status_code == 404
    assert client.get(reverse("registrations:unit", args=[units["a"].pk])).status_code in (
        403, 404
    )


def test_switching_to_an_organisation_without_a_role_is_refused(client, org, two, personas):
    both, outsider_org = two["both"], personas["outsider"].organization
    with pytest.raises(NotAllowed, match="không có vai trò nào ở cơ quan này"):
        do_switch_organization(both, outsider_org, acting_user=both)
    with pytest.raises(NotAllowed, match="Chỉ chính người dùng"):
        do_switch_organization(both, two["other"], acting_user=personas["admin"])
    client.force_login(both)
    response = client.post(reverse("accounts:switch_organization"),
                           {"organization": str(outsider_org.pk)})  # fmt: skip
    assert response.status_code == 403
    response = client.post(reverse("accounts:switch_organization"), {"organization": "x"})
    assert response.status_code == 403
    both.refresh_from_db()
    assert both.organization == org
    assert not LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_pk=str(both.pk),
        action=LogEntry.Action.UPDATE,
    ).exists()  # fmt: skip


def test_the_chooser_shows_only_for_an_account_of_two_organisations(client, personas, two):
    client.force_login(personas["secretary"])
    assert "Đang làm việc tại" not in client.get(reverse("core:home")).content.decode()
    client.force_login(two["head"])
    assert "Đang làm việc tại" in client.get(reverse("core:home")).content.decode()


def test_a_grant_is_held_in_its_units_organisation(org, units, two):
    grant = RoleGrant(user=two["both"], organization=two["other"], role=Role.UNIT_HEAD,
                      unit=units["b"])  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        grant.full_clean()
    assert refused.value.message_dict["unit"] == ["Đơn vị phải thuộc cơ quan của vai trò."]
    # A grant made as before (no organisation named) is held in its unit's, else its account's.
    grant = RoleGrant.objects.create(user=two["both"], role=Role.UNIT_HEAD, unit=units["b"])
    assert grant.organization == org
    # The same role twice in one organisation is refused; in another it is a grant of its own.
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(user=two["both"], organization=org, role=Role.SECRETARY)


def test_the_admin_site_gives_each_role_its_organisation(client, personas, two):
    client.force_login(personas["admin"])
    response = client.get(reverse("admin:accounts_user_change", args=[two["both"].pk]))
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert sorted(form.instance.organization_id for form in formset.forms) == sorted(
        [two["both"].organization_id, two["other"].pk]
    )
    assert list(formset.forms[0].fields)[:3] == ["organization", "role", "unit"]


def test_an_account_holding_a_role_in_an_organisation_sits_on_its_council(personas, two):
    from datetime import date

    from thidua.council.actions import do_add_member, do_open_session
    from thidua.council.forms import MemberForm

    both, head = two["both"], two["head"]
    do_switch_organization(both, two["other"], acting_user=both)
    session = do_open_session(name="Phiên họp của Sở", year=2022, meeting_on=date(2022, 12, 20),
                              acting_user=both)  # fmt: skip
    assert session.organization == two["other"]
    # The unit head works in the school but holds a role in the Sở: offered and seated.
    offered = MemberForm(session=session).fields["user"].queryset
    assert head in offered and personas["outsider"] not in offered
    assert do_add_member(session, head, acting_user=both).user == head
    with pytest.raises(ActionRefused, match="phải là tài khoản của cơ quan"):
        do_add_member(session, personas["secretary"], acting_user=both)


def _api_people(secret) -> set[int]:
    from tests.helpers.api import api_get

    response = api_get("people?limit=200", secret)
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_an_api_token_works_in_the_organisation_it_was_made_in(client, org, two):
    """A token made while working in one organisation reads that one's records, whichever the
    account later chooses on screen; without a role there any more, it is refused."""
    from tests.helpers.api import api_get, token_for

    both = two["both"]
    mine = set(Person.objects.filter(organization=org).values_list("pk", flat=True))
    theirs = {p.pk for p in two["other_people"]}
    secret = token_for(both, name="Hệ thống nhân sự")
    assert _api_people(secret) == mine
    client.force_login(both)
    client.post(reverse("accounts:switch_organization"), {"organization": str(two["other"].pk)})
    both.refresh_from_db()
    assert both.organization == two["other"]
    assert _people_listed(client) == theirs  # the screens follow the choice
    assert _api_people(secret) == mine  # the token does not
    assert _api_people(token_for(both, name="Sở")) == theirs
    both.refresh_from_db()
    assert both.organization == two["other"]  # nothing saved by the token's requests

    RoleGrant.objects.filter(user=both, organization=org).delete()
    refused = api_get("people", secret)
    assert refused.status_code == 401
    assert "không còn vai trò" in refused.json()["detail"]

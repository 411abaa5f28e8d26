"""An organisation's administrator keeps the accounts and roles of their own organisation
(issue 19, point 1): the list, a new account, roles granted and revoked there only, access
locked and unlocked (never deleted), a password reset only for accounts that work there alone.
Two organisations, each with its own administrator (not the installation's): nothing of one
shows to the other, nothing of one is written from the other."""

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from tests.conftest import make_person
from thidua.accounts.actions import NewAccount, do_create_account, do_grant_role
from thidua.accounts.models import Role, RoleGrant, SuspendedGrant, User
from thidua.core.actions import ActionRefused, FieldRefused, NotAllowed
from thidua.organization.models import Organization, Unit

pytestmark = pytest.mark.django_db


def org_admin(username, organization):
    """An administrator of one organisation only (a role there, not a superuser)."""
    user = User.objects.create(username=username, organization=organization)
    RoleGrant.objects.create(user=user, organization=organization, role=Role.ADMIN)
    return user


@pytest.fixture
def other(personas):
    return Organization.objects.get(abbreviation="TCTNK")


@pytest.fixture
def admins(org, other, personas):
    return {"here": org_admin("quantri.truong", org), "there": org_admin("quantri.khac", other)}


def signs_in(username, password) -> bool:
    """Tell whether the login page lets the account in with the password."""
    response = Client().post(reverse("accounts:login"),
                             {"username": username, "password": password})  # fmt: skip
    return response.status_code == 302


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_list_shows_this_organisations_accounts_only(admins, personas):
    page = client_of(admins["here"]).get(reverse("accounts:user_list"))
    assert page.status_code == 200
    html = page.content.decode()
    for username in ("thuky", "canbo", "truongkhoa", "quantri.truong"):
        assert username in html
    assert "ngoai" not in html and "quantri.khac" not in html
    assert "Trưởng đơn vị – Khoa Xây dựng Đảng" in html

    there = client_of(admins["there"]).get(reverse("accounts:user_list")).content.decode()
    assert "ngoai" in there and "thuky" not in there and "canbo" not in there


def test_the_list_filters_by_role_status_and_search(admins, personas, org):
    client = client_of(admins["here"])
    url = reverse("accounts:user_list")

    def usernames(**query):
        table = client.get(url, query).context["table"]
        return {row.record.username for row in table.paginated_rows}

    assert usernames(role=Role.SECRETARY) == {"thuky"}
    assert usernames(q="hoang minh") == {"thuky"}  # the linked person's name, no diacritics
    assert usernames(q="truongk") == {"truongkhoa"}
    client.post(reverse("accounts:user_deactivate", args=[personas["leader"].pk]))
    assert usernames(status="locked") == {"lanhdao"}
    assert "lanhdao" not in usernames(status="active")
    assert usernames(role=Role.LEADER) == {"lanhdao"}  # a locked role still filters


def test_the_list_is_paginated(admins, org):
    for index in range(30):
        org_admin("tk{:02d}".format(index), org)
    page = client_of(admins["here"]).get(reverse("accounts:user_list"))
    assert page.context["paginator"].count > 30
    assert len(page.context["table"].paginated_rows) == 25


def test_an_account_is_created_with_its_roles_and_a_password_shown_once(admins, org, units):
    person = make_person(org, units["b"], "Đỗ Thị", "Mai", gender="F")
    client = client_of(admins["here"])
    response = client.post(
        reverse("accounts:user_add"),
        {"username": "mai.do", "full_name": "Đỗ Thị Mai", "email": "mai@example.vn",
         "person": person.pk, "roles": [Role.STAFF, Role.COUNCIL_MEMBER],
         "head_of": units["b"].pk},
    )  # fmt: skip
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    password = response.context["password"]
    assert password in response.content.decode()
    account = User.objects.get(username="mai.do")
    assert signs_in("mai.do", password)
    assert account.organization == org and account.person == person
    assert {(g.organization_id, g.role, g.unit_id) for g in account.grants.all()} == {
        (org.pk, Role.STAFF, None), (org.pk, Role.COUNCIL_MEMBER, None),
        (org.pk, Role.UNIT_HEAD, units["b"].pk),
    }  # fmt: skip
    assert LogEntry.objects.get_for_object(account).get().actor == admins["here"]
    # Shown once: the account's page never shows it again.
    page = client.get(reverse("accounts:user", args=[account.pk])).content.decode()
    assert password not in page


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"username": "thuky"}, "username", "đã có người dùng"),
        ({"username": "THUKY"}, "username", "đã có người dùng"),
        ({"username": "mai do"}, "username", "Chỉ dùng chữ không dấu"),
        ({"roles": []}, "roles", "Chọn ít nhất một vai trò"),
        ({"email": "mai@"}, "email", "không hợp lệ"),
        ({"person": "OTHER"}, "person", "lựa chọn hợp lệ"),
        ({"person": "TAKEN"}, "person", "lựa chọn hợp lệ"),
        ({"head_of": "OTHER"}, "head_of", "lựa chọn hợp lệ"),
    ],
)
def test_a_bad_account_is_refused_on_its_field(admins, personas, people, change, field, message):
    outsider_person = personas["outsider"].person
    values = {"OTHER": outsider_person.pk, "TAKEN": people["staff"].pk}
    if change.get("head_of") == "OTHER":
        values["OTHER"] = Unit.objects.get(name="Khoa Khác").pk
    data = {"username": "mai.do", "full_name": "Đỗ Thị Mai", "roles": [Role.STAFF]}
    data.update({k: values.get(v, v) if isinstance(v, str) else v for k, v in change.items()})
    response = client_of(admins["here"]).post(reverse("accounts:user_add"), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not User.objects.filter(username="mai.do").exists()


def test_the_action_refuses_a_person_or_unit_of_another_organisation(admins, personas, org):
    elsewhere_unit = Unit.objects.get(name="Khoa Khác")
    with pytest.raises(FieldRefused) as refused:
        do_create_account(org, NewAccount(username="x1", full_name="X", roles=(Role.STAFF,),
                                          person=personas["outsider"].person),
                          acting_user=admins["here"])  # fmt: skip
    assert refused.value.field == "person"
    with pytest.raises(FieldRefused) as refused:
        do_create_account(org, NewAccount(username="x1", full_name="X", head_of=elsewhere_unit),
                          acting_user=admins["here"])  # fmt: skip
    assert refused.value.field == "unit"
    # Nor for another organisation than the administrator's own.
    with pytest.raises(NotAllowed):
        do_create_account(elsewhere_unit.organization,
                          NewAccount(username="x1", full_name="X", roles=(Role.STAFF,)),
                          acting_user=admins["here"])  # fmt: skip
    assert not User.objects.filter(username="x1").exists()


def test_roles_are_granted_and_revoked_here_only(admins, personas, units, other):
    client = client_of(admins["here"])
    staff = personas["staff"]
    response = client.post(reverse("accounts:user_grant", args=[staff.pk]),
                           {"role": Role.UNIT_HEAD, "unit": units["b"].pk})  # fmt: skip
    assert response.status_code == 302
    grant = staff.grants.get(role=Role.UNIT_HEAD)
    assert grant.unit == units["b"] and grant.organization == units["b"].organization
    # A unit head's role needs a unit; another role takes none.
    response = client.post(reverse("accounts:user_grant", args=[staff.pk]),
                           {"role": Role.UNIT_HEAD})  # fmt: skip
    assert "cần chọn đơn vị" in " ".join(response.context["grant_form"].errors["unit"])
    response = client.post(reverse("accounts:user_grant", args=[staff.pk]),
                           {"role": Role.LEADER, "unit": units["b"].pk})  # fmt: skip
    assert "Chỉ vai trò trưởng đơn vị" in " ".join(response.context["grant_form"].errors["unit"])
    # The same role twice reads as a message on the form.
    response = client.post(reverse("accounts:user_grant", args=[staff.pk]), {"role": Role.STAFF})
    assert "đã có vai trò này" in " ".join(response.context["grant_form"].errors["role"])

    client.post(reverse("accounts:user_revoke", args=[staff.pk, grant.pk]))
    assert not staff.grants.filter(role=Role.UNIT_HEAD).exists()
    # The last role here is not revoked: the access is locked instead.
    last = staff.grants.get()
    response = client.post(reverse("accounts:user_revoke", args=[staff.pk, last.pk]), follow=True)
    assert "vai trò cuối cùng" in response.content.decode()
    assert staff.grants.filter(pk=last.pk).exists()
    # A unit of another organisation is no choice of the form, nor of the action.
    with pytest.raises(FieldRefused):
        do_grant_role(staff, staff.organization, role=Role.UNIT_HEAD,
                      unit=Unit.objects.get(organization=other),
                      acting_user=admins["here"])  # fmt: skip


def test_the_last_administrator_keeps_their_role(admins, org, personas):
    # The installation's administrator holds the role here too in the personas: not here.
    personas["admin"].grants.all().delete()
    client = client_of(admins["here"])
    me = admins["here"]
    RoleGrant.objects.create(user=me, organization=org, role=Role.STAFF)
    own = me.grants.get(role=Role.ADMIN)
    response = client.post(reverse("accounts:user_revoke", args=[me.pk, own.pk]), follow=True)
    assert "phải còn ít nhất một quản trị" in response.content.decode()
    response = client.post(reverse("accounts:user_deactivate", args=[me.pk]), follow=True)
    assert "phải còn ít nhất một quản trị" in response.content.decode()
    assert me.grants.filter(role=Role.ADMIN).exists()
    # With a second administrator, the first may step down.
    org_admin("quantri.hai", org)
    response = client.post(reverse("accounts:user_revoke", args=[me.pk, own.pk]))
    assert response["Location"] == reverse("core:home")  # their pages are no longer theirs
    assert not me.grants.filter(role=Role.ADMIN).exists()


def test_locking_keeps_the_roles_aside_and_unlocking_gives_them_back(admins, personas, org):
    client = client_of(admins["here"])
    head = personas["unit_head"]
    head.set_password("Mat-khau-1")
    head.save()
    client.post(reverse("accounts:user_deactivate", args=[head.pk]))
    head.refresh_from_db()
    assert not head.is_active and head.organization is None
    assert not head.grants.exists()
    assert [(s.role, s.unit.name) for s in SuspendedGrant.objects.filter(user=head)] == [
        (Role.UNIT_HEAD, "Khoa Xây dựng Đảng")
    ]
    assert not signs_in("truongkhoa", "Mat-khau-1")
    assert User.objects.filter(pk=head.pk).exists()  # never deleted
    page = client.get(reverse("accounts:user", args=[head.pk])).content.decode()
    assert "Đã khoá" in page and "Mở khoá tài khoản tại cơ quan" in page

    client.post(reverse("accounts:user_reactivate", args=[head.pk]))
    head.refresh_from_db()
    assert head.is_active and head.organization == org
    assert [(g.role, g.unit.name) for g in head.grants.all()] == [
        (Role.UNIT_HEAD, "Khoa Xây dựng Đảng")
    ]
    assert not SuspendedGrant.objects.filter(user=head).exists()
    assert signs_in("truongkhoa", "Mat-khau-1")
    assert LogEntry.objects.filter(content_type__model="suspendedgrant").count() == 2


def test_an_account_of_two_organisations_keeps_its_roles_elsewhere(admins, personas, org, other):
    secretary = personas["secretary"]
    RoleGrant.objects.create(user=secretary, organization=other, role=Role.SECRETARY)
    client = client_of(admins["here"])
    # Its password is not this organisation's to reset.
    page = client.get(reverse("accounts:user", args=[secretary.pk])).content.decode()
    assert "Đặt lại mật khẩu" not in page and "cũng làm việc ở cơ quan khác" in page
    assert client.post(reverse("accounts:user_password", args=[secretary.pk])).status_code == 403
    old_hash = User.objects.get(pk=secretary.pk).password

    client.post(reverse("accounts:user_deactivate", args=[secretary.pk]))
    secretary.refresh_from_db()
    assert secretary.password == old_hash
    assert secretary.is_active  # it still works for the other organisation
    assert secretary.organization == other  # moved to where it still holds a role
    assert [(g.organization_id, g.role) for g in secretary.grants.all()] == [
        (other.pk, Role.SECRETARY)
    ]
    # Unlocking here gives back this organisation's role and leaves the other's.
    client.post(reverse("accounts:user_reactivate", args=[secretary.pk]))
    assert {g.organization_id for g in secretary.grants.all()} == {org.pk, other.pk}
    secretary.refresh_from_db()
    assert secretary.organization == other


def test_a_password_is_reset_only_for_an_account_working_here_alone(admins, personas):
    client = client_of(admins["here"])
    staff = personas["staff"]
    response = client.post(reverse("accounts:user_password", args=[staff.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert signs_in("canbo", response.context["password"])
    # Not the installation's administrator, not oneself (that is «Đổi mật khẩu»).
    for account in (personas["admin"], admins["here"]):
        assert client.post(reverse("accounts:user_password", args=[account.pk])).status_code == 403


def test_nothing_of_one_organisation_is_seen_or_written_from_the_other(admins, personas):
    """The other organisation's administrator gets 404 on every account of this one, GET or
    POST, and nothing changes."""
    client = client_of(admins["there"])
    staff = personas["staff"]
    grant = staff.grants.get()
    before = (User.objects.get(pk=staff.pk).password, list(staff.grants.values_list("pk")))
    assert client.get(reverse("accounts:user", args=[staff.pk])).status_code == 404
    for name, args in [("accounts:user_grant", [staff.pk]),
                       ("accounts:user_revoke", [staff.pk, grant.pk]),
                       ("accounts:user_deactivate", [staff.pk]),
                       ("accounts:user_reactivate", [staff.pk]),
                       ("accounts:user_password", [staff.pk])]:  # fmt: skip
        response = client.post(reverse(name, args=args), {"role": Role.ADMIN})
        assert response.status_code == 404, name
    after = (User.objects.get(pk=staff.pk).password, list(staff.grants.values_list("pk")))
    assert before == after
    # Nor through its own account's URL: a grant of this organisation named under the other's
    # account.
    own = admins["there"]
    response = client.post(reverse("accounts:user_revoke", args=[own.pk, grant.pk]))
    assert response.status_code == 404 and staff.grants.filter(pk=grant.pk).exists()


def test_the_actions_refuse_another_organisation(admins, personas, org):
    from thidua.accounts.actions import (
        do_deactivate_access,
        do_reset_password,
        do_revoke_role,
    )

    there = admins["there"]
    staff = personas["staff"]
    for call in (lambda: do_deactivate_access(staff, org, acting_user=there),
                 lambda: do_reset_password(staff, org, acting_user=there),
                 lambda: do_revoke_role(staff.grants.get(), acting_user=there),
                 lambda: do_grant_role(staff, org, role=Role.ADMIN,
                                       acting_user=there)):  # fmt: skip
        with pytest.raises(NotAllowed):
            call()
    # Nor the secretary of the organisation itself.
    with pytest.raises(NotAllowed):
        do_grant_role(staff, org, role=Role.ADMIN, acting_user=personas["secretary"])
    assert not staff.grants.filter(role=Role.ADMIN).exists()


def test_a_locked_account_takes_no_new_role_until_unlocked(admins, personas, org):
    leader = personas["leader"]
    client = client_of(admins["here"])
    client.post(reverse("accounts:user_deactivate", args=[leader.pk]))
    with pytest.raises(ActionRefused, match="mở khoá"):
        do_grant_role(leader, org, role=Role.STAFF, acting_user=admins["here"])


def test_the_menu_shows_the_accounts_to_the_administrator_only(admins, personas):
    assert "Tài khoản</a>" in client_of(admins["here"]).get("/").content.decode()
    assert "/accounts/users/" not in client_of(personas["secretary"]).get("/").content.decode()


@pytest.mark.parametrize(
    "persona",
    ["secretary", "principal", "leader", "council_member", "unit_head", "staff", "outsider"],
)
def test_no_other_role_keeps_accounts(personas, org, persona):
    """Only an administrator of the organisation: every other role of it, and the secretary of
    another organisation, is refused and nothing is written."""
    from thidua.accounts.actions import do_deactivate_access, do_reset_password

    actor = personas[persona]
    staff = personas["staff"]
    with pytest.raises(NotAllowed):
        do_create_account(org, NewAccount(username="moi", full_name="Mới", roles=(Role.STAFF,)),
                          acting_user=actor)  # fmt: skip
    with pytest.raises(NotAllowed):
        do_grant_role(staff, org, role=Role.LEADER, acting_user=actor)
    with pytest.raises(NotAllowed):
        do_deactivate_access(staff, org, acting_user=actor)
    with pytest.raises(NotAllowed):
        do_reset_password(staff, org, acting_user=actor)
    assert not User.objects.filter(username="moi").exists()
    assert [g.role for g in staff.grants.all()] == [Role.STAFF]
    assert not SuspendedGrant.objects.exists()


def test_the_installation_administrator_working_here_keeps_accounts_too(personas, org):
    """The superuser holds the administrator's role where they work: the same screens, and
    the audit log names them."""
    account, _ = do_create_account(
        org, NewAccount(username="moi", full_name="Mới", roles=(Role.STAFF,)),
        acting_user=personas["admin"],
    )  # fmt: skip
    assert LogEntry.objects.get_for_object(account).get().actor == personas["admin"]

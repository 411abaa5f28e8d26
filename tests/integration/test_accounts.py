"""Sign in and out, password change, login throttling, the admin site, home and the audit log."""

import re

import pytest
from auditlog.models import LogEntry
from django.test import override_settings
from django.urls import reverse

from tests.conftest import PASSWORD
from thidua.accounts.models import User
from thidua.organization.actions import do_save_person, do_save_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(personas):
    user = personas["staff"]
    user.set_password(PASSWORD)
    user.save()
    return user


def test_sign_in_and_out(client, staff):
    response = client.post(reverse("accounts:login"), {"username": "canbo", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("core:home")).status_code == 302


def test_wrong_password_reads_in_vietnamese(client, staff):
    response = client.post(reverse("accounts:login"), {"username": "canbo", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


def test_passwords_are_hashed_with_argon2(staff):
    assert User.objects.get(pk=staff.pk).password.startswith("argon2")


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_login(client, staff):
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "canbo", "password": "sai"})
    response = client.post(reverse("accounts:login"), {"username": "canbo", "password": PASSWORD})
    assert response.status_code == 429
    assert "Tạm khoá đăng nhập" in response.content.decode()


def test_password_change(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Hoa-sen-2023!",
            "new_password2": "Hoa-sen-2023!",
        },
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password("Hoa-sen-2023!")


def test_password_change_errors_are_vietnamese(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "sai", "new_password1": "a", "new_password2": "b"},
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    assert "Mật khẩu cũ" in response.content.decode()


@pytest.mark.parametrize(
    "role",
    [
        "admin",
        "secretary",
        "council_member",
        "principal",
        "unit_head",
        "staff",
        "leader",
        "outsider",
    ],
)
def test_home_for_every_role(client, personas, role):
    client.force_login(personas[role])
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    policy = {d.strip() for d in response["Content-Security-Policy"].split(";")}
    assert {"default-src 'self'", "script-src 'self'", "style-src 'self'"} <= policy
    # No inline script of any kind: every <script> loads a file.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode())


def test_an_administrator_grant_without_superuser_opens_no_installation_screens(
    client, personas, org
):
    from tests.conftest import make_user
    from thidua.accounts.models import Role

    local_admin = make_user("qtcoquan", org, Role.ADMIN)
    local_admin.is_superuser = local_admin.is_staff = False
    local_admin.save()
    client.force_login(local_admin)
    assert client.get("/admin/").status_code == 302
    assert client.get(reverse("audit:logentry_list")).status_code == 403


def test_admin_site_is_for_administrators_only(client, personas):
    client.force_login(personas["admin"])
    assert client.get("/admin/").status_code == 200
    for role in ("secretary", "principal", "staff"):
        client.force_login(personas[role])
        response = client.get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def audited_changes(personas, people, units):
    """Two changes made through their actions (the fixtures' rows carry no audit entry): the
    secretary's own position and a unit's new name."""
    secretary = people["secretary"]
    secretary.position = "Chánh Văn phòng"
    do_save_person(secretary, acting_user=personas["secretary"])
    units["b"].name = "Khoa Dân vận và Công tác xã hội"
    do_save_unit(units["b"], acting_user=personas["secretary"])


def test_audit_log_for_administrators_only(client, personas, people, units):
    audited_changes(personas, people, units)
    client.force_login(personas["admin"])
    response = client.get(reverse("audit:logentry_list"))
    assert response.status_code == 200
    assert response.context["table"].data.data.count() == LogEntry.objects.count() > 0
    assert "Hoàng Minh Quang" in response.content.decode()
    for role in ("secretary", "unit_head", "staff"):
        client.force_login(personas[role])
        assert client.get(reverse("audit:logentry_list")).status_code == 403


def test_audit_log_filters_by_kind_over_htmx(client, personas, people, units):
    from django.contrib.contenttypes.models import ContentType

    audited_changes(personas, people, units)
    client.force_login(personas["admin"])
    unit_type = ContentType.objects.get(app_label="organization", model="unit")
    response = client.get(
        reverse("audit:logentry_list"), {"content_type": unit_type.pk}, HTTP_HX_REQUEST="true"
    )
    rows = list(response.context["table"].data)
    assert rows and all(entry.content_type_id == unit_type.pk for entry in rows)
    assert "<html" not in response.content.decode()


def test_health_answers_without_signing_in(client):
    response = client.get(reverse("core:health"))
    assert response.status_code == 200 and response.content == b"ok"


def test_home_counts_the_people_and_units_the_user_sees(client, personas):
    from thidua.organization.models import Person, Unit

    for role in ("secretary", "unit_head", "staff"):
        user = personas[role]
        client.force_login(user)
        context = client.get(reverse("core:home")).context
        assert context["people_count"] == Person.objects.visible_to(user).count()
        assert context["unit_count"] == Unit.objects.visible_to(user).count()
    assert context["people_count"] < Person.objects.count()  # staff see less than everyone

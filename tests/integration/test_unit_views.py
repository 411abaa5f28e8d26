"""Unit views: the tree for everyone in the organisation, changes for the secretary and
administrators (on screen as by spreadsheet)."""

import pytest
from django.urls import reverse

from thidua.organization.models import Unit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["admin", "secretary", "unit_head", "staff", "leader"])
def test_every_role_sees_the_tree_of_their_organisation(client, personas, units, role):
    client.force_login(personas[role])
    body = client.get(reverse("organization:unit_list")).content.decode()
    assert "Khoa Xây dựng Đảng" in body and "Khoa Khác" not in body


def test_tree_nests_children_and_counts_members(client, personas, units, org):
    Unit.objects.create(
        organization=org, parent=units["a"], name="Tổ bộ môn Lịch sử Đảng", kind="other"
    )
    client.force_login(personas["secretary"])
    response = client.get(reverse("organization:unit_list"))
    roots = response.context["roots"]
    faculty = next(u for u in roots if u.pk == units["a"].pk)
    assert [c.name for c in faculty.child_nodes] == ["Tổ bộ môn Lịch sử Đảng"]
    assert faculty.member_count == 3


def test_unit_page_lists_visible_members(client, personas, units):
    client.force_login(personas["staff"])
    response = client.get(reverse("organization:unit", args=[units["a"].pk]))
    assert [p.full_name for p in response.context["members"]] == ["Trần Thị Hoa"]


def test_outsider_gets_404_on_unit(client, personas, units):
    client.force_login(personas["outsider"])
    assert client.get(reverse("organization:unit", args=[units["a"].pk])).status_code == 404


@pytest.mark.parametrize("role", ["admin", "secretary"])
def test_admin_creates_and_renames_a_unit(client, personas, org, role):
    """The secretary (the body's emulation office, who keeps the staff list) and the
    administrator keep the units, on screen as by spreadsheet."""
    client.force_login(personas[role])
    response = client.post(
        reverse("organization:unit_add"),
        {"name": "  Khoa   Lý luận cơ sở ", "kind": "faculty", "position": 3},
    )
    assert response.status_code == 302
    unit = Unit.objects.get(name="Khoa Lý luận cơ sở")
    assert unit.organization == org
    client.post(
        reverse("organization:unit_edit", args=[unit.pk]),
        {"name": "Khoa Lý luận chính trị", "kind": "faculty", "position": 3},
    )
    unit.refresh_from_db()
    assert unit.name == "Khoa Lý luận chính trị"


def test_duplicate_unit_name_is_refused_in_vietnamese(client, personas, units):
    client.force_login(personas["admin"])
    response = client.post(
        reverse("organization:unit_add"), {"name": "Khoa Dân vận", "kind": "faculty", "position": 1}
    )
    assert response.status_code == 200
    assert "Đã có đơn vị cùng tên ở cùng cấp." in response.content.decode()
    assert Unit.objects.filter(name="Khoa Dân vận").count() == 1


def test_unit_cannot_become_its_own_descendant(client, personas, units, org):
    child = Unit.objects.create(organization=org, parent=units["a"], name="Tổ A1", kind="other")
    client.force_login(personas["admin"])
    response = client.post(
        reverse("organization:unit_edit", args=[units["a"].pk]),
        {"name": units["a"].name, "kind": "faculty", "parent": child.pk, "position": 0},
    )
    assert response.status_code == 200
    assert "cấp dưới của chính nó" in response.content.decode()
    units["a"].refresh_from_db()
    assert units["a"].parent is None


@pytest.mark.parametrize(
    "role", ["unit_head", "staff", "principal", "council_member", "leader"]
)
def test_other_roles_cannot_change_units(client, personas, units, role):
    client.force_login(personas[role])
    assert client.get(reverse("organization:unit_add")).status_code == 403
    response = client.post(
        reverse("organization:unit_edit", args=[units["a"].pk]),
        {"name": "Đổi tên", "kind": "faculty", "position": 0},
    )
    assert response.status_code == 403
    assert client.post(reverse("organization:unit_delete", args=[units["b"].pk])).status_code == 403
    units["a"].refresh_from_db()
    assert units["a"].name == "Khoa Xây dựng Đảng"
    assert Unit.objects.filter(pk=units["b"].pk).exists()


def test_unit_with_members_is_not_deleted(client, personas, units):
    client.force_login(personas["admin"])
    response = client.post(reverse("organization:unit_delete", args=[units["b"].pk]), follow=True)
    assert Unit.objects.filter(pk=units["b"].pk).exists()
    assert "không thể xoá" in response.content.decode()


def test_empty_unit_is_deleted(client, personas, org):
    unit = Unit.objects.create(organization=org, name="Tổ tạm", kind="other")
    client.force_login(personas["admin"])
    client.post(reverse("organization:unit_delete", args=[unit.pk]))
    assert not Unit.objects.filter(pk=unit.pk).exists()

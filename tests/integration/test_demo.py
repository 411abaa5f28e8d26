"""The demo school: the seed's organisation, units, principal, people and four years of history."""

import io

import pytest
from django.core.management import call_command

from thidua.accounts.models import Role, User
from thidua.achievements.models import Discipline, Leave, YearGrade
from thidua.organization.models import Organization, Person, Unit
from thidua.register.models import Award

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    return Organization.objects.get(abbreviation="TCTTP")


def test_demo_is_the_seeds_school(demo):
    assert demo.name == "Trường Chính trị Trần Phú"
    assert demo.parent_body == "Tỉnh ủy Hà Tĩnh"
    assert demo.document_style == "party"
    names = set(Unit.objects.filter(organization=demo).values_list("name", flat=True))
    assert {
        "Ban Giám hiệu", "Khoa Xây dựng Đảng", "Khoa Lý luận cơ sở", "Khoa Nhà nước và Pháp luật",
        "Khoa Dân vận", "Phòng Tổ chức – Hành chính", "Phòng Quản lý đào tạo",
        "Phòng Quản lý khoa học – Thông tin tư liệu",
    } <= names  # fmt: skip
    assert any(name.startswith("Tổ công đoàn") for name in names)
    principal = Person.objects.get(organization=demo, position="Hiệu trưởng")
    assert principal.display_name == "TS Nguyễn Trọng Tứ"


def test_demo_staff_mix(demo):
    people = Person.objects.filter(organization=demo)
    total = people.count()
    assert 55 <= total <= 70
    assert 0.5 <= people.filter(category="lecturer").count() / total <= 0.7
    assert 0.4 <= people.filter(gender="F").count() / total <= 0.6
    assert len({p.full_name for p in people}) == total


def test_demo_history_covers_2019_to_2022(demo):
    for year in (2019, 2020, 2021, 2022):
        assert YearGrade.objects.filter(organization=demo, year=year).exists()
        assert Award.objects.filter(organization=demo, year=year, code="LDTT").exists()
        ldtt = Award.objects.filter(organization=demo, year=year, code="LDTT").count()
        cstd = Award.objects.filter(organization=demo, year=year, code="CSTD_CS").count()
        # The demo respects the 15% cap of Nghị định 91/2017/NĐ-CP, Điều 9.3.
        assert 0 < cstd <= ldtt * 0.15
    assert Discipline.objects.filter(organization=demo).exists()
    assert Leave.objects.filter(organization=demo, kind="maternity").exists()
    assert Award.objects.filter(organization=demo, code="CSTD_TINH").exists()


def test_demo_has_one_account_per_role(demo):
    for role in Role.values:
        assert User.objects.filter(grants__role=role, organization=demo).exists(), role


def test_load_demo_is_idempotent(demo):
    before = (Person.objects.count(), Award.objects.count(), Unit.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Person.objects.count(), Award.objects.count(), Unit.objects.count()) == before

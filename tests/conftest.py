"""Personas and a small organisation shared by the integration and browser tests.

Personas are named after roles, as Healthchecks names alice, bob and charlie: a staff member, a
unit head, the council secretary, a council member, the principal, a read-only leader, an
administrator, and an outsider from another organisation.
"""

import functools
import io
from contextlib import contextmanager
from datetime import date

import pytest
from auditlog.context import disable_auditlog
from django.core.management import call_command

from tests.helpers.snapshot import Snapshot
from thidua.accounts.models import Role, RoleGrant, User
from thidua.organization.models import (
    Assignment,
    Organization,
    Person,
    StaffCategory,
    Unit,
    UnitKind,
)

PASSWORD = "Mat-khau-thu-2022"


def pytest_collection_modifyitems(items):
    # The tests without a database check the same thing whatever DATABASE_URL says.
    for item in items:
        if "/unit/" in str(item.fspath):
            item.add_marker(pytest.mark.any_engine)


def pytest_configure(config):
    """Hash the tests' passwords with a cheap Argon2 (tests/helpers/hashers.py); production's
    hasher stays second so a password stored at its cost still verifies."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = [
        "tests.helpers.hashers.QuickArgon2PasswordHasher", *settings.PASSWORD_HASHERS
    ]


def make_person(organization, unit, family_and_middle, given, *, gender="M", **extra):
    person = Person.objects.create(
        organization=organization,
        family_and_middle=family_and_middle,
        given=given,
        gender=gender,
        category=extra.pop("category", StaffCategory.LECTURER),
        hired_on=extra.pop("hired_on", date(2015, 9, 1)),
        **extra,
    )
    Assignment.objects.create(
        person=person, unit=unit, started_on=person.hired_on or date(2020, 1, 1)
    )
    return person


def make_user(username, organization, role, *, person=None, unit=None, password=None):
    user = User.objects.create(username=username, organization=organization, person=person)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    if role == Role.ADMIN:
        user.is_superuser = user.is_staff = True
    user.save()
    RoleGrant.objects.create(user=user, role=role, unit=unit)
    return user


def unaudited(fixture):
    """Make the fixture's rows without audit entries: they are the tests' starting point, not
    anybody's action, and auditlog's diff of every field was most of what they cost."""

    @functools.wraps(fixture)
    def without_audit(*args, **kwargs):
        with disable_auditlog():
            return fixture(*args, **kwargs)

    return without_audit


@pytest.fixture
@unaudited
def org(db):
    return Organization.objects.create(
        name="Trường Chính trị Thử nghiệm",
        parent_body="Tỉnh ủy Thử nghiệm",
        abbreviation="TCTTN",
        place_name="Hà Tĩnh",
        document_style="party",
    )


@pytest.fixture
@unaudited
def units(org):
    return {
        "a": Unit.objects.create(
            organization=org, name="Khoa Xây dựng Đảng", kind=UnitKind.FACULTY
        ),
        "b": Unit.objects.create(organization=org, name="Khoa Dân vận", kind=UnitKind.FACULTY),
        "office": Unit.objects.create(
            organization=org, name="Phòng Tổ chức – Hành chính", kind=UnitKind.OFFICE
        ),
    }


@pytest.fixture
@unaudited
def people(org, units):
    return {
        "staff": make_person(org, units["a"], "Trần Thị", "Hoa", gender="F"),
        "head": make_person(org, units["a"], "Lê Văn", "Sơn", position="Trưởng khoa"),
        "dat": make_person(org, units["a"], "Nguyễn Văn", "Đạt"),
        "other": make_person(org, units["b"], "Phạm Thị", "Lan", gender="F"),
        "secretary": make_person(
            org, units["office"], "Hoàng Minh", "Quang", category=StaffCategory.MANAGER
        ),
    }


@pytest.fixture
@unaudited
def personas(org, units, people):
    """Return one account per role of the organisation, plus an outsider."""
    elsewhere = Organization.objects.create(
        name="Trường Chính trị Nơi khác", abbreviation="TCTNK", place_name="Nghệ An"
    )
    outsider_unit = Unit.objects.create(organization=elsewhere, name="Khoa Khác", kind="faculty")
    outsider_person = make_person(elsewhere, outsider_unit, "Vũ Văn", "Khách")
    return {
        "admin": make_user("quantri", org, Role.ADMIN),
        "secretary": make_user("thuky", org, Role.SECRETARY, person=people["secretary"]),
        "council_member": make_user("uyvien", org, Role.COUNCIL_MEMBER),
        "principal": make_user("hieutruong", org, Role.PRINCIPAL),
        "leader": make_user("lanhdao", org, Role.LEADER),
        "unit_head": make_user(
            "truongkhoa", org, Role.UNIT_HEAD, person=people["head"], unit=units["a"]
        ),
        "staff": make_user("canbo", org, Role.STAFF, person=people["staff"]),
        "outsider": make_user("ngoai", elsewhere, Role.SECRETARY, person=outsider_person),
    }


# The demo school --------------------------------------------------------------------------------


class DemoCopy:
    """The session's two copies of the database: with the demo loaded, and without it."""

    def __init__(self, loaded, empty):
        self.loaded, self.empty = loaded, empty

    @contextmanager
    def in_database(self):
        """The demo committed for the block (a module fixture's), then the database without it."""
        self.loaded.restore()
        try:
            yield
        finally:
            self.empty.restore()


@pytest.fixture(scope="session")
def demo_copy(django_db_setup, django_db_blocker):
    """Load the demo school once for the session; keep copies of the database with and without it.

    ``loaded`` is put back by the browser tests before each test and by ``demo_school`` for a
    module; ``empty`` is the database as the session had it, put back at once after the load, so
    no test sees the demo unless it asks for it.
    """
    with django_db_blocker.unblock():
        empty = Snapshot.take()
        call_command("load_demo", stdout=io.StringIO())
        loaded = Snapshot.take()
        empty.restore()
    yield DemoCopy(loaded, empty)
    loaded.close()
    empty.close()


@pytest.fixture(scope="module")
def demo_school(demo_copy, django_db_blocker):
    """The demo school, committed for the whole module from the session's copy.

    Each test runs in its own transaction (``db``), so what a test writes is rolled back before
    the next; at the module's end the database is put back without the demo. Use it only in
    modules whose every database test expects the demo.
    """
    with django_db_blocker.unblock(), demo_copy.in_database():
        yield

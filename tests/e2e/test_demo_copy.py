"""The browser tests' demo is a copy put back before each test: what one test writes, the next
does not see, and the ids start again from the same place (the order of the two runs is free)."""

import pytest

from tests.conftest import make_person
from thidua.organization.models import Organization, Person, Unit

DEMO_NAME = "Trường Chính trị Trần Phú"
GIVEN = "Rò Rỉ"
CREATED: list[int] = []


@pytest.mark.parametrize("run", [1, 2])
def test_each_test_starts_from_the_same_demo(run, sign_in):
    # The live server reads the copy: the demo's secretary signs in.
    sign_in("thuky")
    organization = Organization.objects.get(abbreviation="TCTTP")
    assert organization.name == DEMO_NAME
    assert not Person.objects.filter(given=GIVEN).exists()
    people = Person.objects.count()
    # Write what a careless test would leave behind.
    unit = Unit.objects.filter(organization=organization).order_by("pk").first()
    person = make_person(organization, unit, "Lê Thị", GIVEN, gender="F")
    organization.name = "Trường đã đổi tên ở lần chạy {}".format(run)
    organization.save()
    assert Person.objects.count() == people + 1
    CREATED.append(person.pk)
    if len(CREATED) == 2:
        # The second run saw none of the first's rows, and got the same next id.
        assert CREATED[0] == CREATED[1]

"""The demo school's calendar and to-do lists (issue 18)."""

from datetime import date

import pytest
from auditlog.models import LogEntry

from thidua.plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_school, db):
    return Plan.objects.get(year=2022, symbol="KH/TCTTP")


def test_the_demo_plan_has_the_seed_dates_entered_through_the_action(demo):
    # The seed: "Thời gian tổng kết phong trào thi đua vào 30/12/2022" (III.1).
    assert demo.report_deadline == date(2022, 12, 30)
    assert demo.registration_deadline == date(2022, 3, 31)
    entries = LogEntry.objects.get_for_object(demo).filter(changes__icontains="report_deadline")
    assert entries.get().actor.username == "thuky"

"""The plan's calendar (issue 18): its deadlines entered on the plan's edit screen by those who
edit plans, validated for order, shown as a timeline, copied to next year, and the seed's dates
in the demo's 2022 plan (tests/integration/test_demo_todo.py)."""

from datetime import date

import pytest
from django.urls import reverse

from thidua.plans.actions import do_copy_plan
from thidua.plans.models import Plan

pytestmark = pytest.mark.django_db

PAYLOAD = {
    "year": 2022, "number": "3", "symbol": "KH/TCTTN", "place": "Hà Tĩnh",
    "issued_on": "08/03/2022", "title": "Triển khai phong trào thi đua năm 2022",
    "purposes": "Mục đích", "theme": "Chủ đề", "signer_title": "HIỆU TRƯỞNG",
}  # fmt: skip
CALENDAR = {
    "registration_deadline": "31/03/2022", "evidence_deadline": "15/11/2022",
    "nomination_deadline": "25/11/2022", "council_meeting_on": "05/12/2022",
    "report_deadline": "30/12/2022", "province_dossier_deadline": "10/01/2023",
    "academy_dossier_deadline": "20/12/2022",
}  # fmt: skip


@pytest.fixture
def plan(org):
    return Plan.objects.create(
        organization=org, year=2022, number="3", symbol="KH/TCTTN", place="Hà Tĩnh",
        issued_on=date(2022, 3, 8), title="Triển khai phong trào thi đua năm 2022",
        purposes="Mục đích", theme="Chủ đề",
    )  # fmt: skip


def test_secretary_enters_the_calendar_and_the_page_shows_it_in_order(client, personas, plan):
    client.force_login(personas["secretary"])
    url = reverse("plans:plan_edit", args=[plan.pk])
    assert client.post(url, {**PAYLOAD, **CALENDAR}).status_code == 302
    plan.refresh_from_db()
    assert plan.council_meeting_on == date(2022, 12, 5)
    assert plan.province_dossier_deadline == date(2023, 1, 10)
    rows = plan.calendar(today=date(2022, 11, 20))
    assert [row["field"] for row in rows] == [
        "registration_deadline", "evidence_deadline", "nomination_deadline",
        "council_meeting_on", "academy_dossier_deadline", "report_deadline",
        "province_dossier_deadline",
    ]  # fmt: skip
    assert [row["state"] for row in rows] == ["past", "past", "next"] + ["ahead"] * 4
    page = client.get(plan.get_absolute_url()).content.decode()
    assert page.index("31/03/2022") < page.index("05/12/2022") < page.index("10/01/2023")
    assert "Ngày họp Hội đồng TĐ-KT" in page and "Sửa lịch thực hiện" in page


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("evidence_deadline", "01/03/2022", "Phải từ hạn đăng ký thi đua (31/03/2022)"),
        ("council_meeting_on", "20/11/2022", "Phải từ hạn đơn vị gửi đề nghị khen thưởng"),
        ("report_deadline", "01/12/2022", "Phải từ ngày họp Hội đồng TĐ-KT (05/12/2022)"),
        ("province_dossier_deadline", "10/01/2024", "Phải trong năm 2022 hoặc đầu năm sau."),
    ],
)
def test_a_calendar_out_of_order_is_refused_and_nothing_saved(
    client, personas, plan, field, value, message
):
    client.force_login(personas["secretary"])
    response = client.post(
        reverse("plans:plan_edit", args=[plan.pk]), {**PAYLOAD, **CALENDAR, field: value}
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    plan.refresh_from_db()
    assert plan.council_meeting_on is None


def test_a_gap_in_the_calendar_still_checks_the_dates_it_has(plan):
    from django.core.exceptions import ValidationError

    plan.registration_deadline, plan.council_meeting_on = date(2022, 6, 1), date(2022, 5, 1)
    with pytest.raises(ValidationError, match="Phải từ hạn đăng ký thi đua"):
        plan.full_clean()


@pytest.mark.parametrize("role", ["principal", "unit_head", "staff", "council_member"])
def test_only_those_who_edit_plans_change_the_calendar(client, personas, plan, role):
    client.force_login(personas[role])
    response = client.post(reverse("plans:plan_edit", args=[plan.pk]), {**PAYLOAD, **CALENDAR})
    assert response.status_code in (403, 404)
    plan.refresh_from_db()
    assert plan.council_meeting_on is None
    assert "Sửa lịch thực hiện" not in client.get(plan.get_absolute_url()).content.decode()


def test_the_copy_moves_the_calendar_a_year_on(personas, plan):
    plan.council_meeting_on, plan.province_dossier_deadline = date(2022, 12, 5), date(2023, 1, 10)
    plan.save()
    copy = do_copy_plan(plan, acting_user=personas["secretary"])
    assert (copy.council_meeting_on, copy.province_dossier_deadline) == (
        date(2023, 12, 5), date(2024, 1, 10),
    )  # fmt: skip


"""The demo's closing of 2022 (issue 17, item 4): its phase summed up by the secretary on the
day the plan names (30/12/2022), with two commendations, through the actions like a user."""

from datetime import date

from django.utils import timezone

from thidua.accounts.models import User
from thidua.closing.actions import do_commend, do_record_phase_summary
from thidua.closing.models import PhaseSummary
from thidua.organization.models import Person, Unit
from thidua.plans.models import Plan
from thidua.rules import commendations

ACHIEVEMENTS = [
    "Các khoa, phòng tổ chức hưởng ứng phong trào thi đua năm 2022; 7/7 khoa, phòng có kế hoạch "
    "thi đua của đơn vị.",
    "Hoàn thành kế hoạch đào tạo, bồi dưỡng và nghiên cứu khoa học năm 2022 (nghiệm thu 5/5 đề "
    "tài cấp cơ sở); không có cán bộ, viên chức vi phạm pháp luật.",
]


def close_phases_2022(organization) -> list[PhaseSummary]:
    """Sum up the 2022 phases that have ended (once), with two Giấy khen for the first."""
    plan = Plan.objects.filter(organization=organization, year=2022).first()
    secretary = User.objects.filter(organization=organization, username="thuky").first()
    if plan is None or secretary is None:
        return []
    summaries = []
    faculty = Unit.objects.filter(organization=organization, name="Khoa Xây dựng Đảng").first()
    for phase in plan.phases.all():
        if PhaseSummary.objects.filter(phase=phase).exists():
            continue
        if timezone.localdate() <= phase.ends_on:
            continue  # a demo loaded under a clock set inside 2022 leaves the phase running
        rows = []
        if faculty is not None:
            result = ("Hoàn thành xuất sắc kế hoạch giảng dạy; 3 bài viết đăng Thông tin Lý "
                      "luận và Thực tiễn.")  # fmt: skip
            rows.append((faculty, result, "Báo cáo tổng kết của khoa"))
        summary = do_record_phase_summary(
            phase, summed_up_on=phase.review_on, achievements="\n".join(ACHIEVEMENTS),
            unit_results=rows, acting_user=secretary,
        )  # fmt: skip
        people = Person.objects.filter(organization=organization, staff_code__in=["00022", "00005"])
        for person in people.order_by("staff_code"):
            do_commend(
                summary, kind=commendations.PHASE, person=person, acting_user=secretary,
                reason="Có thành tích xuất sắc trong phong trào thi đua năm 2022.",
            )  # fmt: skip
        summaries.append(summary)
    return summaries


def closing_day(year: int) -> date:
    """The plan's date of the year-end summary (§III.1: 30/12)."""
    return date(year, 12, 30)

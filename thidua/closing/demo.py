"""The demo's closing of its years (issue 17, item 4), through the actions like a user:
- 2022: its phase summed up by the secretary on the day the plan names (30/12/2022), with two
  commendations drafted into a decision the principal signed in early January;
- 2021: its phase summed up and the year-end report complete, the officer's sections written
  from the figures the report measures (the 2021 plan is the demo's, plans/demo.py).
"""

from datetime import date

from django.utils import timezone

from thidua.accounts.models import User
from thidua.closing.actions import (
    do_commend,
    do_draft_phase_decision,
    do_record_phase_summary,
    do_save_year_report,
)
from thidua.closing.models import PhaseSummary, YearReport
from thidua.decisions.actions import do_issue_decision
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
        principal = User.objects.filter(organization=organization, username="hieutruong").first()
        if principal is not None and summary.commendations.exists():
            # The secretary drafts the phase's decision; the principal signs it after the
            # summing-up, in the first days of January (today at the latest).
            decision = do_draft_phase_decision(summary, acting_user=secretary)
            do_issue_decision(decision, decided_on=min(PHASE_DECISION_ON, timezone.localdate()),
                              acting_user=principal)  # fmt: skip
        summaries.append(summary)
    return summaries


PHASE_DECISION_ON = date(2023, 1, 6)
ACHIEVEMENTS_2021 = [
    "Các khoa, phòng hưởng ứng phong trào thi đua năm 2021; 7/7 khoa, phòng có kế hoạch thi đua "
    "của đơn vị.",
    "Hoàn thành kế hoạch đào tạo, bồi dưỡng năm 2021 trong điều kiện phòng, chống dịch Covid-19; "
    "nghiệm thu 4/4 đề tài cấp cơ sở.",
]
# The officer's sections of the 2021 report, written from its figures (the demo's 2021).
REPORT_2021 = {
    "assessment": (
        "Phong trào thi đua năm 2021 được triển khai đồng bộ, gắn với nhiệm vụ chính trị của "
        "nhà trường trong điều kiện dịch Covid-19.\n"
        "Đạt 11/12 chỉ tiêu của kế hoạch: 61/61 cán bộ, viên chức đạt danh hiệu Lao động tiên "
        "tiến; 9 đồng chí đạt Chiến sĩ thi đua cơ sở (14,8%), 01 đồng chí đạt Chiến sĩ thi đua "
        "cấp tỉnh; nhà trường và 01 khoa, phòng đạt danh hiệu Tập thể lao động xuất sắc.\n"
        "Tờ trình số 52 đề nghị Chủ tịch UBND tỉnh khen thưởng được chấp thuận 8/9 trường hợp; "
        "tại cụm thi đua số 5, nhà trường đạt 81 điểm, xếp thứ 3/6."
    ),
    "shortcomings": (
        "Chưa đạt chỉ tiêu 100% giảng viên có sáng kiến, bài viết, giáo trình: còn giảng viên "
        "chưa có sản phẩm khoa học trong năm.\n"
        "Một số hồ sơ đề nghị cấp trên khen thưởng chưa đủ thành tích hai năm liên tục nên chưa "
        "được xét tặng."
    ),
    "lessons": (
        "Cấp ủy, lãnh đạo nhà trường chỉ đạo sát sao, phát động thi đua ngay từ đầu năm.\n"
        "Theo dõi minh chứng thành tích thường xuyên, không dồn vào cuối năm."
    ),
    "directions": (
        "Tiếp tục triển khai các phong trào thi đua thường xuyên, gắn với xây dựng Trường Chính "
        "trị Trần Phú đạt chuẩn.\n"
        "Phấn đấu 100% giảng viên có sáng kiến, bài viết, giáo trình; đề nghị Cờ thi đua của "
        "Học viện khi nhà trường dẫn đầu cụm thi đua số 5."
    ),
}


def close_year_2021(organization) -> YearReport | None:
    """Sum up the 2021 phase and write the officer's sections of the 2021 report (once)."""
    plan = Plan.objects.filter(organization=organization, year=2021).first()
    secretary = User.objects.filter(organization=organization, username="thuky").first()
    if plan is None or secretary is None:
        return None
    faculty = Unit.objects.filter(organization=organization, name="Khoa Xây dựng Đảng").first()
    for phase in plan.phases.all():
        if PhaseSummary.objects.filter(phase=phase).exists():
            continue
        rows = []
        if faculty is not None:
            result = ("Hoàn thành kế hoạch giảng dạy năm 2021; 2 bài viết đăng Thông tin Lý "
                      "luận và Thực tiễn.")  # fmt: skip
            rows.append((faculty, result, "Báo cáo tổng kết của khoa"))
        do_record_phase_summary(
            phase, summed_up_on=phase.review_on, achievements="\n".join(ACHIEVEMENTS_2021),
            unit_results=rows, acting_user=secretary,
        )  # fmt: skip
    report = YearReport.objects.filter(organization=organization, year=2021).first()
    if report is not None:
        return report
    return do_save_year_report(organization, 2021, acting_user=secretary, **REPORT_2021)


def closing_day(year: int) -> date:
    """The plan's date of the year-end summary (§III.1: 30/12)."""
    return date(year, 12, 30)

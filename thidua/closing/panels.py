"""What a person's and a unit's page show of closing the year (thidua.organization.panels):
their phase commendations and results, each linking to the phase's summary, and the year-end
reports that name the unit. Links only for those who may open the closing pages; the lines
themselves are what the page's reader may already read of the person or unit."""

from django.urls import reverse

from thidua.closing.models import PhaseCommendation, UnitResult
from thidua.plans.models import Plan


def _may_open(user, plan) -> bool:
    return user.has_perm("closing.view_closing", plan)


def _phase_url(phase, user) -> str:
    return reverse("closing:phase_summary", args=[phase.pk]) if _may_open(user, phase.plan) else ""


def _commendation_line(c: PhaseCommendation, user) -> tuple[str, str]:
    phase = c.summary.phase
    text = "{}: {} – {} ({}, Giấy khen)".format(
        phase.plan.year, phase.name, c.reason, c.get_kind_display().lower()
    )
    return text, _phase_url(phase, user)


def person_lines(person, user) -> list[tuple[str, str]]:
    rows = PhaseCommendation.objects.filter(person=person).select_related("summary__phase__plan")
    return [_commendation_line(c, user) for c in rows]


def unit_lines(unit, user) -> list[tuple[str, str]]:
    lines = [
        _commendation_line(c, user)
        for c in PhaseCommendation.objects.filter(unit=unit).select_related("summary__phase__plan")
    ]
    for row in UnitResult.objects.filter(unit=unit).select_related("summary__phase__plan"):
        phase = row.summary.phase
        text = "{}: kết quả {} – {}".format(phase.plan.year, phase.name, row.result)
        lines.append((text, _phase_url(phase, user)))
    # The year-end report gives every target by unit: one link a year with a plan.
    for plan in Plan.objects.filter(organization_id=unit.organization_id).order_by("-year"):
        if _may_open(user, plan):
            lines.append((
                "{}: báo cáo tổng kết phong trào thi đua (chỉ tiêu theo đơn vị)".format(plan.year),
                reverse("closing:year_report", args=[plan.year]),
            ))  # fmt: skip
    return lines

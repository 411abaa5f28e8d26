"""Business actions of closing the year: one transaction each, asking closing's permissions
first, with the acting user on the audit entries; a refusal writes nothing."""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from thidua.closing.models import PhaseCommendation, PhaseSummary, UnitResult, YearReport
from thidua.core.actions import ActionRefused, require_perm
from thidua.core.audit import set_actor
from thidua.decisions.actions import default_legal_bases, principal_name
from thidua.decisions.models import DECISION_TYPE, Decision, DecisionEntry
from thidua.plans.models import Phase, Plan
from thidua.rules import commendations

SECRETARY_ONLY = "Chỉ Thường trực Hội đồng TĐ-KT và quản trị hệ thống được tổng kết thi đua."
DRAFTERS_ONLY = "Chỉ thường trực Hội đồng hoặc Hiệu trưởng soạn được quyết định khen thưởng."
DECIDED = (
    "Khen thưởng của đợt đã vào «{}»; muốn sửa danh sách, bỏ dự thảo đó (hoặc thu hồi quyết "
    "định) rồi soạn lại."
)


@transaction.atomic
def do_record_phase_summary(
    phase: Phase, *, summed_up_on: date | None = None, achievements: str,
    unit_results=(), acting_user,
) -> PhaseSummary:  # fmt: skip
    """Record (or rewrite) a phase's summary once the phase has ended: what was achieved against
    its aims, and by unit (unit, result, evidence) — the lines given replace the old ones."""
    plan = phase.plan
    require_perm(acting_user, "closing.sum_up_phase", plan, message=SECRETARY_ONLY)
    today = timezone.localdate()
    summed_up_on = summed_up_on or today
    if today <= phase.ends_on:
        raise ActionRefused(
            "Đợt thi đua «{}» kết thúc ngày {:%d/%m/%Y}; chỉ tổng kết được sau khi đợt kết "
            "thúc.".format(phase.name, phase.ends_on)
        )
    if summed_up_on < phase.ends_on:
        raise ActionRefused(
            "Ngày tổng kết {:%d/%m/%Y} trước ngày kết thúc đợt {:%d/%m/%Y}.".format(
                summed_up_on, phase.ends_on
            )
        )
    if summed_up_on > today:
        raise ActionRefused(
            "Ngày tổng kết {:%d/%m/%Y} ở tương lai; chỉ ghi ngày đã tổng kết.".format(summed_up_on)
        )
    if not achievements.strip():
        raise ActionRefused("Cần ghi kết quả đạt được so với mục đích của đợt thi đua.")
    lines = []
    for unit, result, evidence in unit_results:
        if unit.organization_id != plan.organization_id:
            raise ActionRefused("Đơn vị «{}» không thuộc cơ quan.".format(unit.name))
        if result.strip():
            lines.append((unit, result.strip(), evidence.strip()))
    if len({unit.pk for unit, _, _ in lines}) != len(lines):
        raise ActionRefused("Mỗi đơn vị chỉ ghi một kết quả.")
    with set_actor(acting_user):
        summary = PhaseSummary.objects.select_for_update().filter(phase=phase).first()
        if summary is None:
            summary = PhaseSummary(phase=phase)
        summary.summed_up_on = summed_up_on
        summary.achievements = achievements.strip()
        summary.recorded_by = acting_user
        summary.full_clean(exclude=["phase"])
        summary.save()
        summary.unit_results.all().delete()
        for unit, result, evidence in lines:
            UnitResult.objects.create(summary=summary, unit=unit, result=result, evidence=evidence)
    return summary


@transaction.atomic
def do_commend(
    summary: PhaseSummary, *, kind: str, reason: str, person=None, unit=None, movement=None,
    acting_user,
) -> PhaseCommendation:  # fmt: skip
    """Record a Giấy khen of a summed-up phase for a person or a unit, with its legal source."""
    summary = PhaseSummary.objects.select_for_update().select_related("phase__plan").get(
        pk=summary.pk
    )
    plan = summary.phase.plan
    require_perm(acting_user, "closing.sum_up_phase", plan, message=SECRETARY_ONLY)
    if summary.live_decision is not None:
        raise ActionRefused(DECIDED.format(summary.live_decision))
    if kind not in commendations.KIND_NAMES:
        raise ActionRefused("Chọn loại khen thưởng: tổng kết đợt, chuyên đề hoặc đột xuất.")
    if (person is None) == (unit is None):
        raise ActionRefused("Mỗi khen thưởng cho một cán bộ hoặc một tập thể.")
    subject = person or unit
    if subject.organization_id != plan.organization_id:
        raise ActionRefused("Chỉ khen thưởng cán bộ, tập thể của cơ quan mình.")
    if kind == commendations.THEMATIC and (movement is None or movement.plan_id != plan.pk):
        raise ActionRefused("Khen thưởng theo chuyên đề cần chọn phong trào của kế hoạch.")
    if not reason.strip():
        raise ActionRefused("Cần ghi thành tích được khen.")
    basis = commendations.basis_for(kind)
    position = (summary.commendations.aggregate(m=Max("position"))["m"] or 0) + 1
    commendation = PhaseCommendation(
        summary=summary, person=person, unit=unit, kind=kind, form=basis.form,
        movement=movement if kind == commendations.THEMATIC else None, reason=reason.strip(),
        legal_source=basis.text, verdict=basis.verdict, position=position,
    )  # fmt: skip
    with set_actor(acting_user):
        try:
            with transaction.atomic():
                commendation.save()
        except IntegrityError:
            raise ActionRefused(
                "{} đã được khen «{}» trong đợt này.".format(
                    subject.display_name if person else subject.name,
                    commendations.KIND_NAMES[kind],
                )
            ) from None
    return commendation


@transaction.atomic
def do_draft_phase_decision(summary: PhaseSummary, *, acting_user) -> Decision:
    """Draft the decision of a summed-up phase's commendations (one Giấy khen line each, naming
    its occasion): the principal issues it as any other, which writes the award register."""
    # The decision is read after the lock (PostgreSQL locks no nullable side of an outer join).
    summary = PhaseSummary.objects.select_for_update().select_related(
        "phase__plan__organization"
    ).get(pk=summary.pk)
    plan = summary.phase.plan
    require_perm(acting_user, "decisions.draft_decisions", plan, message=DRAFTERS_ONLY)
    if summary.live_decision is not None:
        raise ActionRefused(DECIDED.format(summary.live_decision))
    rows = list(summary.commendations.select_related("person", "unit", "movement"))
    if not rows:
        raise ActionRefused("Đợt «{}» chưa có khen thưởng nào để soạn quyết định.".format(
            summary.phase.name))  # fmt: skip
    organization = plan.organization
    decision = Decision(
        organization=organization, year=plan.year,
        symbol="{}/{}".format(DECISION_TYPE, organization.abbreviation),
        place=organization.place_name, signer_name=principal_name(organization),
        legal_bases=default_legal_bases(organization, timezone.localdate()),
        titles=[commendations.FORM], created_by=acting_user,
    )  # fmt: skip
    with set_actor(acting_user):
        decision.full_clean()
        decision.save()
        for position, row in enumerate(rows, 1):
            DecisionEntry.objects.create(
                decision=decision, person=row.person, unit=row.unit, title=row.form,
                occasion=row.occasion, position=position,
            )  # fmt: skip
        summary.decision = decision
        summary.save(update_fields=["decision"])
    return decision


def plan_for_report(organization, year: int) -> Plan:
    """Return the year's plan; a report of a year without a plan is refused."""
    plan = Plan.objects.filter(organization=organization, year=year).first()
    if plan is None:
        raise ActionRefused(
            "{} chưa có kế hoạch thi đua năm {}; báo cáo tổng kết đối chiếu với kế hoạch nên "
            "chưa lập được.".format(organization.name, year)
        )
    return plan


@transaction.atomic
def do_save_year_report(organization, year: int, *, acting_user, **sections) -> YearReport:
    """Save the officer's sections of the year-end report (assessment, shortcomings, lessons,
    directions); only those given change."""
    plan = plan_for_report(organization, year)
    require_perm(acting_user, "closing.write_year_report", plan, message=SECRETARY_ONLY)
    unknown = set(sections) - set(YearReport.SECTIONS)
    if unknown:
        raise ActionRefused("Báo cáo không có mục: {}.".format(", ".join(sorted(unknown))))
    with set_actor(acting_user):
        report = (
            YearReport.objects.select_for_update()
            .filter(organization=organization, year=year)
            .first()
        ) or YearReport(organization=organization, year=year)
        for name, text in sections.items():
            setattr(report, name, (text or "").strip())
        report.updated_by = acting_user
        report.full_clean()
        report.save()
    return report


def phase_decision_date_refusal(decision, day: date) -> str:
    """Why a phase's decision cannot be dated ``day`` ("" if it can): its commendations follow
    the phase's summary, so it is not signed before the summary day (decisions.hooks; one
    query, none for a decision that is no phase's)."""
    if decision.pk is None or decision.session_id:
        return ""
    summary = (
        PhaseSummary.objects.filter(decision_id=decision.pk).select_related("phase").first()
    )
    if summary is None or day >= summary.summed_up_on:
        return ""
    return (
        "Ngày quyết định {:%d/%m/%Y} trước ngày tổng kết {:%d/%m/%Y} của đợt «{}»: khen "
        "thưởng của đợt theo kết quả tổng kết nên quyết định không ký trước ngày đó được.".format(
            day, summary.summed_up_on, summary.phase.name
        )
    )

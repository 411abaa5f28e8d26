"""Business actions on plans: one transaction each, asking the plans' permissions first, with the
acting user on the audit entries. A plan has no states of its own (a phase's is computed when
read), so there is no workflow table here."""

from django.db import transaction

from thidua.core.actions import ActionRefused, require_perm
from thidua.core.audit import set_actor
from thidua.plans.models import CALENDAR, Plan

PLANS_REFUSED = (
    "Chỉ Thường trực Hội đồng TĐ-KT và quản trị hệ thống được lập, sửa kế hoạch thi đua."
)


@transaction.atomic
def do_save_plan_part(part, *, acting_user):
    """Create or update a plan's part (target, phase, content, movement, basis), validated by
    its model; whoever may change the plan may change its parts."""
    require_perm(acting_user, "plans.change_plan", part.plan, message=PLANS_REFUSED)
    with set_actor(acting_user):
        part.full_clean()
        part.save()
    return part


@transaction.atomic
def do_save_plan(plan: Plan, *, acting_user) -> Plan:
    """Create or update a plan, validated by its model."""
    permission = "plans.add_plan" if plan.pk is None else "plans.change_plan"
    require_perm(acting_user, permission, plan, message=PLANS_REFUSED)
    with set_actor(acting_user):
        plan.full_clean()
        plan.save()
    return plan


@transaction.atomic
def do_copy_plan(plan: Plan, *, acting_user) -> Plan:
    """Start next year's plan from this one: texts, bases, movements, targets; phases shifted.

    The copy keeps the number blank-free but dated in the new year; targets lose last year's
    results (done, evidence, entered counts).
    """
    require_perm(acting_user, "plans.add_plan", plan, message=PLANS_REFUSED)
    year = plan.year + 1
    if Plan.objects.filter(organization=plan.organization, year=year).exists():
        raise ActionRefused("Đã có kế hoạch thi đua năm {}.".format(year))
    with set_actor(acting_user):
        copy = Plan.objects.get(pk=plan.pk)
        copy.pk = None
        copy.year = year
        copy.issued_on = _shift(plan.issued_on)
        for field in CALENDAR:
            day = getattr(plan, field)
            setattr(copy, field, day and _shift(day))
        copy.title = plan.title.replace(str(plan.year), str(year))
        copy.full_clean()
        copy.save()
        for related in ("bases", "content_items", "movements", "targets", "phases"):
            for part in getattr(plan, related).all():
                part.pk = None
                part.plan = copy
                if related == "targets":
                    part.done, part.evidence, part.entered_count = False, "", None
                if related == "phases":
                    part.starts_on, part.ends_on, part.review_on = (
                        _shift(part.starts_on), _shift(part.ends_on), _shift(part.review_on),
                    )  # fmt: skip
                part.save()
    return copy


def _shift(day):
    """Return the same day a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)

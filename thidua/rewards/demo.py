"""The demo's reward fund: 2022's allocation, and the bảng kê of the 2021 decision paid from it
(through the actions, as the secretary and the accountant would)."""

from datetime import date

from thidua.accounts.models import User
from thidua.decisions.models import Decision, DecisionState
from thidua.rewards.actions import do_add_fund_income, do_record_reward_expense
from thidua.rewards.models import BaseSalary, FundEntry

INCOME = (50_000_000, date(2022, 1, 5), "Trích lập quỹ thi đua, khen thưởng năm 2022")
PAID_ON = date(2022, 1, 10)


def ensure_base_salaries() -> None:
    """Put back the decrees' base salaries when the table is empty. Migration 0002 seeds them in
    every installation; a database emptied since (a test database flushed between tests, a
    restore of an older backup) loads the demo too, and its decisions need them."""
    if BaseSalary.objects.exists():
        return
    from importlib import import_module

    seed = import_module("thidua.rewards.migrations.0002_seed_base_salaries").SEED
    BaseSalary.objects.bulk_create(
        BaseSalary(starts_on=starts, ends_on=ends, amount=amount, source=source, basis=basis)
        for starts, ends, amount, source, basis in seed
    )


def load_fund_2022(organization) -> None:
    """Seed the fund once: nothing is added to a fund that has entries."""
    if FundEntry.objects.filter(organization=organization).exists():
        return
    ensure_base_salaries()
    secretary = User.objects.filter(
        organization=organization, grants__role="secretary", is_active=True
    ).first()
    if secretary is None:
        return
    amount, entered_on, description = INCOME
    do_add_fund_income(organization, amount=amount, entered_on=entered_on,
                       description=description, acting_user=secretary)  # fmt: skip
    issued = Decision.objects.filter(
        organization=organization, state=DecisionState.ISSUED, decided_on__lte=PAID_ON
    ).order_by("decided_on", "pk")
    for decision in issued:
        do_record_reward_expense(decision, entered_on=PAID_ON, acting_user=secretary)

"""The demo's reward fund: 2022's allocation, and the bảng kê of the 2021 decision paid from it
(through the actions, as the secretary and the accountant would)."""

from datetime import date

from thidua.accounts.models import User
from thidua.decisions.models import Decision, DecisionState
from thidua.rewards.actions import do_add_fund_income, do_record_reward_expense
from thidua.rewards.models import FundEntry
from thidua.rewards.seed import ensure_base_salaries

INCOME = (50_000_000, date(2022, 1, 5), "Trích lập quỹ thi đua, khen thưởng năm 2022")
PAID_ON = date(2022, 1, 10)


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

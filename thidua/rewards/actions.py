"""The business actions of reward money: keeping the base salary table and the reward fund.

Each runs in one transaction, asks its permission (thidua.rewards.permissions) and writes its
audit entry through django-auditlog with the acting user as actor.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from thidua.core.actions import ActionRefused, locked, require_perm
from thidua.core.audit import set_actor
from thidua.decisions.models import DecisionState
from thidua.rewards import lists
from thidua.rewards.models import (
    MAX_BASE_SALARY,
    MAX_FUND_AMOUNT,
    BaseSalary,
    FundEntry,
    FundKind,
)
from thidua.rules import money


def _d(day: date) -> str:
    return "{:%d/%m/%Y}".format(day)


def _check_amount(amount, limit: int, what: str) -> int:
    if amount is None or isinstance(amount, bool) or not isinstance(amount, int):
        raise ActionRefused("{}: cần một số nguyên (đồng).".format(what))
    if amount <= 0:
        raise ActionRefused("{}: phải lớn hơn 0 đồng.".format(what))
    if amount > limit:
        raise ActionRefused(
            "{}: {} quá lớn (tối đa {}); kiểm tra lại số chữ số 0.".format(
                what, money.vnd(amount), money.vnd(limit)
            )
        )
    return amount


@transaction.atomic
def do_add_base_salary(
    *, starts_on: date, amount: int, basis: str, ends_on: date | None = None, acting_user
) -> BaseSalary:
    """Add a base salary from ``starts_on``. The period still open before it is closed the day
    before; a period that overlaps any other is refused, naming it."""
    require_perm(
        acting_user, "rewards.change_base_salary",
        message="Chỉ quản trị hệ thống sửa bảng lương cơ sở.",
    )  # fmt: skip
    _check_amount(amount, MAX_BASE_SALARY, "Mức lương cơ sở")
    basis = (basis or "").strip()
    if not basis:
        raise ActionRefused("Căn cứ (văn bản quy định mức lương cơ sở): bắt buộc.")
    if starts_on is None:
        raise ActionRefused("Ngày áp dụng: bắt buộc.")
    if ends_on is not None and ends_on < starts_on:
        raise ActionRefused("Ngày hết áp dụng {} trước ngày áp dụng {}.".format(
            _d(ends_on), _d(starts_on)))  # fmt: skip
    rows = list(BaseSalary.objects.select_for_update().order_by("starts_on"))
    # The period still in force when the new one starts ends the day before it.
    open_before = next(
        (r for r in rows if r.ends_on is None and r.starts_on < starts_on), None
    )
    new = money.BaseSalary(starts_on, ends_on, amount)
    others = [
        money.BaseSalary(r.starts_on, r.ends_on, r.amount, r.basis)
        for r in rows if r is not open_before
    ]  # fmt: skip
    clash = money.overlapping(others, new)
    if clash is not None:
        raise ActionRefused(
            "Khoảng thời gian trùng với mức {} áp dụng từ ngày {}{} ({}); sửa ngày cho không "
            "trùng.".format(
                money.vnd(clash.amount), _d(clash.starts),
                " đến hết ngày {}".format(_d(clash.ends)) if clash.ends else "",
                clash.source or "bảng lương cơ sở",
            )
        )  # fmt: skip
    with set_actor(acting_user):
        if open_before is not None:
            open_before.ends_on = starts_on - timedelta(days=1)
            open_before.save(update_fields=["ends_on"])
        return BaseSalary.objects.create(
            starts_on=starts_on, ends_on=ends_on, amount=amount, basis=basis
        )


def _check_day(day: date, what: str) -> date:
    if day is None:
        raise ActionRefused("{}: bắt buộc.".format(what))
    if day > timezone.localdate():
        raise ActionRefused("{} {} ở tương lai; chỉ ghi khoản đã thu, chi.".format(what, _d(day)))
    return day


@transaction.atomic
def do_add_fund_income(
    organization, *, amount: int, entered_on: date | None = None, description: str, acting_user
) -> FundEntry:
    """Record an income of the reward fund (the year's allocation, a contribution)."""
    require_perm(acting_user, "rewards.change_fund", None,
                 message="Chỉ thường trực Hội đồng hoặc kế toán ghi thu, chi quỹ.")  # fmt: skip
    if acting_user.organization_id != organization.pk:
        raise ActionRefused("Chỉ ghi được quỹ của cơ quan mình.")
    _check_amount(amount, MAX_FUND_AMOUNT, "Số tiền thu")
    entered_on = _check_day(entered_on or timezone.localdate(), "Ngày thu")
    description = (description or "").strip()
    if not description:
        raise ActionRefused("Nội dung khoản thu: bắt buộc.")
    with set_actor(acting_user):
        return FundEntry.objects.create(
            organization=organization, year=entered_on.year, kind=FundKind.INCOME,
            amount=amount, entered_on=entered_on, description=description,
            created_by=acting_user,
        )  # fmt: skip


@transaction.atomic
def do_record_reward_expense(decision, *, entered_on: date | None = None, acting_user) -> FundEntry:
    """Pay an issued decision's bảng kê from the fund: one expense of its total, once."""
    if decision is None:
        raise ActionRefused(
            "Khoản chi từ quỹ thi đua, khen thưởng phải theo một quyết định khen thưởng đã ban "
            "hành; chọn quyết định."
        )
    require_perm(acting_user, "rewards.change_fund", decision,
                 message="Chỉ thường trực Hội đồng hoặc kế toán ghi thu, chi quỹ.")  # fmt: skip
    decision = locked(decision, "organization")
    if decision.state != DecisionState.ISSUED:
        raise ActionRefused(
            "{} đang «{}»; chỉ chi tiền thưởng theo quyết định đã ban hành.".format(
                decision, decision.get_state_display().lower()
            )
        )
    if FundEntry.objects.filter(decision=decision, kind=FundKind.EXPENSE).exists():
        raise ActionRefused("Tiền thưởng của {} đã được ghi chi.".format(decision))
    entered_on = _check_day(entered_on or timezone.localdate(), "Ngày chi")
    if entered_on < decision.decided_on:
        raise ActionRefused(
            "Ngày chi {} trước ngày quyết định {}.".format(_d(entered_on), _d(decision.decided_on))
        )
    try:
        result = lists.compute(decision)
    except money.MoneyError as error:
        raise ActionRefused(str(error)) from None
    if result.total <= 0:
        raise ActionRefused("Bảng kê của {} không có khoản tiền thưởng nào.".format(decision))
    _check_amount(result.total, MAX_FUND_AMOUNT, "Tổng tiền thưởng")
    with set_actor(acting_user):
        return FundEntry.objects.create(
            organization=decision.organization, year=entered_on.year, kind=FundKind.EXPENSE,
            amount=result.total, entered_on=entered_on, decision=decision,
            description="Chi tiền thưởng theo {} ({} dòng)".format(decision, len(result.lines)),
            created_by=acting_user,
        )  # fmt: skip


def reverse_revoked_expense(decision, *, revoked_on: date, acting_user) -> FundEntry | None:
    """Write back the expense of a decision revoked after it was paid: a reversal of the same
    amount, dated by the revocation, by the revoking user. Registered in decisions.hooks, it runs
    inside do_revoke_decision's transaction and under its permission; a refusal here undoes the
    revocation. Nothing is deleted: the expense stays in the fund beside its reversal."""
    expense = (
        FundEntry.objects.select_for_update()
        .filter(decision=decision, kind=FundKind.EXPENSE)
        .first()
    )
    if expense is None or FundEntry.objects.filter(
        decision=decision, kind=FundKind.REVERSAL
    ).exists():
        return None
    if revoked_on < expense.entered_on:
        raise ActionRefused(
            "Ngày thu hồi {} trước ngày chi tiền thưởng {} từ quỹ; kiểm tra lại ngày thu "
            "hồi.".format(_d(revoked_on), _d(expense.entered_on))
        )
    with set_actor(acting_user):
        return FundEntry.objects.create(
            organization=expense.organization, year=revoked_on.year, kind=FundKind.REVERSAL,
            amount=expense.amount, entered_on=revoked_on, decision=decision,
            description="Ghi giảm khoản chi ngày {}: {} bị thu hồi ngày {}".format(
                _d(expense.entered_on), decision, _d(revoked_on)),
            created_by=acting_user,
        )  # fmt: skip


def fund_years(organization) -> list[dict]:
    """Return each year of the fund, oldest first: opening balance, income, expense, closing
    balance (one query)."""
    from django.db.models import Sum

    totals: dict[int, dict[str, int]] = {}
    for row in (
        FundEntry.objects.filter(organization=organization)
        .values("year", "kind")
        .annotate(total=Sum("amount"))
    ):
        totals.setdefault(row["year"], {})[row["kind"]] = row["total"]
    years, balance = [], 0
    for year in sorted(totals):
        income = totals[year].get(FundKind.INCOME, 0)
        # A reversal is a negative expense of its own year (ghi âm), as accountants correct.
        expense = totals[year].get(FundKind.EXPENSE, 0) - totals[year].get(FundKind.REVERSAL, 0)
        years.append({"year": year, "opening": balance, "income": income, "expense": expense,
                      "closing": balance + income - expense})  # fmt: skip
        balance += income - expense
    return years

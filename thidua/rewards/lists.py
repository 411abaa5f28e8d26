"""The bảng kê tiền thưởng of a decision, computed when read: its lines as the money rules read
them (thidua.rules.money), the base salary table from the database, and what a user may see."""

from dataclasses import dataclass

from django.utils import timezone

from thidua.decisions.documents import annex_rows
from thidua.decisions.hooks import RewardMoney
from thidua.rewards.models import BaseSalary
from thidua.rewards.permissions import may
from thidua.rules import money
from thidua.rules.citations import CITATIONS
from thidua.rules.codes import TITLE_NAMES


def salary_periods() -> list[money.BaseSalary]:
    """Return the administrator's base salary table as the rules read it (one query)."""
    return [
        money.BaseSalary(row.starts_on, row.ends_on, row.amount, row.source or row.basis)
        for row in BaseSalary.objects.order_by("starts_on")
    ]


def decision_lines(decision) -> list[money.RewardLine]:
    """Return the decision's annexed lines as reward lines (two queries)."""
    return [
        money.RewardLine(
            subject=row["subject"], name=row["name"], code=row["code"],
            collective=not row["person"], period=decision.year, detail=row["where"],
            occasion=row["occasion"],
        )
        for row in annex_rows(decision)
    ]  # fmt: skip


def signing_day(decision):
    """The day the money is computed for: the decision's date, or today for a draft (as the
    draft's Điều 2 is read as if signed today)."""
    return decision.decided_on or timezone.localdate()


def compute(decision) -> money.RewardList:
    """Return the decision's bảng kê; raise money.MoneyError naming a missing base salary."""
    return money.reward_list(decision_lines(decision), signing_day(decision), salary_periods())


def fund_name(organization) -> str:
    return "Quỹ thi đua, khen thưởng của {}".format(organization.name)


def article_two_money(decision) -> RewardMoney | None:
    """What the decision's Điều 2 states (registered in decisions.hooks): the bảng kê's total
    under the law of the decision's date, paid from the organisation's fund; nothing when the
    base salary of that date is missing or nothing is paid."""
    try:
        result = compute(decision)
    except money.MoneyError:
        return None
    if result.total <= 0:
        return None
    return RewardMoney(result.total, fund_name(decision.organization))


@dataclass(frozen=True)
class Shown:
    """What one reader sees of a bảng kê: every line, or only their own (no totals then)."""

    result: money.RewardList
    lines: list
    complete: bool

    @property
    def rows(self) -> list[dict]:
        return [row_of(number, paid) for number, paid in enumerate(self.lines, 1)]


def title_of(line: money.RewardLine) -> str:
    """Return "Giấy khen" or, for a phase's, "Giấy khen (Tổng kết đợt thi đua … năm 2022)": two
    Giấy khen of one person in a year are two lines that say what each is for."""
    name = TITLE_NAMES.get(line.code, line.code)
    return "{} ({})".format(name, line.occasion) if line.occasion else name


def row_of(number: int, paid: money.PaidLine) -> dict:
    note = paid.note
    if paid.to_confirm and not note:
        note = "Mức cần xác nhận"
    return {
        "number": str(number),
        "name": paid.line.name,
        "detail": paid.line.detail,
        "title": title_of(paid.line),
        "subject": "Tập thể" if paid.line.collective else "Cá nhân",
        "coefficient": paid.coefficient_text,
        "base_salary": money.vnd(paid.base_salary),
        "amount": money.vnd(paid.amount),
        "amount_value": paid.amount,
        "note": note,
    }


def shown_to(user, record, result: money.RewardList) -> Shown:
    """Return the lines ``user`` may read: all for those who read amounts, else their own
    (their person's line, their headed units' lines). ``record``: the decision, or an award
    of the register's decision (what says whose organisation it is)."""
    if may(user, "rewards.view_amounts", record):
        return Shown(result, list(result.lines), True)
    own = set()
    if user.person_id:
        own.add("person:{}".format(user.person_id))
    own |= {"unit:{}".format(pk) for pk in user.headed_unit_ids}
    return Shown(result, [p for p in result.lines if p.line.subject in own], False)


def summary(result: money.RewardList) -> dict:
    """The law the list was computed under, in words, for the page and the documents."""
    from thidua.rules import instruments

    decree = instruments.INSTRUMENTS[result.decree]
    base_source = CITATIONS[result.base.source].text if result.base.source in CITATIONS else (
        result.base.source
    )
    return {
        "decree": decree.reference,
        "base_salary": money.vnd(result.base.amount),
        "base_source": base_source,
        "day": "{:%d/%m/%Y}".format(result.day),
        "total": money.vnd(result.total),
        "total_value": result.total,
        "individual_total": money.vnd(result.individual_total),
        "collective_total": money.vnd(result.collective_total),
        "to_confirm": result.to_confirm,
        "verdict": result.verdict,
        "sources": [CITATIONS[key].text for key in result.sources()],
    }


# Decisions recorded in the award register (a higher body's, or any decided outside thidua) ----


def register_group(award):
    """Return the register's awards in force of the same decision as ``award`` (same number,
    date and deciding body), in the register's order."""
    from thidua.awards.models import Award

    return list(
        Award.objects.in_force()
        .filter(organization_id=award.organization_id, decision_number=award.decision_number,
                decided_on=award.decided_on, issued_by=award.issued_by)
        .select_related("person", "unit", "organization")
        .order_by("person__sort_key", "unit__position", "code", "pk")
    )  # fmt: skip


def register_lines(awards) -> list[money.RewardLine]:
    return [
        money.RewardLine(
            subject="person:{}".format(a.person_id) if a.person_id else "unit:{}".format(a.unit_id),
            name=a.subject_name, code=a.code, collective=a.person_id is None, period=a.year,
            occasion=a.occasion,
        )
        for a in awards
    ]  # fmt: skip


def compute_register(awards, day) -> money.RewardList:
    """Return the bảng kê of a decision recorded in the register, under the law of its date."""
    return money.reward_list(register_lines(awards), day, salary_periods())

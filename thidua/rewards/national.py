"""What the reward fund adds to the national export (thidua.awards.national): the amount paid for
an award of one of our decisions, where the fund recorded the decision's expense — the line's
amount in the decision's bảng kê (thidua.rules.money, the decree of the decision's date) — with
the day it was paid and, for a decision revoked after payment, the day the expense was written
back."""

from thidua.decisions.models import Decision
from thidua.decisions.national import chunk_lines, decisions_lines
from thidua.rewards import lists
from thidua.rewards.models import FundEntry, FundKind
from thidua.rules import money


def _line_amounts(decision, entries: list[tuple], periods) -> dict[int, int]:
    """{award pk: amount} of the decision's bảng kê: its lines (``decisions_lines``: the annex's
    order) as lists.decision_lines reads them, without the names the amounts do not depend on."""
    lines = [
        money.RewardLine(
            subject="person:{}".format(person_id) if person_id else "unit:{}".format(unit_id),
            name="", code=title, collective=not person_id, period=decision.year,
            occasion=occasion,
        )
        for _, person_id, unit_id, title, occasion in entries
    ]  # fmt: skip
    try:
        result = money.reward_list(lines, lists.signing_day(decision), periods)
    except money.MoneyError:
        return {}
    return {entry[0]: paid.amount for entry, paid in zip(entries, result.lines, strict=True)
            if entry[0] is not None}  # fmt: skip


def reward_fields(awards, cache: dict) -> dict[int, dict]:
    """{award pk: {"reward"}} for the chunk's awards whose decision's expense the fund paid."""
    lines = chunk_lines(awards)
    if not lines:
        return {}
    missing = set(lines.values()) - set(cache) - {"periods"}
    if missing:
        moves: dict[int, dict] = {}
        fund = FundEntry.objects.filter(decision_id__in=missing).exclude(kind=FundKind.INCOME)
        for decision_id, kind, day in fund.values_list("decision_id", "kind", "entered_on"):
            moves.setdefault(decision_id, {})[kind] = day
        if "periods" not in cache and moves:
            cache["periods"] = lists.salary_periods()
        paid = [pk for pk, kinds in moves.items() if kinds.get(FundKind.EXPENSE)]
        entries = decisions_lines(awards, paid) if paid else {}
        for decision in Decision.objects.filter(pk__in=moves).only("pk", "year", "decided_on"):
            paid_on = moves[decision.pk].get(FundKind.EXPENSE)
            cache[decision.pk] = {
                "paid_on": paid_on, "reversed_on": moves[decision.pk].get(FundKind.REVERSAL),
                "amounts": (_line_amounts(decision, entries[decision.pk], cache["periods"])
                            if paid_on else {}),
            }  # fmt: skip
        for decision_id in missing - set(cache):
            cache[decision_id] = None
    found = {}
    for award_id, decision_id in lines.items():
        paid = cache[decision_id]
        if paid is None or award_id not in paid["amounts"]:
            continue
        found[award_id] = {"reward": {
            "amount": paid["amounts"][award_id], "currency": "VND",
            "paid_on": paid["paid_on"].isoformat(),
            "reversed_on": paid["reversed_on"].isoformat() if paid["reversed_on"] else None,
        }}  # fmt: skip
    return found

"""thidua.rules — the legal eligibility and quota engine (pure Python, no Django, no clock).

For any person or unit and any year, say whether they meet each title's conditions under the
law in force that year, and why, criterion by criterion, with the document, article and clause.

Rule sets (chosen by the evaluation year, :func:`rule_set_for`)
    ``2017``        Luật TĐKT 2003 (sửa đổi 2013), Nghị định 91/2017, Thông tư 12/2019 — ≤ 2023
    ``2023/nd98``   Luật 06/2022/QH15, Nghị định 98/2023, Thông tư 01/2024 — 2024
    ``2023/nd152``  Luật 06/2022/QH15, Nghị định 152/2025, Thông tư 15/2025 — 2025 on
Every number is a parameter of :class:`RuleSet`; uncertain ones are listed by
``RuleSet.to_confirm()``; an organisation overrides them (``overrides={"max_absence_days": 40}``).

Facts (frozen dataclasses, :mod:`thidua.rules.facts`)
    :class:`Facts` (year, people, units) of :class:`Person` and :class:`Unit`, with registers of
    :class:`Initiative`, :class:`Research`, :class:`Discipline`, :class:`Leave`,
    :class:`Transfer`, :class:`Achievement`. Build them directly (the Django facts assembly) or
    read the JSON file interface with :func:`facts_from_dict` (raises :class:`FactsError`).

Evaluation
    ``evaluate(facts, year=None, *, regime=None, overrides=None) -> Evaluation``
        every person (LDTT, CSTD_CS, CSTD_TINH, CSTD_TQ, GIAY_KHEN, BK_TINH, BK_HV, BK_TTG,
        GVT_DVN), then every unit from its members (TTLDTT, TTLDXS, GIAY_KHEN, BK_TINH, BK_HV,
        BK_TTG, CO_TINH, CO_HV, CO_CP);
    ``Evaluation.status(id, title, unit=False) -> "eligible" | "ineligible" | "review"``
    ``Evaluation.verdicts(id, unit=False) -> {title: Verdict}`` (criteria with Vietnamese
        details, citation key and text, route, to_confirm) — for a person's page;
    ``Evaluation.count(title, verdict="eligible", unit=False, ids=None)``;
    ``result_to_dict(evaluation, missing=False) -> dict`` — the file interface's output.

Quotas and plans
    ``quota_max(share, count, rounding="floor")``, ``quota_cstd_cs(ldtt_count, rule_set)``,
    ``quota_co_cp(flag_eligible_count, rule_set)``, ``quota_usage(evaluation, people=None,
    units=None) -> {title: QuotaUse}``;
    ``check_plan(targets, year, *, regime="auto", overrides=None, population_sizes=None)
        -> [PlanFinding]`` — which plan targets contradict a quota, and why.

What is missing
    ``missing_for(evaluation, person_id) -> [NextStep]`` — the next title in reach and what it
    still needs, in Vietnamese.

Command line (``docs/rules-file-interface.md``)
    ``python -m thidua.rules evaluate FACTS.json`` prints the verdicts as JSON; malformed input
    exits 2 with a Vietnamese message naming the field.
"""

from .citations import CITATIONS, Citation, cite
from .codes import ELIGIBLE, INELIGIBLE, PERSON_TITLES, REVIEW, TITLE_NAMES, UNIT_TITLES
from .engine import (
    CriterionResult,
    Evaluation,
    QuotaUse,
    Verdict,
    evaluate,
    quota_usage,
    result_to_dict,
    rule_set_to_dict,
)
from .facts import (
    Achievement,
    Discipline,
    Facts,
    FactsError,
    Initiative,
    Leave,
    Person,
    Research,
    Transfer,
    Unit,
    facts_from_dict,
)
from .missing import NextStep, missing_for
from .params import RULE_SETS, Ballot, GvtScale, ParamInfo, QuotaRule, RuleSet, rule_set_for
from .plan import PlanFinding, check_plan
from .quotas import Quota, quota, quota_co_cp, quota_cstd_cs, quota_max

__all__ = [
    "CITATIONS", "Citation", "cite",
    "ELIGIBLE", "INELIGIBLE", "REVIEW", "PERSON_TITLES", "UNIT_TITLES", "TITLE_NAMES",
    "CriterionResult", "Evaluation", "QuotaUse", "Verdict",
    "evaluate", "quota_usage", "result_to_dict", "rule_set_to_dict",
    "Achievement", "Discipline", "Facts", "FactsError", "Initiative", "Leave", "Person",
    "Research", "Transfer", "Unit", "facts_from_dict",
    "NextStep", "missing_for",
    "RULE_SETS", "Ballot", "GvtScale", "ParamInfo", "QuotaRule", "RuleSet", "rule_set_for",
    "PlanFinding", "check_plan",
    "Quota", "quota", "quota_co_cp", "quota_cstd_cs", "quota_max",
]

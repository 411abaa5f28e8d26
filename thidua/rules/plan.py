"""Plan check: which of a plan's targets contradict a quota of the year's rule set, and why.

A target is plain data, as the plan stores it, for example
``{"title": "CSTD_CS", "population": "staff", "comparison": ">", "share": 0.15}`` or
``{"title": "CSTD_TINH", "population": "staff", "comparison": "between", "count": [1, 2]}``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from .citations import cite
from .codes import PERSON_TITLES, SHORT_NAMES, UNIT_TITLES
from .params import rule_set_for
from .quotas import higher_level_quota, quota_max

CONFLICT = "conflict"
AT_RISK = "at_risk"
OK = "ok"
NOT_CHECKED = "not_checked"

#: Populations that are the whole of a quota's basis population (everyone who may reach it).
_WHOLE = {"person": {"staff", "people", "all"}, "unit": {"units", "collectives"}}


@dataclass(frozen=True, slots=True)
class PlanFinding:
    target: Mapping[str, object]
    status: str  # conflict | at_risk | ok | not_checked
    reason: str
    source: str | None = None


def _needed(comparison: str, share: Fraction, n: int) -> int | None:
    """The smallest count that meets ``comparison share`` of ``n``."""
    if comparison == ">":
        return math.floor(share * n) + 1
    if comparison in (">=", "≥", "=="):
        return math.ceil(share * n)
    return None


def check_plan(targets: Iterable[Mapping[str, object]], year: int, *, regime: str = "auto",
               overrides: Mapping[str, object] | None = None,
               population_sizes: Mapping[str, int] | None = None) -> list[PlanFinding]:
    """Say, for each target, whether the year's quotas allow it (``conflict`` when they never do).

    Without ``population_sizes`` the check is general (any headcount); with them (e.g.
    ``{"staff": 40}``) it is exact for that headcount, rounding included.
    """
    rs = rule_set_for(year, regime).with_overrides(overrides)
    findings = []
    for target in targets:
        title = target.get("title")
        population = str(target.get("population", ""))
        comparison = str(target.get("comparison", ""))
        if title not in PERSON_TITLES and title not in UNIT_TITLES:
            findings.append(PlanFinding(target, NOT_CHECKED,
                                        "Chỉ tiêu không gắn với danh hiệu nào"))
            continue
        name = SHORT_NAMES[title]
        rules = [q for q in rs.quotas if q.title == title]
        higher = higher_level_quota(rs) if not rules else None
        if higher is not None and higher.title == title:
            findings.append(PlanFinding(
                target, NOT_CHECKED,
                f"Giới hạn {name} tính trên các tập thể của Bộ, ngành, tỉnh ({higher.basis_text};"
                f" {cite(higher.source_key)}); cơ quan, đơn vị không tự kiểm tra được.",
                higher.source_key))
            continue
        if not rules:
            findings.append(PlanFinding(
                target, OK,
                f"Chế độ {rs.name} không giới hạn tỷ lệ {name}; chỉ tiêu không mâu thuẫn"
                " với quy định."))
            continue
        subject = "unit" if title in UNIT_TITLES and title not in PERSON_TITLES else "person"
        if population not in _WHOLE[subject]:
            findings.append(PlanFinding(
                target, NOT_CHECKED,
                f"Giới hạn {name} tính trên toàn cơ quan, không trên nhóm “{population}”."))
            continue
        rule = min(rules, key=lambda q: q.share)
        cap = Fraction(str(rule.share))
        basis = ("đơn vị đủ điều kiện Cờ tỉnh/bộ" if rule.basis == "FLAG"
                 else SHORT_NAMES[rule.basis])
        law = (f"{name} không quá {rule.share:.0%} số {basis} ({cite(rule.source)});"
               f" số {basis} không vượt quá tổng số")
        size = (population_sizes or {}).get(population)
        if "share" in target:
            share = Fraction(str(target["share"]))
            if size is not None:
                need = _needed(comparison, share, size)
                best = quota_max(rule.share, size, rule.rounding)
                if need is not None and need > best:
                    findings.append(PlanFinding(target, CONFLICT, (
                        f"Cần ít nhất {need}/{size} {name} nhưng tối đa chỉ {best} (khi 100% đạt"
                        f" {basis}). {law}."), rule.source))
                else:
                    findings.append(PlanFinding(target, OK, f"Tối đa {best}/{size} {name}. {law}.",
                                                rule.source))
                continue
            strict = comparison == ">"
            if (strict and share >= cap) or (not strict and share > cap):
                if rule.rounding == "floor":
                    findings.append(PlanFinding(target, CONFLICT, (
                        f"Chỉ tiêu “{comparison} {float(share):.0%}” không thể đạt: {law},"
                        f" nên {name} không bao giờ vượt {rule.share:.0%} tổng số."), rule.source))
                else:
                    findings.append(PlanFinding(target, AT_RISK, (
                        f"Chỉ tiêu “{comparison} {float(share):.0%}” chỉ đạt được nhờ làm tròn ở"
                        f" đơn vị nhỏ: {law}."), rule.source))
            elif share == cap:
                findings.append(PlanFinding(target, AT_RISK, (
                    f"Chỉ đạt khi 100% đạt {basis} và số người chia hết: {law}."), rule.source))
            else:
                findings.append(PlanFinding(target, OK, f"Trong giới hạn: {law}.", rule.source))
            continue
        count = target.get("count")
        low = count[0] if isinstance(count, (list, tuple)) else count
        if size is not None and isinstance(low, int):
            best = quota_max(rule.share, size, rule.rounding)
            status = CONFLICT if low > best else OK
            findings.append(PlanFinding(
                target, status, f"Tối đa {best} {name} với {size} người. {law}.", rule.source))
        else:
            findings.append(PlanFinding(target, NOT_CHECKED,
                                        "Cần biết quy mô để kiểm tra chỉ tiêu theo số lượng."))
    return findings

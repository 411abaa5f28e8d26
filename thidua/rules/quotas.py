"""Quotas as pure functions: how many may receive a title, given how many qualify for its basis.

Arithmetic is exact (fractions), so 15% × 20 is exactly 3 and never 2.9999….
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from .citations import cite
from .codes import SHORT_NAMES
from .params import ROUNDINGS, QuotaRule, RuleSet


def quota_max(share: float, count: int, rounding: str = "floor") -> int:
    """At most how many of ``count`` may receive the title: ``share × count``, rounded.

    ``floor`` is the safe reading of "không quá" (never above the share); ``half_up`` and
    ``ceil`` are the "làm tròn" some sectors allow for small units.
    """
    if count < 0:
        raise ValueError("count phải ≥ 0")
    if not 0 <= share <= 1:
        raise ValueError("share phải trong [0, 1]")
    exact = Fraction(str(share)) * count
    if rounding == "floor":
        return math.floor(exact)
    if rounding == "half_up":
        return math.floor(exact + Fraction(1, 2))
    if rounding == "ceil":
        return math.ceil(exact)
    raise ValueError(f"cách làm tròn không hợp lệ: {rounding!r} (cho phép: {', '.join(ROUNDINGS)})")


@dataclass(frozen=True, slots=True)
class Quota:
    title: str
    basis: str
    share: float
    rounding: str
    count: int  # how many qualify for the basis
    max: int
    source_key: str

    @property
    def basis_text(self) -> str:
        what = "đơn vị đủ điều kiện Cờ thi đua cấp tỉnh/bộ" if self.basis == "FLAG" else (
            SHORT_NAMES.get(self.basis, self.basis))
        return f"{self.share:.0%} × {self.count} {what}"

    @property
    def source(self) -> str:
        return cite(self.source_key)


def quota(rule: QuotaRule, count: int) -> Quota:
    """Apply one quota rule to the number qualifying for its basis."""
    return Quota(rule.title, rule.basis, rule.share, rule.rounding, count,
                 quota_max(rule.share, count, rule.rounding), rule.source or "THIDUA.ORG")


def quota_rules(rule_set: RuleSet, title: str) -> tuple[QuotaRule, ...]:
    return tuple(q for q in rule_set.quotas if q.title == title)


def quota_cstd_cs(ldtt_count: int, rule_set: RuleSet) -> Quota | None:
    """CSTĐCS ≤ 15% of those reaching LĐTT (NĐ 91/2017 Điều 9.3); None when the regime sets
    no ratio (from 2024), unless an organisation added one."""
    rules = quota_rules(rule_set, "CSTD_CS")
    return min((quota(r, ldtt_count) for r in rules), key=lambda q: q.max, default=None)


def quota_co_cp(flag_eligible_count: int, rule_set: RuleSet) -> Quota | None:
    """Cờ thi đua của Chính phủ ≤ 20% of the units qualifying for a ministry or provincial flag
    (NĐ 91/2017 Điều 11)."""
    rules = quota_rules(rule_set, "CO_CP")
    return min((quota(r, flag_eligible_count) for r in rules), key=lambda q: q.max, default=None)

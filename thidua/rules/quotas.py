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
    share: float | None  # None: the law sets no share the organisation can apply
    rounding: str
    count: int  # how many qualify for the basis (0 for a quota computed above the organisation)
    max: int | None  # None: computed above the organisation (information, not a cap here)
    source_key: str

    @property
    def basis_text(self) -> str:
        if self.max is None:
            return _HIGHER_BASIS.get(self.basis, self.basis)
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


#: NĐ 91/2017 Điều 11: Cờ thi đua của Chính phủ to at most 20% of the units of a ministry or
#: province that qualify for its flag — the one statement of that share in the engine.
CO_CP_2017 = QuotaRule("CO_CP", "FLAG", 0.20, "floor", "ND91.11")


def quota_co_cp(flag_eligible_count: int, rule_set: RuleSet) -> Quota | None:
    """Cờ thi đua của Chính phủ over ``flag_eligible_count`` units of a ministry or province.

    NĐ 91/2017 Điều 11: at most 20% of the ministry's or province's units that qualify for its
    flag — a count only the ministry or province has (an organisation's own units are not the
    base). Luật 2022 Điều 25 sets no share (NĐ 98/152 not seen): None from 2024, unless an
    organisation's overrides add a CO_CP quota."""
    rules = quota_rules(rule_set, "CO_CP")
    if not rules and rule_set.regime == "2017":
        rules = (CO_CP_2017,)
    return min((quota(r, flag_eligible_count) for r in rules), key=lambda q: q.max, default=None)


#: What the engine can only state about a quota counted above the organisation.
_HIGHER_BASIS = {
    "FLAG": f"không quá {CO_CP_2017.share:.0%} tổng số tập thể đủ điều kiện Cờ thi đua cấp bộ,"
            " ngành, tỉnh của Bộ, ngành, tỉnh; Bộ, ngành, tỉnh xác định, cơ quan, đơn vị không tự"
            " tính được",
    "CLUSTER": "xét trong số các tập thể dẫn đầu cụm, khối thi đua của Bộ, ngành, tỉnh; tỷ lệ"
               " (nếu có) do Chính phủ quy định: cần xác nhận",
}


def higher_level_quota(rule_set: RuleSet) -> Quota | None:
    """The Cờ thi đua của Chính phủ limit as information for an organisation's page (its base
    is the ministry's or province's units, never the organisation's): NĐ 91/2017 Điều 11 under
    the 2017 regime, Luật 2022 Điều 25 from 2024. None when an organisation set its own."""
    if quota_rules(rule_set, "CO_CP"):
        return None
    if rule_set.regime == "2017":
        r = CO_CP_2017
        return Quota(r.title, r.basis, r.share, r.rounding, 0, None, r.source)
    return Quota("CO_CP", "CLUSTER", None, "floor", 0, None, "L2022.25")

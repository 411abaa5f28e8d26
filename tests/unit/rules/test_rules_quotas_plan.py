"""Quota arithmetic, quota use, the plan check on the seed's 2022 targets, and overrides."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rules_factories import person, run, verdict

from thidua.rules import (
    QuotaRule,
    check_plan,
    quota_co_cp,
    quota_cstd_cs,
    quota_max,
    quota_usage,
    rule_set_for,
)

shares = st.sampled_from([0.0, 0.1, 0.15, 0.2, 0.29, 0.5, 0.7, 1.0])
counts = st.integers(min_value=0, max_value=100_000)


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, 0), (6, 0), (7, 1), (19, 2), (20, 3), (100, 15), (101, 15)],
)
def test_cstd_cs_quota_2017_floor(count, expected):
    """NĐ 91/2017 Điều 9.3: at most 15% of those reaching LĐTT ("không quá": floor)."""
    q = quota_cstd_cs(count, rule_set_for(2022))
    assert q.max == expected
    assert q.basis_text == f"15% × {count} LĐTT"
    assert q.source == "Nghị định 91/2017/NĐ-CP, Điều 9, khoản 3"


def test_no_cstd_cs_quota_from_2024_unless_the_organisation_sets_one():
    assert quota_cstd_cs(100, rule_set_for(2024)) is None
    rs = rule_set_for(2024).with_overrides({"quotas": [
        {"title": "CSTD_CS", "basis": "LDTT", "share": 0.1, "rounding": "half_up"}]})
    assert quota_cstd_cs(25, rs).max == 3  # 2.5 rounded half up


def test_co_cp_quota():
    """NĐ 91/2017 Điều 11: Cờ CP at most 20% of the units qualifying for a ministry flag."""
    assert quota_co_cp(14, rule_set_for(2022)).max == 2
    assert quota_co_cp(4, rule_set_for(2022)).max == 0


def test_co_cp_quota_is_information_for_an_organisation():
    """NĐ 91/2017 Điều 11: ≤ 20% of the ministry's or province's flag-eligible units — not of the
    school's own; Luật 2022 Điều 25 sets no share. The page states it, never caps the school."""
    people = [person(f"p{i}") for i in range(3)]
    for year, key, flagged in ((2022, "ND91.11", False), (2024, "L2022.25", True),
                               (2025, "L2022.25", True)):
        use = quota_usage(run(people, year=year))["CO_CP"]
        assert use.informational and use.quota.max is None and not use.over
        assert use.quota.source_key == key
        assert ("cần xác nhận" in use.quota.basis_text) is flagged
        assert "Bộ, ngành, tỉnh" in use.quota.basis_text
    assert all(q.title != "CO_CP" for rs in (rule_set_for(2022), rule_set_for(2024))
               for q in rs.quotas)
    finding = check_plan([{"title": "CO_CP", "population": "units", "comparison": ">=",
                           "count": 1}], 2022)[0]
    assert finding.status == "not_checked" and "Bộ, ngành, tỉnh" in finding.reason


def test_cstd_cs_quota_shows_its_range_while_ldtt_is_under_review():
    """NĐ 91/2017 Điều 9.3 over those reaching LĐTT: 6 confirmed and 1 under review give a
    maximum of 0 now and 1 if the seventh is confirmed (15% × 7 = 1.05)."""
    init = [{"year": 2022, "level": "co_so"}]
    people = [person(f"p{i}") for i in range(5)]
    people.append(person("cs", initiatives=init))
    people.append(person("maybe", grades={}))  # LĐTT under review: no grade yet
    use = quota_usage(run(people))["CSTD_CS"]
    assert (use.quota.max, use.basis_review, use.max_if_confirmed, use.highest) == (0, 1, 1, 1)
    assert use.eligible == 1 and use.over and not use.surely_over and not use.settled
    settled = quota_usage(run(people[:6]))["CSTD_CS"]
    assert settled.settled and settled.highest == settled.quota.max == 0
    assert settled.surely_over


def test_exact_arithmetic():
    assert quota_max(0.29, 100) == 29  # 0.29 * 100 == 28.999999999999996 in floats
    assert quota_max(0.15, 20, "ceil") == 3
    assert quota_max(0.15, 21, "ceil") == 4
    with pytest.raises(ValueError):
        quota_max(0.15, 10, "banker")


@given(shares, counts)
def test_floor_quota_never_exceeds_the_share_and_is_never_negative(share, count):
    m = quota_max(share, count)
    assert 0 <= m <= share * count + 1e-9
    assert m <= count


@given(shares, counts, st.sampled_from(["floor", "half_up", "ceil"]))
def test_quota_is_monotonic_in_headcount(share, count, rounding):
    assert quota_max(share, count, rounding) <= quota_max(share, count + 1, rounding)
    assert quota_max(share, count, rounding) <= share * count + 1


def test_quota_use_reports_over_the_cap():
    people = [person(f"p{i}", initiatives=[{"year": 2022, "level": "co_so"}] if i < 5 else [])
              for i in range(20)]
    use = quota_usage(run(people))["CSTD_CS"]
    assert (use.quota.max, use.eligible, use.over) == (3, 5, True)


# --- the plan check ---------------------------------------------------------------------------
SEED_TARGETS = [
    {"title": "LDTT", "population": "staff", "comparison": ">=", "share": 0.90},
    {"title": "TTLDXS", "population": "units", "comparison": ">=", "count": 1},
    {"title": "BK_TINH", "population": "units", "comparison": ">=", "count": 1},
    {"title": "CSTD_CS", "population": "staff", "comparison": ">", "share": 0.15},
    {"title": "CSTD_TINH", "population": "staff", "comparison": "between", "count": [1, 2]},
    {"title": "BK_TINH", "population": "staff", "comparison": ">", "share": 0.10},
    {"title": "GVT_DVN", "population": "female_staff", "comparison": ">=", "share": 1.0},
]


def test_seed_plan_2022_cstd_cs_target_contradicts_the_quota():
    findings = check_plan(SEED_TARGETS, 2022)
    by_title = {(f.target["title"], f.target["population"]): f for f in findings}
    cs = by_title[("CSTD_CS", "staff")]
    assert cs.status == "conflict"
    assert "15%" in cs.reason and "Nghị định 91/2017/NĐ-CP, Điều 9, khoản 3" in cs.reason
    others = [f for f in findings if f is not cs]
    assert all(f.status != "conflict" for f in others)


def test_the_same_target_is_lawful_from_2024():
    findings = check_plan(SEED_TARGETS, 2024)
    assert all(f.status != "conflict" for f in findings)


@pytest.mark.parametrize(
    ("comparison", "share", "staff", "expected"),
    [(">", 0.15, 40, "conflict"), (">=", 0.15, 40, "ok"), (">=", 0.15, 39, "conflict"),
     (">=", 0.10, 40, "ok"), (">", 0.10, None, "ok"), (">=", 0.15, None, "at_risk"),
     (">=", 0.16, None, "conflict")],
)
def test_plan_check_with_and_without_headcount(comparison, share, staff, expected):
    target = {"title": "CSTD_CS", "population": "staff", "comparison": comparison, "share": share}
    sizes = {"staff": staff} if staff else None
    assert check_plan([target], 2022, population_sizes=sizes)[0].status == expected


def test_plan_check_with_a_rounding_organisation():
    target = {"title": "CSTD_CS", "population": "staff", "comparison": ">", "share": 0.15}
    ov = {"quotas": [{"title": "CSTD_CS", "basis": "LDTT", "share": 0.15, "rounding": "ceil",
                      "source": "ND91.9.3"}]}
    assert check_plan([target], 2022, overrides=ov)[0].status == "at_risk"
    assert check_plan([target], 2022, overrides=ov, population_sizes={"staff": 10})[0].status \
        == "ok"  # ceil(1.5) = 2 > 1.5


# --- overrides --------------------------------------------------------------------------------
def test_override_absence_cap():
    sick = [{"year": 2022, "kind": "sick", "days": 45}]
    assert verdict(run([person(leave=sick)]), "p1", "LDTT") == "eligible"
    ev = run([person(leave=sick)], overrides={"max_absence_days": 40})
    assert verdict(ev, "p1", "LDTT") == "ineligible"
    c = {c.code: c for c in ev.verdicts("p1")["LDTT"].criteria}["absence"]
    assert "45 ngày" in c.detail and c.source_key == "THIDUA.ORG"


def test_override_clears_to_confirm_and_is_recorded():
    rs = rule_set_for(2022)
    assert "cstd_tinh_cycle_years" in {n for n, _, _ in rs.to_confirm()}
    rs2 = rs.with_overrides({"cstd_tinh_cycle_years": 1})
    assert "cstd_tinh_cycle_years" not in {n for n, _, _ in rs2.to_confirm()}
    assert rs2.overridden == {"cstd_tinh_cycle_years"}
    assert rs.cstd_tinh_cycle_years == 3  # the shared rule set is untouched


def test_override_rejects_unknown_names_and_wrong_types():
    rs = rule_set_for(2022)
    with pytest.raises(KeyError):
        rs.with_overrides({"no_such_param": 1})
    with pytest.raises(TypeError):
        rs.with_overrides({"registration_required": "yes"})
    with pytest.raises(ValueError):
        rs.with_overrides({"ldtt_discipline_from": "scolding"})


def test_ballot_thresholds_per_regime():
    """NĐ 91 Điều 45.8: ≥ 90% secret ballot; NĐ 98 Điều 30.7 adds ≥ 80% for CSTĐCS, flags."""
    assert rule_set_for(2022).ballots["CSTD_TINH"].threshold == 0.9
    assert rule_set_for(2022).ballots["CSTD_TINH"].secret is True
    assert "CSTD_CS" not in rule_set_for(2022).ballots
    assert rule_set_for(2024).ballots["CSTD_CS"].threshold == 0.8
    assert "ballots" not in {n for n, _, _ in rule_set_for(2024).to_confirm()}
    assert "ballots" in {n for n, _, _ in rule_set_for(2025).to_confirm()}  # NĐ 152 not seen


def test_quota_rule_dataclass_override():
    rs = rule_set_for(2022).with_overrides({"quotas": (QuotaRule("CSTD_CS", "LDTT", 0.1),)})
    assert quota_cstd_cs(30, rs).max == 3


def test_council_quorum_is_a_parameter_with_its_source_to_confirm():
    rs = rule_set_for(2022)
    assert rs.council_quorum == 2 / 3
    # no national rule: the council's own regulation (TT 35/2015/TT-BGDĐT, once cited here, was
    # replaced in 2018 and never bound a political school)
    assert rs.info("council_quorum").source == "ORG.COUNCIL"
    assert "council_quorum" in {n for n, _, _ in rs.to_confirm()}
    assert rule_set_for(2025).council_quorum == 2 / 3
    changed = rs.with_overrides({"council_quorum": 3 / 4})
    assert changed.council_quorum == 0.75 and changed.info("council_quorum").source == "THIDUA.ORG"
    assert rs.with_overrides({"council_quorum": 1}).council_quorum == 1.0
    for bad in (0, 1.5, True, "2/3"):
        with pytest.raises((ValueError, TypeError)):
            rs.with_overrides({"council_quorum": bad})


def test_a_ballots_override_merges_into_the_table_title_by_title():
    base = rule_set_for(2024)
    rs = base.with_overrides({"ballots": {
        "LDTT": {"threshold": 0.6, "denominator": "present", "secret": True, "council": "co_so"},
        "CSTD_CS": {"threshold": 0.75, "denominator": "present", "secret": True,
                    "council": "co_so"},
        "CO_CP": None}})
    assert rs.ballots["LDTT"].threshold == 0.6
    assert rs.ballots["CSTD_CS"].threshold == 0.75  # replaced
    assert rs.ballots["CSTD_TINH"] == base.ballots["CSTD_TINH"]  # the law's rule is kept
    assert "CO_CP" not in rs.ballots
    assert set(rs.ballots) == (set(base.ballots) | {"LDTT"}) - {"CO_CP"}
    assert "CO_CP" in base.ballots  # the rule set itself is untouched


def test_the_co_cp_share_is_stated_once_for_the_cap_and_the_information():
    # NĐ 91/2017 Điều 11: Cờ thi đua của Chính phủ to at most 20% of the flag-eligible units of
    # the ministry or province; the organisation's cap (an override's base) and the information
    # shown to it come from the one rule.
    from thidua.rules import quotas

    rs = rule_set_for(2022)
    cap, info = quota_co_cp(10, rs), quotas.higher_level_quota(rs)
    assert cap.max == 2 and cap.source_key == info.source_key == "ND91.11"
    assert cap.share == info.share == quotas.CO_CP_2017.share == 0.20
    assert info.max is None and info.basis_text.startswith("không quá 20% tổng số tập thể")
    # Luật 2022 Điều 25 sets no share: nothing counted here from 2024
    assert quota_co_cp(10, rule_set_for(2024)) is None
    assert quotas.higher_level_quota(rule_set_for(2024)).share is None

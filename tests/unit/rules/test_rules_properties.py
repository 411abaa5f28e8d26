"""Hypothesis properties of the engine over random organisations."""

from __future__ import annotations

import dataclasses
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.rules import Facts, Initiative, Person, Unit, evaluate, quota_usage
from thidua.rules.codes import DISCIPLINE_FORMS, GRADES
from thidua.rules.facts import Discipline

YEARS = range(2016, 2026)
grade = st.one_of(st.none(), st.sampled_from(GRADES))
titles = st.sets(st.sampled_from(["LDTT", "CSTD_CS", "CSTD_TINH", "BK_TINH"]), max_size=3)


@st.composite
def people(draw, n_max: int = 12):
    n = draw(st.integers(min_value=1, max_value=n_max))
    out = []
    for i in range(n):
        grades = {y: g for y in YEARS if (g := draw(grade)) is not None}
        held = {y: frozenset(t) for y in YEARS if (t := draw(titles))}
        inits = tuple(Initiative(draw(st.sampled_from(YEARS)),
                                 draw(st.sampled_from(["co_so", "tinh", "toan_quoc"])))
                      for _ in range(draw(st.integers(0, 3))))
        disc = tuple(Discipline(draw(st.sampled_from(YEARS)), draw(st.sampled_from(
            DISCIPLINE_FORMS))) for _ in range(draw(st.integers(0, 1))))
        out.append(Person(
            id=f"p{i}", unit=draw(st.sampled_from(["u1", "u2"])),
            gender=draw(st.sampled_from(["F", "M", None])),
            hired_on=draw(st.one_of(st.none(), st.dates())),
            grades=grades, titles=held, initiatives=inits, discipline=disc,
            registered=draw(st.one_of(st.none(), st.just(frozenset({"LDTT", "CSTD_CS"})))),
        ))
    return out


def facts(ps, year):
    units = (Unit("org", kind="organisation", grades={year: "HTXS", year - 1: "HTXS"},
                  cluster_leader={year: frozenset({"tinh"})}),
             Unit("u1", parent="org", grades={year: "HTXS"}),
             Unit("u2", parent="org", grades={year: "HTT"}))
    return Facts(year=year, people=tuple(ps), units=units)


def all_verdicts(ev):
    return ({pid: ev.verdicts(pid) for pid in ev.people},
            {uid: ev.verdicts(uid, unit=True) for uid in ev.units})


years = st.sampled_from([2022, 2023, 2024, 2025])


@settings(max_examples=60, deadline=None)
@given(people(), years)
def test_cstd_cs_implies_ldtt(ps, year):
    ev = evaluate(facts(ps, year))
    for pid in ev.people:
        if ev.status(pid, "CSTD_CS") == "eligible":
            assert ev.status(pid, "LDTT") == "eligible"
        if ev.status(pid, "LDTT") == "ineligible":
            assert ev.status(pid, "CSTD_CS") == "ineligible"


@settings(max_examples=40, deadline=None)
@given(people(), years, st.randoms(use_true_random=False))
def test_order_of_people_does_not_matter(ps, year, rnd: random.Random):
    a = all_verdicts(evaluate(facts(ps, year)))
    shuffled = list(ps)
    rnd.shuffle(shuffled)
    b = all_verdicts(evaluate(facts(shuffled, year)))
    assert a == b


@settings(max_examples=30, deadline=None)
@given(people(), years)
def test_same_facts_same_verdicts(ps, year):
    assert all_verdicts(evaluate(facts(ps, year))) == all_verdicts(evaluate(facts(ps, year)))


@settings(max_examples=60, deadline=None)
@given(people(), years, st.sampled_from(["co_so", "tinh", "toan_quoc"]))
def test_a_recognised_initiative_never_makes_someone_ineligible(ps, year, level):
    before = evaluate(facts(ps, year))
    target = ps[0]
    more = dataclasses.replace(target, initiatives=target.initiatives + (Initiative(year, level),))
    after = evaluate(facts([more, *ps[1:]], year))
    for title in [t.code for t in before.person_titles]:
        if before.status(target.id, title) == "eligible":
            assert after.status(target.id, title) == "eligible", title
    for uid in before.units:
        for title in [t.code for t in before.unit_titles]:
            if before.status(uid, title, unit=True) == "eligible":
                assert after.status(uid, title, unit=True) == "eligible", (uid, title)


@settings(max_examples=40, deadline=None)
@given(people(n_max=30), years)
def test_quotas_are_never_negative_nor_above_their_share(ps, year):
    for use in quota_usage(evaluate(facts(ps, year))).values():
        q = use.quota
        if use.informational:  # counted by the ministry or province: no maximum here
            assert q.max is None and not use.over
            continue
        assert q.max <= use.highest  # confirming a review of the basis never lowers it
        assert 0 <= q.max <= q.share * q.count

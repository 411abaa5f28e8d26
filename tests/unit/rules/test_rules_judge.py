"""The engine's generated judges and pass agree with the readable definitions (machinery)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.rules import evaluate, facts_from_dict
from thidua.rules._compile import compile_pass
from thidua.rules.params import rule_set_for
from thidua.rules.titles import Criterion, Title, person_titles, unit_titles

passed = st.sampled_from([True, False, None])


def _criterion(i: int, value: bool | None, route: str | None) -> Criterion:
    def check(x, rs):
        return (value, ("fact", i))

    return Criterion(f"c{i}", check, "L2003.24", lambda fact, p, y: "", route=route)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(passed, st.sampled_from([None, None, "a", "b", "c"])), min_size=1,
                max_size=9))
def test_compiled_judge_is_the_readable_judge(spec):
    title = Title("T", "person", tuple(_criterion(i, v, r) for i, (v, r) in enumerate(spec)))
    assert title.compiled(None, None) == title.judge(None, None)


def test_every_real_title_compiles_to_its_judge():
    data = {"year": 2022, "people": [
        {"id": "p1", "unit": "u1", "gender": "F", "hired_on": "2015-01-01",
         "grades": {str(y): "HTXS" for y in range(2015, 2023)},
         "titles": {str(y): ["LDTT", "CSTD_CS"] for y in range(2015, 2022)},
         "initiatives": [{"year": 2022, "level": "tinh"}], "registered": ["CSTD_CS"],
         "union_scores": {"2022": 95}},
        {"id": "p2", "unit": "u1", "grades": {"2022": "HTNV"}},
    ], "units": [{"id": "u1", "kind": "organisation", "grades": {"2022": "HTXS"},
                  "registered": ["TTLDXS"], "cluster_leader": {"2022": ["tinh"]}}]}
    for year in (2022, 2024, 2025):
        data["year"] = year
        facts = facts_from_dict(data)
        ev = evaluate(facts)
        rs = rule_set_for(year)
        assert [t.code for t in person_titles(rs)] == [t.code for t in ev.person_titles]
        for titles, subjects in ((ev.person_titles, ev.people), (ev.unit_titles, ev.units)):
            for sid, results in subjects.items():
                for t, (verdict, res) in zip(titles, results, strict=True):
                    assert (verdict, res) == _replay_title(t).judge(_Fixed(res), None), (
                        year, sid, t.code)


class _Fixed:
    """A subject whose criteria results are given (read back by :func:`_replay_title`)."""

    def __init__(self, res):
        self.res = res


def _replay(i: int):
    def check(x, rs):
        return x.res[i]

    return check


def _replay_title(title: Title) -> Title:
    """The same title whose i-th criterion answers what the subject's ``res[i]`` says."""
    crits = tuple(Criterion(c.code, _replay(i), c.source, c.say, c.route)
                  for i, c in enumerate(title.criteria))
    return Title(title.code, title.subject, crits)


def test_real_titles_judged_both_ways():
    for year in (2022, 2024, 2025):
        rs = rule_set_for(year)
        for t in (*person_titles(rs), *unit_titles(rs)):
            r = _replay_title(t)
            n = len(t.criteria)
            for k in range(3 ** min(n, 7)):
                vals = []
                for _ in range(n):
                    vals.append((True, False, None)[k % 3])
                    k //= 3
                x = _Fixed(tuple((v, None) for v in vals))
                assert r.compiled(x, None) == r.judge(x, None), (year, t.code, vals)


def test_compiled_pass_shares_results_and_records_verdicts():
    class S:
        def __init__(self, sid):
            self.id = sid

    class X:
        def __init__(self, s, year):
            self.id, self.verdicts = s.id, {}

    def j0(x, rs):
        return (True, (x.id,))

    def j1(x, rs):
        return (x.verdicts["A"] and None, ())

    seen = []
    run = compile_pass(["A", "B", "C"], [j0, j1, j0], [None, None, 0], visit=True)
    out = run([S("s1"), S("s2")], X, 2022, None, seen.append)
    assert out == {"s1": ((True, ("s1",)), (None, ()), (True, ("s1",))),
                   "s2": ((True, ("s2",)), (None, ()), (True, ("s2",)))}
    assert out["s1"][0] is out["s1"][2]
    assert [x.verdicts for x in seen] == [{"A": True, "B": None, "C": True}] * 2


def test_the_sentence_cache_keeps_an_unsure_fact_apart_from_the_plain_tuple_it_equals():
    # An Unsure equals (and hashes as) the plain tuple of the same items; the "cần xác nhận" flag
    # it carries must not be shared with a subject whose fact is that plain tuple (or the reverse).
    from types import SimpleNamespace

    from thidua.rules.engine import _subjects_to_dict
    from thidua.rules.titles import Unsure

    row = ("c0", "L2003.24", "Luật", None, False, lambda fact, p, y: "câu")
    static = SimpleNamespace(rows=(row,), title=SimpleNamespace(code="LDTT"))
    fact = ("open", "canh_cao", 2021)
    for first, second in ((Unsure(fact), fact), (fact, Unsure(fact))):
        results = {"a": ((None, ((None, first),)),), "b": ((None, ((None, second),)),)}
        out = _subjects_to_dict(results, (static,), 2022)
        flags = {sid: out[sid]["LDTT"]["criteria"][0].get("to_confirm", False) for sid in out}
        assert flags == {"a": type(first) is Unsure, "b": type(second) is Unsure}

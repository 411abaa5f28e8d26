"""What the speed-ups must not change: cached titles per rule set, shared answers, the GC."""

from __future__ import annotations

import gc

from rules_factories import person, run, unit

from thidua.rules import result_to_dict
from thidua.rules._perf import paused_gc
from thidua.rules.engine import _BUILT


def _people():
    return [
        person("p1"),
        person("p2", hired_on="2022-06-01", registered=None),
        person("p3", grades={"2022": "HTXS", "2021": "HTXS"}, registered=["LDTT"],
               leave=[{"year": 2022, "kind": "sick", "days": 45}],
               initiatives=[{"year": 2022, "level": "co_so"}, {"year": 2021, "level": "co_so"}]),
        person("p4", grades={"2022": "HTNV"}, titles={"2021": ["CSTD_CS", "LDTT"],
                                                      "2020": ["CSTD_CS", "LDTT"]}),
    ]


def test_overrides_do_not_leak_between_evaluations():
    plain = run(_people(), [unit()])
    capped = run(_people(), [unit()], overrides={"max_absence_days": 40})
    again = run(_people(), [unit()])
    codes = {c.code for c in capped.verdicts("p3")["LDTT"].criteria}
    assert "absence" in codes
    assert "absence" not in {c.code for c in plain.verdicts("p3")["LDTT"].criteria}
    assert capped.status("p3", "LDTT") == "ineligible"
    assert plain.status("p3", "LDTT") == again.status("p3", "LDTT") == "eligible"
    assert result_to_dict(plain) == result_to_dict(again)


def test_built_titles_are_kept_for_a_few_rule_sets_only():
    for days in range(30, 45):
        ev = run([person()], overrides={"max_absence_days": days})
        c = {c.code: c for c in ev.verdicts("p1")["LDTT"].criteria}["absence"]
        assert f"{days} ngày" in c.detail
    assert len(_BUILT) <= 8


def test_shared_answers_keep_each_subjects_facts():
    ev = run(_people(), [unit()])
    services = {pid: {c.code: c for c in ev.verdicts(pid)["LDTT"].criteria}["service"].detail
                for pid in ("p1", "p2")}
    assert "88 tháng" in services["p1"] and "7 tháng" in services["p2"]
    assert ev.status("p2", "LDTT") == "ineligible"


def test_to_dict_sentences_are_the_verdicts_sentences():
    ev = run(_people(), [unit()])
    out = result_to_dict(ev)
    for pid in ev.people:
        for title, v in ev.verdicts(pid).items():
            assert [c["detail"] for c in out["people"][pid][title]["criteria"]] == [
                c.detail for c in v.criteria]
    for uid in ev.units:
        for title, v in ev.verdicts(uid, unit=True).items():
            assert [c["detail"] for c in out["units"][uid][title]["criteria"]] == [
                c.detail for c in v.criteria]


def test_paused_gc_restores_the_collector_and_keeps_objects_tracked():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        kept = [[i] for i in range(1000)]
    assert gc.isenabled()
    assert gc.is_tracked(kept[0])
    assert gc.get_freeze_count() == 0


def test_paused_gc_leaves_a_processs_frozen_objects_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused_gc():
            [[i] for i in range(100)]
        # Not unfrozen (that would empty the permanent generation) and nothing new frozen; the
        # count may drop a little meanwhile, as frozen objects are still freed by refcount.
        assert frozen // 2 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()


def test_paused_gc_nested_or_already_disabled_leaves_it_disabled():
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()

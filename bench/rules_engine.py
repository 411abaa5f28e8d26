"""Benchmark of the rules engine on a synthetic province (standard library only).

    python bench/rules_engine.py                  # 100,000 people, 10 years, 5 runs
    python bench/rules_engine.py --people 20000 --runs 3 --out /tmp/small.json

Generates (once, deterministic seed) a province of organisations, departments and people with
ten years of history, in the input format of the file interface
(``shared/domain/eligibility-interface.md``), then reports medians over several runs of:

* floor      — ``json.load`` of that file (what no implementation can beat);
* parse      — ``facts_from_dict``: JSON data → frozen fact dataclasses, validated;
* evaluate   — every title for every person and unit, every criterion as plain data;
* to_dict    — ``result_to_dict``: Vietnamese details, citations, the interface's output;
* serialise  — ``json.dumps`` of that output;

each in seconds and as a ratio to the floor measured in the same run; then, for what a screen
needs, one page of 50 people (the first 50 of the first organisation, with their units):

* page floor — ``json.loads`` of that page's input;
* page       — ``evaluate`` + ``result_to_dict`` of the page's facts (medians of 200 calls).

The load average is printed before and after: on a shared machine, read the ratios.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from thidua.rules import evaluate, facts_from_dict, result_to_dict  # noqa: E402

GRADES = ["HTXS", "HTT", "HTNV", "KHTNV"]
GRADE_WEIGHTS = [18, 70, 10, 2]


def make_province(n_people: int, year: int, seed: int = 2022) -> dict:
    """A deterministic synthetic province: ~20 people a department, ~10 departments an agency."""
    rnd = random.Random(seed)
    years = list(range(year - 9, year + 1))
    n_depts = max(1, n_people // 20)
    n_orgs = max(1, n_depts // 10)
    units = []
    for o in range(n_orgs):
        leader = {str(y): ["tinh"] if rnd.random() < 0.1 else [] for y in years}
        if rnd.random() < 0.05:
            leader[str(year)] = ["hv"]
        units.append(
            {
                "id": f"o{o}",
                "kind": "organisation",
                "grades": {str(y): rnd.choices(GRADES[:3], [40, 55, 5])[0] for y in years},
                "titles": {str(y): ["TTLDXS"] for y in years if rnd.random() < 0.3},
                "registered": ["TTLDXS", "CO_TINH"],
                "cluster_leader": leader,
            }
        )
    for d in range(n_depts):
        units.append(
            {
                "id": f"d{d}",
                "parent": f"o{d % n_orgs}",
                "kind": "department",
                "grades": {str(y): rnd.choices(GRADES[:3], [30, 60, 10])[0] for y in years},
                "titles": {str(y): rnd.choice([["TTLDTT"], ["TTLDXS"], []]) for y in years},
                "registered": ["TTLDTT", "TTLDXS"],
            }
        )
    people = []
    for i in range(n_people):
        hired_year = rnd.randint(year - 30, year)
        hired = f"{hired_year}-{rnd.randint(1, 12):02d}-01"
        grades = {str(y): rnd.choices(GRADES, GRADE_WEIGHTS)[0] for y in years if y >= hired_year}
        titles = {}
        for y in years[:-1]:
            got = []
            if grades.get(str(y)) in ("HTXS", "HTT"):
                got.append("LDTT")
                if rnd.random() < 0.15:
                    got.append("CSTD_CS")
                    if rnd.random() < 0.1:
                        got.append("CSTD_TINH")
                if rnd.random() < 0.03:
                    got.append(rnd.choice(["BK_TINH", "BK_HV"]))
            if got:
                titles[str(y)] = got
        person = {
            "id": f"p{i}",
            "unit": f"d{i % n_depts}",
            "gender": "F" if rnd.random() < 0.55 else "M",
            "lecturer": rnd.random() < 0.6,
            "hired_on": hired,
            "grades": grades,
            "titles": titles,
            "initiatives": [
                {
                    "year": rnd.choice(years),
                    "level": rnd.choices(["co_so", "tinh", "toan_quoc"], [90, 9, 1])[0],
                }
                for _ in range(rnd.choice([0, 0, 1, 1, 2, 3]))
            ],
            "research": [
                {"year": rnd.choice(years), "level": "co_so", "accepted": rnd.random() < 0.8}
                for _ in range(rnd.choice([0, 0, 0, 1]))
            ],
            "discipline": [
                {"year": rnd.choice(years), "form": rnd.choice(["khien_trach", "canh_cao"])}
                for _ in range(1 if rnd.random() < 0.03 else 0)
            ],
            "leave": [
                {
                    "year": rnd.choice(years),
                    "kind": rnd.choice(["maternity", "study", "sick"]),
                    "days": rnd.randint(10, 200),
                }
                for _ in range(1 if rnd.random() < 0.2 else 0)
            ],
            "registered": ["LDTT", "CSTD_CS"] if rnd.random() < 0.95 else ["LDTT"],
        }
        if person["gender"] == "F":
            person["union_scores"] = {str(y): rnd.randint(60, 100) for y in years[-3:]}
        people.append(person)
    return {"year": year, "regime": "auto", "people": people, "units": units}


def page_of(data: dict, size: int = 50) -> dict:
    """The first ``size`` people of the first organisation, with their units (a screen's page)."""
    parents = {u["id"]: u.get("parent") for u in data["units"]}
    org = data["units"][0]["id"]
    people = [p for p in data["people"]
              if p.get("unit") == org or parents.get(p.get("unit")) == org][:size]
    wanted = {p["unit"] for p in people} | {org}
    units = [u for u in data["units"] if u["id"] in wanted]
    return {"year": data["year"], "regime": data["regime"], "people": people, "units": units}


def per_call(fn, calls: int = 200) -> float:
    """Median seconds of one call of ``fn`` over ``calls`` calls."""
    gc.collect()
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def timed(fn):
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=100_000)
    ap.add_argument("--year", type=int, default=2022)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", default="/tmp/thidua-province.json")
    ap.add_argument("--regenerate", action="store_true")
    ap.add_argument("--skip-output", action="store_true", help="skip to_dict and serialise")
    args = ap.parse_args(argv)

    path = Path(args.out)
    if (
        args.regenerate
        or not path.exists()
        or f'"year": {args.year}' not in path.read_text(encoding="utf-8")[:40]
    ):
        t0 = time.perf_counter()
        data = make_province(args.people, args.year)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        del data
        print(f"generated {path} in {time.perf_counter() - t0:.1f}s")
    size = path.stat().st_size / 1e6
    load_before = os.getloadavg()
    page_figures: dict[str, list[float]] = {"page floor": [], "page": []}
    figures: dict[str, list[float]] = {
        k: [] for k in ("floor", "parse", "evaluate", "to_dict", "serialise")
    }
    for run in range(args.runs):
        t, data = timed(lambda: json.load(path.open(encoding="utf-8")))
        figures["floor"].append(t)
        t, facts = timed(lambda data=data: facts_from_dict(data))
        figures["parse"].append(t)
        page_text = json.dumps(page_of(data), ensure_ascii=False)
        page_facts = facts_from_dict(json.loads(page_text))
        page_figures["page floor"].append(per_call(lambda text=page_text: json.loads(text)))
        page_figures["page"].append(
            per_call(lambda f=page_facts: result_to_dict(evaluate(f))))
        del data
        t, ev = timed(lambda facts=facts: evaluate(facts))
        figures["evaluate"].append(t)
        if not args.skip_output:
            t, out = timed(lambda ev=ev: result_to_dict(ev))
            figures["to_dict"].append(t)
            t, text = timed(lambda out=out: json.dumps(out, ensure_ascii=False))
            figures["serialise"].append(t)
            out_mb = len(text) / 1e6
            del out, text
        del facts, ev
        print(
            f"run {run + 1}/{args.runs}: "
            + ", ".join(f"{k} {v[-1]:.2f}s" for k, v in figures.items() if v),
            flush=True,
        )
    floor = statistics.median(figures["floor"])
    print(
        f"\n{args.people:,} people, {size:.0f} MB input, year {args.year}; "
        f"python {platform.python_version()}, {os.cpu_count()} CPUs; medians of {args.runs}"
    )
    print(f"{'step':<10} {'seconds':>8} {'× floor':>8}")
    for k, v in figures.items():
        if v:
            m = statistics.median(v)
            print(f"{k:<10} {m:8.2f} {m / floor:8.2f}")
    if not args.skip_output:
        print(f"(output JSON: {out_mb:.0f} MB)")
    page_floor = statistics.median(page_figures["page floor"])
    print(f"\none page of 50 people ({len(page_facts.units)} units), per call, medians:")
    for k, v in page_figures.items():
        m = statistics.median(v)
        print(f"{k:<10} {m * 1000:8.2f} ms {m / page_floor:6.2f} × page floor")
    load_after = os.getloadavg()
    print("load average before: " + " ".join(f"{x:.2f}" for x in load_before)
          + "; after: " + " ".join(f"{x:.2f}" for x in load_after))


if __name__ == "__main__":
    main()

"""Builders for the rules tests: facts written like the file interface, then evaluated."""

from __future__ import annotations

from thidua.rules import evaluate, facts_from_dict


def person(pid: str = "p1", **fields) -> dict:
    """A staff member who meets LĐTT in 2022 unless a field says otherwise."""
    base = {
        "id": pid,
        "unit": "u1",
        "gender": "F",
        "hired_on": "2015-09-01",
        "grades": {"2020": "HTT", "2021": "HTT", "2022": "HTT", "2023": "HTT", "2024": "HTT"},
        "registered": ["LDTT", "CSTD_CS"],
    }
    base.update(fields)
    return base


def unit(uid: str = "u1", **fields) -> dict:
    base = {"id": uid, "kind": "department", "grades": {"2022": "HTT", "2024": "HTT"},
            "registered": ["TTLDTT", "TTLDXS"]}
    base.update(fields)
    return base


def run(people, units=(), year: int = 2022, **kwargs):
    facts = facts_from_dict({"year": year, "people": list(people), "units": list(units)})
    return evaluate(facts, **kwargs)


def verdict(ev, sid: str, title: str, *, unit: bool = False) -> str:
    return ev.status(sid, title, unit=unit)


def criterion(ev, sid: str, title: str, code: str, *, unit: bool = False):
    for c in ev.verdicts(sid, unit=unit)[title].criteria:
        if c.code == code:
            return c
    raise AssertionError(f"{title} has no criterion {code}")


def one(title: str, year: int = 2022, **fields) -> str:
    """The verdict of ``title`` for a single person with ``fields``."""
    return verdict(run([person(**fields)], year=year), "p1", title)

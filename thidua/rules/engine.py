"""Evaluation: every person, then every unit from its members, for one year and one rule set.

Results stay compact until read: for each subject and title, ``(passed, ((passed_i, fact_i)…))``
aligned with the title's criteria. :meth:`Evaluation.verdicts` and :func:`result_to_dict` turn
them into readable verdicts with Vietnamese details and citations.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from ._compile import compile_pass
from ._perf import paused_gc
from .citations import CITATIONS
from .codes import ELIGIBLE, INELIGIBLE, REVIEW, SHORT_NAMES, TITLE_NAMES
from .facts import Facts
from .history import PersonYear, UnitYear
from .params import Ballot, RuleSet, rule_set_for
from .quotas import Quota, higher_level_quota, quota, quota_max
from .titles import Title, Unsure, person_titles, unit_titles

VERDICT = {True: ELIGIBLE, False: INELIGIBLE, None: REVIEW}


@dataclass(frozen=True, slots=True)
class CriterionResult:
    code: str
    passed: bool | None
    detail: str
    source_key: str
    source: str
    route: str | None = None
    to_confirm: bool = False


@dataclass(frozen=True, slots=True)
class Verdict:
    title: str
    name: str
    verdict: str  # eligible | ineligible | review
    criteria: tuple[CriterionResult, ...]
    ballot: Ballot | None = None

    @property
    def to_review(self) -> tuple[str, ...]:
        """Codes of the criteria the council must settle (unknown ones)."""
        return tuple(c.code for c in self.criteria if c.passed is None)


@dataclass(frozen=True, slots=True)
class QuotaUse:
    """A quota applied to an evaluation.

    ``quota.max`` counts only the basis already confirmed (eligible); while some of the basis is
    under review (``basis_review``), the maximum may still grow, up to ``max_if_confirmed`` when
    every one of them is confirmed: the range is ``quota.max``…``max_if_confirmed``. A quota
    counted above the organisation (Cờ thi đua của Chính phủ) has ``quota.max`` None: it is
    information, never "over".
    """

    quota: Quota
    eligible: int  # how many are eligible for the capped title
    review: int  # how many more might be, after review
    basis_review: int = 0  # how many of the basis are still under review
    max_if_confirmed: int | None = None  # the maximum once every basis review is confirmed

    @property
    def informational(self) -> bool:
        return self.quota.max is None

    @property
    def highest(self) -> int | None:
        """The largest maximum the pending reviews of the basis can lead to."""
        return self.quota.max if self.max_if_confirmed is None else self.max_if_confirmed

    @property
    def settled(self) -> bool:
        """The maximum is final: nothing of its basis is still under review."""
        return self.informational or self.highest == self.quota.max

    @property
    def over(self) -> bool:
        """More are eligible than the maximum on the confirmed basis allows."""
        return not self.informational and self.eligible > self.quota.max

    @property
    def surely_over(self) -> bool:
        """Over even if every basis review is confirmed."""
        return not self.informational and self.eligible > self.highest


class _Static:
    """What does not change from one subject to the next: per criterion (code, source, …)."""

    __slots__ = ("title", "rows")

    def __init__(self, title: Title, rs: RuleSet) -> None:
        self.title = title
        confirm = {name for name, _, _ in rs.to_confirm()}
        rows = []
        for c in title.criteria:
            cit = CITATIONS[c.source]
            flagged = cit.mark != "V" or any(p in confirm for p in c.params)
            rows.append((c.code, c.source, cit.text, c.route, flagged, c.say))
        self.rows = tuple(rows)


@dataclass(slots=True)
class Evaluation:
    year: int
    rule_set: RuleSet
    person_titles: tuple[Title, ...]
    unit_titles: tuple[Title, ...]
    people: dict[str, tuple[tuple, ...]]  # id → per title (passed, per criterion (passed, fact))
    units: dict[str, tuple[tuple, ...]]
    unit_members: dict[str, int]
    warnings: tuple[str, ...] = ()
    _static: dict | None = None

    # --- fast reads ------------------------------------------------------------------------
    def status(self, subject_id: str, title: str, *, unit: bool = False) -> str:
        """The verdict string of one title for one person (or unit)."""
        titles = self.unit_titles if unit else self.person_titles
        results = (self.units if unit else self.people)[subject_id]
        for t, r in zip(titles, results, strict=True):
            if t.code == title:
                return VERDICT[r[0]]
        raise KeyError(title)

    def count(self, title: str, verdict: str = ELIGIBLE, *, unit: bool = False,
              ids: set[str] | None = None) -> int:
        titles = self.unit_titles if unit else self.person_titles
        index = [t.code for t in titles].index(title)
        want = {ELIGIBLE: True, INELIGIBLE: False, REVIEW: None}[verdict]
        subjects = self.units if unit else self.people
        return sum(1 for sid, res in subjects.items()
                   if res[index][0] is want and (ids is None or sid in ids))

    # --- readable verdicts -----------------------------------------------------------------
    def statics(self) -> dict[str, tuple[_Static, ...]]:
        if self._static is None:
            self._static = _statics(self.rule_set, self.person_titles, self.unit_titles)
        return self._static

    def verdicts(self, subject_id: str, *, unit: bool = False) -> dict[str, Verdict]:
        """Every title's verdict for one person (or unit), with criteria in Vietnamese."""
        results = (self.units if unit else self.people)[subject_id]
        statics = self.statics()["unit" if unit else "person"]
        year = self.year
        ballots = self.rule_set.ballots
        out = {}
        for st, (passed, res) in zip(statics, results, strict=True):
            code = st.title.code
            crits = tuple(
                CriterionResult(c_code, p, say(fact, p, year), key, text, route,
                                flagged or type(fact) is Unsure)
                for (c_code, key, text, route, flagged, say), (p, fact) in zip(st.rows, res,
                                                                                strict=True)
            )
            out[code] = Verdict(code, TITLE_NAMES[code], VERDICT[passed], crits, ballots.get(code))
        return out


def _chains(facts: Facts, units: Mapping[str, UnitYear]) -> dict[str, tuple[UnitYear, ...]]:
    """For each unit id, the unit and its ancestors (a member counts in each)."""
    parents = {u.id: u.parent for u in facts.units}
    chains: dict[str, tuple[UnitYear, ...]] = {}
    for uid in parents:
        seen: list[str] = []
        cur: str | None = uid
        while cur is not None and cur in parents and cur not in seen:
            seen.append(cur)
            cur = parents[cur]
        chains[uid] = tuple(units[u] for u in seen)
    return chains


def evaluate(facts: Facts, year: int | None = None, *, regime: str | None = None,
             overrides: Mapping[str, object] | None = None,
             rule_set: RuleSet | None = None) -> Evaluation:
    """Judge every person and unit of ``facts`` for ``year`` (default ``facts.year``).

    ``regime``: "auto" (by year), "2017", "2023", "2023/nd98" or "2023/nd152";
    ``overrides``: an organisation's parameters (:meth:`RuleSet.with_overrides`).
    Individuals are judged first, then units from their members' verdicts.
    """
    year = facts.year if year is None else year
    if rule_set is None:
        rule_set = rule_set_for(year, regime or facts.regime)
    rs = rule_set.with_overrides(overrides)
    warnings = []
    natural = rule_set_for(year)
    if rs.regime != natural.regime:
        warnings.append(
            f"Năm {year} thuộc chế độ {natural.name}; đang xét theo chế độ {rs.name} (giả định)."
        )
    with paused_gc():
        return _evaluate(facts, year, rs, tuple(warnings))


def _pass(titles: tuple[Title, ...], *, visit: bool = False):
    """The loop judging every title of ``titles`` for each subject (:func:`compile_pass`); a
    title with the very same criteria as an earlier one (BK_HV, BK_TINH) shares its result."""
    same = [next((j for j in range(i) if titles[j].criteria is t.criteria), None)
            for i, t in enumerate(titles)]
    return compile_pass([t.code for t in titles], [t.compiled for t in titles], same,
                        visit=visit)


def _statics(rs: RuleSet, ptitles: tuple[Title, ...], utitles: tuple[Title, ...]) -> dict:
    return {"person": tuple(_Static(t, rs) for t in ptitles),
            "unit": tuple(_Static(t, rs) for t in utitles)}


#: id(rule set) → (rule set, person titles, unit titles, person pass, unit pass, statics): built
#: once per rule set (≈ 7 ms, which a page of 50 people would notice), kept for the last few.
_BUILT: dict[int, tuple] = {}


def _built(rs: RuleSet) -> tuple:
    hit = _BUILT.get(id(rs))
    if hit is not None and hit[0] is rs:
        return hit[1:]
    ptitles, utitles = person_titles(rs), unit_titles(rs)
    built = (ptitles, utitles, _pass(ptitles, visit=True), _pass(utitles),
             _statics(rs, ptitles, utitles))
    if len(_BUILT) >= 8:  # organisations' overrides make new rule sets: keep the last few
        _BUILT.pop(next(iter(_BUILT)))
    _BUILT[id(rs)] = (rs, *built)
    return built


def _evaluate(facts: Facts, year: int, rs: RuleSet, warnings: tuple[str, ...]) -> Evaluation:
    ptitles, utitles, person_pass, unit_pass, statics = _built(rs)
    unit_years = {u.id: UnitYear(u, year) for u in facts.units}
    get_unit = unit_years.get

    def count_in_unit(x: PersonYear) -> None:
        """Count the person in their own unit (ancestors are added up below)."""
        uid = x.p.unit
        if uid is not None:
            uy = get_unit(uid)
            if uy is not None:
                uy.add_member(x)

    people = person_pass(facts.people, PersonYear, year, rs, count_in_unit)
    # a member counts in their unit and in each of its ancestors
    own = {uid: uy.own_members() for uid, uy in unit_years.items()}
    for uid, chain in _chains(facts, unit_years).items():
        for uy in chain[1:]:
            uy.add_members(own[uid])
    units = unit_pass(unit_years.values(), _same_unit, year, rs)
    members = {uid: x.n for uid, x in unit_years.items()}
    return Evaluation(year, rs, ptitles, utitles, people, units, members, warnings, statics)


def _same_unit(x: UnitYear, year: int) -> UnitYear:
    return x


def quota_usage(evaluation: Evaluation, *, people: set[str] | None = None,
                units: set[str] | None = None) -> dict[str, QuotaUse]:
    """Each quota of the rule set applied to the evaluation (or to a subset of subjects), with
    the range its maximum may still take while some of its basis is under review; then the Cờ
    thi đua của Chính phủ limit as information (counted by the ministry or province)."""
    out: dict[str, QuotaUse] = {}
    unit_codes = {t.code for t in evaluation.unit_titles}
    for rule in evaluation.rule_set.quotas:
        title_is_unit = rule.title in unit_codes and rule.title not in {
            t.code for t in evaluation.person_titles}
        ids = units if title_is_unit else people
        if rule.basis == "FLAG":
            i_t = [t.code for t in evaluation.unit_titles].index("CO_TINH")
            i_h = [t.code for t in evaluation.unit_titles].index("CO_HV")
            count = maybe = 0
            for uid, r in evaluation.units.items():
                if units is None or uid in units:
                    a, b = r[i_t][0], r[i_h][0]
                    if a or b:
                        count += 1
                    elif a is None or b is None:
                        maybe += 1
        else:
            count = evaluation.count(rule.basis, unit=title_is_unit, ids=ids)
            maybe = evaluation.count(rule.basis, REVIEW, unit=title_is_unit, ids=ids)
        q = quota(rule, count)
        eligible = evaluation.count(rule.title, unit=title_is_unit, ids=ids)
        review = evaluation.count(rule.title, REVIEW, unit=title_is_unit, ids=ids)
        top = quota_max(rule.share, count + maybe, rule.rounding) if maybe else None
        use = QuotaUse(q, eligible, review, maybe, top)
        if rule.title not in out or q.max < out[rule.title].quota.max:
            out[rule.title] = use
    info = higher_level_quota(evaluation.rule_set)
    if info is not None and info.title not in out:
        unit = units
        out[info.title] = QuotaUse(
            info, evaluation.count(info.title, unit=True, ids=unit),
            evaluation.count(info.title, REVIEW, unit=True, ids=unit))
    return out


# --- plain data ---------------------------------------------------------------------------------

def _jsonable(value: object) -> object:
    if isinstance(value, (frozenset, set)):
        return sorted(value)
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _jsonable(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def rule_set_to_dict(rs: RuleSet) -> dict:
    return {
        "name": rs.name,
        "instruments": list(rs.instruments),
        "to_confirm": [
            {"parameter": name, "value": _jsonable(value), "note": note,
             "source": CITATIONS[rs.info(name).source].text}
            for name, value, note in rs.to_confirm()
        ],
        "overridden": sorted(rs.overridden),
    }


def _subjects_to_dict(results: dict[str, tuple[tuple, ...]], statics, year: int) -> dict:
    # A criterion's sentence depends only on its (passed, fact): say it once per distinct pair
    # (months of service, a grade, a count…) in this call, not once per subject.
    said = [[{} for _ in st.rows] for st in statics]
    out = {}
    for sid, res_list in results.items():
        titles = {}
        for st, sentences, (passed, res) in zip(statics, said, res_list, strict=True):
            crits = []
            for (code, key, text, route, flagged, say), known, (p, fact) in zip(
                    st.rows, sentences, res, strict=True):
                # the law-silent flag travels with the fact (an Unsure), so it is part of the
                # key: an Unsure equals (and hashes as) the plain tuple of the same items
                unsure = type(fact) is Unsure
                try:
                    detail = known[p, unsure, fact]
                except KeyError:
                    detail = known[p, unsure, fact] = say(fact, p, year)
                except TypeError:  # a fact that cannot be a key (a list built by hand)
                    detail = say(fact, p, year)
                d = {"code": code, "passed": p, "detail": detail, "source": text,
                     "source_key": key}
                if route is not None:
                    d["route"] = route
                if flagged or unsure:
                    d["to_confirm"] = True
                crits.append(d)
            titles[st.title.code] = {"verdict": VERDICT[passed], "criteria": crits}
        out[sid] = titles
    return out


def result_to_dict(evaluation: Evaluation, *, missing: bool = False) -> dict:
    """The file interface's output (``docs/rules-file-interface.md``) as plain data."""
    with paused_gc():
        return _result_to_dict(evaluation, missing)


def _result_to_dict(evaluation: Evaluation, missing: bool) -> dict:
    statics = evaluation.statics()
    rs = evaluation.rule_set
    quotas = {}
    for title, use in quota_usage(evaluation).items():
        q = use.quota
        quotas[title] = {
            "max": q.max, "basis": q.basis_text, "source": q.source, "rounding": q.rounding,
            "eligible": use.eligible, "review": use.review, "over": use.over,
            "basis_review": use.basis_review, "max_if_confirmed": use.highest,
            "informational": use.informational,
        }
    out = {
        "year": evaluation.year,
        "regime": rs.name,
        "people": _subjects_to_dict(evaluation.people, statics["person"], evaluation.year),
        "units": _subjects_to_dict(evaluation.units, statics["unit"], evaluation.year),
        "quotas": quotas,
        "ballots": {
            title: {**_jsonable(b), "name": SHORT_NAMES[title]} for title, b in rs.ballots.items()
        },
        "rule_set": rule_set_to_dict(rs),
        "warnings": list(evaluation.warnings),
    }
    if missing:
        from .missing import missing_for

        out["missing"] = {
            pid: [dataclasses.asdict(s) for s in missing_for(evaluation, pid)]
            for pid in evaluation.people
        }
    return out

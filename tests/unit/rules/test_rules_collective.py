"""Collective titles, judged from the members' verdicts of the same year."""

from __future__ import annotations

import pytest
from rules_factories import criterion, person, run, unit, verdict

INIT = {"2022": [{"year": 2022, "level": "co_so"}], "2024": [{"year": 2024, "level": "co_so"}]}


def team(year: int = 2022, *, n: int = 4, ldtt: int = 4, cs: int = 1,
         extra: dict | None = None) -> list[dict]:
    """``n`` members of u1: ``ldtt`` of them reach LĐTT, ``cs`` of those CSTĐCS."""
    people = []
    for i in range(n):
        fields = {"grades": {str(year): "HTT" if i < ldtt else "HTNV"}}
        if i < cs:
            fields["initiatives"] = INIT[str(year)]
        fields.update((extra or {}).get(i, {}))
        people.append(person(f"p{i}", **fields))
    return people


def unit_verdict(people, units, title, year=2022, **kw):
    return verdict(run(people, units, year=year, **kw), "u1", title, unit=True)


@pytest.mark.parametrize(
    ("year", "people", "grade", "expected"),
    [
        # Luật 2003 Điều 28.1: HTT; more than 50% LĐTT; no member disciplined at cảnh cáo+.
        (2022, team(ldtt=3), "HTT", "eligible"),
        (2022, team(ldtt=2), "HTT", "ineligible"),  # exactly 50% is not "more than"
        (2022, team(ldtt=3), "HTNV", "ineligible"),
        (2022, team(ldtt=4, extra={3: {"discipline": [{"year": 2022, "form": "canh_cao"}]}}), "HTT",
         "ineligible"),
        (2022, team(ldtt=4, extra={3: {"discipline": [{"year": 2022, "form": "khien_trach"}]}}),
         "HTT", "eligible"),  # a reprimand blocks the member's LĐTT only
        (2022, team(ldtt=2, extra={2: {"grades": {}}}), "HTT", "review"),  # 2 yes + 1 unknown of 4
        # Luật 2022 Điều 28.1: the discipline clause is not in the text seen (to confirm).
        (2024, team(2024, ldtt=4, extra={3: {"discipline": [{"year": 2024, "form": "canh_cao"}]}}),
         "HTT", "eligible"),
    ],
)
def test_ttldtt(year, people, grade, expected):
    units = [unit(grades={str(year): grade})]
    assert unit_verdict(people, units, "TTLDTT", year) == expected


def test_ttldtt_province_may_restore_the_discipline_clause():
    people = team(2024, ldtt=4, extra={3: {"discipline": [{"year": 2024, "form": "canh_cao"}]}})
    units = [unit(grades={"2024": "HTT"})]
    assert unit_verdict(people, units, "TTLDTT", 2024,
                        overrides={"collective_discipline_from": "canh_cao"}) == "ineligible"


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        # Luật 2003 Điều 27: HTXS; 100% complete tasks; ≥ 70% LĐTT; a CSTĐCS; no cảnh cáo+.
        (team(n=10, ldtt=7), "eligible"),
        (team(n=10, ldtt=6), "ineligible"),
        (team(n=10, ldtt=10, cs=0), "ineligible"),
        (team(n=10, ldtt=9, extra={9: {"grades": {"2022": "KHTNV"}}}), "ineligible"),
        (team(n=10, ldtt=9, extra={9: {"grades": {}}}), "review"),
        (team(n=10, ldtt=10, extra={5: {"discipline": [{"year": 2022, "form": "canh_cao"}]}}),
         "ineligible"),
    ],
)
def test_ttldxs(people, expected):
    assert unit_verdict(people, [unit(grades={"2022": "HTXS"})], "TTLDXS") == expected


def test_ttldxs_needs_the_unit_htxs():
    assert unit_verdict(team(), [unit(grades={"2022": "HTT"})], "TTLDXS") == "ineligible"


def test_ttldxs_2023_regime():
    people = team(2024, n=10, ldtt=7, cs=0, extra={0: {"grades": {"2024": "HTXS"}}})
    # Luật 2022 Điều 23: HTXS makes member 0 a CSTĐCS, so the unit has one (Điều 27.1).
    assert unit_verdict(people, [unit(grades={"2024": "HTXS"})], "TTLDXS", 2024) == "eligible"


def test_members_of_sub_units_count_for_the_organisation():
    units = [unit("org", kind="organisation", grades={"2022": "HTT"}),
             unit("u1", parent="org"), unit("u2", parent="org")]
    people = [person("a", unit="u1"), person("b", unit="u2"),
              person("c", unit="u2", grades={"2022": "HTNV"})]
    ev = run(people, units)
    assert ev.unit_members == {"org": 3, "u1": 1, "u2": 2}
    assert verdict(ev, "org", "TTLDTT", unit=True) == "eligible"  # 2 of 3
    assert verdict(ev, "u2", "TTLDTT", unit=True) == "ineligible"  # 1 of 2


# Luật 2003 Điều 10: a flag is an emulation title, so in 2017 the unit must have registered it.
FLAG_UNIT = {"kind": "organisation", "grades": {"2022": "HTXS", "2024": "HTXS"},
             "registered": ["TTLDXS", "CO_TINH", "CO_HV", "CO_CP"]}


@pytest.mark.parametrize(
    ("title", "year", "fields", "expected"),
    [
        # NĐ 91 Điều 12: Cờ tỉnh/bộ out of the cluster's comparison; usually a TTLĐXS.
        ("CO_TINH", 2022, {"cluster_leader": {"2022": ["tinh"]}}, "eligible"),
        ("CO_HV", 2022, {"cluster_leader": {"2022": ["hv"]}}, "eligible"),
        ("CO_HV", 2022, {"cluster_leader": {"2022": ["tinh"]}}, "ineligible"),
        ("CO_TINH", 2022, {}, "review"),  # the cluster's result is not known
        ("CO_TINH", 2022, {"cluster_leader": {"2022": ["tinh"]}, "kind": "department"},
         "ineligible"),
        ("CO_TINH", 2022, {"cluster_leader": {"2022": ["tinh"]},
                           "grades": {"2022": "HTT"}}, "ineligible"),
        # Luật 2022 Điều 26.2: or the leader of a thematic movement of ≥ 3 years.
        ("CO_TINH", 2024, {"cluster_leader": {"2024": []}}, "review"),
        ("CO_TINH", 2024, {"cluster_leader": {"2024": []}, "achievements": [
            {"year": 2024, "kind": "dan_dau_chuyen_de", "years": 3}]}, "eligible"),
        # NĐ 91 Điều 11: Cờ CP among flag-eligible units, or a Central Council cluster leader.
        ("CO_CP", 2022, {"cluster_leader": {"2022": ["hv"]}}, "eligible"),
        ("CO_CP", 2022, {"cluster_leader": {"2022": ["tw"]}, "grades": {"2022": "HTT"}},
         "eligible"),
        ("CO_CP", 2022, {"cluster_leader": {"2022": []}}, "ineligible"),
        # Luật 2022 Điều 25: a ≥ 5-year Prime Minister movement leader may be proposed too.
        ("CO_CP", 2024, {"cluster_leader": {"2024": []}}, "review"),
        # Not registered in 2022 (Luật 2003 Điều 10); no registration from 2024 (Luật 2022 Điều 7).
        ("CO_TINH", 2022, {"cluster_leader": {"2022": ["tinh"]}, "registered": ["TTLDXS"]},
         "ineligible"),
        ("CO_CP", 2022, {"cluster_leader": {"2022": ["tw"]}, "registered": ["CO_TINH"]},
         "ineligible"),
        ("CO_TINH", 2024, {"cluster_leader": {"2024": ["tinh"]}, "registered": []}, "eligible"),
    ],
)
def test_flags(title, year, fields, expected):
    people = team(year, n=10, ldtt=10, cs=1)
    assert unit_verdict(people, [unit(**{**FLAG_UNIT, **fields})], title, year) == expected


@pytest.mark.parametrize(
    ("title", "year", "fields", "expected"),
    [
        # NĐ 91 Điều 39.2 [R]: two consecutive years HTXS (else a judgement for the council).
        ("BK_TINH", 2022, {"grades": {"2021": "HTXS", "2022": "HTXS"}}, "eligible"),
        ("BK_TINH", 2022, {"grades": {"2021": "HTT", "2022": "HTXS"}}, "review"),
        # Bắc Ninh 2025 reading of Luật 2022 Điều 74.2: a TTLĐXS year counts too.
        ("BK_HV", 2024, {"grades": {"2023": "HTT", "2024": "HTXS"},
                         "titles": {"2023": ["TTLDXS"]}}, "eligible"),
        # NĐ 91 Điều 38.2 [R]: a Bằng khen, 5 years HTXS, a flag or two Bằng khen meanwhile.
        ("BK_TTG", 2022, {"grades": {str(y): "HTXS" for y in range(2016, 2023)},
                          "titles": {"2016": ["BK_TINH"], "2020": ["CO_HV"]}}, "eligible"),
        ("BK_TTG", 2022, {"grades": {str(y): "HTXS" for y in range(2016, 2023)},
                          "titles": {"2016": ["BK_TINH"]}}, "review"),
        ("GIAY_KHEN", 2022, {"achievements": [{"year": 2022, "kind": "dot_xuat"}]}, "eligible"),
    ],
)
def test_collective_forms(title, year, fields, expected):
    assert unit_verdict(team(year), [unit(**fields)], title, year) == expected


def test_a_flag_needs_ttldxs_by_the_sector_texts_not_by_the_law_itself():
    """Luật 2022 Điều 26.1 does not say it; the detailing texts under Điều 26.3 do (TT 22/2023/
    TT-BCT Điều 6): cited as such and flagged."""
    people = team(2024, n=10, ldtt=10, cs=1)
    ev = run(people, [unit(**{**FLAG_UNIT, "cluster_leader": {"2024": ["tinh"]}})], year=2024)
    c = criterion(ev, "u1", "CO_TINH", "ttldxs", unit=True)
    assert c.source_key == "L2022.26.3" and c.to_confirm
    assert "Thông tư 22/2023/TT-BCT, Điều 6" in c.source


def test_unit_without_members_is_reviewed_not_guessed():
    ev = run([], [unit()])
    assert verdict(ev, "u1", "TTLDTT", unit=True) == "review"
    assert criterion(ev, "u1", "TTLDTT", "ldtt_share", unit=True).passed is None


def test_every_title_needing_registration_can_be_registered_by_someone():
    # Luật 2003 Điều 10: registration is a basis of every emulation title. A title the engine
    # requires registration for must be one someone can register: a person (the registration
    # list), a unit (its list), or the organisation itself, whose yearly plan proposes its own
    # collective titles (plans.Plan.proposed_titles, checked against the vocabulary): the titles
    # given to the organisation as such (the flags, with their "organisation" criterion) and the
    # collective titles it may hold as a collective.
    from thidua.rules import authority, codes
    from thidua.rules.params import RULE_SETS
    from thidua.rules.titles import unit_titles

    for rs in RULE_SETS.values():
        organisation = {t.code for t in unit_titles(rs)
                        if any(c.code == "organisation" for c in t.criteria)}
        plan = {c for c in codes.UNIT_TITLES if c not in codes.COMMENDATION_FORMS}
        assert organisation <= plan
        someone = set(authority.PERSON_REGISTRABLE) | set(authority.UNIT_REGISTRABLE) | plan
        if rs.registration_required:
            missing = set(rs.registration_titles) - someone
            assert not missing, (rs.name, missing)
            assert {"CO_TINH", "CO_HV", "CO_CP"} <= set(rs.registration_titles) & organisation


def test_the_organisations_flags_pass_registration_when_its_plan_proposes_them():
    # Luật 2003 Điều 10; the organisation registers its flags in its plan (đề xuất danh hiệu).
    org = unit("o1", kind="organisation", registered=["CO_HV", "CO_CP"])
    ev = run([], [org])
    for code in ("CO_HV", "CO_CP", "CO_TINH"):  # a higher registration counts for the lower
        assert criterion(ev, "o1", code, "registration", unit=True).passed is True
    ev = run([], [unit("o1", kind="organisation", registered=None)])
    assert criterion(ev, "o1", "CO_HV", "registration", unit=True).passed is None
    ev = run([], [unit("o1", kind="organisation", registered=["TTLDXS"])])
    assert criterion(ev, "o1", "CO_HV", "registration", unit=True).passed is False

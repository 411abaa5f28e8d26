"""The instrument calendar and the authority table: one source of which law is in force and of
who decides each title (thidua.rules.instruments, thidua.rules.authority)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from rules_factories import person, run, unit

from thidua.rules import RULE_SETS, authority, codes, instruments, rule_set_for
from thidua.rules.citations import CITATIONS


@pytest.mark.parametrize(
    ("day", "law", "decree"),
    [
        # Luật 2003/2013 and NĐ 91/2017 to the last day of 2023 ...
        (date(2023, 12, 31), "L2003", "ND91"),
        # ... Luật 06/2022/QH15 and NĐ 98/2023 from 01/01/2024 ...
        (date(2024, 1, 1), "L2022", "ND98"),
        (date(2025, 6, 30), "L2022", "ND98"),
        # ... NĐ 152/2025 from 01/7/2025 (its Điều 59 repeals NĐ 98/2023 that day).
        (date(2025, 7, 1), "L2022", "ND152"),
        (date(2026, 12, 3), "L2022", "ND152"),
    ],
)
def test_the_law_and_decree_in_force_on_a_day(day, law, decree):
    assert [i.code for i in instruments.bases_on(day)] == [law, decree]
    assert instruments.reward_decree_on(day).code == decree
    assert instruments.regime_on(day) == ("2017" if law == "L2003" else "2023")


def test_the_circular_is_cited_only_when_its_date_is_known():
    # TT 12/2019/TT-BNV (04/11/2019) details NĐ 91; TT 15/2025/TT-BNV (04/8/2025) NĐ 152.
    assert [i.code for i in instruments.bases_on(date(2022, 12, 20), circular=True)] == [
        "L2003", "ND91", "TT12",
    ]
    assert [i.code for i in instruments.bases_on(date(2025, 12, 20), circular=True)] == [
        "L2022", "ND152", "TT15",
    ]
    # TT 01/2024/TT-BNV: its day was not seen, so a signed document does not cite it.
    assert [i.code for i in instruments.bases_on(date(2024, 12, 20), circular=True)] == [
        "L2022", "ND98",
    ]


def test_every_basis_line_names_its_instrument_and_the_change_days_are_the_laws():
    for instrument in instruments.INSTRUMENTS.values():
        if instrument.kind == instruments.LAW:
            # A law is cited by its name and the day it was passed.
            assert instrument.basis.startswith("Luật Thi đua, khen thưởng ngày"), instrument.code
            continue
        number = next(part for part in instrument.name.split() if "/" in part)
        assert number in instrument.basis, instrument.code
    assert instruments.change_days() == [date(2017, 10, 1), date(2024, 1, 1), date(2025, 7, 1)]
    assert instruments.reward_decree_on(date(2026, 1, 5)).reference == (
        "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ"
    )


def test_every_citation_key_names_a_known_instrument():
    for key in CITATIONS:
        prefix = key.split(".", 1)[0]
        assert prefix in instruments.INSTRUMENTS or prefix in instruments.NOT_INSTRUMENTS, key
    with pytest.raises(KeyError):
        instruments.instrument_of("XX99.1")


def _year_end(year: int) -> date:
    # A year is judged at its year-end review, under the texts then in force.
    return date(year, 12, 31)


def _rule_set_years(name: str) -> list[int]:
    return [y for y in range(2018, 2027) if rule_set_for(y).name == name]


@pytest.mark.parametrize("name", sorted(RULE_SETS))
def test_every_parameter_cites_a_text_in_force_in_the_years_its_rule_set_judges(name):
    rule_set = RULE_SETS[name]
    for field in dataclasses.fields(rule_set):
        info = rule_set.meta.get(field.name)
        if info is None:
            continue
        for year in _rule_set_years(name):
            assert instruments.cited_in_force(info.source, _year_end(year)), (
                name, field.name, info.source, year,
            )
    for quota in rule_set.quotas:
        for year in _rule_set_years(name):
            assert instruments.cited_in_force(quota.source, _year_end(year)), (name, quota)


def _everyone(year: int):
    """People and units on whom every title's every criterion is computed."""
    history = {str(y): "HTXS" for y in range(year - 7, year + 1)}
    titles = {str(y): ["LDTT", "CSTD_CS"] for y in range(year - 7, year)}
    people = [
        person("p1", grades=history, titles=titles,
               initiatives=[{"year": year, "level": "tinh"}]),
        person("p2", grades={str(year): "HTT"}, hired_on=f"{year}-05-01",
               leave=[{"year": year, "kind": "maternity", "days": 120},
                      {"year": year, "kind": "sick", "days": 30},
                      {"year": year, "kind": "study", "days": 200}]),
        person("p3", grades={str(year): "HTT"},
               discipline=[{"year": year, "form": "khien_trach"}]),
    ]
    units = [unit("u1", grades={str(y): "HTXS" for y in range(year - 5, year + 1)})]
    return people, units


@pytest.mark.parametrize("year", range(2018, 2027))
def test_every_criterion_and_quota_cites_a_text_in_force_for_the_evaluated_year(year):
    people, units = _everyone(year)
    evaluation = run(people, units, year=year)
    day = _year_end(year)
    for pid in ("p1", "p2", "p3"):
        for title, verdict in evaluation.verdicts(pid).items():
            for c in verdict.criteria:
                assert instruments.cited_in_force(c.source_key, day), (year, title, c.code,
                                                                       c.source_key)
    for title, verdict in evaluation.verdicts("u1", unit=True).items():
        for c in verdict.criteria:
            assert instruments.cited_in_force(c.source_key, day), (year, title, c.code,
                                                                   c.source_key)


def test_the_school_decides_the_grassroots_titles_and_proposes_the_rest():
    # NĐ 91/2017 Điều 43.2.b (2017 regime); Luật 2022 Điều 80.1 adds the Giấy khen.
    for regime, source in (("2017", "ND91.43.2b"), ("2023", "L2022.80.1")):
        assert authority.own_titles(regime) == ("LDTT", "CSTD_CS", "TTLDTT", "GIAY_KHEN")
        assert authority.authority("LDTT", regime).source == source
        assert authority.higher_body("LDTT", regime) is None
        # TTLĐXS is not given to the head of the unit: the province decides it (one answer).
        assert authority.higher_body("TTLDXS", regime) == authority.PROVINCE
        assert authority.decided_by_text("TTLDXS", regime) == "Chủ tịch UBND tỉnh"
        assert {authority.higher_body(t, regime) for t in ("BK_HV", "CO_HV")} == {
            authority.ACADEMY
        }
        assert {authority.higher_body(t, regime) for t in ("CSTD_TQ", "BK_TTG", "CO_CP")} == {
            authority.GOVERNMENT
        }
        # The union's titles are neither the school's decision nor a tờ trình's.
        assert authority.higher_body("GVT_DVN", regime) is None
        assert not authority.is_own("GVT_DVN", regime)
    assert authority.authority("LDTT", "2023/nd152").source == "L2022.80.1"


def test_every_title_has_an_authority_and_every_source_is_a_citation():
    for regime, table in authority.AUTHORITY.items():
        assert set(table) == set(codes.TITLE_ORDER), regime
        for entry in table.values():
            assert entry.source in CITATIONS, entry
    for title, lower in authority.LOWER_TITLES.items():
        assert title in codes.TITLE_ORDER and all(code in codes.TITLE_ORDER for code in lower)
    assert authority.DEFAULT_BALLOT_SOURCE in CITATIONS


def test_every_higher_body_names_whose_office_receives_its_proposals_and_why():
    # The province's office receives the tờ trình to the Chủ tịch UBND tỉnh and, going up
    # through the province, to the Prime Minister; the Học viện's its own.
    assert {body: authority.received_by(body) for body in authority.HIGHER_BODIES} == {
        authority.PROVINCE: authority.PROVINCE,
        authority.GOVERNMENT: authority.PROVINCE,
        authority.ACADEMY: authority.ACADEMY,
    }
    assert authority.RECEIVING_BODIES == (authority.PROVINCE, authority.ACADEMY)
    for _receiver, source in authority.RECEIVED_BY.values():
        assert source in CITATIONS
    with pytest.raises(KeyError):
        authority.received_by(authority.SCHOOL)


def test_registration_lists():
    assert authority.registrable_for("F") == authority.PERSON_REGISTRABLE
    assert "GVT_DVN" not in authority.registrable_for("M")
    assert "GVT_DVN" not in authority.registrable_for(None)
    assert not set(authority.PERSON_REGISTRABLE) & codes.COMMENDATION_FORMS


def test_a_day_before_the_calendar_is_refused_in_words_not_an_error():
    assert instruments.not_covered(date(2017, 10, 1)) is None
    refusal = instruments.not_covered(date(2016, 5, 4), "Ngày quyết định")
    assert refusal.startswith("Ngày quyết định 04/05/2016 trước ngày Nghị định 91/2017/NĐ-CP")
    with pytest.raises(ValueError):
        instruments.bases_on(date(2016, 5, 4))
    assert instruments.rule_set_name_on(date(2023, 12, 31)) == "2017"
    assert instruments.rule_set_name_on(date(2024, 1, 10)) == "2023/nd98"
    assert instruments.rule_set_name_on(date(2025, 7, 1)) == "2023/nd152"


def _days():
    """The first and last day of every month from October 2017 to December 2026."""
    for year in range(2017, 2027):
        for month in range(10 if year == 2017 else 1, 13):
            yield date(year, month, 1)
            yield date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def test_what_a_document_cites_on_a_day_is_in_force_that_day():
    """Decisions and tờ trình cite the calendar's bases of their signing day; a council meeting
    that day votes under the rule set of the decree then in force: every key it cites (ballots,
    quorum) names a text in force on that day."""
    for day in _days():
        for instrument in instruments.bases_on(day, circular=True):
            assert instrument.in_force(day), (day, instrument.code)
        assert instruments.reward_decree_on(day).in_force(day)
        procedure = RULE_SETS[instruments.rule_set_name_on(day)]
        for name in ("ballots", "council_quorum"):
            key = procedure.info(name).source
            assert instruments.cited_in_force(key, day), (day, name, key)
        assert authority.DEFAULT_BALLOT_SOURCE.split(".")[0] in instruments.NOT_INSTRUMENTS
        regime = instruments.regime_on(day)
        for entry in authority.AUTHORITY[regime].values():
            assert instruments.cited_in_force(entry.source, day), (day, entry)

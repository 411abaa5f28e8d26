"""Individual titles under both regimes: a table of cases, each naming the clause it checks."""

from __future__ import annotations

import pytest
from rules_factories import criterion, one, person, run, verdict

HTXS5 = {str(y): "HTXS" for y in range(2016, 2025)}
HTT5 = {str(y): "HTT" for y in range(2016, 2025)}


# --- LĐTT ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("year", "fields", "expected"),
    [
        # Luật 2003 Điều 24 / Luật 2022 Điều 24.1: HTT or above.
        (2022, {}, "eligible"),
        (2022, {"grades": {"2022": "HTXS"}}, "eligible"),
        (2022, {"grades": {"2022": "HTNV"}}, "ineligible"),
        (2024, {"grades": {"2024": "HTNV"}}, "ineligible"),
        (2022, {"grades": {"2021": "HTT"}}, "review"),  # no grade for the year: never a guess
        # NĐ 91 Điều 10.5: under 10 months of service (to 31/12) → excluded.
        (2022, {"hired_on": "2022-03-01"}, "eligible"),  # 10 months
        (2022, {"hired_on": "2022-03-02"}, "ineligible"),  # 9 full months
        (2022, {"hired_on": "2022-04-01"}, "ineligible"),
        # TT 01/2024/TT-BNV: under 6 months → excluded.
        (2024, {"hired_on": "2024-07-01"}, "eligible"),
        (2024, {"hired_on": "2024-08-01"}, "ineligible"),
        (2022, {"hired_on": None}, "review"),
        # NĐ 91 Điều 10.5: disciplined at khiển trách or above in the year → excluded.
        (2022, {"discipline": [{"year": 2022, "form": "khien_trach"}]}, "ineligible"),
        (2022, {"discipline": [{"year": 2021, "form": "canh_cao", "until": "2021-12-31"}]},
         "eligible"),
        # An earlier decision with no end date: whether its period reaches the year is a fact
        # the data lacks, so the council reviews (it was read as over before).
        (2022, {"discipline": [{"year": 2021, "form": "canh_cao"}]}, "review"),
        (2022, {"discipline": [{"year": 2021, "form": "canh_cao", "until": "2022-06-30"}]},
         "ineligible"),
        (2022, {"discipline": None}, "review"),
        # NĐ 98 Điều 4.4 (2024): disciplined → no award; pending → no award yet.
        (2024, {"discipline": [{"year": 2024, "form": "khien_trach"}]}, "ineligible"),
        (2024, {"discipline": [{"year": 2024, "form": "canh_cao", "pending": True}]},
         "ineligible"),
        (2022, {"discipline": [{"year": 2022, "form": "canh_cao", "pending": True}]}, "review"),
        # NĐ 91 Điều 10.3; NĐ 98/152 Điều 4.5: maternity leave counts as work time.
        (2022, {"leave": [{"year": 2022, "kind": "maternity", "days": 180}]}, "eligible"),
        (2025, {"leave": [{"year": 2025, "kind": "maternity", "days": 180}],
                "grades": {"2025": "HTT"}}, "eligible"),
        # NĐ 91 Điều 10.2: study under a year counts; a year or more counts with a good result.
        (2022, {"leave": [{"year": 2022, "kind": "study", "days": 90}]}, "eligible"),
        (2022, {"leave": [{"year": 2022, "kind": "study", "days": 200, "course_months": 18,
                           "result": "kha"}]}, "eligible"),
        (2022, {"leave": [{"year": 2022, "kind": "study", "days": 200, "course_months": 18,
                           "result": "trung_binh"}]}, "ineligible"),
        (2022, {"leave": [{"year": 2022, "kind": "study", "days": 365}]}, "review"),
        # TT 01/2024: study of a year or more counts, no result condition seen.
        (2024, {"leave": [{"year": 2024, "kind": "study", "days": 365}]}, "eligible"),
        # NĐ 65/2014's "absent ≥ 40 days" exclusion was dropped by NĐ 91.
        (2022, {"leave": [{"year": 2022, "kind": "sick", "days": 60}]}, "eligible"),
        # NĐ 91 Điều 10.4: a transfer after ≥ 6 months needs the old unit's comments.
        (2022, {"transfers": [{"on": "2022-08-01", "from_unit": "u2"}]}, "review"),
        (2022, {"transfers": [{"on": "2022-08-01", "from_unit": "u2",
                               "old_unit_opinion": True}]}, "eligible"),
        (2022, {"transfers": [{"on": "2022-03-01", "from_unit": "u2"}]}, "eligible"),
        # Luật 2003 Điều 10: registration is a basis (2017 regime only; Luật 2022 Điều 7).
        (2022, {"registered": ["CSTD_CS"]}, "eligible"),  # a higher title of the same chain
        (2022, {"registered": []}, "ineligible"),
        (2022, {"registered": None}, "review"),
        (2024, {"registered": []}, "eligible"),
    ],
)
def test_ldtt(year, fields, expected):
    assert one("LDTT", year, **fields) == expected


def test_ldtt_cites_its_clause_per_regime():
    ev = run([person(hired_on="2022-06-01")])
    c = criterion(ev, "p1", "LDTT", "service")
    assert c.passed is False
    assert c.source == "Nghị định 91/2017/NĐ-CP, Điều 10, khoản 5"
    assert "7 tháng" in c.detail and "10 tháng" in c.detail
    ev = run([person(hired_on="2024-06-01")], year=2024)
    c = criterion(ev, "p1", "LDTT", "service")
    assert c.passed is True and "Thông tư 01/2024/TT-BNV" in c.source
    assert ev.rule_set.name == "2023/nd98"


def test_review_names_the_missing_fact():
    ev = run([person(grades={})])
    v = ev.verdicts("p1")["LDTT"]
    assert v.verdict == "review"
    assert "grade" in v.to_review
    assert "Chưa có xếp loại năm 2022" in criterion(ev, "p1", "LDTT", "grade").detail


def test_maternity_detail_says_it_counts():
    ev = run([person(leave=[{"year": 2022, "kind": "maternity", "days": 180}])])
    assert "thai sản 180 ngày: tính là thời gian công tác" in criterion(
        ev, "p1", "LDTT", "maternity").detail


# Each kind of leave cites its own clause (it was all cited to the training clause):
# NĐ 91/2017 Điều 10 khoản 1 (injury), 2 (study), 3 (maternity); NĐ 98/2023 and NĐ 152/2025
# Điều 4 khoản 5 (maternity, every title and form); TT 01/2024/TT-BNV (study, injury).
@pytest.mark.parametrize(
    ("year", "code", "key"),
    [
        (2022, "injury", "ND91.10.1"), (2022, "study", "ND91.10.2"),
        (2022, "maternity", "ND91.10.3"),
        (2024, "injury", "TT01.2024"), (2024, "study", "TT01.2024"),
        (2024, "maternity", "ND98.4.5"),
        (2025, "injury", "TT15.2025"), (2025, "study", "TT15.2025"),
        (2025, "maternity", "ND152.4.5"),
    ],
)  # fmt: skip
def test_each_leave_cites_its_own_clause(year, code, key):
    leave = [{"year": year, "kind": k, "days": 30} for k in ("injury", "study", "maternity")]
    ev = run([person(grades={str(year): "HTT"}, leave=leave)], year=year)
    assert criterion(ev, "p1", "LDTT", code).source_key == key


@pytest.mark.parametrize(
    ("year", "certified", "expected"),
    [
        (2022, None, "eligible"),  # NĐ 91 Điều 10.1: treatment time counts
        # TT 01/2024/TT-BNV: it counts when a district-level (or higher) health facility certifies
        (2024, True, "eligible"),
        (2024, None, "review"),
    ],
)
def test_injury_treatment(year, certified, expected):
    leave = {"year": year, "kind": "injury", "days": 60}
    if certified is not None:
        leave["certified"] = certified
    assert one("LDTT", year, leave=[leave]) == expected


# --- discipline under NĐ 98/2023 and NĐ 152/2025 Điều 4 khoản 4 ----------------------------------
# "Achievements count only from the end of the discipline period" and "no award while a
# discipline review is under way": the end date is a needed fact, and pending is a state of the
# person whatever year it began.
@pytest.mark.parametrize(
    ("year", "discipline", "expected", "unsure"),
    [
        # no end date for an earlier decision: review, "cần xác nhận"
        (2024, [{"year": 2023, "form": "khien_trach"}], "review", True),
        (2025, [{"year": 2024, "form": "canh_cao"}], "review", True),
        # an earlier decision ending early in the year leaves 9 months: the law sets no minimum
        # (TT 01/2024: 6 months of service suffice for a recruit) — the council decides
        (2024, [{"year": 2023, "form": "canh_cao", "until": "2024-03-31"}], "review", True),
        (2024, [{"year": 2023, "form": "canh_cao", "until": "2024-11-30"}], "review", True),
        # its period outlasts the year: no achievement of the year counts
        (2024, [{"year": 2023, "form": "canh_cao", "until": "2025-02-28"}], "ineligible", False),
        # over before the year
        (2024, [{"year": 2022, "form": "canh_cao", "until": "2023-06-30"}], "eligible", False),
        # a review opened in an earlier year and still pending
        (2024, [{"year": 2022, "form": "canh_cao", "pending": True}], "ineligible", False),
        (2025, [{"year": 2023, "form": "khien_trach", "pending": True}], "ineligible", False),
        # NĐ 91/2017 has no such clause: pending is the council's to review (to confirm)
        (2022, [{"year": 2020, "form": "canh_cao", "pending": True}], "review", True),
        # edge days: a period ending on 31/12 covers the whole year, no month of it is left
        # ("thành tích chỉ được tính từ khi hết thời hạn kỷ luật"): no achievement counts
        (2024, [{"year": 2023, "form": "canh_cao", "until": "2024-12-31"}], "ineligible", False),
        (2025, [{"year": 2024, "form": "khien_trach", "until": "2025-12-31"}], "ineligible",
         False),
        # NĐ 91 Điều 10.5: a period running through 31/12/2022 reaches the year
        (2022, [{"year": 2021, "form": "canh_cao", "until": "2022-12-31"}], "ineligible", False),
        # a period ending on 01/01 leaves the rest of the year: the council decides
        (2024, [{"year": 2023, "form": "canh_cao", "until": "2024-01-01"}], "review", True),
        # ending on 31/12 of the year before: over before the year
        (2024, [{"year": 2023, "form": "canh_cao", "until": "2023-12-31"}], "eligible", False),
    ],
)  # fmt: skip
def test_discipline_periods_and_pending_reviews(year, discipline, expected, unsure):
    ev = run([person(grades={str(year): "HTT"}, discipline=discipline)], year=year)
    assert verdict(ev, "p1", "LDTT") == expected
    c = criterion(ev, "p1", "LDTT", "discipline")
    # the flag is exactly the law's silence: set on the uncertain rows, never on the settled ones
    assert c.to_confirm is unsure
    assert ("cần xác nhận" in c.detail) is unsure
    key = {2022: "ND91.10.5", 2024: "ND98.4.4", 2025: "ND152.4.4"}[year]
    assert c.source_key == key


# NĐ 98/2023 Điều 4 khoản 4: achievements count from the end of the discipline period; the months
# of the year left after its last day are said (whole months).
@pytest.mark.parametrize(
    ("until", "detail"),
    [
        ("2024-12-31", "(đến ngày 31/12/2024) suốt năm 2024"),  # nothing left: not "còn 0 tháng"
        ("2024-01-01", "còn 11 tháng của năm 2024"),
        ("2024-06-30", "còn 6 tháng của năm 2024"),
        ("2024-07-01", "còn 5 tháng của năm 2024"),
    ],
)
def test_the_months_left_after_a_discipline_ending_in_the_year(until, detail):
    ev = run([person(grades={"2024": "HTT"},
                     discipline=[{"year": 2023, "form": "canh_cao", "until": until}])], year=2024)
    c = criterion(ev, "p1", "LDTT", "discipline")
    assert detail in c.detail and "còn 0 tháng" not in c.detail


@pytest.mark.parametrize(("title", "name"), [("GIAY_KHEN", "Giấy khen"), ("BK_TINH", "Bằng khen"),
                                            ("BK_HV", "Bằng khen"),
                                            ("BK_TTG", "Bằng khen Thủ tướng")])
def test_a_form_of_commendation_after_a_discipline_is_not_measured_by_the_ldtt_months(title, name):
    # NĐ 98/2023 Điều 4 khoản 4 for every title and form; the six months of service are TT
    # 01/2024/TT-BNV's measure for a recruit's LĐTT only, not for a Giấy khen or a Bằng khen.
    ev = run([person(grades={"2024": "HTT"},
                     discipline=[{"year": 2023, "form": "canh_cao", "until": "2024-03-31"}])],
             year=2024)
    c = criterion(ev, "p1", title, "discipline")
    assert c.passed is None and c.to_confirm and "cần xác nhận" in c.detail
    assert "Lao động tiên tiến" not in c.detail and "người mới tuyển dụng" not in c.detail
    assert f"chỉ xét {name} theo thành tích" in c.detail and "còn 9 tháng" in c.detail
    assert c.source == "Nghị định 98/2023/NĐ-CP, Điều 4, khoản 4"


def test_a_discipline_ending_in_the_year_is_not_described_as_imposed_in_it():
    ev = run([person(grades={"2024": "HTT"},
                     discipline=[{"year": 2023, "form": "canh_cao", "until": "2024-03-31"}])],
             year=2024)
    c = criterion(ev, "p1", "LDTT", "discipline")
    assert "trong năm 2024" not in c.detail.split(";")[0]
    assert "hết thời hạn ngày 31/03/2024" in c.detail
    assert "còn 9 tháng" in c.detail and "cần xác nhận" in c.detail
    assert c.to_confirm and c.source == "Nghị định 98/2023/NĐ-CP, Điều 4, khoản 4"
    # NĐ 91/2017 Điều 10.5 (2017): a period that reaches the year excludes; said as such
    ev = run([person(discipline=[{"year": 2021, "form": "canh_cao", "until": "2022-03-31"}])])
    c = criterion(ev, "p1", "LDTT", "discipline")
    assert c.passed is False and "của năm trước còn thời hạn đến ngày 31/03/2022" in c.detail


def test_a_member_under_an_earlier_discipline_is_not_said_disciplined_in_the_year():
    # Luật 2003 Điều 28.1: no member disciplined at cảnh cáo or above; a decision of 2021 whose
    # period runs to 30/06/2022 reaches 2022 without being a decision "trong năm 2022".
    from rules_factories import unit

    people = [person(f"m{i}") for i in range(3)]
    people.append(person("m3", discipline=[{"year": 2021, "form": "canh_cao",
                                            "until": "2022-06-30"}]))
    ev = run(people, [unit(grades={"2022": "HTT"})])
    c = criterion(ev, "u1", "TTLDTT", "members_discipline", unit=True)
    assert c.passed is False
    assert c.detail.endswith("trong năm 2022 hoặc còn thời hạn kỷ luật trong năm 2022")
    ev = run([person(f"m{i}") for i in range(4)], [unit(grades={"2022": "HTT"})])
    c = criterion(ev, "u1", "TTLDTT", "members_discipline", unit=True)
    assert c.passed is True and "còn thời hạn kỷ luật trong năm 2022" in c.detail


def test_a_collective_with_a_member_whose_discipline_has_no_end_is_reviewed():
    from rules_factories import unit

    people = [person(f"m{i}") for i in range(3)]
    people.append(person("m3", discipline=[{"year": 2021, "form": "canh_cao"}]))
    ev = run(people, [unit(grades={"2022": "HTT"})])
    c = criterion(ev, "u1", "TTLDTT", "members_discipline", unit=True)
    assert c.passed is None and c.to_confirm


# --- CSTĐCS ------------------------------------------------------------------------------------
INIT22 = [{"year": 2022, "level": "co_so"}]


@pytest.mark.parametrize(
    ("year", "fields", "expected"),
    [
        # NĐ 91 Điều 9.3: LĐTT and a cơ sở initiative or accepted research.
        (2022, {"initiatives": INIT22}, "eligible"),
        (2022, {"research": [{"year": 2022, "level": "co_so", "accepted": True}]}, "eligible"),
        (2022, {"research": [{"year": 2022, "level": "co_so", "accepted": False}]},
         "ineligible"),
        (2022, {"initiatives": [{"year": 2021, "level": "co_so"}]}, "ineligible"),
        # HTXS is not a criterion for civilians in the 2017 regime…
        (2022, {"grades": {"2022": "HTXS"}}, "ineligible"),
        # …but one of the three routes of Luật 2022 Điều 23.
        (2024, {"grades": {"2024": "HTXS"}}, "eligible"),
        (2024, {"grades": {"2024": "HTT"}}, "ineligible"),
        (2024, {"initiatives": [{"year": 2024, "level": "co_so"}]}, "eligible"),
        # Nested: CSTĐCS needs LĐTT the same year.
        (2022, {"initiatives": INIT22, "discipline": [{"year": 2022, "form": "khien_trach"}]},
         "ineligible"),
        (2022, {"initiatives": INIT22, "grades": {}}, "review"),
        (2022, {"initiatives": None}, "review"),
    ],
)
def test_cstd_cs(year, fields, expected):
    assert one("CSTD_CS", year, **fields) == expected


# CV 5007/BNV-TĐKT (2023) mục III.5.c: one initiative supports one award proposal; one used for
# a title is not used for a form of commendation, nor the reverse; a later, higher title may use it.
# The letter guides the proposals made after it was issued: from the 2023 round.
@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ([], "eligible"),
        ([{"title": "CSTD_CS", "year": 2023}], "eligible"),  # this very claim
        ([{"title": "CSTD_CS", "year": 2022}], "ineligible"),  # the same title, another year
        ([{"title": "GIAY_KHEN", "year": 2023}], "ineligible"),  # already backs a form
        ([{"title": "BK_TINH", "year": 2022}], "ineligible"),
    ],
)
def test_an_initiative_supports_one_award(claims, expected):
    initiatives = [{"year": 2023, "level": "co_so", "claims": claims}]
    assert one("CSTD_CS", 2023, initiatives=initiatives, grades={"2023": "HTT"}) == expected


def test_the_letter_does_not_reach_back_to_the_2022_round_but_the_detail_says_it():
    claims = [{"title": "GIAY_KHEN", "year": 2021}]
    ev = run([person(initiatives=[{"year": 2022, "level": "co_so", "claims": claims}])])
    c = criterion(ev, "p1", "CSTD_CS", "initiative")
    assert c.passed is True and verdict(ev, "p1", "CSTD_CS") == "eligible"
    assert "đã được dùng cho đề nghị khen thưởng khác vẫn được tính" in c.detail
    assert "từ đợt xét năm 2023" in c.detail and "5007" not in c.detail


def test_the_letters_first_round_comes_from_the_calendar_and_is_flagged_while_unconfirmed():
    # Công văn 5007/BNV-TĐKT: thidua applies it from the proposals of the round of the year it
    # was issued; its day was not seen, so the criterion it changes says "cần xác nhận".
    from thidua.rules import history
    from thidua.rules.instruments import INSTRUMENTS

    letter = INSTRUMENTS["CV5007"]
    assert history.CV5007_FIRST_YEAR == letter.effective.year == 2023
    assert letter.to_confirm and history.CV5007_TO_CONFIRM
    # applied (2023): left out, flagged
    claims = [{"title": "CSTD_CS", "year": 2022}]
    ev = run([person(initiatives=[{"year": 2023, "level": "co_so", "claims": claims}],
                     grades={"2023": "HTT"})], year=2023)
    c = criterion(ev, "p1", "CSTD_CS", "initiative")
    assert c.passed is False and c.to_confirm
    assert "áp dụng cho các đề nghị khen thưởng từ đợt xét năm 2023" in c.detail
    assert "cần xác nhận" in c.detail
    # not applied (2022): still counted, flagged
    claims = [{"title": "GIAY_KHEN", "year": 2021}]
    ev = run([person(initiatives=[{"year": 2022, "level": "co_so", "claims": claims}])])
    c = criterion(ev, "p1", "CSTD_CS", "initiative")
    assert c.passed is True and c.to_confirm and "cần xác nhận" in c.detail
    # an initiative never claimed: the letter plays no part, nothing to confirm
    ev = run([person(initiatives=[{"year": 2022, "level": "co_so"}])])
    c = criterion(ev, "p1", "CSTD_CS", "initiative")
    assert c.passed is True and not c.to_confirm
    # the citation states the letter's content, not its scope
    from thidua.rules.citations import cite

    assert "đợt xét" not in cite("CV5007.III.5c")


def test_a_later_higher_title_may_count_an_initiative_used_for_cstd_cs():
    from thidua.rules.history import claim_blocks

    assert not claim_blocks(frozenset({("CSTD_CS", 2021)}), "CSTD_TINH", 2023)
    assert claim_blocks(frozenset({("CSTD_CS", 2021)}), "BK_TINH", 2023)


def test_the_detail_says_which_initiatives_were_left_out_and_why():
    claims = [{"title": "CSTD_CS", "year": 2022}]
    ev = run([person(initiatives=[{"year": 2023, "level": "co_so", "claims": claims}],
                     grades={"2023": "HTT"})], year=2023)
    detail = criterion(ev, "p1", "CSTD_CS", "initiative").detail
    assert "không tính 1 sáng kiến đã dùng" in detail
    assert "5007/BNV-TĐKT" in detail


@pytest.mark.parametrize(
    ("claims", "field"),
    [
        ({"title": "CSTD_CS"}, "people[0].initiatives[0].claims"),
        (["CSTD_CS"], "people[0].initiatives[0].claims[0]"),
        ([{"title": "XYZ", "year": 2021}], "people[0].initiatives[0].claims[0].title"),
        ([{"title": "CSTD_CS"}], "people[0].initiatives[0].claims[0].year"),
    ],
)
def test_claims_are_checked_field_by_field(claims, field):
    from thidua.rules import FactsError, facts_from_dict

    item = {"year": 2022, "level": "co_so", "claims": claims}
    with pytest.raises(FactsError) as error:
        facts_from_dict({"year": 2022, "people": [person(initiatives=[item])]})
    assert error.value.field == field


# --- CSTĐ cấp tỉnh, CSTĐ toàn quốc ------------------------------------------------------------
CS_2020_21 = {"2020": ["LDTT", "CSTD_CS"], "2021": ["LDTT", "CSTD_CS"]}
TINH_WORK = [{"year": 2022, "level": "co_so"}, {"year": 2021, "level": "tinh"}]
# Luật 2003 Điều 10: registration is a basis of every emulation title, CSTĐ cấp tỉnh and toàn
# quốc included (the cases register them; registering the higher one counts for the lower).
REG_TINH = ["LDTT", "CSTD_CS", "CSTD_TINH"]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # Luật 2003 Điều 22: three consecutive CSTĐCS (the third this year) + a province-wide work.
        ({"titles": CS_2020_21, "initiatives": TINH_WORK}, "eligible"),
        ({"titles": {"2021": ["CSTD_CS"]}, "initiatives": TINH_WORK}, "ineligible"),
        ({"titles": {"2019": ["CSTD_CS"], "2021": ["CSTD_CS"]}, "initiatives": TINH_WORK},
         "ineligible"),
        ({"titles": CS_2020_21, "initiatives": [{"year": 2022, "level": "co_so"}]}, "ineligible"),
        ({"titles": CS_2020_21, "initiatives": [{"year": 2022, "level": "co_so"}],
          "research": [{"year": 2020, "level": "tinh"}]}, "eligible"),
        # This year's CSTĐCS is still under review → so is CSTĐ cấp tỉnh.
        ({"titles": CS_2020_21, "initiatives": TINH_WORK, "grades": {}}, "review"),
        # One cycle, one award: a CSTĐ cấp tỉnh in 2021 used 2019–2021. That reading is
        # thidua's own, so where it decides the council reviews ("cần xác nhận").
        ({"titles": {**CS_2020_21, "2021": ["CSTD_CS", "CSTD_TINH"]}, "initiatives": TINH_WORK},
         "review"),
        # Not registered (only LĐTT, CSTĐCS): no title (Luật 2003 Điều 10).
        ({"titles": CS_2020_21, "initiatives": TINH_WORK, "registered": ["LDTT", "CSTD_CS"]},
         "ineligible"),
        ({"titles": CS_2020_21, "initiatives": TINH_WORK, "registered": ["CSTD_TQ"]},
         "eligible"),
    ],
)
def test_cstd_tinh(fields, expected):
    assert one("CSTD_TINH", 2022, **{"registered": REG_TINH, **fields}) == expected


def test_registration_is_cited_for_every_emulation_title_and_no_form_in_2017():
    from thidua.rules.codes import COMMENDATION_FORMS

    ev = run([person(registered=[])], year=2022)
    for title, v in ev.verdicts("p1").items():
        keys = {c.source_key for c in v.criteria if c.code == "registration"}
        if title in COMMENDATION_FORMS or title == "GVT_DVN":
            assert not keys, title  # forms of commendation and the union's title: not a basis
        else:
            assert keys == {"L2003.10"}, title
            assert v.verdict == "ineligible", title
    ev = run([person(registered=[])], year=2024)
    for v in ev.verdicts("p1").values():
        assert all(c.code != "registration" for c in v.criteria)  # Luật 2022 Điều 7


def test_cstd_tinh_cycle_cites_one_achievement_one_award_from_2024():
    titles = {"2022": ["CSTD_CS"], "2023": ["CSTD_CS", "CSTD_TINH"]}
    fields = {"titles": titles, "grades": {"2024": "HTXS"},
              "initiatives": [{"year": 2024, "level": "tinh"}]}
    ev = run([person(**fields)], year=2024)
    c = criterion(ev, "p1", "CSTD_TINH", "cycle")
    assert (c.passed, c.source_key, c.to_confirm) == (None, "L2022.5.2c", True)
    assert "cần xác nhận" in c.detail


def test_cstd_tinh_under_2023_regime():
    titles = {"2022": ["CSTD_CS"], "2023": ["CSTD_CS"]}
    fields = {"titles": titles, "grades": {"2024": "HTXS"},
              "initiatives": [{"year": 2023, "level": "tinh"}]}
    assert one("CSTD_TINH", 2024, **fields) == "eligible"  # HTXS route makes 2024 a CSTĐCS


NATIONAL_WORK = [{"year": 2021, "level": "toan_quoc"}]
REG_TQ = ["LDTT", "CSTD_CS", "CSTD_TQ"]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # Luật 2003 Điều 21: two consecutive CSTĐ cấp tỉnh + a work of nationwide effect, proposed
        # in the year after the second (NĐ 91 Điều 48 khoản 1 điểm a). "Consecutive" for awards of
        # 3 CSTĐCS years each: one 3-year cycle apart (thidua's reading, flagged).
        ({"titles": {"2018": ["CSTD_TINH"], "2021": ["CSTD_TINH"]},
          "initiatives": NATIONAL_WORK}, "eligible"),
        ({"titles": {"2018": ["CSTD_TINH"], "2021": ["CSTD_TINH"]},
          "initiatives": [{"year": 2021, "level": "tinh"}]}, "ineligible"),
        ({"titles": {"2017": ["CSTD_TINH"], "2021": ["CSTD_TINH"]},
          "initiatives": NATIONAL_WORK}, "ineligible"),
        # closer than the cycle: consecutive under another reading → review, not a refusal
        ({"titles": {"2020": ["CSTD_TINH"], "2021": ["CSTD_TINH"]},
          "initiatives": NATIONAL_WORK}, "review"),
        # the second CSTĐ cấp tỉnh two years ago: the proposal was due in 2020's next year
        ({"titles": {"2017": ["CSTD_TINH"], "2020": ["CSTD_TINH"]},
          "initiatives": NATIONAL_WORK}, "ineligible"),
        # registration (Luật 2003 Điều 10)
        ({"titles": {"2018": ["CSTD_TINH"], "2021": ["CSTD_TINH"]},
          "initiatives": NATIONAL_WORK, "registered": REG_TINH}, "ineligible"),
    ],
)
def test_cstd_tq(fields, expected):
    assert one("CSTD_TQ", 2022, **{"registered": REG_TQ, **fields}) == expected


def test_cstd_tq_is_proposed_the_year_after_the_second_cstd_tinh():
    """NĐ 91/2017 Điều 48.1.a: not in the year the second CSTĐ cấp tỉnh is itself proposed."""
    titles = {"2019": ["CSTD_TINH", "CSTD_CS"], "2020": ["CSTD_CS"], "2021": ["CSTD_CS"]}
    works = [{"year": 2022, "level": "toan_quoc"}]
    ev = run([person(titles=titles, initiatives=works, registered=REG_TQ)])
    assert verdict(ev, "p1", "CSTD_TINH") == "eligible"
    assert verdict(ev, "p1", "CSTD_TQ") == "ineligible"
    c = criterion(ev, "p1", "CSTD_TQ", "cstd_tinh_consecutive")
    assert "lần thứ 2 phải là năm 2021" in c.detail
    # the next year, with the 2022 award in the register, it is in reach
    titles["2022"] = ["CSTD_TINH", "CSTD_CS"]
    ev = run([person(titles=titles, initiatives=works, registered=REG_TQ,
                     grades={"2023": "HTT"})], year=2023)
    assert verdict(ev, "p1", "CSTD_TQ") == "eligible"
    c = criterion(ev, "p1", "CSTD_TQ", "cstd_tinh_consecutive")
    assert c.to_confirm and "cách áp dụng của thidua" in c.detail


def test_cstd_tq_under_2023_regime_cites_the_adjacent_year():
    titles = {"2020": ["CSTD_TINH"], "2023": ["CSTD_TINH"]}
    ev = run([person(titles=titles, initiatives=[{"year": 2023, "level": "toan_quoc"}])],
             year=2024)
    assert verdict(ev, "p1", "CSTD_TQ") == "eligible"
    assert ev.rule_set.info("cstd_tq_lag_years").source == "ND98.32"


# --- Forms: Giấy khen, Bằng khen, GVT_DVN ---------------------------------------------------------
@pytest.mark.parametrize(
    ("title", "year", "fields", "expected"),
    [
        # Giấy khen (Luật 2022 Điều 75.2): HTT + a movement or one-off achievement (judgement).
        ("GIAY_KHEN", 2022, {}, "review"),
        ("GIAY_KHEN", 2024, {"achievements": [{"year": 2024, "kind": "phong_trao"}]}, "eligible"),
        ("GIAY_KHEN", 2022, {"grades": {"2022": "HTNV"}}, "ineligible"),
        # NĐ 91 Điều 39.1.c: two consecutive years HTXS with two cơ sở initiatives.
        ("BK_TINH", 2022, {"grades": HTXS5, "initiatives": [{"year": 2021, "level": "co_so"},
                                                           {"year": 2022, "level": "co_so"}]},
         "eligible"),
        ("BK_HV", 2022, {"grades": HTXS5, "initiatives": [{"year": 2022, "level": "co_so"}],
                         "research": [{"year": 2021, "level": "co_so"}]}, "eligible"),
        ("BK_TINH", 2022, {"grades": HTXS5, "initiatives": INIT22}, "review"),  # judgement left
        ("BK_TINH", 2022, {"grades": HTXS5, "initiatives": INIT22 * 2,
                           "discipline": [{"year": 2022, "form": "khien_trach"}]}, "ineligible"),
        # Luật 2022 Điều 74.1.d adds two consecutive CSTĐCS.
        ("BK_TINH", 2024, {"titles": {"2023": ["CSTD_CS"]}, "grades": {"2024": "HTXS"}},
         "eligible"),
        ("BK_TINH", 2022, {"titles": {"2021": ["CSTD_CS"]},
                           "initiatives": INIT22}, "review"),  # not a route in 2017
        # NĐ 91 Điều 38.1.c: a Bằng khen, then 5 years HTXS with 5 cơ sở initiatives.
        ("BK_TTG", 2022, {"titles": {"2017": ["BK_TINH"]}, "grades": HTXS5,
                          "initiatives": [{"year": y, "level": "co_so"}
                                          for y in range(2018, 2023)]}, "eligible"),
        ("BK_TTG", 2022, {"titles": {"2019": ["BK_TINH"]}, "grades": HTXS5,
                          "initiatives": [{"year": y, "level": "co_so"}
                                          for y in range(2018, 2023)]}, "review"),
        # Luật 2022 Điều 73.1.b: then ≥ 5 years HTT or above with 3 CSTĐCS, no initiative needed.
        ("BK_TTG", 2024, {"titles": {"2019": ["BK_HV"], "2021": ["CSTD_CS"], "2023": ["CSTD_CS"]},
                          "grades": {**HTT5, "2024": "HTXS"}}, "eligible"),
        # Union title: women, the union's score, configured by the school.
        ("GVT_DVN", 2022, {"union_scores": {"2022": 85}}, "eligible"),
        ("GVT_DVN", 2022, {"union_scores": {"2022": 85}, "gender": "M"}, "ineligible"),
        ("GVT_DVN", 2022, {}, "review"),
        ("GVT_DVN", 2022, {"union_scores": {"2022": 70}}, "ineligible"),
        ("GVT_DVN", 2022, {"union_scores": {"2022": 95},
                           "leave": [{"year": 2022, "kind": "sick", "days": 45}]}, "ineligible"),
        ("GVT_DVN", 2022, {"union_scores": {"2022": 95},
                           "leave": [{"year": 2022, "kind": "maternity", "days": 180}]},
         "eligible"),
    ],
)
def test_forms(title, year, fields, expected):
    assert one(title, year, **fields) == expected


# Luật 2022 Điều 5 khoản 2 điểm c: no award twice for one achievement. A Bằng khen tỉnh in 2024
# on CSTĐCS 2023–2024 (Điều 74.1.d) cannot silently stand behind another in 2025 on 2024–2025.
@pytest.mark.parametrize(
    ("titles", "expected"),
    [
        ({"2024": ["CSTD_CS"]}, "eligible"),
        ({"2023": ["CSTD_CS"], "2024": ["CSTD_CS", "BK_TINH"]}, "review"),
        ({"2024": ["CSTD_CS", "BK_HV"]}, "review"),
        ({"2023": ["BK_TINH"], "2024": ["CSTD_CS"]}, "eligible"),  # outside the two years
    ],
)
def test_an_achievement_behind_a_bang_khen_is_not_counted_again_silently(titles, expected):
    fields = {"titles": titles, "grades": {"2024": "HTT", "2025": "HTXS"}}
    ev = run([person(**fields)], year=2025)
    assert verdict(ev, "p1", "BK_TINH") == expected
    if expected == "review":
        c = criterion(ev, "p1", "BK_TINH", "not_used_cstd_cs")
        assert c.source_key == "L2022.5.2c" and c.to_confirm and "cần xác nhận" in c.detail


def test_every_person_title_appears_with_criteria():
    ev = run([person()])
    titles = ev.verdicts("p1")
    assert set(titles) == {"LDTT", "CSTD_CS", "CSTD_TINH", "CSTD_TQ", "GIAY_KHEN", "BK_TINH",
                           "BK_HV", "BK_TTG", "GVT_DVN"}
    for v in titles.values():
        assert v.criteria
        for c in v.criteria:
            assert c.source and c.detail and c.source_key


def test_regime_by_year():
    assert run([person()], year=2023).rule_set.name == "2017"
    assert run([person()], year=2024).rule_set.name == "2023/nd98"
    assert run([person(grades={"2025": "HTT"})], year=2025).rule_set.name == "2023/nd152"
    ev = run([person()], year=2022, regime="2023")
    assert ev.rule_set.regime == "2023" and ev.warnings


# --- what is missing ------------------------------------------------------------------------------
def test_missing_names_the_next_title_and_what_it_needs():
    from thidua.rules import missing_for

    ev = run([person(titles={"2021": ["LDTT", "CSTD_CS"]}, initiatives=INIT22)])
    steps = {s.title: s for s in missing_for(ev, "p1")}
    tinh = steps["CSTD_TINH"]  # LĐTT and CSTĐCS are reached: the ladder's next rung
    assert "LDTT" not in steps and "CSTD_CS" not in steps
    assert "thêm 1 năm CSTĐCS liên tục" in tinh.needs
    assert "một sáng kiến hoặc đề tài có phạm vi ảnh hưởng cấp tỉnh" in tinh.needs
    assert tinh.summary.endswith("→ CSTĐ cấp tỉnh")


def test_missing_for_a_new_hire_is_ldtt():
    from thidua.rules import missing_for

    ev = run([person(hired_on="2022-06-01")])
    first = missing_for(ev, "p1")[0]
    assert first.title == "LDTT" and first.verdict == "ineligible"
    assert any("7 tháng" in n for n in first.needs)


def test_missing_for_cstd_tq_names_the_year_of_the_second_cstd_tinh_and_registration():
    from thidua.rules import missing_for

    titles = {"2019": ["CSTD_TINH", "CSTD_CS"], "2020": ["CSTD_CS"], "2021": ["CSTD_CS"]}
    ev = run([person(titles=titles, initiatives=[{"year": 2022, "level": "toan_quoc"}],
                     registered=REG_TINH)])
    steps = {s.title: s for s in missing_for(ev, "p1")}
    tq = steps["CSTD_TQ"]
    # Luật 2003 Điều 10 (registration); NĐ 91 Điều 48.1.a (the year after the second award)
    assert "đăng ký thi đua danh hiệu CSTĐ toàn quốc (Luật Thi đua, khen thưởng 2003)" in tq.needs
    assert "hai lần liên tục CSTĐ cấp tỉnh, lần thứ hai vào năm 2021" in tq.needs

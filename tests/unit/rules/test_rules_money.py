"""Reward money from the decrees' text: the base salary on the decision's date, the coefficients
of the decree in force that day, rounding up to 10,000 VND, the highest title per period."""

from datetime import date

import pytest

from thidua.rules import money
from thidua.rules.citations import CITATIONS
from thidua.rules.codes import ELIGIBLE, REVIEW
from thidua.rules.money import BaseSalary, MoneyError, RewardLine


def person(code, subject="person:1", period=2024, name="Trần Thị Hoa"):
    return RewardLine(subject, name, code, False, period)


def unit(code, subject="unit:1", period=2024):
    return RewardLine(subject, "Khoa Xây dựng Đảng", code, True, period)


@pytest.mark.parametrize(
    ("tenths", "base", "expected"),
    [
        (3, 1_490_000, 450_000),  # 447.000 → 450.000
        (3, 1_800_000, 540_000),  # exactly 540.000: no rounding
        (3, 2_340_000, 710_000),  # 702.000 → 710.000
        (8, 2_340_000, 1_880_000),  # 1.872.000 → 1.880.000
        (10, 2_340_000, 2_340_000),
        (15, 1_490_000, 2_240_000),  # 2.235.000 → 2.240.000
    ],
)
def test_amounts_round_up_to_the_next_ten_thousand(tenths, base, expected):
    assert money.amount(tenths, base) == expected


def test_rounding_at_the_boundary():
    # one tenth of a VND over a multiple of 10.000 goes to the next; the multiple stays
    assert money.round_up(100_000 * 54) == 540_000
    assert money.round_up(100_000 * 54 + 1) == 550_000
    assert money.round_up(100_000 * 54 - 1) == 540_000
    assert money.round_up(0) == 0
    with pytest.raises(MoneyError):
        money.amount(3, 0)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2019, 7, 1), 1_490_000),
        (date(2023, 6, 30), 1_490_000),
        (date(2023, 7, 1), 1_800_000),
        (date(2024, 6, 30), 1_800_000),
        (date(2024, 7, 1), 2_340_000),
        (date(2026, 1, 5), 2_340_000),
    ],
)
def test_the_base_salary_is_the_one_in_force_on_the_decision_date(day, expected):
    assert money.base_salary_on(day).amount == expected


def test_a_day_before_the_table_or_in_a_gap_is_refused_naming_what_is_missing():
    with pytest.raises(MoneyError, match="trước ngày 01/07/2019"):
        money.base_salary_on(date(2019, 6, 30))
    gap = (BaseSalary(date(2019, 7, 1), date(2023, 6, 30), 1_490_000),
           BaseSalary(date(2024, 7, 1), None, 2_340_000))  # fmt: skip
    with pytest.raises(MoneyError, match="từ ngày 01/07/2023 đến ngày 30/06/2024"):
        money.base_salary_on(date(2023, 12, 28), gap)
    ended = (BaseSalary(date(2019, 7, 1), date(2023, 6, 30), 1_490_000),)
    with pytest.raises(MoneyError, match="từ ngày 01/07/2023 đến nay"):
        money.base_salary_on(date(2024, 1, 2), ended)
    with pytest.raises(MoneyError, match="Chưa có mức lương cơ sở nào"):
        money.base_salary_on(date(2024, 1, 2), ())


def test_overlapping_periods_are_found():
    new = BaseSalary(date(2024, 1, 1), None, 2_000_000)
    assert money.overlapping(money.BASE_SALARIES, new).amount == 1_800_000
    later = BaseSalary(date(2030, 7, 1), None, 3_000_000)
    assert money.overlapping(money.BASE_SALARIES[:2], later) is None
    assert money.overlapping(money.BASE_SALARIES, later).amount == 2_340_000  # open-ended


def test_the_same_lines_across_01_07_2023_and_01_07_2024():
    lines = [person("LDTT"), unit("TTLDTT")]
    before = money.reward_list(lines, date(2023, 6, 30))
    assert [p.amount for p in before.lines] == [450_000, 1_200_000]  # 0,8 × 1.490.000 = 1.192.000
    middle = money.reward_list(lines, date(2023, 7, 1))
    assert [p.amount for p in middle.lines] == [540_000, 1_440_000]
    after = money.reward_list(lines, date(2024, 7, 1))
    assert [p.amount for p in after.lines] == [710_000, 1_880_000]
    assert after.total == 2_590_000
    assert (after.individual_total, after.collective_total) == (710_000, 1_880_000)


def test_the_decree_is_the_one_in_force_on_the_decision_date():
    lines = [person("GIAY_KHEN"), unit("GIAY_KHEN")]
    assert money.reward_list(lines, date(2022, 12, 28)).decree == "ND91"
    assert money.reward_list(lines, date(2025, 6, 30)).decree == "ND98"
    late = money.reward_list(lines, date(2025, 7, 1))
    assert late.decree == "ND152"
    # NĐ 152/2025 Điều 54: a collective Giấy khen is 0,6; the individual's 0,3 is to confirm
    assert [p.coefficient_text for p in late.lines] == ["0,3", "0,6"]
    assert [p.to_confirm for p in late.lines] == [True, False]


def test_only_the_highest_title_of_a_period_is_paid_and_a_form_beside_it():
    lines = [person("LDTT"), person("CSTD_CS"), person("GIAY_KHEN"),
             person("LDTT", subject="person:2", name="Nguyễn Văn Đạt"),
             person("LDTT", period=2023)]  # fmt: skip
    paid = money.reward_list(lines, date(2025, 12, 20))
    amounts = [p.amount for p in paid.lines]
    # LĐTT of 2024 is not paid beside CSTĐCS of 2024; the Giấy khen is; other people and other
    # periods are not touched
    assert amounts == [0, 2_340_000, 710_000, 710_000, 710_000]
    assert "Chiến sĩ thi đua cơ sở" in paid.lines[0].note
    assert paid.lines[0].source == "ND152.49"
    assert paid.total == 2_340_000 + 710_000 * 3


def test_uncertain_law_says_review():
    certain = money.reward_list([person("LDTT"), unit("TTLDTT")], date(2025, 12, 20))
    assert not certain.to_confirm and certain.verdict == ELIGIBLE
    # NĐ 91/2017's amounts were not seen in the text: review, and the citation says so
    old = money.reward_list([person("LDTT")], date(2022, 12, 28))
    assert old.verdict == REVIEW
    assert "cần xác nhận" in CITATIONS[old.lines[0].source].text
    assert all(key in CITATIONS for key in old.sources())


def test_a_title_the_decree_does_not_pay_is_listed_at_zero():
    paid = money.reward_list([person("GVT_DVN")], date(2025, 12, 20))
    assert paid.lines[0].amount == 0 and paid.lines[0].coefficient is None
    assert paid.lines[0].note


def test_every_rate_cites_a_known_source_and_money_reads_vietnamese():
    for table in money.RATES.values():
        for found in table.values():
            assert found.source in CITATIONS and found.coefficient > 0
    for period in money.BASE_SALARIES:
        assert period.source in CITATIONS
    assert money.vnd(1_800_000) == "1.800.000 đ"


def test_a_phases_giay_khen_is_another_achievement_than_the_years():
    # NĐ 152/2025 Điều 49: forms for different achievements are all paid; a title beside them
    phase = "Tổng kết đợt thi đua năm 2024"
    lines = [person("LDTT"), person("GIAY_KHEN"),
             RewardLine("person:1", "Trần Thị Hoa", "GIAY_KHEN", False, 2024, occasion=phase),
             RewardLine("person:1", "Trần Thị Hoa", "GIAY_KHEN", False, 2024,
                        occasion="Khen thưởng đột xuất đợt thi đua năm 2024")]  # fmt: skip
    paid = money.reward_list(lines, date(2025, 12, 20))
    assert [p.amount for p in paid.lines] == [710_000] * 4 and paid.total == 2_840_000
    assert not any(p.note for p in paid.lines)


@pytest.mark.parametrize(
    ("day", "decree", "tenths", "expected", "source", "to_confirm"),
    [
        # NĐ 91/2017 as recalled (not seen): 2,0 × 1.490.000 = 2.980.000
        (date(2022, 12, 28), "ND91", 20, 2_980_000, "ND91.MONEY", True),
        # NĐ 98/2023 (not seen): 3,0 × 1.800.000 = 5.400.000
        (date(2024, 1, 15), "ND98", 30, 5_400_000, "ND98.MONEY", True),
        # NĐ 152/2025 Điều 54 (seen): 3,0 × 2.340.000 = 7.020.000
        (date(2025, 7, 1), "ND152", 30, 7_020_000, "ND152.54", False),
    ],
)
def test_a_collective_bang_khen_of_the_province_under_each_regime(
    day, decree, tenths, expected, source, to_confirm
):
    paid = money.reward_list([unit("BK_TINH")], day)
    line = paid.lines[0]
    assert (paid.decree, line.coefficient, line.amount, line.source) == (
        decree, tenths, expected, source)  # fmt: skip
    assert line.to_confirm is to_confirm and paid.principles in CITATIONS

"""Reward money (tiền thưởng): what each line of a decision pays, in whole VND (no floats).

The amount of a title or form is a coefficient times the base salary (lương cơ sở) in force on
the **decision's date**, rounded **up** to the next 10,000 VND (NĐ 152/2025 Điều 49); the
coefficients are those of the decree in force that day (:func:`instruments.reward_decree_on`),
not of the year the achievement was in. Several titles of one subject for the same period pay
only the highest; a title and a form on the same occasion are both paid, and so are several
forms for different achievements (Điều 49): a person's Giấy khen of the year and the Giấy khen
of one of the year's phases (its occasion named) are two achievements, each paid.

Coefficients are kept in tenths (``15`` = 1,5 × the base salary) so every sum is an integer. A
coefficient or a principle whose text was not seen cites a key marked ``R``: the line says "cần
xác nhận" and the list's verdict is ``review``. Pure Python: the base salary table is an argument
(the administrator keeps it), and so is the day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from . import instruments
from .citations import CITATIONS
from .codes import COMMENDATION_FORMS, ELIGIBLE, REVIEW, TITLE_NAMES

#: Amounts are rounded up to this many VND (NĐ 152/2025 Điều 49).
ROUND_TO = 10_000


class MoneyError(ValueError):
    """The money cannot be computed; the message (Vietnamese) names what is missing."""


@dataclass(frozen=True, slots=True)
class BaseSalary:
    """One period of the base salary: from ``starts`` to ``ends`` (None: still in force)."""

    starts: date
    ends: date | None
    amount: int  # VND a month
    source: str = ""  # the citation key, or the text the administrator wrote

    def covers(self, day: date) -> bool:
        return self.starts <= day and (self.ends is None or day <= self.ends)


#: The base salary as the decrees set it, what the administrator's table starts from.
BASE_SALARIES = (
    BaseSalary(date(2019, 7, 1), date(2023, 6, 30), 1_490_000, "ND38.3.2"),
    BaseSalary(date(2023, 7, 1), date(2024, 6, 30), 1_800_000, "ND24.3.2"),
    BaseSalary(date(2024, 7, 1), None, 2_340_000, "ND73.3.2"),
)


def _d(day: date) -> str:
    return "{:%d/%m/%Y}".format(day)


def overlapping(periods: Iterable[BaseSalary], new: BaseSalary) -> BaseSalary | None:
    """Return the first period that shares a day with ``new``, or None."""
    for period in periods:
        ends = period.ends or date.max
        new_ends = new.ends or date.max
        if period.starts <= new_ends and new.starts <= ends:
            return period
    return None


def base_salary_on(day: date, periods: Sequence[BaseSalary] = BASE_SALARIES) -> BaseSalary:
    """Return the period of the base salary in force on ``day``; raise :class:`MoneyError`
    naming what is missing (no table, a day before its first entry, a day in a gap)."""
    ordered = sorted(periods, key=lambda p: p.starts)
    for period in ordered:
        if period.covers(day):
            return period
    if not ordered:
        raise MoneyError(
            "Chưa có mức lương cơ sở nào trong bảng lương cơ sở; quản trị viên cần nhập mức lương"
            " cơ sở áp dụng từ ngày {} trở về trước.".format(_d(day))
        )
    if day < ordered[0].starts:
        raise MoneyError(
            "Bảng lương cơ sở bắt đầu từ ngày {}; chưa có mức lương cơ sở áp dụng cho ngày {}."
            " Quản trị viên cần nhập mức lương cơ sở của khoảng thời gian trước ngày {}.".format(
                _d(ordered[0].starts), _d(day), _d(ordered[0].starts)
            )
        )
    before = max((p for p in ordered if p.starts <= day), key=lambda p: p.starts)
    after = next((p for p in ordered if p.starts > day), None)
    gap_from = before.ends + timedelta(days=1)
    gap_to = "ngày {}".format(_d(after.starts - timedelta(days=1))) if after else "nay"
    raise MoneyError(
        "Bảng lương cơ sở không có mức nào từ ngày {} đến {}; chưa tính được tiền thưởng cho"
        " ngày {}. Quản trị viên cần nhập mức lương cơ sở của khoảng thời gian này.".format(
            _d(gap_from), gap_to, _d(day)
        )
    )


def round_up(tenths_of_vnd: int) -> int:
    """Return an amount given in tenths of a VND rounded up to the next 10,000 VND."""
    step = ROUND_TO * 10
    return -(-tenths_of_vnd // step) * ROUND_TO


def amount(coefficient: int, base_salary: int) -> int:
    """Return ``coefficient`` tenths × ``base_salary``, rounded up to the next 10,000 VND
    (NĐ 152/2025 Điều 49): 0,3 × 1.490.000 = 447.000 → 450.000."""
    if coefficient < 0 or base_salary <= 0:
        raise MoneyError("Hệ số và mức lương cơ sở phải là số dương.")
    return round_up(coefficient * base_salary)


@dataclass(frozen=True, slots=True)
class Rate:
    """A title's or a form's coefficient (tenths of the base salary) and its source."""

    coefficient: int
    source: str

    @property
    def to_confirm(self) -> bool:
        return CITATIONS[self.source].mark != "V"


def _rates(person: dict, unit: dict, person_source: str, unit_source: str,
           forms_person: str | None = None, forms_unit: str | None = None) -> dict:
    table = {}
    for code, tenths in person.items():
        form = code in COMMENDATION_FORMS
        table[(code, False)] = Rate(tenths, (forms_person if form else None) or person_source)
    for code, tenths in unit.items():
        form = code in COMMENDATION_FORMS
        table[(code, True)] = Rate(tenths, (forms_unit if form else None) or unit_source)
    return table


# NĐ 152/2025 Điều 50 (titles) and Điều 54 (collective Bằng khen, Giấy khen) as quoted; the
# individual Bằng khen and Giấy khen are the collective's half by analogy (to confirm). A Học
# viện's Bằng khen and Cờ count as a ministry's (the Học viện is a "Bộ, ban, ngành" in TĐKT).
_PERSON = {"CSTD_TQ": 45, "CSTD_TINH": 30, "CSTD_CS": 10, "LDTT": 3,
           "BK_TTG": 35, "BK_TINH": 15, "BK_HV": 15, "GIAY_KHEN": 3}  # fmt: skip
_UNIT = {"TTLDXS": 15, "TTLDTT": 8, "CO_CP": 120, "CO_TINH": 80, "CO_HV": 80,
         "BK_TTG": 70, "BK_TINH": 30, "BK_HV": 30, "GIAY_KHEN": 6}  # fmt: skip
# NĐ 91/2017 as recalled, none seen in the text: the collective and individual Bằng khen lower.
_PERSON_91 = {**_PERSON, "BK_TTG": 15, "BK_TINH": 10, "BK_HV": 10, "GIAY_KHEN": 3}
_UNIT_91 = {**_UNIT, "BK_TTG": 30, "BK_TINH": 20, "BK_HV": 20, "GIAY_KHEN": 6}

#: The coefficients of each decree that pays rewards: (code, collective) → Rate.
RATES: dict[str, dict[tuple[str, bool], Rate]] = {
    "ND152": _rates(_PERSON, _UNIT, "ND152.50", "ND152.50", "ND152.54.CN", "ND152.54"),
    "ND98": _rates(_PERSON, _UNIT, "ND98.MONEY", "ND98.MONEY"),
    "ND91": _rates(_PERSON_91, _UNIT_91, "ND91.MONEY", "ND91.MONEY"),
}
#: Where each decree states the principles (base salary of the decision's date, rounding up,
#: highest title per period, title and form both paid).
PRINCIPLES = {"ND152": "ND152.49", "ND98": "ND98.MONEY", "ND91": "ND91.MONEY"}


def rate(decree: str, code: str, *, collective: bool) -> Rate | None:
    """Return the coefficient of a title or form under a decree, or None if it pays none."""
    return RATES[decree].get((code, collective))


@dataclass(frozen=True, slots=True)
class RewardLine:
    """One line of a decision as the money reads it."""

    subject: str  # a key telling subjects apart: "person:12", "unit:3", "organization"
    name: str
    code: str
    collective: bool
    period: int  # the year (or period) the achievement is for
    detail: str = ""  # position, unit: what the list prints beside the name
    # What a form is awarded for when it is not the year's: a phase's tổng kết, chuyên đề or
    # đột xuất Giấy khen (thidua.closing). Another achievement, paid beside the year's.
    occasion: str = ""


@dataclass(frozen=True, slots=True)
class PaidLine:
    line: RewardLine
    coefficient: int | None  # tenths; None: the decree pays nothing for it
    base_salary: int
    amount: int
    source: str  # citation key
    note: str = ""

    @property
    def to_confirm(self) -> bool:
        return bool(self.source) and CITATIONS[self.source].mark != "V"

    @property
    def coefficient_text(self) -> str:
        """Return "0,3" or "1,0" (Vietnamese decimal comma), "" when there is none."""
        if self.coefficient is None:
            return ""
        return "{},{}".format(self.coefficient // 10, self.coefficient % 10)


@dataclass(frozen=True, slots=True)
class RewardList:
    """The bảng kê tiền thưởng of one decision: every line, the totals and the law used."""

    day: date
    decree: str  # instrument code: ND91, ND98, ND152
    base: BaseSalary
    lines: tuple[PaidLine, ...]

    @property
    def total(self) -> int:
        return sum(p.amount for p in self.lines)

    @property
    def individual_total(self) -> int:
        return sum(p.amount for p in self.lines if not p.line.collective)

    @property
    def collective_total(self) -> int:
        return sum(p.amount for p in self.lines if p.line.collective)

    @property
    def principles(self) -> str:
        return PRINCIPLES[self.decree]

    @property
    def to_confirm(self) -> bool:
        keys = [self.principles, *(p.source for p in self.lines if p.source)]
        if self.base.source in CITATIONS:
            keys.append(self.base.source)
        return any(CITATIONS[k].mark != "V" for k in keys)

    @property
    def verdict(self) -> str:
        """``review`` while any amount rests on a text to confirm, else ``eligible``."""
        return REVIEW if self.to_confirm else ELIGIBLE

    def sources(self) -> list[str]:
        """Return the citation keys the list rests on, each once, in reading order."""
        keys = [self.principles, *(p.source for p in self.lines if p.source)]
        if self.base.source in CITATIONS:
            keys.append(self.base.source)
        return list(dict.fromkeys(keys))


def reward_list(
    lines: Iterable[RewardLine], day: date, periods: Sequence[BaseSalary] = BASE_SALARIES
) -> RewardList:
    """Return what each line pays for a decision dated ``day``.

    Titles (danh hiệu) of one subject for one period: only the highest is paid, the others are
    listed at 0 with the reason; forms (Bằng khen, Giấy khen) are paid beside them, each for its
    own achievement (NĐ 152/2025 Điều 49), so a year's and a phase's Giấy khen of one person are
    both paid.
    """
    lines = tuple(lines)
    base = base_salary_on(day, periods)
    decree = instruments.reward_decree_on(day).code
    principles = PRINCIPLES[decree]
    computed = []
    for line in lines:
        found = rate(decree, line.code, collective=line.collective)
        if found is None:
            computed.append(PaidLine(line, None, base.amount, 0, "",
                                     "Nghị định không quy định mức tiền thưởng"))  # fmt: skip
            continue
        computed.append(
            PaidLine(line, found.coefficient, base.amount, amount(found.coefficient, base.amount),
                     found.source)  # fmt: skip
        )
    # The highest title per subject and period; the first of equal amounts is the one paid.
    best: dict[tuple[str, int], int] = {}
    for index, paid in enumerate(computed):
        if paid.line.code in COMMENDATION_FORMS or paid.coefficient is None:
            continue
        key = (paid.line.subject, paid.line.period)
        if key not in best or paid.amount > computed[best[key]].amount:
            best[key] = index
    result = []
    for index, paid in enumerate(computed):
        key = (paid.line.subject, paid.line.period)
        winner = best.get(key)
        if (paid.line.code not in COMMENDATION_FORMS and paid.coefficient is not None
                and winner is not None and winner != index):  # fmt: skip
            higher = TITLE_NAMES.get(computed[winner].line.code, computed[winner].line.code)
            paid = PaidLine(
                paid.line, paid.coefficient, paid.base_salary, 0, principles,
                "Cùng thời gian với danh hiệu “{}”: chỉ nhận mức tiền thưởng cao nhất".format(
                    higher
                ),
            )
        result.append(paid)
    return RewardList(day, decree, base, tuple(result))


def vnd(value: int) -> str:
    """Return an amount as Vietnamese write money: "1.800.000 đ"."""
    return "{:,} đ".format(value).replace(",", ".")

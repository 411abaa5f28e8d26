"""Each subject's history indexed once for the evaluation year, and shared by every rule.

A rule never walks the raw facts twice for the same question: the grade of the year, months of
service, discipline in force and the verdicts already reached this year are read from here.
"""

from __future__ import annotations

from datetime import date

from .codes import COMMENDATION_FORMS, DISCIPLINE_RANK, LEVEL_RANK
from .facts import Person, Unit
from .instruments import INSTRUMENTS


class PersonYear:
    """A person seen from evaluation ``year``; ``verdicts`` fills in as titles are judged."""

    __slots__ = ("p", "year", "grade", "grades", "titles", "ever", "verdicts", "service", "disc",
                 "disc_pending", "disc_records")

    def __init__(self, p: Person, year: int) -> None:
        self.p = p
        self.year = year
        self.grades = p.grades
        self.grade = p.grades.get(year)
        self.titles = p.titles
        #: every code in the award register, any year: a rule about a title never held is
        #: settled without walking the years
        self.ever = frozenset().union(*p.titles.values()) if p.titles else frozenset()
        self.verdicts: dict[str, bool | None] = {}
        hired = p.hired_on
        if hired is None:
            self.service = None
        else:  # whole months of service up to 31/12 of the year, inclusive
            months = (year + 1 - hired.year) * 12 + 1 - hired.month - (hired.day > 1)
            self.service = months if months > 0 else 0
        discipline = p.discipline
        if discipline is None:
            self.disc, self.disc_pending, self.disc_records = None, None, ()
        elif not discipline:
            self.disc, self.disc_pending, self.disc_records = 0, False, ()
        else:
            self._read_discipline(discipline, year)

    def _read_discipline(self, discipline, year: int) -> None:
        """Sort the discipline register against the year (only people who have one get here).

        ``disc`` is the worst form whose period surely reaches the year (decided in it, or an
        earlier decision whose end date falls in or after it); ``disc_records`` keeps, for the
        rules, every such record and the earlier ones without an end date, as
        (rank, form, state, when): state ``in_year`` (decided this year, ``when`` its year),
        ``covers`` (earlier, its period runs to 31/12 of the year or later: it covers the whole
        year; ``when`` the end date), ``ends`` (earlier, ends from 01/01 to 30/12 of the year:
        ``when`` the end date) or ``open`` (earlier, no end date: whether it reaches the year is
        not known; ``when`` the year of the decision).
        A review under way (``pending``) is a state of the person, whatever year it began.
        """
        rank, pending = 0, False
        last_day = date(year, 12, 31)
        records = []
        for d in discipline:
            if d.pending:
                pending = True
                continue
            if d.year > year:
                continue
            r = DISCIPLINE_RANK[d.form]
            if d.year == year:
                state, when = "in_year", d.year
            elif d.until is None:
                records.append((r, d.form, "open", d.year))
                continue
            elif d.until >= last_day:  # a period ending on 31/12 covers the whole year
                state, when = "covers", d.until
            elif d.until.year == year:
                state, when = "ends", d.until
            else:
                continue
            records.append((r, d.form, state, when))
            if r > rank:
                rank = r
        self.disc, self.disc_pending = rank, pending
        self.disc_records = tuple(records)

    def disc_open(self) -> int:
        """The worst form among earlier decisions without an end date (0: none)."""
        return max((r for r, _, state, _ in self.disc_records if state == "open"), default=0)

def held(titles, code: str, year: int) -> bool:
    """Whether ``code`` was awarded in ``year`` (the award register)."""
    got = titles.get(year)
    return got is not None and code in got


#: Công văn 5007/BNV-TĐKT guides the award proposals made after it was issued: thidua applies it
#: from the proposals of the round of the year it was issued (the instrument calendar's year; its
#: day was not seen, so a criterion it changes is flagged "cần xác nhận").
CV5007_FIRST_YEAR = INSTRUMENTS["CV5007"].effective.year
#: Whether the letter's date (hence the first round it guides) is still to be confirmed.
CV5007_TO_CONFIRM = INSTRUMENTS["CV5007"].to_confirm


def claim_blocks(claims, title: str | None, year: int) -> bool:
    """Tell whether an initiative's earlier claims keep it from counting for ``title`` in ``year``.

    Công văn 5007/BNV-TĐKT năm 2023, mục III.5.c: one initiative supports one award proposal, and
    one used for a title (danh hiệu) is not used for a form of commendation (hình thức khen
    thưởng), nor the reverse. So it is blocked by a claim for the same title in another year, or
    by any claim of the other kind. A later, higher title (CSTĐ cấp tỉnh after CSTĐCS) may still
    count it: the letter does not forbid it expressly. The caller applies the letter from the
    round it guides (``CV5007_FIRST_YEAR``).
    """
    if title is None or not claims:
        return False
    form = title in COMMENDATION_FORMS
    for claimed, claimed_year in claims:
        if claimed == title and claimed_year != year:
            return True
        if (claimed in COMMENDATION_FORMS) != form:
            return True
    return False


def count_research(p: Person, first: int, last: int, level: str) -> int:
    """Accepted research of at least ``level`` in [first, last] (the register must be known)."""
    need = LEVEL_RANK[level]
    return sum(1 for r in p.research
               if r.accepted and first <= r.year <= last and LEVEL_RANK[r.level] >= need)


def has_achievement(achievements, kinds, levels, year: int, min_years: int = 0) -> bool | None:
    """A judged achievement of one of ``kinds`` at one of ``levels``: True, else None.

    These are judgements: their absence does not prove the contrary, so it gives None (review).
    """
    for a in achievements:
        if (
            a.year == year
            and a.kind in kinds
            and (levels is None or a.level in levels)
            and (a.years or 0) >= min_years
        ):
            return True
    return None


class UnitYear:
    """A unit seen from evaluation ``year``, with the aggregates of its members' verdicts."""

    __slots__ = ("u", "id", "year", "grade", "grades", "titles", "ever", "verdicts", "n",
                 "ldtt_yes", "ldtt_maybe", "below_htnv", "grade_unknown", "cs_yes", "cs_maybe",
                 "disc_max", "disc_unknown", "disc_open_max")

    def __init__(self, u: Unit, year: int) -> None:
        self.u = u
        self.id = u.id
        self.year = year
        self.grades = u.grades
        self.grade = u.grades.get(year)
        self.titles = u.titles
        self.ever = frozenset().union(*u.titles.values()) if u.titles else frozenset()
        self.verdicts: dict[str, bool | None] = {}
        self.n = 0
        self.ldtt_yes = 0
        self.ldtt_maybe = 0
        self.below_htnv = 0
        self.grade_unknown = 0
        self.cs_yes = 0
        self.cs_maybe = 0
        self.disc_max = 0
        self.disc_unknown = 0
        self.disc_open_max = 0  # worst earlier discipline of a member with no end date

    def add_member(self, x: PersonYear) -> None:
        self.n += 1
        v = x.verdicts
        ldtt = v.get("LDTT")
        if ldtt:
            self.ldtt_yes += 1
        elif ldtt is None:
            self.ldtt_maybe += 1
        cs = v.get("CSTD_CS")
        if cs:
            self.cs_yes += 1
        elif cs is None:
            self.cs_maybe += 1
        g = x.grade
        if g is None:
            self.grade_unknown += 1
        elif g == "KHTNV":
            self.below_htnv += 1
        if x.disc is None:
            self.disc_unknown += 1
        else:
            if x.disc > self.disc_max:
                self.disc_max = x.disc
            if x.disc_records:
                o = x.disc_open()
                if o > self.disc_open_max:
                    self.disc_open_max = o

    #: The member counts, added up from a unit's members to its ancestors (:meth:`add_members`).
    COUNTS = ("n", "ldtt_yes", "ldtt_maybe", "below_htnv", "grade_unknown", "cs_yes", "cs_maybe",
              "disc_unknown")

    def own_members(self) -> tuple[tuple[int, ...], int, int]:
        """The members counted so far (its own): their counts and their worst discipline."""
        return tuple(getattr(self, k) for k in self.COUNTS), self.disc_max, self.disc_open_max

    def add_members(self, members: tuple[tuple[int, ...], int, int]) -> None:
        """Count in this unit the members of a descendant (:meth:`own_members`)."""
        counts, disc_max, disc_open_max = members
        for k, n in zip(self.COUNTS, counts, strict=True):
            setattr(self, k, getattr(self, k) + n)
        if disc_max > self.disc_max:
            self.disc_max = disc_max
        if disc_open_max > self.disc_open_max:
            self.disc_open_max = disc_open_max

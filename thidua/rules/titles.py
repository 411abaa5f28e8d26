"""The rules: every title and form, criterion by criterion, each next to the clause it cites.

A criterion is a check ``(subject_year, rule_set) -> (passed, fact)`` — ``passed`` is True,
False or None (unknown: the council must review) and ``fact`` is what the check read — plus its
citation key and a sentence (``say``) that explains the result in Vietnamese when someone reads
it. Criteria without a ``route`` must all pass; criteria with a route are alternatives: one
route whose criteria all pass is enough (three-valued logic: unknown stays unknown).

Titles are built for a rule set (:func:`person_titles`, :func:`unit_titles`), so a number is
read from the parameters once, and a criterion that a parameter switches off is absent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ._compile import compile_judge
from .citations import cite
from .codes import (
    ACHIEVEMENT_NAMES,
    CLUSTER_NAMES,
    DISCIPLINE_NAMES,
    DISCIPLINE_RANK,
    GRADE_RANK,
    LEVEL_NAMES,
    LEVEL_RANK,
    SHORT_NAMES,
    STUDY_NAMES,
    STUDY_RANK,
)
from .history import (
    CV5007_FIRST_YEAR,
    CV5007_TO_CONFIRM,
    claim_blocks,
    count_research,
    has_achievement,
    held,
)
from .params import RuleSet

CV5007 = cite("CV5007.III.5c")

Check = Callable[[object, RuleSet], tuple]
Say = Callable[[object, object, int], str]


@dataclass(frozen=True, slots=True)
class Criterion:
    code: str
    check: Check
    source: str
    say: Say
    route: str | None = None
    params: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Title:
    code: str
    subject: str  # "person" or "unit"
    criteria: tuple[Criterion, ...]
    checks: tuple[Check, ...] = field(init=False)
    required: tuple[int, ...] = field(init=False)
    routes: tuple[tuple[int, ...], ...] = field(init=False)
    #: :meth:`judge` written out for these criteria (what the engine calls; same results).
    compiled: Check = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        s = object.__setattr__
        s(self, "checks", tuple(c.check for c in self.criteria))
        s(self, "required", tuple(i for i, c in enumerate(self.criteria) if c.route is None))
        names: list[str] = []
        for c in self.criteria:
            if c.route is not None and c.route not in names:
                names.append(c.route)
        s(self, "routes", tuple(
            tuple(i for i, c in enumerate(self.criteria) if c.route == n) for n in names
        ))
        s(self, "compiled", compile_judge(self.code, self.checks, self.required, self.routes))

    def judge(self, x: object, rs: RuleSet) -> tuple:
        """Return (passed, results): passed True/False/None; results[i] = (passed_i, fact_i)."""
        res = tuple([check(x, rs) for check in self.checks])
        verdict: bool | None = True
        if not self.routes:  # the common case: every criterion must pass
            for r in res:
                p = r[0]
                if p is False:
                    return False, res
                if p is None:
                    verdict = None
            return verdict, res
        for i in self.required:
            p = res[i][0]
            if p is False:
                return False, res
            if p is None:
                verdict = None
        best: bool | None = False
        for route in self.routes:
            rv: bool | None = True
            for i in route:
                p = res[i][0]
                if p is False:
                    rv = False
                    break
                if p is None:
                    rv = None
            if rv is True:
                best = True
                break
            if rv is None:
                best = None
        if best is False:
            return False, res
        if best is None:
            verdict = None
        return verdict, res


class Answers(dict):
    """The answers of a check that reads one fact (a grade, a registration, months of service),
    by that fact: ``rule(fact)`` is computed the first time a value is seen, and every subject
    with the same value shares that answer (100,000 people, four grades: four answers).
    ``rule`` stays the criterion as the law words it."""

    __slots__ = ("rule",)

    def __init__(self, rule: Callable[[object], tuple]) -> None:
        super().__init__()
        self.rule = rule

    def __missing__(self, fact: object) -> tuple:
        answer = self[fact] = self.rule(fact)
        return answer


def _t(code: str, subject: str, *criteria: Criterion | None) -> Title:
    return Title(code, subject, tuple(c for c in criteria if c is not None))


UNKNOWN = (None, None)
NO_LEAVE = (True, ())
NO_TRANSFER = (True, None)
NEVER_HELD = (False, ())
RUN = (True, None)


def _yn(passed: object) -> str:
    return "đạt" if passed is True else ("không đạt" if passed is False else "chưa đủ dữ liệu")


def _grade_fact(g: object, y: int) -> str:
    return f"Xếp loại {y}: {g}" if g else f"Chưa có xếp loại năm {y}"


def _regime_source(rs: RuleSet, old: str, nd98: str, nd152: str | None = None) -> str:
    if rs.regime == "2017":
        return old
    if rs.name == "2023/nd152" and nd152:
        return nd152
    return nd98


# =================================================================================================
# Criteria shared by several titles
# =================================================================================================

def registration(code: str, chain: tuple[str, ...], rs: RuleSet,
                 subject: str = "person") -> Criterion | None:
    """Luật 2003 Điều 10: registration (đăng ký thi đua) is a basis for the title (2017 only)."""
    if not rs.registration_required or code not in rs.registration_titles:
        return None
    accepted = frozenset(chain[chain.index(code):])
    person = subject == "person"

    def rule(reg):
        if reg is None:
            return UNKNOWN
        return (not accepted.isdisjoint(reg), reg)

    answers = Answers(rule)
    if person:
        def check(x, rs):
            return answers[x.p.registered]
    else:
        def check(x, rs):
            return answers[x.u.registered]

    def say(fact, passed, y):
        if fact is None:
            return "Chưa có dữ liệu đăng ký thi đua"
        names = ", ".join(SHORT_NAMES.get(c, c) for c in sorted(fact)) or "không đăng ký"
        return f"Đăng ký thi đua năm {y}: {names} ({_yn(passed)})"

    return Criterion("registration", check, "L2003.10", say, params=("registration_required",))


def min_grade(code: str, minimum: str, source: str, param: str | None, *,
              exact: bool = False) -> Criterion:
    """The subject's own annual grade for the year is at least ``minimum``."""
    need = GRADE_RANK[minimum]

    def rule(g):
        if g is None:
            return UNKNOWN
        return ((GRADE_RANK[g] == need) if exact else (GRADE_RANK[g] >= need), g)

    answers = Answers(rule)

    def check(x, rs):
        return answers[x.grade]

    def say(fact, passed, y):
        return f"{_grade_fact(fact, y)} (cần {minimum}{'' if exact else ' trở lên'})"

    return Criterion(code, check, source, say, params=(param,) if param else ())


def conduct(source: str, rs: RuleSet) -> Criterion:
    """Conduct and movement criteria (phẩm chất, đoàn kết, tích cực thi đua): a judgement.

    With ``conduct_from_grade`` the annual grade (Nghị định 90/2020, which rates ethics and
    discipline too) settles it when it is HTT or above; otherwise the council reviews it.
    """
    from_grade = rs.conduct_from_grade
    need = GRADE_RANK["HTT"]

    def rule(g):
        if from_grade and g is not None and GRADE_RANK[g] >= need:
            return (True, g)
        return (None, g)

    answers = Answers(rule)

    def check(x, rs):
        return answers[x.grade]

    def say(fact, passed, y):
        if passed:
            return (f"Phẩm chất, đoàn kết, tích cực thi đua: coi là đạt theo xếp loại {y} {fact}"
                    " (Hội đồng xác nhận khi bình xét)")
        return "Phẩm chất, đoàn kết, tích cực thi đua: Hội đồng thi đua – khen thưởng đánh giá"

    return Criterion("conduct", check, source, say, params=("conduct_from_grade",))


class Unsure(tuple):
    """A criterion's fact on which the law is silent: its result (``review``) is flagged
    "cần xác nhận" even when every parameter of the criterion is confirmed."""

    __slots__ = ()


PENDING = ("pending",)
#: pending where no text settles it (NĐ 91/2017): the council reviews, flagged
PENDING_UNSURE = Unsure(PENDING)
NO_DISCIPLINE = (True, None)


def no_discipline(code: str, minimum: str, source: str, param: str, rs: RuleSet,
                  title: str = "LDTT") -> Criterion:
    """Not disciplined at ``minimum`` or above in the year, nor under a review (by rule set).

    2017 (NĐ 91 Điều 10 khoản 5): a discipline whose period reaches the year excludes.
    2023 (NĐ 98/2023 and NĐ 152/2025 Điều 4 khoản 4): achievements count only from the end of
    the discipline period, and nothing is awarded while a review is under way. So the end date
    is a needed fact (none recorded for an earlier decision: review), and an earlier decision
    that ends during the year leaves the months after it: the law sets no minimum for them;
    TT 01/2024/TT-BNV judges six months of service enough for a recruit's LĐTT, so the year is
    not lost, but the council decides ("cần xác nhận"). A period running to 31/12 of the year
    or later covers the whole year (``history.PersonYear``): no month of it is left.
    ``title``: the title or form judged, which the sentence for those remaining months names
    (the recruit's six months are a measure for LĐTT only; a form rewards an achievement).
    """
    need = DISCIPLINE_RANK[minimum]
    pending_blocks = rs.pending_discipline_blocks
    from_end = rs.regime == "2023"
    months_ref = rs.new_hire_months
    ldtt = title == "LDTT"
    # BK_HV shares BK_TINH's criteria (``_same_as``): one name for both
    name = "Bằng khen" if title in ("BK_TINH", "BK_HV") else SHORT_NAMES.get(title, title)

    def check(x, rs):
        if x.disc is None:
            return UNKNOWN
        records = x.disc_records
        if not records:
            if x.disc_pending:
                return (False, PENDING) if pending_blocks else (None, PENDING_UNSURE)
            return NO_DISCIPLINE
        unsure = None
        for r, form, state, when in records:
            if r < need:
                continue
            if state == "open":
                unsure = unsure or Unsure((state, form, when))
            elif state == "ends" and from_end:
                unsure = unsure or Unsure((state, form, when, 12 - when.month))
            else:  # decided this year, or its period reaches (2017) or outlasts (2023) the year
                return (False, (state, form, when))
        if x.disc_pending:
            return (False, PENDING) if pending_blocks else (None, PENDING_UNSURE)
        if unsure is not None:
            return (None, unsure)
        return NO_DISCIPLINE

    def say(fact, passed, y):
        if fact is None:
            if passed is None:
                return f"Chưa có dữ liệu kỷ luật năm {y}"
            return f"Không bị kỷ luật từ mức {DISCIPLINE_NAMES[minimum]} trong năm {y}"
        if fact == PENDING:
            if passed is False:
                return ("Đang trong thời gian xem xét kỷ luật: chưa khen thưởng cho đến khi có"
                        " kết luận")
            return ("Đang trong thời gian xem xét kỷ luật: chưa có quy định, cần xác nhận; Hội"
                    " đồng xem xét")
        state, form, when = fact[0], DISCIPLINE_NAMES[fact[1]], fact[2]
        if state == "in_year":
            return (f"Bị kỷ luật {form} trong năm {y} (không xét từ mức"
                    f" {DISCIPLINE_NAMES[minimum]} trở lên)")
        if state == "open":
            return (f"Kỷ luật {form} quyết định năm {when} chưa có ngày hết thời hạn: cần xác"
                    f" nhận thời hạn kỷ luật có kéo dài sang năm {y} không")
        end = when.strftime("%d/%m/%Y")
        if state == "covers":
            return (f"Đang trong thời hạn kỷ luật {form} (đến ngày {end}) suốt năm {y}"
                    + ("; thành tích chỉ được tính từ khi hết thời hạn kỷ luật" if from_end
                       else ""))
        if not from_end:
            return f"Kỷ luật {form} của năm trước còn thời hạn đến ngày {end}, trong năm {y}"
        months = fact[3]
        head = (f"Kỷ luật {form} hết thời hạn ngày {end}; thành tích chỉ được tính từ khi hết"
                f" thời hạn kỷ luật, còn {months} tháng của năm {y}")
        if ldtt:
            return (f"{head} (người mới tuyển dụng cần từ {months_ref} tháng để được xét Lao"
                    " động tiên tiến). Chưa có quy định về số tháng tối thiểu trong trường hợp"
                    " này: cần xác nhận, Hội đồng xem xét")
        return (f"{head}; chỉ xét {name} theo thành tích đạt được trong thời gian đó. Chưa có"
                " quy định về thời gian tối thiểu trong trường hợp này: cần xác nhận, Hội đồng"
                " xem xét")

    return Criterion(code, check, source, say, params=(param,))


def judged(code: str, kinds: tuple[str, ...], levels, source: str, route: str,
           subject: str = "person", min_years: int = 0) -> Criterion:
    """A route that is a judgement (outstanding in a movement, a one-off achievement, …).

    It passes when the competent level's judgement is recorded as an achievement; otherwise it
    stays unknown and the council reviews it: the data cannot settle it.
    """

    if subject == "person":
        def check(x, rs):
            a = x.p.achievements
            return (has_achievement(a, kinds, levels, x.year, min_years), None) if a else UNKNOWN
    else:
        def check(x, rs):
            a = x.u.achievements
            return (has_achievement(a, kinds, levels, x.year, min_years), None) if a else UNKNOWN

    what = " hoặc ".join(ACHIEVEMENT_NAMES[k] for k in kinds)
    span = f" (từ {min_years} năm trở lên)" if min_years else ""

    def say(fact, passed, y):
        if passed:
            return f"Đã ghi nhận {what}{span} năm {y}"
        return f"Cần Hội đồng đánh giá: {what}{span}"

    return Criterion(code, check, source, say, route=route)


def verdict_of(code: str, title: str, source: str, route: str | None = None) -> Criterion:
    """The same subject's verdict for ``title`` this year (an earlier verdict, not recomputed)."""

    def check(x, rs):
        v = x.verdicts.get(title)
        return (v, v)

    name = SHORT_NAMES[title]

    def say(fact, passed, y):
        state = "đủ điều kiện" if passed else (
            "không đủ điều kiện" if passed is False else "cần xem xét")
        return f"Danh hiệu {name} năm {y}: {state}"

    return Criterion(code, check, source, say, route=route)


def consecutive(code: str, title: str, n: int, step: int, source: str, param: str,
                route: str | None = None, lag: int = 0) -> Criterion:
    """``title`` held ``n`` times in a row, ``step`` years apart, the last this year (its verdict)
    or, with ``lag``, up to ``lag`` years ago (from the register)."""

    def check(x, rs):
        now = x.verdicts.get(title)
        if now is False and title not in x.ever:  # not this year, never in the register
            return NEVER_HELD
        y, titles = x.year, x.titles
        best: bool | None = False
        best_fact: tuple = ()
        for end in range(y, y - lag - 1, -1):
            state: bool | None = True
            got = []
            for k in range(n):
                yr = end - k * step
                v = now if yr == y else title in titles.get(yr, ())
                if v:
                    got.append(yr)
                elif v is None:
                    if state is True:
                        state = None
                else:
                    state = False
            if state is True:
                return (True, tuple(got))
            if state is None:
                best, best_fact = None, tuple(got)
            elif best is False and len(got) > len(best_fact):
                best_fact = tuple(got)
        return (best, best_fact)

    name = SHORT_NAMES[title]
    gap = "" if step == 1 else f", cách nhau {step} năm"

    def say(fact, passed, y):
        held_years = ", ".join(str(v) for v in sorted(fact)) or "chưa có"
        if passed is None:
            return (f"{name} các năm {held_years}; cần {name} năm {y} (đang chờ xét) để đủ "
                    f"{n} lần liên tục{gap}")
        return f"{name}: {held_years} — cần {n} lần liên tục{gap} ({_yn(passed)})"

    return Criterion(code, check, source, say, route=route, params=(param,))


def works_at_level(code: str, level: str, window: int, source: str, param: str,
                   route: str | None = None, minimum: int = 1, kinds: str = "both",
                   title: str | None = None) -> Criterion:
    """At least ``minimum`` recognised initiatives / accepted research of ``level`` or above,
    in the ``window`` years ending with the evaluation year.

    An initiative whose earlier claims block it for ``title`` (``history.claim_blocks``) is left
    out and the detail says so (Công văn 5007/BNV-TĐKT năm 2023, mục III.5.c). The letter guides
    proposals made after it was issued, so thidua applies it from the proposals of the round of
    the year it was issued (``CV5007_FIRST_YEAR``, from the instrument calendar); for an earlier
    year such an initiative still counts and the detail says it was used before. The letter's
    day was not seen, so which round it first guides is thidua's reading: whenever it changes
    the count (either way) the fact is ``Unsure`` and the criterion says "cần xác nhận".
    """

    need = LEVEL_RANK[level]
    none = (minimum <= 0, 0)  # an empty register
    # the letter's first round is unconfirmed while its date is: the fact says so
    letter = Unsure if CV5007_TO_CONFIRM else tuple

    def initiatives_in(works, first, y):
        """Return (counted, left out by their claims, counted though used before) among the
        initiatives in the window; one pass, the claims read only for those that have any."""
        n = skipped = reused = 0
        for w in works:
            if first <= w.year <= y and LEVEL_RANK[w.level] >= need:
                if w.claims and claim_blocks(w.claims, title, y):
                    if y >= CV5007_FIRST_YEAR:
                        skipped += 1
                        continue
                    reused += 1
                n += 1
        return n, skipped, reused

    if kinds == "initiative":
        def check(x, rs):
            works = x.p.initiatives
            if not works:
                return UNKNOWN if works is None else none
            y = x.year
            n, skipped, reused = initiatives_in(works, y - window + 1, y)
            return (n >= minimum, letter((n, skipped, reused)) if skipped or reused else n)
    elif kinds == "research":
        def check(x, rs):
            works = x.p.research
            if not works:
                return UNKNOWN if works is None else none
            y = x.year
            first = y - window + 1
            n = 0
            for r in works:
                if r.accepted and first <= r.year <= y and LEVEL_RANK[r.level] >= need:
                    n += 1
            return (n >= minimum, n)
    else:
        def check(x, rs):
            p, y = x.p, x.year
            if p.initiatives is None or p.research is None:
                return UNKNOWN
            first = y - window + 1
            n, skipped, reused = initiatives_in(p.initiatives, first, y)
            n += count_research(p, first, y, level)
            return (n >= minimum, letter((n, skipped, reused)) if skipped or reused else n)

    what = {"initiative": "sáng kiến được công nhận", "research": "đề tài/đề án đã nghiệm thu",
            "both": "sáng kiến được công nhận hoặc đề tài đã nghiệm thu"}[kinds]
    span = "trong năm" if window == 1 else f"trong {window} năm"

    def say(fact, passed, y):
        if fact is None:
            return f"Chưa có dữ liệu về {what}"
        fact, skipped, reused = fact if isinstance(fact, tuple) else (fact, 0, 0)
        period = f"năm {y}" if window == 1 else f"{y - window + 1}–{y}"
        text = (f"{fact} {what} {LEVEL_NAMES[level]} trở lên ({period}); cần ít nhất {minimum}"
                f" {span}")
        if skipped:
            text += (f"; không tính {skipped} sáng kiến đã dùng cho đề nghị khen thưởng khác"
                     f" ({CV5007}), áp dụng cho các đề nghị khen thưởng từ đợt xét năm"
                     f" {CV5007_FIRST_YEAR}")
        if reused:
            text += (f"; {reused} sáng kiến đã được dùng cho đề nghị khen thưởng khác vẫn được"
                     " tính: quy định một sáng kiến chỉ dùng một lần (Công văn của Bộ Nội vụ năm"
                     f" {CV5007_FIRST_YEAR}) áp dụng cho các đề nghị khen thưởng từ đợt xét năm"
                     f" {CV5007_FIRST_YEAR}")
        if (skipped or reused) and CV5007_TO_CONFIRM:
            text += ("; ngày ban hành Công văn chưa được xác nhận nên đợt xét đầu tiên áp dụng"
                     " cần xác nhận")
        return text

    return Criterion(code, check, source, say, route=route, params=(param,))


# =================================================================================================
# Individuals
# =================================================================================================

PERSON_CHAIN = ("LDTT", "CSTD_CS", "CSTD_TINH", "CSTD_TQ")
UNIT_CHAIN = ("TTLDTT", "TTLDXS", "CO_TINH", "CO_HV", "CO_CP")


def _service(rs: RuleSet) -> Criterion:
    """NĐ 91 Điều 10.5 (2017): not for recruits of under 10 months; TT 01/2024: under 6."""
    need = rs.new_hire_months

    def rule(m):
        if m is None:
            return UNKNOWN
        return (m >= need, m)

    answers = Answers(rule)

    def check(x, rs):
        return answers[x.service]

    def say(fact, passed, y):
        if fact is None:
            return "Chưa có ngày tuyển dụng"
        return f"Thời gian công tác đến 31/12/{y}: {fact} tháng (cần từ {need} tháng)"

    return Criterion("service", check, _regime_source(rs, "ND91.10.5", "TT01.2024", "TT15.2025"),
                     say, params=("new_hire_months",))


def _leaves_of(x, kind: str):
    """This year's leaves of ``kind``: None when the register is not known."""
    leaves = x.p.leave
    if leaves is None:
        return None
    y = x.year
    return [lv for lv in leaves if lv.year == y and lv.kind == kind] if leaves else ()


def _study(rs: RuleSet) -> Criterion:
    """Study counted as work time: under a year (NĐ 91 Điều 10.2; TT 01/2024), a year or more
    with a good result (NĐ 91 Điều 10.2; TT 01/2024 counts it without a result condition)."""
    long_months = rs.long_study_months
    long_min = rs.long_study_min_result
    short_min = rs.short_study_min_result

    def check(x, rs):
        leaves = _leaves_of(x, "study")
        if not leaves:
            return UNKNOWN if leaves is None else NO_LEAVE
        passed: bool | None = True
        fact = []
        for lv in leaves:
            months = lv.course_months if lv.course_months is not None else lv.days // 30
            need = long_min if months >= long_months else short_min
            ok: bool | None = True
            if need is not None:
                ok = None if lv.result is None else STUDY_RANK[lv.result] >= STUDY_RANK[need]
            fact.append((lv.days, months, lv.result, ok))
            if ok is False:
                passed = False
            elif ok is None and passed is True:
                passed = None
        return (passed, tuple(fact))

    def say(fact, passed, y):
        if fact is None:
            return f"Chưa có dữ liệu đi học năm {y}"
        if not fact:
            return f"Không đi học dài ngày năm {y}"
        parts = []
        for days, months, result, ok in fact:
            span = "từ 1 năm" if months >= long_months else "dưới 1 năm"
            res = f", kết quả {STUDY_NAMES[result]}" if result else ""
            need = long_min if months >= long_months else short_min
            cond = f" (cần loại {STUDY_NAMES[need]} trở lên)" if need else ""
            verdict = {True: "được tính", False: "không được tính", None: "chưa có kết quả"}[ok]
            parts.append(f"đi học {days} ngày (khóa {span}{res}){cond}: {verdict} là thời gian"
                         " công tác")
        return f"Năm {y}: " + "; ".join(parts)

    return Criterion("study", check, _regime_source(rs, "ND91.10.2", "TT01.2024", "TT15.2025"),
                     say, params=("long_study_min_result", "short_study_min_result"))


def _maternity(rs: RuleSet) -> Criterion:
    """Maternity leave counts as work time: NĐ 91 Điều 10.3 (LĐTT); NĐ 98/2023 and NĐ 152/2025
    Điều 4.5 (every title and form)."""

    def check(x, rs):
        leaves = _leaves_of(x, "maternity")
        if leaves is None:
            return UNKNOWN
        return (True, sum(lv.days for lv in leaves))

    def say(fact, passed, y):
        if fact is None:
            return f"Chưa có dữ liệu nghỉ thai sản năm {y}"
        if not fact:
            return f"Không nghỉ thai sản năm {y}"
        return f"Năm {y}: nghỉ thai sản {fact} ngày: tính là thời gian công tác"

    return Criterion("maternity", check,
                     _regime_source(rs, "ND91.10.3", "ND98.4.5", "ND152.4.5"), say)


def _injury(rs: RuleSet) -> Criterion:
    """Treatment of an injury counts as work time: NĐ 91 Điều 10.1; TT 01/2024/TT-BNV when a
    health facility of district level or above certifies it (``Leave.certified``)."""
    needs_certificate = rs.regime == "2023"

    def check(x, rs):
        leaves = _leaves_of(x, "injury")
        if not leaves:
            return UNKNOWN if leaves is None else NO_LEAVE
        days = sum(lv.days for lv in leaves)
        if needs_certificate and not all(lv.certified for lv in leaves):
            return (None, (days, False))
        return (True, (days, True))

    def say(fact, passed, y):
        if fact is None:
            return f"Chưa có dữ liệu điều trị thương năm {y}"
        if not fact:
            return f"Không nghỉ điều trị thương năm {y}"
        days, certified = fact
        if not certified:
            return (f"Năm {y}: điều trị thương {days} ngày: được tính là thời gian công tác khi có"
                    " xác nhận của cơ sở y tế từ cấp huyện trở lên; cần bổ sung xác nhận")
        return f"Năm {y}: điều trị thương {days} ngày: tính là thời gian công tác"

    return Criterion("injury", check, _regime_source(rs, "ND91.10.1", "TT01.2024", "TT15.2025"),
                     say)


def _absence(cap: int | None, code: str, source: str, param: str) -> Criterion | None:
    """An organisation's cap on days absent (maternity, injury and study count as work time)."""
    if cap is None:
        return None

    def check(x, rs):
        leaves = x.p.leave
        if leaves is None:
            return UNKNOWN
        days = sum(lv.days for lv in leaves if lv.year == x.year and lv.kind in ("sick", "other")
                   ) if leaves else 0
        return (days < cap, days)

    def say(fact, passed, y):
        if fact is None:
            return f"Chưa có dữ liệu nghỉ năm {y}"
        return (f"Nghỉ ốm, nghỉ khác năm {y}: {fact} ngày (loại trừ từ {cap} ngày;"
                " thai sản được tính)")

    return Criterion(code, check, source, say, params=(param,))


def _transfer(rs: RuleSet) -> Criterion:
    """NĐ 91 Điều 10.4: after a transfer the new unit reviews, with the old unit's comments when
    the person served there 6 months or more in the year."""
    need = rs.transfer_old_unit_months

    def check(x, rs):
        transfers = x.p.transfers
        if not transfers:
            return UNKNOWN if transfers is None else NO_TRANSFER
        y = x.year
        passed: bool | None = True
        fact = None
        for t in transfers:
            if t.on.year != y:
                continue
            hired = x.p.hired_on
            start_month = hired.month if hired is not None and hired.year == y else 1
            months = t.on.month - start_month
            if months >= need:
                fact = (t.from_unit, months, t.old_unit_opinion)
                if t.old_unit_opinion is not True:
                    passed = None
            elif fact is None:
                fact = (t.from_unit, months, t.old_unit_opinion)
        return (passed, fact)

    def say(fact, passed, y):
        if fact is None:
            return "Không chuyển đơn vị trong năm" if passed else "Chưa có dữ liệu điều động"
        unit, months, opinion = fact
        base = f"Chuyển từ đơn vị {unit or '(không rõ)'} sau {months} tháng trong năm {y}"
        if months < need:
            return base + f": dưới {need} tháng, đơn vị mới tự xét"
        if opinion is True:
            return base + ": đã có ý kiến của đơn vị cũ"
        if opinion is False:
            return base + ": đơn vị cũ không đồng ý — Hội đồng xem xét"
        return base + ": cần ý kiến nhận xét của đơn vị cũ"

    return Criterion("transfer", check, _regime_source(rs, "ND91.10.4", "TT01.2024", "TT15.2025"),
                     say, params=("transfer_old_unit_months",))


def _ldtt(rs: RuleSet) -> Title:
    """LĐTT — Luật 2003 Điều 24 + NĐ 91 Điều 10 (2017); Luật 2022 Điều 24.1 + TT 01/2024 (2023)."""
    law = _regime_source(rs, "L2003.24", "L2022.24.1")
    disc_src = _regime_source(rs, "ND91.10.5", "ND98.4.4", "ND152.4.4")
    return _t(
        "LDTT", "person",
        registration("LDTT", PERSON_CHAIN, rs),
        min_grade("grade", rs.ldtt_min_grade, law, "ldtt_min_grade"),
        conduct(law, rs),
        _service(rs),
        no_discipline("discipline", rs.ldtt_discipline_from, disc_src, "ldtt_discipline_from", rs),
        _study(rs),
        _maternity(rs),
        _injury(rs),
        _absence(rs.max_absence_days, "absence", "THIDUA.ORG", "max_absence_days"),
        _transfer(rs),
    )


def _htxs_route(code: str, route: str, source: str) -> Criterion:
    def rule(g):
        return UNKNOWN if g is None else (g == "HTXS", g)

    answers = Answers(rule)

    def check(x, rs):
        return answers[x.grade]

    def say(fact, passed, y):
        return f"{_grade_fact(fact, y)} (tiêu chuẩn HTXS)"

    return Criterion(code, check, source, say, route=route, params=("cstd_cs_htxs_route",))


def _cstd_cs(rs: RuleSet) -> Title:
    """CSTĐCS — NĐ 91 Điều 9.3 (LĐTT + a cơ sở initiative or accepted research);
    Luật 2022 Điều 23 (LĐTT + one of HTXS, initiative, research)."""
    law = _regime_source(rs, "ND91.9.3", "L2022.23")
    return _t(
        "CSTD_CS", "person",
        registration("CSTD_CS", PERSON_CHAIN, rs),
        verdict_of("ldtt", "LDTT", law),
        _htxs_route("htxs", "htxs", law) if rs.cstd_cs_htxs_route else None,
        works_at_level("initiative", rs.cstd_cs_level, 1, law, "cstd_cs_level", route="sang_kien",
                       kinds="initiative", title="CSTD_CS"),
        works_at_level("research", rs.cstd_cs_level, 1, law, "cstd_cs_level", route="de_tai",
                       kinds="research"),
    )


def _no_recent(code: str, title: str, years: int, source: str, param: str) -> Criterion | None:
    """``title`` not already awarded in the ``years - 1`` years before (one cycle, one award).

    The cycle is thidua's reading (the years of CSTĐCS behind an award are not used again;
    from 2024 Luật 2022 Điều 5.2.c: one achievement, one award): where it would refuse, the
    council reviews and the criterion says "cần xác nhận"."""
    if years <= 1:
        return None

    def check(x, rs):
        if title in x.ever:
            for k in range(1, years):
                if held(x.titles, title, x.year - k):
                    return (None, Unsure((x.year - k,)))
        return (True, None)

    name = SHORT_NAMES[title]

    def say(fact, passed, y):
        if fact is None:
            return f"Không có {name} trong {years - 1} năm trước (chu kỳ {years} năm)"
        return (f"Đã có {name} năm {fact[0]}: các năm CSTĐCS làm căn cứ có thể đã dùng cho lần"
                f" đó (chu kỳ {years} năm là cách áp dụng của thidua): cần xác nhận, Hội đồng"
                " xem xét")

    return Criterion(code, check, source, say, params=(param,))


def _cstd_tinh(rs: RuleSet) -> Title:
    """CSTĐ cấp tỉnh/bộ — Luật 2003 Điều 22 / Luật 2022 Điều 22: three consecutive CSTĐCS and an
    initiative or research with province- or ministry-wide effect."""
    law = _regime_source(rs, "L2003.22", "L2022.22")
    n = rs.cstd_tinh_consecutive
    return _t(
        "CSTD_TINH", "person",
        registration("CSTD_TINH", PERSON_CHAIN, rs),
        consecutive("cstd_cs_consecutive", "CSTD_CS", n, 1, law, "cstd_tinh_consecutive"),
        _no_recent("cycle", "CSTD_TINH", rs.cstd_tinh_cycle_years,
                   _regime_source(rs, "THIDUA.I", "L2022.5.2c"), "cstd_tinh_cycle_years"),
        works_at_level("works_tinh", rs.cstd_tinh_level, n, law, "cstd_tinh_level",
                       title="CSTD_TINH"),
    )


def _twice_provincial(rs: RuleSet, source: str) -> Criterion:
    """``cstd_tq_consecutive`` CSTĐ cấp tỉnh in a row, the last one decided ``cstd_tq_lag_years``
    before the evaluation year: CSTĐ toàn quốc is proposed in the year after the second
    decision (NĐ 91 Điều 48.1.a; NĐ 98 Điều 32 "năm liền kề"), never in the same year.

    "Liên tục" for awards that need three years of CSTĐCS each is read as no cycle missed
    between them: ``cstd_tinh_cycle_years`` apart (thidua's reading, flagged). Closer awards
    are consecutive under another reading, so there the council reviews ("cần xác nhận").
    """
    n, cycle, lag = rs.cstd_tq_consecutive, rs.cstd_tinh_cycle_years, rs.cstd_tq_lag_years

    def check(x, rs):
        y = x.year
        last = y - lag
        if lag == 0:
            now = x.verdicts.get("CSTD_TINH")
        else:
            now = "CSTD_TINH" in x.ever and held(x.titles, "CSTD_TINH", last)
        earlier = sorted((yr for yr, got in x.titles.items()
                          if yr < last and "CSTD_TINH" in got), reverse=True
                         ) if "CSTD_TINH" in x.ever else []
        if not now:
            return (None if now is None else False, ("missing", last, tuple(earlier[:n - 1])))
        chain, prev, close = [last], last, False
        for yr in earlier:
            if len(chain) == n:
                break
            if prev - yr > cycle:
                break
            close = close or prev - yr < cycle
            chain.append(yr)
            prev = yr
        if len(chain) < n:
            return (False, ("gap", last, tuple(chain[1:]) or tuple(earlier[:1])))
        if close:
            return (None, Unsure(("close", last, tuple(chain[1:]))))
        return (True, ("ok", last, tuple(chain[1:])))

    def say(fact, passed, y):
        state, last, before = fact
        held_years = ", ".join(str(v) for v in sorted((*before, last) if state != "missing"
                                                      else before)) or "chưa có"
        if state == "missing":
            if passed is None:
                return (f"CSTĐ cấp tỉnh năm {last} đang chờ xét; cần {n} lần liên tục, lần thứ"
                        f" {n} vào năm {last}")
            return (f"CSTĐ cấp tỉnh đã có: {held_years}. CSTĐ toàn quốc được đề nghị vào năm"
                    f" sau năm được tặng CSTĐ cấp tỉnh lần thứ {n}, nên lần thứ {n} phải là năm"
                    f" {last}")
        if state == "gap":
            return (f"CSTĐ cấp tỉnh các năm {held_years}: chưa đủ {n} lần liên tục (cách nhau"
                    f" quá {cycle} năm)")
        if state == "close":
            return (f"CSTĐ cấp tỉnh các năm {held_years}: cách nhau dưới {cycle} năm; theo cách"
                    f" áp dụng của thidua (chu kỳ {cycle} năm) chưa là {n} lần liên tục: cần xác"
                    " nhận, Hội đồng xem xét")
        return (f"CSTĐ cấp tỉnh các năm {held_years}: {n} lần liên tục theo chu kỳ {cycle} năm"
                f" (cách áp dụng của thidua, cần xác nhận); lần thứ {n} năm {last}, đề nghị năm"
                f" {y}")

    return Criterion("cstd_tinh_consecutive", check, source, say,
                     params=("cstd_tq_consecutive", "cstd_tinh_cycle_years", "cstd_tq_lag_years"))


def _cstd_tq(rs: RuleSet) -> Title:
    """CSTĐ toàn quốc — Luật 2003 Điều 21 / Luật 2022 Điều 21: two consecutive CSTĐ cấp tỉnh and
    an initiative or research with nationwide effect; proposed the year after the second
    (NĐ 91 Điều 48.1.a)."""
    law = _regime_source(rs, "L2003.21", "L2022.21")
    n, cycle, lag = rs.cstd_tq_consecutive, rs.cstd_tinh_cycle_years, rs.cstd_tq_lag_years
    return _t(
        "CSTD_TQ", "person",
        registration("CSTD_TQ", PERSON_CHAIN, rs),
        _twice_provincial(rs, law),
        works_at_level("works_toan_quoc", rs.cstd_tq_level, n * cycle + lag, law, "cstd_tq_level",
                       title="CSTD_TQ"),
    )


def _giay_khen(rs: RuleSet, subject: str) -> Title:
    """Giấy khen — Luật 2003 Điều 75–76 [R]; Luật 2022 Điều 75.2 (criteria set by the province:
    HTT, and an achievement in a movement or a one-off achievement, e.g. Bắc Ninh 2025)."""
    law = _regime_source(rs, "L2003.75", "L2022.75.2")
    disc = _regime_source(rs, "THIDUA.I", "ND98.4.4", "ND152.4.4")
    return _t(
        "GIAY_KHEN", subject,
        min_grade("grade", "HTT", law, None),
        no_discipline("discipline", rs.forms_discipline_from, disc, "forms_discipline_from", rs,
                      "GIAY_KHEN")
        if subject == "person" else None,
        judged("movement", ("phong_trao",), None, law, "phong_trao", subject),
        judged("one_off", ("dot_xuat",), None, law, "dot_xuat", subject),
    )


_HIGH = frozenset({"tinh", "hv", "toan_quoc"})
_PROVINCIAL_BK = ("BK_TINH", "BK_HV")
_NATIONAL = frozenset({"toan_quoc"})


def _grades_run(code: str, minimum: str, years: int, source: str, param: str,
                route: str | None = None, or_title: str | None = None) -> Criterion:
    """The subject's grade is at least ``minimum`` in each of the ``years`` years ending now
    (for units, optionally a year with ``or_title`` counts too)."""
    need = GRADE_RANK[minimum]
    good = frozenset(g for g, rank in GRADE_RANK.items() if rank >= need)

    def check(x, rs):
        y = x.year
        grades = x.grades
        unknown = False
        for yr in range(y - years + 1, y + 1):
            g = grades.get(yr)
            if g in good:
                continue
            if or_title:
                t = x.verdicts.get(or_title) if yr == y else held(x.titles, or_title, yr)
                if t:
                    continue
                if t is None and yr == y:
                    unknown = True
                    continue
            if g is None:
                unknown = True
                continue
            return (False, yr)
        return UNKNOWN if unknown else RUN

    extra = f" hoặc {SHORT_NAMES[or_title]}" if or_title else ""

    def say(fact, passed, y):
        span = f"{y - years + 1}–{y}"
        if passed:
            return f"{minimum}{extra} liên tục {years} năm {span}"
        if passed is False:
            return f"Năm {fact} không đạt {minimum}{extra} (cần {years} năm liên tục {span})"
        return f"Chưa đủ xếp loại các năm {span} để xét {years} năm liên tục {minimum}{extra}"

    return Criterion(code, check, source, say, route=route, params=(param,))


def _not_used_before(titles: tuple[str, ...], years: int, route: str | None,
                     rs: RuleSet) -> Criterion | None:
    """From 2024, Luật 2022 Điều 5.2.c: one achievement is not rewarded twice. When one of
    ``titles`` was awarded within the ``years`` years a route counts (before this year), those
    years' achievements may be what it rewarded: the council reviews ("cần xác nhận")."""
    if rs.regime != "2023" or years <= 1:
        return None
    wanted = frozenset(titles)

    def check(x, rs):
        if wanted.isdisjoint(x.ever):
            return RUN
        y = x.year
        for yr in range(y - 1, y - years, -1):
            got = x.titles.get(yr)
            if got and not wanted.isdisjoint(got):
                return (None, Unsure((yr, min(wanted & got))))
        return RUN

    def say(fact, passed, y):
        if fact is None:
            return (f"Thành tích các năm {y - years + 1}–{y} chưa được dùng để khen thưởng"
                    " hình thức này")
        yr, title = fact
        return (f"Đã được tặng {SHORT_NAMES[title]} năm {yr}: thành tích các năm"
                f" {y - years + 1}–{yr} có thể đã được khen thưởng; không khen thưởng nhiều lần"
                " cho một thành tích: cần xác nhận, Hội đồng xem xét")

    return Criterion(f"not_used_{route or 'all'}", check, "L2022.5.2c", say, route=route)


def _bk(rs: RuleSet, code: str, subject: str) -> Title:
    """Bằng khen cấp tỉnh / Học viện (ministry level).

    Individuals — NĐ 91 Điều 39.1: outstanding in a movement; a one-off achievement; or two
    consecutive years HTXS with two cơ sở initiatives. Luật 2022 Điều 74.1 adds two consecutive
    CSTĐCS. Collectives — NĐ 91 Điều 39.2 [R] / Luật 2022 Điều 74.2 [R]: two consecutive years HTXS.
    """
    if subject == "person":
        law = _regime_source(rs, "ND91.39.1", "L2022.74.1")
        disc = _regime_source(rs, "THIDUA.I", "ND98.4.4", "ND152.4.4")
        return _t(
            code, subject,
            no_discipline("discipline", rs.forms_discipline_from, disc,
                          "forms_discipline_from", rs, code),
            judged("movement", ("phong_trao",), _HIGH, law, "phong_trao"),
            judged("one_off", ("dot_xuat",), _HIGH, law, "dot_xuat"),
            _grades_run("htxs_years", "HTXS", rs.bk_htxs_years, law, "bk_htxs_years", route="htxs"),
            works_at_level("works", "co_so", rs.bk_htxs_years, law, "bk_works", route="htxs",
                           minimum=rs.bk_works, title=code),
            _not_used_before(_PROVINCIAL_BK, rs.bk_htxs_years, "htxs", rs),
            consecutive("cstd_cs_consecutive", "CSTD_CS", rs.bk_cstd_cs_years, 1, law,
                        "bk_cstd_cs_years", route="cstd_cs") if rs.bk_cstd_cs_years else None,
            _not_used_before(_PROVINCIAL_BK, rs.bk_cstd_cs_years, "cstd_cs", rs)
            if rs.bk_cstd_cs_years else None,
        )
    law = _regime_source(rs, "ND91.39.2", "L2022.74.2")
    return _t(
        code, subject,
        judged("movement", ("phong_trao",), _HIGH, law, "phong_trao", "unit"),
        judged("one_off", ("dot_xuat",), _HIGH, law, "dot_xuat", "unit"),
        _grades_run("htxs_years", "HTXS", rs.bk_unit_years, law, "bk_unit_years", route="htxs",
                    or_title="TTLDXS" if rs.bk_unit_ttldxs_counts else None),
        _not_used_before(_PROVINCIAL_BK, rs.bk_unit_years, "htxs", rs),
    )


def _earlier_bk(years: int, source: str, param: str, route: str) -> Criterion:
    """A Bằng khen cấp tỉnh/bộ awarded at least ``years`` years before the evaluation year."""

    def check(x, rs):
        if "BK_TINH" not in x.ever and "BK_HV" not in x.ever:
            return (False, None)
        last = None
        for yr, got in x.titles.items():
            if (("BK_TINH" in got or "BK_HV" in got) and yr <= x.year - years
                    and (last is None or yr > last)):
                last = yr
        return (last is not None, last)

    def say(fact, passed, y):
        if fact is None:
            return f"Chưa có Bằng khen cấp tỉnh/bộ từ năm {y - years} trở về trước"
        return f"Bằng khen cấp tỉnh/bộ năm {fact}"

    return Criterion("earlier_bk", check, source, say, route=route, params=(param,))


def _count_title(code: str, title: str, years: int, minimum: int, source: str, param: str,
                 route: str) -> Criterion:
    """At least ``minimum`` of ``title`` in the ``years`` years ending now (this year's verdict)."""

    def check(x, rs):
        y = x.year
        n = sum(1 for yr in range(y - years + 1, y) if held(x.titles, title, yr)) if (
            title in x.ever) else 0
        now = x.verdicts.get(title) if title in x.verdicts else held(x.titles, title, y)
        if now:
            n += 1
        if n >= minimum:
            return (True, n)
        if now is None and n + 1 >= minimum:
            return (None, n)
        return (False, n)

    name = SHORT_NAMES[title]

    def say(fact, passed, y):
        return f"{fact} lần {name} trong {y - years + 1}–{y} (cần {minimum})" + (
            f"; cần {name} năm {y}" if passed is None else "")

    return Criterion(code, check, source, say, route=route, params=(param,))


def _bk_ttg(rs: RuleSet, subject: str) -> Title:
    """Bằng khen Thủ tướng.

    Individuals — NĐ 91 Điều 38.1.c: a Bằng khen cấp tỉnh/bộ, then five consecutive years HTXS
    with five cơ sở initiatives. Luật 2022 Điều 73.1.b: then five consecutive years HTT or above
    with three CSTĐCS. Both also allow exemplary or one-off achievements (judgement).
    Collectives — NĐ 91 Điều 38.2 [R] / Luật 2022 Điều 73.2 [R]: a Bằng khen cấp tỉnh/bộ, then
    five consecutive years HTXS, with a flag or two Bằng khen in that period.
    """
    if subject == "person":
        law = _regime_source(rs, "ND91.38.1", "L2022.73.1")
        disc = _regime_source(rs, "THIDUA.I", "ND98.4.4", "ND152.4.4")
        n = rs.bk_ttg_years
        return _t(
            "BK_TTG", subject,
            no_discipline("discipline", rs.forms_discipline_from, disc,
                          "forms_discipline_from", rs, "BK_TTG"),
            judged("exemplary", ("phong_trao", "dot_xuat"), _NATIONAL, law, "dac_biet"),
            _earlier_bk(n, law, "bk_ttg_years", "bk_5nam"),
            _grades_run("grade_years", rs.bk_ttg_min_grade, n, law, "bk_ttg_min_grade",
                        route="bk_5nam"),
            works_at_level("works", "co_so", n, law, "bk_ttg_works", route="bk_5nam",
                           minimum=rs.bk_ttg_works, title="BK_TTG") if rs.bk_ttg_works else None,
            _count_title("cstd_cs_count", "CSTD_CS", n, rs.bk_ttg_cstd_cs, law, "bk_ttg_cstd_cs",
                         "bk_5nam") if rs.bk_ttg_cstd_cs else None,
            _not_used_before(("BK_TTG",), n, "bk_5nam", rs),
        )
    law = _regime_source(rs, "ND91.38.2", "L2022.73.2")
    n = rs.bk_ttg_unit_years
    return _t(
        "BK_TTG", subject,
        judged("exemplary", ("phong_trao", "dot_xuat"), _NATIONAL, law, "dac_biet", "unit"),
        _earlier_bk(n, law, "bk_ttg_unit_years", "bk_5nam"),
        _grades_run("htxs_years", "HTXS", n, law, "bk_ttg_unit_years", route="bk_5nam"),
        _flag_or_two_bk(n, law) if rs.bk_ttg_unit_needs_flag_or_2bk else None,
        _not_used_before(("BK_TTG",), n, "bk_5nam", rs),
    )


def _flag_or_two_bk(years: int, source: str) -> Criterion:
    def check(x, rs):
        y = x.year
        flags = bks = 0
        for yr in range(y - years + 1, y + 1):
            got = x.titles.get(yr, ())
            flags += ("CO_TINH" in got) + ("CO_HV" in got)
            bks += ("BK_TINH" in got) + ("BK_HV" in got)
        return (flags >= 1 or bks >= 2, (flags, bks))

    def say(fact, passed, y):
        return (f"Trong {y - years + 1}–{y}: {fact[0]} Cờ thi đua cấp tỉnh/bộ, {fact[1]} Bằng khen"
                " cấp tỉnh/bộ (cần 1 Cờ hoặc 2 Bằng khen)")

    return Criterion("flag_or_2bk", check, source, say, route="bk_5nam",
                     params=("bk_ttg_unit_needs_flag_or_2bk",))


def _gvt_dvn(rs: RuleSet) -> Title:
    """Giỏi việc trường, đảm việc nhà — a trade-union movement title, not a state title; the
    school's union configures its scale (``RuleSet.gvt``)."""
    g = rs.gvt
    src = "UNION.GVT"

    def female_rule(s):
        return UNKNOWN if s is None else (s == "F", s)

    genders = Answers(female_rule)

    def female(x, rs):
        return genders[x.p.gender]

    min_score = g.min_score

    def score(x, rs):
        v = x.p.union_scores.get(x.year)
        return UNKNOWN if v is None else (v >= min_score, v)

    def say_female(fact, passed, y):
        return "Chưa có giới tính" if fact is None else (
            "Nữ cán bộ, viên chức" if passed else "Danh hiệu dành cho nữ")

    def say_score(fact, passed, y):
        if fact is None:
            return f"Chưa có điểm chấm của công đoàn năm {y}"
        return f"Điểm công đoàn năm {y}: {fact:g}/{g.max_score:g} (cần từ {g.min_score:g})"

    service = None
    if g.min_service_months is not None:
        need = g.min_service_months

        def svc(x, rs):
            return UNKNOWN if x.service is None else (x.service >= need, x.service)

        def say_svc(fact, passed, y):
            return ("Chưa có ngày tuyển dụng" if fact is None
                    else f"Thời gian công tác: {fact} tháng (cần từ {need})")

        service = Criterion("service", svc, src, say_svc, params=("gvt",))
    return _t(
        "GVT_DVN", "person",
        Criterion("female", female, src, say_female, params=("gvt",)),
        Criterion("union_score", score, src, say_score, params=("gvt",)),
        min_grade("grade", g.min_grade, src, "gvt") if g.min_grade else None,
        no_discipline("discipline", g.discipline_from, src, "gvt", rs, "GVT_DVN")
        if g.discipline_from else None,
        _absence(g.max_absence_days, "absence", src, "gvt"),
        service,
    )


def _same_as(title: Title, code: str) -> Title:
    """The Học viện's Bằng khen: its own criteria were not found; as a ministry-level form
    (Luật 2022 Điều 74; NĐ 91 Điều 39) it shares the province's criteria — and their results."""
    return Title(code, title.subject, title.criteria)


def person_titles(rs: RuleSet) -> tuple[Title, ...]:
    """Every individual title and form of ``rs``, in evaluation order."""
    bk_tinh = _bk(rs, "BK_TINH", "person")
    return (
        _ldtt(rs),
        _cstd_cs(rs),
        _cstd_tinh(rs),
        _cstd_tq(rs),
        _giay_khen(rs, "person"),
        bk_tinh,
        _same_as(bk_tinh, "BK_HV"),
        _bk_ttg(rs, "person"),
        _gvt_dvn(rs),
    )


# =================================================================================================
# Collectives (units), judged from their members' verdicts
# =================================================================================================

def _share(code: str, what: str, share: float, strict: bool, source: str, param: str) -> Criterion:
    """At least (or more than) ``share`` of the members reach LĐTT this year."""

    def check(x, rs):
        n = x.n
        if n == 0:
            return UNKNOWN
        lo, hi = x.ldtt_yes, x.ldtt_yes + x.ldtt_maybe
        if strict:
            ok_lo, ok_hi = lo > share * n, hi > share * n
        else:
            ok_lo, ok_hi = lo >= share * n, hi >= share * n
        return (True if ok_lo else (None if ok_hi else False), (lo, x.ldtt_maybe, n))

    sign = "trên" if strict else "từ"

    def say(fact, passed, y):
        if fact is None:
            return "Chưa có dữ liệu thành viên"
        lo, maybe, n = fact
        extra = f" (+{maybe} chờ xét)" if maybe else ""
        return (f"{lo}/{n} thành viên đủ điều kiện {what}{extra} = {lo / n:.0%}; cần {sign}"
                f" {share:.0%}")

    return Criterion(code, check, source, say, params=(param,))


MEMBER_OPEN = Unsure(("open",))


def _members_discipline(minimum: str | None, source: str) -> Criterion | None:
    """No member disciplined at ``minimum`` or above in the year, nor still under an earlier
    discipline's period during it (Luật 2003 Điều 27–28)."""
    if minimum is None:
        return None
    need = DISCIPLINE_RANK[minimum]

    def check(x, rs):
        if x.disc_max >= need:
            return (False, x.disc_max)
        if x.disc_unknown or x.n == 0:
            return UNKNOWN
        if x.disc_open_max >= need:  # an earlier discipline without an end date
            return (None, MEMBER_OPEN)
        return (True, x.disc_max)

    def say(fact, passed, y):
        if fact is None:
            return "Chưa đủ dữ liệu kỷ luật của thành viên"
        if fact == MEMBER_OPEN:
            return (f"Có thành viên bị kỷ luật từ mức {DISCIPLINE_NAMES[minimum]} ở năm trước mà"
                    f" chưa có ngày hết thời hạn: cần xác nhận thời hạn có kéo dài sang năm {y}")
        # a member counts whose discipline was decided in the year or, decided earlier, still
        # runs during it (``history.PersonYear``): "trong năm" alone would miss the latter
        if passed is False:
            return (f"Có thành viên bị kỷ luật từ mức {DISCIPLINE_NAMES[minimum]} trở lên"
                    f" trong năm {y} hoặc còn thời hạn kỷ luật trong năm {y}")
        return (f"Không có thành viên bị kỷ luật từ mức {DISCIPLINE_NAMES[minimum]} trở lên"
                f" trong năm {y} hoặc còn thời hạn kỷ luật trong năm {y}")

    return Criterion("members_discipline", check, source, say,
                     params=("collective_discipline_from",))


def _ttldtt(rs: RuleSet) -> Title:
    """TTLĐTT — Luật 2003 Điều 28.1 / Luật 2022 Điều 28.1 [R]: HTT; effective movement; more
    than 50% of members LĐTT; (2017) no member disciplined at cảnh cáo or above."""
    law = _regime_source(rs, "L2003.28", "L2022.28.1")
    return _t(
        "TTLDTT", "unit",
        registration("TTLDTT", UNIT_CHAIN, rs, "unit"),
        min_grade("grade", "HTT", law, None),
        conduct(law, rs),
        _share("ldtt_share", "LĐTT", rs.ttldtt_ldtt_share, rs.ttldtt_share_strict, law,
               "ttldtt_ldtt_share"),
        _members_discipline(rs.collective_discipline_from,
                            "L2003.28" if rs.regime == "2017" else "PROVINCE.REG"),
    )


def _ttldxs(rs: RuleSet) -> Title:
    """TTLĐXS — Luật 2003 Điều 27 / Luật 2022 Điều 27.1: HTXS; 100% of members complete their
    tasks, at least 70% LĐTT; a CSTĐCS among them; (2017) no member disciplined at cảnh cáo+."""
    law = _regime_source(rs, "L2003.27", "L2022.27.1")

    def all_complete(x, rs):
        if x.n == 0:
            return UNKNOWN
        if x.below_htnv:
            return (False, (x.below_htnv, x.grade_unknown, x.n))
        return (None if x.grade_unknown else True, (0, x.grade_unknown, x.n))

    def say_complete(fact, passed, y):
        if fact is None:
            return "Chưa có dữ liệu thành viên"
        bad, unknown, n = fact
        if bad:
            return f"{bad}/{n} thành viên không hoàn thành nhiệm vụ năm {y} (cần 100% HTNV trở lên)"
        if unknown:
            return f"{unknown}/{n} thành viên chưa có xếp loại năm {y}"
        return f"100% thành viên ({n}) hoàn thành nhiệm vụ trở lên năm {y}"

    def has_cs(x, rs):
        if x.cs_yes:
            return (True, x.cs_yes)
        return (None if x.cs_maybe else False, 0)

    def say_cs(fact, passed, y):
        if passed:
            return f"{fact} thành viên đủ điều kiện CSTĐCS năm {y}"
        return f"Chưa có thành viên đủ điều kiện CSTĐCS năm {y}" + (
            " (có người đang chờ xét)" if passed is None else "")

    return _t(
        "TTLDXS", "unit",
        registration("TTLDXS", UNIT_CHAIN, rs, "unit"),
        min_grade("grade", "HTXS", law, None, exact=True),
        conduct(law, rs),
        verdict_of("ttldtt", "TTLDTT", "THIDUA.I") if rs.ttldxs_requires_ttldtt else None,
        Criterion("members_complete", all_complete, law, say_complete),
        _share("ldtt_share", "LĐTT", rs.ttldxs_ldtt_share, False, law, "ttldxs_ldtt_share"),
        Criterion("has_cstd_cs", has_cs, law, say_cs),
        _members_discipline(rs.collective_discipline_from,
                            "L2003.27" if rs.regime == "2017" else "PROVINCE.REG"),
    )


def _is_organisation(source: str) -> Criterion:
    """Flags go to an agency or organisation (cơ quan, đơn vị), not to a department inside it."""

    def check(x, rs):
        k = x.u.kind
        return UNKNOWN if k is None else (k == "organisation", k)

    def say(fact, passed, y):
        if fact is None:
            return "Chưa rõ loại đơn vị (cơ quan hay khoa/phòng)"
        if passed:
            return "Cơ quan, đơn vị"
        return f"Đơn vị loại {fact}: Cờ thi đua xét cho cơ quan, đơn vị"

    return Criterion("organisation", check, source, say)


def _cluster_leader(code: str, levels: frozenset[str], source: str, route: str | None) -> Criterion:
    """Voted to lead its emulation cluster (cụm, khối thi đua) this year."""

    def check(x, rs):
        lead = x.u.cluster_leader
        if lead is None:
            return UNKNOWN
        got = lead.get(x.year, frozenset())
        return (not levels.isdisjoint(got), tuple(sorted(got)))

    where = " hoặc ".join(CLUSTER_NAMES[lv] for lv in sorted(levels))

    def say(fact, passed, y):
        if fact is None:
            return f"Chưa có kết quả bình xét, suy tôn trong {where} năm {y}"
        return (f"Dẫn đầu {where} năm {y}" if passed
                else f"Không được suy tôn dẫn đầu {where} năm {y}")

    return Criterion(code, check, source, say, route=route)


def _flag(rs: RuleSet, code: str, cluster: str) -> Title:
    """Cờ thi đua cấp tỉnh / Học viện — NĐ 91 Điều 12 (chosen inside a khối/cụm thi đua);
    Luật 2022 Điều 26.1 (a cluster leader) or 26.2 (leader of a ≥3-year thematic movement)."""
    law = _regime_source(rs, "ND91.12", "L2022.26.1")
    return _t(
        code, "unit",
        registration(code, UNIT_CHAIN, rs, "unit"),
        _is_organisation(law),
        min_grade("grade", rs.flag_min_grade, "THIDUA.I", "flag_min_grade"),
        verdict_of("ttldxs", "TTLDXS", "L2003.26" if rs.regime == "2017" else "L2022.26.3")
        if rs.flag_requires_ttldxs else None,
        _cluster_leader("cluster_leader", frozenset({cluster}), law, "cum"),
        judged("thematic", ("dan_dau_chuyen_de",), None, "L2022.26.2", "chuyen_de", "unit",
               min_years=rs.flag_thematic_route_years)
        if rs.flag_thematic_route_years else None,
    )


def _co_cp(rs: RuleSet) -> Title:
    """Cờ thi đua của Chính phủ — NĐ 91 Điều 11: among units that qualify for a ministry or
    provincial flag (≤ 20% of them, a quota), or leader of a Central Council cluster.
    Luật 2022 Điều 25: outstanding among the cluster leaders of a ministry or province; a
    Central Council cluster leader; or leader of a ≥5-year Prime Minister movement."""
    law = _regime_source(rs, "ND91.11", "L2022.25")

    def flag_ok(x, rs):
        a, b = x.verdicts.get("CO_TINH"), x.verdicts.get("CO_HV")
        v = True if (a or b) else (None if (a is None or b is None) else False)
        return (v, (a, b))

    def say_flag(fact, passed, y):
        return "Đủ điều kiện Cờ thi đua cấp tỉnh/bộ năm " + f"{y}: " + _yn(passed)

    return _t(
        "CO_CP", "unit",
        registration("CO_CP", UNIT_CHAIN, rs, "unit"),
        _is_organisation(law),
        Criterion("flag_eligible", flag_ok, law, say_flag, route="co_bo_tinh"),
        _cluster_leader("cluster_leader", frozenset({"tinh", "hv"}), law, "co_bo_tinh")
        if rs.regime == "2023" else None,
        _cluster_leader("central_cluster", frozenset({"tw"}), law, "cum_tw"),
        judged("pm_movement", ("dan_dau_chuyen_de",), _NATIONAL, law, "phong_trao_ttg", "unit",
               min_years=rs.co_cp_pm_movement_years) if rs.co_cp_pm_movement_years else None,
    )


def unit_titles(rs: RuleSet) -> tuple[Title, ...]:
    """Every collective title and form of ``rs``, in evaluation order."""
    bk_tinh = _bk(rs, "BK_TINH", "unit")
    return (
        _ttldtt(rs),
        _ttldxs(rs),
        _giay_khen(rs, "unit"),
        bk_tinh,
        _same_as(bk_tinh, "BK_HV"),
        _bk_ttg(rs, "unit"),
        _flag(rs, "CO_TINH", "tinh"),
        _flag(rs, "CO_HV", "hv"),
        _co_cp(rs),
    )

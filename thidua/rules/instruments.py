"""The instrument calendar: which legal texts are in force on a day, as data.

Two questions, two answers, never mixed:

* *What a title requires* is judged under the evaluated year's regime (:func:`rule_set_for`
  in :mod:`thidua.rules.params`);
* *what a document cites as its basis and pays under* is the law in force on its **signing
  day** (:func:`bases_on`, :func:`reward_decree_on`, :func:`regime_on`).

Every citation key of :mod:`thidua.rules.citations` starts with an instrument code of this
calendar (``ND91.10.5`` → ``ND91``), or with a prefix that names no state instrument (thidua's
own conventions, the organisation's, the union's, the province's regulation):
:func:`instrument_of` tells which, and :func:`cited_in_force` whether a key may be cited on a day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

LAW = "law"
DECREE = "decree"
CIRCULAR = "circular"
GUIDANCE = "guidance"
OTHER = "other"


@dataclass(frozen=True, slots=True)
class Instrument:
    """One legal text: its code, short name, the "Căn cứ" line that cites it, and its period."""

    code: str
    name: str
    basis: str  # the text after "Căn cứ " in a decision or tờ trình
    kind: str
    effective: date
    ends: date | None = None  # the last day in force; None while in force
    to_confirm: bool = False  # a date or a repeal not seen in the text itself
    citable: bool = True  # False while the text's own number and date were not seen whole

    @property
    def reference(self) -> str:
        """Return how a sentence names the text: its number, date and issuer, without its
        subject ("Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ")."""
        for issuer in (" của Chính phủ", " của Bộ Nội vụ"):
            if issuer in self.basis:
                return self.basis.split(issuer, 1)[0] + issuer
        return self.basis

    def in_force(self, day: date) -> bool:
        return self.effective <= day and (self.ends is None or day <= self.ends)


_L2003_BASIS = (
    "Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của "
    "Luật Thi đua, khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013"
)

INSTRUMENTS: dict[str, Instrument] = {
    i.code: i
    for i in (
        # Luật TĐKT 15/2003/QH11, amended 2005, 2009, 2013; replaced by Luật 06/2022/QH15.
        Instrument("L2003", "Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2005, 2009, 2013)",
                   _L2003_BASIS, LAW, date(2004, 7, 1), date(2023, 12, 31)),
        Instrument("L2022", "Luật Thi đua, khen thưởng số 06/2022/QH15",
                   "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022", LAW, date(2024, 1, 1)),
        # NĐ 91/2017 from 01/10/2017 (law.md §1.1) until Luật 2022 and NĐ 98/2023 took over.
        Instrument("ND91", "Nghị định 91/2017/NĐ-CP",
                   "Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi "
                   "tiết thi hành một số điều của Luật Thi đua, khen thưởng",
                   DECREE, date(2017, 10, 1), date(2023, 12, 31)),
        # NĐ 152/2025 Điều 59: in force 01/7/2025, repealing NĐ 98/2023 (law-2.md §1.1).
        Instrument("ND98", "Nghị định 98/2023/NĐ-CP",
                   "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định "
                   "chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
                   DECREE, date(2024, 1, 1), date(2025, 6, 30)),
        Instrument("ND152", "Nghị định 152/2025/NĐ-CP",
                   "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về "
                   "phân quyền, phân cấp trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và "
                   "hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng",
                   DECREE, date(2025, 7, 1)),
        # TT 12/2019/TT-BNV, dated 04/11/2019; its effective date and end were not seen.
        Instrument("TT12", "Thông tư 12/2019/TT-BNV",
                   "Thông tư số 12/2019/TT-BNV ngày 04 tháng 11 năm 2019 của Bộ Nội vụ quy định "
                   "chi tiết thi hành một số điều của Nghị định số 91/2017/NĐ-CP",
                   CIRCULAR, date(2019, 11, 4), date(2023, 12, 31), to_confirm=True),
        # TT 01/2024/TT-BNV details NĐ 98; TT 15/2025/TT-BNV (04/8/2025) took its place for
        # NĐ 152 — no express repeal clause was seen, so both dates are to be confirmed.
        Instrument("TT01", "Thông tư 01/2024/TT-BNV",
                   "Thông tư số 01/2024/TT-BNV của Bộ Nội vụ quy định biện pháp thi hành Luật Thi "
                   "đua, khen thưởng", CIRCULAR, date(2024, 1, 1), date(2025, 8, 3),
                   to_confirm=True, citable=False),
        Instrument("TT15", "Thông tư 15/2025/TT-BNV",
                   "Thông tư số 15/2025/TT-BNV ngày 04 tháng 8 năm 2025 của Bộ Nội vụ quy định "
                   "biện pháp để tổ chức, hướng dẫn thi hành Luật Thi đua, khen thưởng và Nghị "
                   "định số 152/2025/NĐ-CP", CIRCULAR, date(2025, 8, 4), to_confirm=True),
        # Quality grading: NĐ 90/2020 (in force from its signing, amended by NĐ 48/2023).
        Instrument("ND90", "Nghị định 90/2020/NĐ-CP",
                   "Nghị định số 90/2020/NĐ-CP ngày 13 tháng 8 năm 2020 của Chính phủ về đánh giá, "
                   "xếp loại chất lượng cán bộ, công chức, viên chức", OTHER, date(2020, 8, 13)),
        Instrument("ND48", "Nghị định 48/2023/NĐ-CP",
                   "Nghị định số 48/2023/NĐ-CP ngày 17 tháng 7 năm 2023 của Chính phủ sửa đổi, bổ "
                   "sung một số điều của Nghị định số 90/2020/NĐ-CP", OTHER, date(2023, 9, 15)),
        # Công văn 5007/BNV-TĐKT: guidance issued in 2023; the day was not seen.
        Instrument("CV5007", "Công văn 5007/BNV-TĐKT năm 2023",
                   "Công văn số 5007/BNV-TĐKT năm 2023 của Bộ Nội vụ", GUIDANCE,
                   date(2023, 1, 1), to_confirm=True),
        # The education sector's circular: replaced by TT 22/2018/TT-BGDĐT (itself replaced by
        # TT 21/2020/TT-BGDĐT); the replacement date is recalled, not seen.
        Instrument("TT35", "Thông tư 35/2015/TT-BGDĐT",
                   "Thông tư số 35/2015/TT-BGDĐT của Bộ Giáo dục và Đào tạo", CIRCULAR,
                   date(2016, 2, 15), date(2018, 10, 12), to_confirm=True),
        # The two document formats (law.md §5): state administrative documents and Party ones.
        Instrument("ND30", "Nghị định 30/2020/NĐ-CP",
                   "Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác "
                   "văn thư", OTHER, date(2020, 3, 5)),
        Instrument("HD36", "Hướng dẫn 36-HD/VPTW",
                   "Hướng dẫn số 36-HD/VPTW ngày 03 tháng 4 năm 2018 của Văn phòng Trung ương Đảng "
                   "về thể thức và kỹ thuật trình bày văn bản của Đảng", GUIDANCE,
                   date(2018, 4, 3)),
        # The base salary (lương cơ sở) each reward is a multiple of: each decree sets it from
        # 01/7 of its year until the next one does (rules/money.py).
        Instrument("ND38", "Nghị định 38/2019/NĐ-CP",
                   "Nghị định số 38/2019/NĐ-CP ngày 09 tháng 5 năm 2019 của Chính phủ quy định "
                   "mức lương cơ sở đối với cán bộ, công chức, viên chức và lực lượng vũ trang",
                   OTHER, date(2019, 7, 1), date(2023, 6, 30), to_confirm=True),
        Instrument("ND24", "Nghị định 24/2023/NĐ-CP",
                   "Nghị định số 24/2023/NĐ-CP ngày 14 tháng 5 năm 2023 của Chính phủ quy định "
                   "mức lương cơ sở đối với cán bộ, công chức, viên chức và lực lượng vũ trang",
                   OTHER, date(2023, 7, 1), date(2024, 6, 30)),
        Instrument("ND73", "Nghị định 73/2024/NĐ-CP",
                   "Nghị định số 73/2024/NĐ-CP ngày 30 tháng 6 năm 2024 của Chính phủ quy định "
                   "mức lương cơ sở và chế độ tiền thưởng đối với cán bộ, công chức, viên chức và "
                   "lực lượng vũ trang", OTHER, date(2024, 7, 1)),
        # A Bắc Ninh provincial decision: binding only in Bắc Ninh, from 15/12/2025.
        Instrument("BN86", "Quyết định 86/2025/QĐ-UBND tỉnh Bắc Ninh",
                   "Quyết định số 86/2025/QĐ-UBND ngày 03 tháng 12 năm 2025 của Ủy ban nhân dân "
                   "tỉnh Bắc Ninh", OTHER, date(2025, 12, 15)),
    )
}

#: Prefixes of citation keys that name no state instrument: thidua's own reading (always to be
#: confirmed), the organisation's, the council's and the union's rules, the province's regulation.
NOT_INSTRUMENTS = frozenset({"THIDUA", "ORG", "UNION", "PROVINCE"})

#: The instruments a decision or tờ trình cites as its basis, in citing order, by kind.
_BASIS_KINDS = (LAW, DECREE)


def instrument_of(key: str) -> Instrument | None:
    """Return the instrument a citation key cites (``"ND98.4.4"`` → NĐ 98/2023), or None for a
    key that names no state instrument (``THIDUA.I``, ``ORG.COUNCIL``…); unknown prefixes raise."""
    prefix = key.split(".", 1)[0]
    if prefix in NOT_INSTRUMENTS:
        return None
    try:
        return INSTRUMENTS[prefix]
    except KeyError:
        raise KeyError(f"khóa trích dẫn không thuộc văn bản nào đã biết: {key}") from None


def cited_in_force(key: str, day: date) -> bool:
    """Tell whether the text a citation key names is in force on ``day`` (keys that name no
    state instrument always are)."""
    instrument = instrument_of(key)
    return instrument is None or instrument.in_force(day)


def in_force_on(day: date, kind: str | None = None) -> list[Instrument]:
    """Return the instruments in force on ``day`` (of one ``kind``), in calendar order."""
    return [i for i in INSTRUMENTS.values() if i.in_force(day) and kind in (None, i.kind)]


def _one(day: date, kind: str) -> Instrument:
    found = in_force_on(day, kind)
    # Kinds LAW and DECREE never overlap in this calendar; the first is the earlier one.
    if not found:
        raise ValueError(f"không có văn bản loại {kind} nào có hiệu lực ngày {day:%d/%m/%Y}")
    return found[0]


def law_on(day: date) -> Instrument:
    """Return the Law on Emulation and Commendation in force on ``day``."""
    return _one(day, LAW)


def decree_on(day: date) -> Instrument:
    """Return the decree detailing the law on ``day`` (NĐ 91/2017, NĐ 98/2023, NĐ 152/2025)."""
    return _one(day, DECREE)


def reward_decree_on(day: date) -> Instrument:
    """Return the decree a decision signed on ``day`` pays its reward under: the base salary and
    the amounts are those in force on the decision's date (NĐ 152/2025 Điều 49), so the decree
    is the one in force on that day, whatever year the achievement was in."""
    return decree_on(day)


def circular_on(day: date) -> Instrument | None:
    """Return the Ministry of Home Affairs' circular detailing the decree on ``day``, if any."""
    found = [i for i in in_force_on(day, CIRCULAR) if i.code in ("TT12", "TT01", "TT15")]
    return found[-1] if found else None


def bases_on(day: date, *, circular: bool = False) -> list[Instrument]:
    """Return what a document signed on ``day`` cites as its legal basis: the law and its decree
    in force that day, and the ministry's circular when ``circular`` is asked for (unless its
    date was not seen: a signed document does not cite a text it cannot date)."""
    bases = [_one(day, kind) for kind in _BASIS_KINDS]
    if circular and (c := circular_on(day)) is not None and c.citable:
        bases.append(c)
    return bases


def regime_on(day: date) -> str:
    """Return the regime in force on ``day``: ``"2017"`` (Luật 2003/2013) or ``"2023"``
    (Luật 2022), the one whose authority and forms a document signed that day follows."""
    return "2017" if law_on(day).code == "L2003" else "2023"


def not_covered(day: date, what: str = "Ngày") -> str | None:
    """Return why a document dated ``day`` has no legal basis in this calendar (before the first
    decree it knows), or None when it has one."""
    first = change_days()[0]
    if day >= first:
        return None
    decree = decree_on(first)
    return (
        "{} {:%d/%m/%Y} trước ngày {} có hiệu lực ({:%d/%m/%Y}); không xác định được căn cứ pháp "
        "lý cho văn bản đề ngày này.".format(what, day, decree.name, first)
    )


# The achievement report's forms in each decree's annex (person, collective): NĐ 91/2017 Mẫu 02
# and Mẫu 01; NĐ 152/2025 Mẫu 05 for a person, as QĐ 638/QĐ-BNV (2025) names it, its layout not
# seen; NĐ 98/2023's numbers and NĐ 152's collective form were not seen (None).
_REPORT_FORMS = {
    "ND91": ("Mẫu số 02", "Mẫu số 01"),
    "ND98": (None, None),
    "ND152": ("Mẫu số 05", None),
}
_REPORT_FORMS_CONFIRMED = frozenset({"ND91"})


@dataclass(frozen=True, slots=True)
class ReportForm:
    """The form an achievement report follows on a day: its annex line, and whether the form's
    number and items are confirmed."""

    line: str
    confirmed: bool
    note: str


def report_form(day: date, *, collective: bool = False) -> ReportForm:
    """Return the achievement report's form in the annex of the decree in force on ``day``."""
    decree = decree_on(day)
    number = _REPORT_FORMS[decree.code][1 if collective else 0]
    dated = decree.reference.replace(" của Chính phủ", "")
    if number:
        line = "{} – Phụ lục ban hành kèm theo {} của Chính phủ".format(number, dated)
    else:
        line = "Mẫu báo cáo thành tích {} – Phụ lục {} của Chính phủ".format(
            "tập thể" if collective else "cá nhân", dated
        )
    confirmed = decree.code in _REPORT_FORMS_CONFIRMED
    if confirmed:
        note = ""
    elif number:
        note = "Các mục của mẫu theo {} cần xác nhận".format(decree.name)
    else:
        note = "Số hiệu mẫu trong Phụ lục {} cần xác nhận".format(decree.name)
    return ReportForm(line, confirmed, note)


#: The rule set whose procedure (council ballots, quorum) follows each decree.
_RULE_SET_OF_DECREE = {"ND91": "2017", "ND98": "2023/nd98", "ND152": "2023/nd152"}


def rule_set_name_on(day: date) -> str:
    """Return the rule set of the decree in force on ``day``: what a council meeting that day
    must follow in its procedure (how it votes, its quorum), whatever year it reviews."""
    return _RULE_SET_OF_DECREE[decree_on(day).code]


def change_days() -> list[date]:
    """Return the first day of each period with its own law and decree (the days a document's
    bases change), in order."""
    days = sorted({i.effective for i in INSTRUMENTS.values() if i.kind in _BASIS_KINDS})
    return [day for day in days if all(in_force_on(day, kind) for kind in _BASIS_KINDS)]

"""Who decides each title and form, and the council's ways of deciding, as data.

One source for every app: the decisions (what the head of the school may award itself), the
proposals (which higher body a title goes to, and whom the tờ trình addresses), the council
(the lower title a member may agree to, the default ballot of the school's own council) and the
registrations (which titles a person or a unit registers for).

Authority follows the regime in force on the **signing day** of the document that decides or
proposes (:func:`thidua.rules.instruments.regime_on`); what a title requires follows the
evaluated year (:func:`thidua.rules.params.rule_set_for`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .citations import cite
from .codes import COMMENDATION_FORMS, TITLE_ORDER
from .params import Ballot

# Bodies ----------------------------------------------------------------------------------------
SCHOOL = "school"  # the head of the organisation itself (thủ trưởng cơ quan, đơn vị)
UNION = "union"  # the trade union (its own movements and titles)
PROVINCE = "province"
ACADEMY = "academy"
GOVERNMENT = "government"

#: The higher bodies a tờ trình goes to, in the order a user chooses among them.
HIGHER_BODIES = (PROVINCE, ACADEMY, GOVERNMENT)
BODY_NAMES = {
    SCHOOL: "Hiệu trưởng",
    UNION: "Công đoàn cấp trên",
    PROVINCE: "Chủ tịch UBND tỉnh",
    ACADEMY: "Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh",
    GOVERNMENT: "Thủ tướng Chính phủ (qua Chủ tịch UBND tỉnh)",
}


@dataclass(frozen=True, slots=True)
class Authority:
    """Who decides ``title`` under a regime, and the legal source (a citations key)."""

    title: str
    body: str
    source: str

    @property
    def source_text(self) -> str:
        return cite(self.source)

    @property
    def own(self) -> bool:
        """Whether the head of the school decides it (it goes into the school's decision)."""
        return self.body == SCHOOL


def _table(
    own_source: str, giay_khen_source: str, higher_source: str, academy_source: str
) -> dict[str, Authority]:
    return {
        a.title: a
        for a in (
            # The head of a unit with legal personality decides LĐTT, CSTĐCS and TTLĐTT
            # (NĐ 91/2017 Điều 43.2.b) and, since Luật 2022 Điều 80.1, the Giấy khen too.
            Authority("LDTT", SCHOOL, own_source),
            Authority("CSTD_CS", SCHOOL, own_source),
            Authority("TTLDTT", SCHOOL, own_source),
            Authority("GIAY_KHEN", SCHOOL, giay_khen_source),
            # Not given to the head of the unit by those clauses, so decided above it: the
            # province for its titles (TTLĐXS included), the Học viện as a ministry-level body
            # for its own, the Prime Minister on the province's proposal.
            Authority("TTLDXS", PROVINCE, higher_source),
            Authority("CSTD_TINH", PROVINCE, higher_source),
            Authority("BK_TINH", PROVINCE, higher_source),
            Authority("CO_TINH", PROVINCE, higher_source),
            Authority("BK_HV", ACADEMY, academy_source),
            Authority("CO_HV", ACADEMY, academy_source),
            Authority("CSTD_TQ", GOVERNMENT, higher_source),
            Authority("BK_TTG", GOVERNMENT, higher_source),
            Authority("CO_CP", GOVERNMENT, higher_source),
            # The union's movements and titles are the union's, not the state's.
            Authority("GVT_DVN", UNION, "UNION.CHARTER"),
            Authority("CDCS_VM", UNION, "UNION.CHARTER"),
        )
    }


AUTHORITY: dict[str, dict[str, Authority]] = {
    # The Học viện decides as a ministry-level body (a "bộ, ngành"): Luật 2022 Điều 3.5 says so
    # from 2024; before, the 2003 law's authority articles (to be confirmed).
    "2017": _table("ND91.43.2b", "L2003.AUTH", "L2003.AUTH", "L2003.AUTH"),
    "2023": _table("L2022.80.1", "L2022.80.1", "L2022.AUTH", "L2022.3.5"),
}


def authority(title: str, regime: str) -> Authority:
    """Return who decides ``title`` under ``regime`` ("2017" or "2023"; "2023/nd98" works)."""
    return AUTHORITY[regime.split("/", 1)[0]][title]


def own_titles(regime: str) -> tuple[str, ...]:
    """Return the titles, then the forms, the head of the school decides."""
    table = AUTHORITY[regime.split("/", 1)[0]]
    own = [t for t in TITLE_ORDER if t in table and table[t].own]
    return tuple(sorted(own, key=lambda t: t in COMMENDATION_FORMS))


def is_own(title: str, regime: str) -> bool:
    table = AUTHORITY[regime.split("/", 1)[0]]
    return title in table and table[title].own


def higher_body(title: str, regime: str) -> str | None:
    """Return the higher body a title is proposed to, or None for one the school or the union
    decides."""
    a = AUTHORITY[regime.split("/", 1)[0]].get(title)
    return a.body if a is not None and a.body in HIGHER_BODIES else None


def decided_by_text(title: str, regime: str) -> str:
    """Return who decides ``title``, as a refusal names it ("Chủ tịch UBND tỉnh")."""
    a = AUTHORITY[regime.split("/", 1)[0]].get(title)
    if a is None:
        return "cấp có thẩm quyền"
    if a.body == GOVERNMENT:
        return "Thủ tướng Chính phủ"
    return BODY_NAMES[a.body]


#: Whose office receives a tờ trình to each higher body: the province's for its own titles and
#: for the Government's, which go up through the province (the Chủ tịch UBND tỉnh proposes them
#: to the Prime Minister); the Học viện's for its own. The body the receiving organisation
#: "receives proposals for" in an installation holding several organisations.
RECEIVED_BY: dict[str, tuple[str, str]] = {
    PROVINCE: (PROVINCE, "L2022.AUTH"),
    GOVERNMENT: (PROVINCE, "L2022.ROUTE"),
    ACADEMY: (ACADEMY, "L2022.3.5"),
}


#: The bodies whose office receives tờ trình (what an organisation may "receive for").
RECEIVING_BODIES: tuple[str, ...] = tuple(dict.fromkeys(b for b, _ in RECEIVED_BY.values()))


def received_by(body: str) -> str:
    """Return the body whose office receives a tờ trình to ``body`` (one of HIGHER_BODIES)."""
    return RECEIVED_BY[body][0]


def addressee(body: str, province: str) -> str:
    """Return the "Kính gửi" line of a tờ trình to ``body`` (``province``: the place name).
    The Government's titles go up through the province, which proposes them."""
    if body == ACADEMY:
        return BODY_NAMES[ACADEMY]
    return "Chủ tịch Ủy ban nhân dân tỉnh {}".format(province).strip()


def issuer(body: str, province: str) -> str:
    """Return who issues the higher body's decision, as the award register writes it."""
    if body == ACADEMY:
        return BODY_NAMES[ACADEMY]
    if body == GOVERNMENT:
        return "Thủ tướng Chính phủ"
    return "Chủ tịch UBND tỉnh {}".format(province).strip()


#: The order a decision lists the school's own titles: the higher individual title first.
DECISION_ORDER = ("CSTD_CS", "LDTT", "TTLDTT", "GIAY_KHEN")

#: The awards printed as a certificate, and its name: the CSTĐCS certificate (giấy chứng nhận)
#: and the Giấy khen (NĐ 98/2023 Điều 104). LĐTT and TTLĐTT have none: they are recognised by
#: the decision and its money only (Bộ Nội vụ's answer of 14/11/2023).
CERTIFICATES = {"CSTD_CS": "Giấy chứng nhận", "GIAY_KHEN": "Giấy khen"}

#: What the head of the school may award without a council ballot: the Giấy khen, a form whose
#: criteria the ministry or province sets (Luật 2022 Điều 75.2) and for which the national texts
#: require no ballot; every title goes through the council's review (NĐ 98/2023 Điều 30.7).
WITHOUT_BALLOT = ("GIAY_KHEN",)

# The council ------------------------------------------------------------------------------------

#: What "agree to a lower title" may name, for each title put to the vote, highest first: one
#: step down the chain the law draws, with its source. Where two are named (tỉnh or Học viện)
#: they are one level by two channels.
LOWER_TITLES: dict[str, tuple[str, ...]] = {
    "CSTD_TQ": ("CSTD_TINH",),  # chosen among 2 consecutive CSTĐ bộ/tỉnh (Luật 2022 Điều 21)
    "CSTD_TINH": ("CSTD_CS",),  # among 3 consecutive CSTĐCS (Luật 2022 Điều 22)
    "CSTD_CS": ("LDTT",),  # a CSTĐCS meets the LĐTT criteria (Luật 2022 Điều 23)
    "TTLDXS": ("TTLDTT",),  # chosen among the TTLĐTT (Luật 2022 Điều 27)
    "CO_TINH": ("TTLDXS",),  # a flag unit is a TTLĐXS (sector texts, to be confirmed)
    "CO_HV": ("TTLDXS",),
    "CO_CP": ("CO_TINH", "CO_HV"),  # among the ministry or provincial flags (Điều 25)
    "BK_TTG": ("BK_TINH", "BK_HV"),  # presupposes a ministry or provincial BK (Điều 73.1)
    # One form down, the head of the school's own; a lower form is no prerequisite (NĐ 98/2023
    # Điều 4.1), so this is only what the council may agree to instead.
    "BK_TINH": ("GIAY_KHEN",),
    "BK_HV": ("GIAY_KHEN",),
}

#: The councils thidua runs are the school's own: the proposing unit's council (cấp cơ sở).
SCHOOL_COUNCIL = "co_so"
#: How the school's council votes on a title the rule set gives no rule of its own level: the
#: national texts set none for a school's council, so this is the organisation's regulation of
#: its council (an organisation sets its own through the rule set's "ballots" override).
DEFAULT_BALLOT = Ballot(threshold=0.7, denominator="present", secret=True, council=SCHOOL_COUNCIL)
DEFAULT_BALLOT_SOURCE = "ORG.COUNCIL"

# Registration -----------------------------------------------------------------------------------

#: The titles a person registers for at the start of the year (đăng ký thi đua) and those a
#: unit registers for; "Giỏi việc trường, đảm việc nhà" is for women only.
PERSON_REGISTRABLE = ("LDTT", "CSTD_CS", "CSTD_TINH", "CSTD_TQ", "GVT_DVN")
UNIT_REGISTRABLE = ("TTLDTT", "TTLDXS")
WOMEN_ONLY = frozenset({"GVT_DVN"})


def registrable_for(gender: str | None) -> tuple[str, ...]:
    """Return the titles a person of ``gender`` ("F", "M" or unknown) may register for."""
    if gender == "F":
        return PERSON_REGISTRABLE
    return tuple(code for code in PERSON_REGISTRABLE if code not in WOMEN_ONLY)


"""The rule sets' parameters described for people: a Vietnamese label, what the parameter means in
legal language, the kind of value it takes and how a value reads in Vietnamese.

:mod:`thidua.rules.params` holds the numbers; this module tells a council secretary what each one
is, so that a screen can show and edit them without a Python value in sight. Every overridable
field of :class:`~thidua.rules.params.RuleSet` must have a description here (a unit test checks
it), so a new parameter cannot reach a screen undescribed.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from .codes import (
    DISCIPLINE_FORMS,
    DISCIPLINE_NAMES,
    GRADE_NAMES,
    GRADES,
    LEVEL_NAMES,
    LEVELS,
    STUDY_NAMES,
    STUDY_RESULTS,
    TITLE_NAMES,
)
from .params import _NOT_OVERRIDABLE, RULE_SETS, Ballot, GvtScale, QuotaRule, RuleSet

# Regimes ----------------------------------------------------------------------------------------

#: An organisation overrides parameters per regime (``Organization.rule_overrides``).
REGIMES = ("2017", "2023")
REGIME_NAMES = {
    "2017": "Chế độ Luật Thi đua, khen thưởng 2003 – Nghị định 91/2017/NĐ-CP",
    "2023": "Chế độ Luật Thi đua, khen thưởng 2022",
}
REGIME_YEARS = {"2017": "áp dụng khi xét các năm từ 2023 trở về trước",
                "2023": "áp dụng khi xét các năm từ 2024 trở đi"}
#: The period each rule set judges, for a reader (never the rule set's internal name).
RULE_SET_PERIODS = {
    "2017": "các năm đến 2023",
    "2023/nd98": "năm 2024 (Nghị định 98/2023/NĐ-CP)",
    "2023/nd152": "từ năm 2025 (Nghị định 152/2025/NĐ-CP)",
}


def rule_sets_of(regime: str) -> list[RuleSet]:
    """Return the rule sets an override of ``regime`` applies to, oldest first."""
    found = [rs for rs in RULE_SETS.values() if rs.regime == regime]
    if not found:
        raise ValueError(f"chế độ pháp lý không tồn tại: {regime!r}")
    return found


# Vocabulary the codes module does not name ---------------------------------------------------

DENOMINATOR_NAMES = {
    "total_members": "tổng số thành viên Hội đồng",
    "present": "số thành viên Hội đồng có mặt",
}
COUNCIL_NAMES = {
    "co_so": "Hội đồng Thi đua – Khen thưởng của cơ quan",
    "tinh": "Hội đồng Thi đua – Khen thưởng cấp tỉnh, cấp bộ",
}
ROUNDING_NAMES = {"floor": "làm tròn xuống", "half_up": "làm tròn", "ceil": "làm tròn lên"}
#: The emulation titles (danh hiệu thi đua) ``registration_titles`` may name: those whose
#: registration the law can make a basis of the award. Forms of commendation are not registered
#: for; what the registration screen offers is ``authority.PERSON_REGISTRABLE`` and
#: ``UNIT_REGISTRABLE``.
REGISTRATION_TITLE_CHOICES = (
    "LDTT", "CSTD_CS", "CSTD_TINH", "CSTD_TQ", "TTLDTT", "TTLDXS", "CO_TINH", "CO_HV", "CO_CP",
)  # fmt: skip
#: Titles the council votes on, in the order a screen lists them.
BALLOT_TITLES = (
    "LDTT", "CSTD_CS", "CSTD_TINH", "CSTD_TQ", "GIAY_KHEN", "BK_TINH", "BK_HV", "BK_TTG",
    "TTLDTT", "TTLDXS", "CO_TINH", "CO_HV", "CO_CP",
)  # fmt: skip

# Kinds of value ---------------------------------------------------------------------------------

KIND_NAMES = {
    "share": "tỷ lệ phần trăm",
    "months": "số tháng",
    "days": "số ngày",
    "years": "số năm",
    "count": "số lượng",
    "grade": "mức xếp loại chất lượng (Nghị định 90/2020/NĐ-CP)",
    "discipline": "hình thức kỷ luật",
    "level": "phạm vi ảnh hưởng",
    "study_result": "kết quả học tập",
    "bool": "có hoặc không",
    "titles": "danh sách danh hiệu",
    "ballots": "cách bỏ phiếu của Hội đồng theo từng danh hiệu",
    "quotas": "tỷ lệ khen thưởng tối đa",
    "gvt": "thang điểm của công đoàn",
}
#: Kinds a typed form edits; the others are shown read-only (or have a form of their own).
SIMPLE_KINDS = frozenset(KIND_NAMES) - {"ballots", "quotas", "gvt"}
_UNITS = {"months": "tháng", "days": "ngày", "years": "năm"}

GROUPS = (
    ("general", "Điều kiện chung khi xét cá nhân"),
    ("person", "Danh hiệu và hình thức khen thưởng cá nhân"),
    ("unit", "Danh hiệu và hình thức khen thưởng tập thể"),
    ("council", "Hội đồng, tỷ lệ khen thưởng và phong trào của công đoàn"),
)


@dataclass(frozen=True, slots=True)
class ParameterDescription:
    """What a parameter is, for the people who apply the law."""

    name: str
    label: str
    meaning: str
    kind: str
    group: str
    #: ``None`` is a legal value ("không áp dụng"): the condition can be switched off.
    optional: bool = False
    minimum: int | None = None
    maximum: int | None = None
    #: What a count counts ("lần", "sáng kiến hoặc đề tài").
    unit: str = ""

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]

    @property
    def group_name(self) -> str:
        return dict(GROUPS)[self.group]

    @property
    def editable(self) -> bool:
        """Tell whether the typed form edits it (ballots have a form of their own)."""
        return self.kind in SIMPLE_KINDS

    def choices(self) -> list[tuple[str, str]]:
        """Return (code, Vietnamese name) for an enumerated kind, mildest or lowest first."""
        if self.kind == "grade":
            return [(g, GRADE_NAMES[g]) for g in GRADES]
        if self.kind == "discipline":
            return [(f, "từ " + DISCIPLINE_NAMES[f] + " trở lên") for f in DISCIPLINE_FORMS]
        if self.kind == "level":
            return [(lv, LEVEL_NAMES[lv]) for lv in LEVELS]
        if self.kind == "study_result":
            return [(r, "từ loại " + STUDY_NAMES[r] + " trở lên") for r in STUDY_RESULTS]
        if self.kind == "titles":
            return [(t, TITLE_NAMES[t]) for t in REGISTRATION_TITLE_CHOICES]
        return []


def _d(name, label, meaning, kind, group, **extra) -> tuple[str, ParameterDescription]:
    return name, ParameterDescription(name, label, meaning, kind, group, **extra)


_MONTHS = {"minimum": 1, "maximum": 12}
_YEARS = {"minimum": 1, "maximum": 10}
_COUNT = {"minimum": 1, "maximum": 20}

DESCRIPTIONS: dict[str, ParameterDescription] = dict(
    [
        # --- general conditions --------------------------------------------------------------
        _d("registration_required", "Đăng ký thi đua là căn cứ xét",
           "Cá nhân, tập thể phải đăng ký thi đua từ đầu năm thì mới được xét danh hiệu thi đua"
           " cuối năm.", "bool", "general"),
        _d("registration_titles", "Danh hiệu phải đăng ký trước",
           "Những danh hiệu thi đua chỉ được xét khi đã đăng ký; đăng ký danh hiệu cao hơn trong"
           " cùng chuỗi được coi là đã đăng ký danh hiệu thấp hơn.", "titles", "general"),
        _d("conduct_from_grade", "Phẩm chất đánh giá qua xếp loại chất lượng",
           "Tiêu chuẩn chấp hành chủ trương, chính sách, đoàn kết và tích cực thi đua được coi là"
           " đạt khi cá nhân xếp loại từ Hoàn thành tốt nhiệm vụ; nếu không, Hội đồng đánh giá"
           " riêng.", "bool", "general"),
        _d("new_hire_months", "Thời gian công tác tối thiểu của người mới tuyển dụng",
           "Người mới tuyển dụng có thời gian công tác trong năm dưới mức này thì không xét danh"
           " hiệu Lao động tiên tiến.", "months", "general", **_MONTHS),
        _d("ldtt_discipline_from", "Kỷ luật loại trừ danh hiệu Lao động tiên tiến",
           "Cá nhân bị kỷ luật trong năm từ hình thức này trở lên thì không được xét danh hiệu"
           " Lao động tiên tiến.", "discipline", "general"),
        _d("forms_discipline_from", "Kỷ luật loại trừ hình thức khen thưởng",
           "Cá nhân bị kỷ luật trong năm từ hình thức này trở lên thì không được đề nghị Giấy"
           " khen, Bằng khen.", "discipline", "general"),
        _d("pending_discipline_blocks", "Đang xem xét kỷ luật thì chưa khen thưởng",
           "Cá nhân đang trong thời gian cơ quan có thẩm quyền xem xét kỷ luật thì chưa được xét"
           " khen thưởng; nếu không, Hội đồng xem xét từng trường hợp.", "bool", "general"),
        _d("short_study_min_result", "Kết quả học tập khi đi học dưới 1 năm",
           "Thời gian đi học dưới một năm được tính là thời gian công tác để xét thi đua khi đạt"
           " kết quả học tập này.", "study_result", "general", optional=True),
        _d("long_study_months", "Thời gian đi học được coi là khóa dài hạn",
           "Khóa đào tạo, bồi dưỡng từ số tháng này trở lên được xét theo điều kiện của khóa dài"
           " hạn.", "months", "general", minimum=1, maximum=60),
        _d("long_study_min_result", "Kết quả học tập khi đi học dài hạn",
           "Thời gian đi học từ một năm trở lên được tính là thời gian công tác để xét thi đua khi"
           " đạt kết quả học tập này.", "study_result", "general", optional=True),
        _d("max_absence_days", "Số ngày nghỉ loại trừ danh hiệu",
           "Cá nhân nghỉ ốm, nghỉ việc riêng trong năm từ số ngày này trở lên thì không xét danh"
           " hiệu; nghỉ thai sản, điều trị thương và đi học được tính là thời gian công tác.",
           "days", "general", optional=True, minimum=1, maximum=365),
        _d("transfer_old_unit_months", "Thời gian ở đơn vị cũ khi chuyển công tác",
           "Cá nhân chuyển công tác trong năm do đơn vị mới xét; nếu đã công tác ở đơn vị cũ từ"
           " số tháng này trở lên thì phải có ý kiến nhận xét của đơn vị cũ.", "months", "general",
           **_MONTHS),
        # --- individual titles and forms -----------------------------------------------------
        _d("ldtt_min_grade", "Xếp loại tối thiểu để đạt Lao động tiên tiến",
           "Mức xếp loại chất lượng trong năm mà cá nhân phải đạt để được xét danh hiệu Lao động"
           " tiên tiến.", "grade", "person"),
        _d("cstd_cs_htxs_route", "Xếp loại Hoàn thành xuất sắc thay cho sáng kiến khi xét CSTĐCS",
           "Cá nhân đạt Lao động tiên tiến và xếp loại Hoàn thành xuất sắc nhiệm vụ được xét"
           " Chiến sĩ thi đua cơ sở mà không cần sáng kiến hoặc đề tài.", "bool", "person"),
        _d("cstd_cs_level", "Phạm vi của sáng kiến, đề tài khi xét CSTĐCS",
           "Chiến sĩ thi đua cơ sở cần có sáng kiến được công nhận hoặc đề tài nghiên cứu đã"
           " nghiệm thu có phạm vi ảnh hưởng từ mức này.", "level", "person"),
        _d("cstd_tinh_consecutive", "Số lần liên tục đạt CSTĐCS để xét CSTĐ cấp tỉnh",
           "Chiến sĩ thi đua cấp tỉnh, cấp bộ được xét trong số những người có số lần liên tục đạt"
           " Chiến sĩ thi đua cơ sở này.", "count", "person", unit="lần", **_COUNT),
        _d("cstd_tinh_level", "Phạm vi của sáng kiến, đề tài khi xét CSTĐ cấp tỉnh",
           "Trong thời gian đạt các danh hiệu Chiến sĩ thi đua cơ sở liên tục, cá nhân phải có"
           " sáng kiến, đề tài có phạm vi ảnh hưởng từ mức này.", "level", "person"),
        _d("cstd_tinh_cycle_years", "Chu kỳ xét CSTĐ cấp tỉnh",
           "Các năm Chiến sĩ thi đua cơ sở đã dùng để xét lần trước không được dùng lại; hai lần"
           " Chiến sĩ thi đua cấp tỉnh liên tục cách nhau một chu kỳ này.", "years", "person",
           **_YEARS),
        _d("cstd_tq_consecutive", "Số lần liên tục đạt CSTĐ cấp tỉnh để xét CSTĐ toàn quốc",
           "Chiến sĩ thi đua toàn quốc được xét trong số những người có số lần liên tục đạt Chiến"
           " sĩ thi đua cấp tỉnh, cấp bộ này.", "count", "person", unit="lần", **_COUNT),
        _d("cstd_tq_level", "Phạm vi của sáng kiến, đề tài khi xét CSTĐ toàn quốc",
           "Cá nhân đề nghị Chiến sĩ thi đua toàn quốc phải có sáng kiến, đề tài có phạm vi ảnh"
           " hưởng từ mức này.", "level", "person"),
        _d("cstd_tq_lag_years", "Năm đề nghị CSTĐ toàn quốc sau lần CSTĐ cấp tỉnh thứ hai",
           "Hồ sơ đề nghị Chiến sĩ thi đua toàn quốc được lập sau năm được tặng danh hiệu Chiến sĩ"
           " thi đua cấp tỉnh lần thứ hai số năm này.", "years", "person", minimum=0, maximum=5),
        _d("bk_htxs_years", "Số năm Hoàn thành xuất sắc để xét Bằng khen cấp tỉnh, cấp bộ",
           "Cá nhân có số năm liên tục xếp loại Hoàn thành xuất sắc nhiệm vụ này, kèm sáng kiến"
           " hoặc đề tài, được xét Bằng khen cấp tỉnh, cấp bộ.", "years", "person", **_YEARS),
        _d("bk_works", "Số sáng kiến, đề tài để xét Bằng khen cấp tỉnh, cấp bộ",
           "Số sáng kiến được công nhận hoặc đề tài đã nghiệm thu cấp cơ sở trong thời gian xếp"
           " loại Hoàn thành xuất sắc liên tục, tính chung cả hai loại.", "count", "person",
           unit="sáng kiến hoặc đề tài", **_COUNT),
        _d("bk_cstd_cs_years", "Số lần liên tục đạt CSTĐCS để xét Bằng khen cấp tỉnh, cấp bộ",
           "Cá nhân có số lần liên tục đạt Chiến sĩ thi đua cơ sở này được xét Bằng khen cấp"
           " tỉnh, cấp bộ.", "count", "person", optional=True, unit="lần", **_COUNT),
        _d("bk_ttg_years", "Số năm liên tục xét Bằng khen của Thủ tướng",
           "Bằng khen của Thủ tướng Chính phủ xét cho cá nhân có thành tích liên tục trong số năm"
           " này, tính sau Bằng khen cấp tỉnh, cấp bộ.", "years", "person", **_YEARS),
        _d("bk_ttg_min_grade", "Xếp loại tối thiểu trong các năm xét Bằng khen của Thủ tướng",
           "Trong các năm xét, cá nhân phải xếp loại chất lượng từ mức này trở lên.", "grade",
           "person"),
        _d("bk_ttg_works", "Số sáng kiến để xét Bằng khen của Thủ tướng",
           "Số sáng kiến được công nhận cấp cơ sở trong các năm xét Bằng khen của Thủ tướng Chính"
           " phủ.", "count", "person", optional=True, unit="sáng kiến", **_COUNT),
        _d("bk_ttg_cstd_cs", "Số lần CSTĐCS để xét Bằng khen của Thủ tướng",
           "Số lần đạt Chiến sĩ thi đua cơ sở trong các năm xét Bằng khen của Thủ tướng Chính"
           " phủ.", "count", "person", optional=True, unit="lần", **_COUNT),
        # --- collectives -----------------------------------------------------------------------
        _d("ttldtt_ldtt_share", "Tỷ lệ thành viên đạt Lao động tiên tiến để xét TTLĐTT",
           "Tập thể lao động tiên tiến phải có tỷ lệ cá nhân đạt danh hiệu Lao động tiên tiến"
           " này.", "share", "unit", minimum=1, maximum=100),
        _d("ttldtt_share_strict", "Tỷ lệ để xét TTLĐTT phải vượt mức quy định",
           "Có: phải “trên” tỷ lệ quy định; Không: đạt đúng tỷ lệ là đủ.", "bool", "unit"),
        _d("collective_discipline_from", "Kỷ luật của thành viên loại trừ tập thể",
           "Tập thể có cá nhân bị kỷ luật trong năm từ hình thức này trở lên thì không được xét"
           " danh hiệu tập thể.", "discipline", "unit", optional=True),
        _d("ttldxs_ldtt_share", "Tỷ lệ thành viên đạt Lao động tiên tiến để xét TTLĐXS",
           "Tập thể lao động xuất sắc phải có tỷ lệ cá nhân đạt danh hiệu Lao động tiên tiến từ"
           " mức này.", "share", "unit", minimum=1, maximum=100),
        _d("ttldxs_requires_ttldtt", "TTLĐXS được chọn trong số các TTLĐTT",
           "Tập thể phải đủ điều kiện Tập thể lao động tiên tiến mới được xét Tập thể lao động"
           " xuất sắc.", "bool", "unit"),
        _d("bk_unit_years", "Số năm Hoàn thành xuất sắc để xét Bằng khen cho tập thể",
           "Tập thể có số năm liên tục hoàn thành xuất sắc nhiệm vụ này được xét Bằng khen cấp"
           " tỉnh, cấp bộ.", "years", "unit", **_YEARS),
        _d("bk_unit_ttldxs_counts", "Năm đạt TTLĐXS được tính như năm Hoàn thành xuất sắc",
           "Khi xét Bằng khen cấp tỉnh, cấp bộ cho tập thể, năm đạt Tập thể lao động xuất sắc"
           " được tính như năm hoàn thành xuất sắc nhiệm vụ.", "bool", "unit"),
        _d("bk_ttg_unit_years", "Số năm liên tục xét Bằng khen của Thủ tướng cho tập thể",
           "Bằng khen của Thủ tướng Chính phủ xét cho tập thể hoàn thành xuất sắc nhiệm vụ liên"
           " tục trong số năm này.", "years", "unit", **_YEARS),
        _d("bk_ttg_unit_needs_flag_or_2bk", "Cờ thi đua hoặc hai Bằng khen khi xét Bằng khen"
           " của Thủ tướng cho tập thể",
           "Trong các năm xét, tập thể phải có một Cờ thi đua hoặc hai Bằng khen cấp tỉnh, cấp"
           " bộ.", "bool", "unit"),
        _d("flag_min_grade", "Xếp loại tối thiểu để xét Cờ thi đua",
           "“Hoàn thành vượt mức các chỉ tiêu thi đua và nhiệm vụ được giao” được hiểu là tập thể"
           " xếp loại từ mức này.", "grade", "unit"),
        _d("flag_requires_ttldxs", "Cờ thi đua chỉ xét cho Tập thể lao động xuất sắc",
           "Tập thể phải đủ điều kiện Tập thể lao động xuất sắc mới được xét Cờ thi đua cấp tỉnh,"
           " cấp bộ.", "bool", "unit"),
        _d("flag_thematic_route_years", "Số năm phong trào thi đua chuyên đề để xét Cờ thi đua",
           "Tập thể dẫn đầu phong trào thi đua chuyên đề được tổng kết từ số năm này trở lên"
           " được xét Cờ thi đua cấp tỉnh, cấp bộ.", "years", "unit", optional=True, **_YEARS),
        _d("co_cp_pm_movement_years", "Số năm phong trào thi đua để xét Cờ thi đua của Chính phủ",
           "Tập thể có thành tích xuất sắc trong phong trào thi đua do Thủ tướng Chính phủ phát"
           " động được tổng kết từ số năm này trở lên được xét Cờ thi đua của Chính phủ.",
           "years", "unit", optional=True, **_YEARS),
        # --- council, quotas, union --------------------------------------------------------------
        _d("council_quorum", "Số thành viên có mặt để Hội đồng họp",
           "Hội đồng Thi đua – Khen thưởng chỉ họp và bỏ phiếu khi có mặt ít nhất tỷ lệ thành"
           " viên này.", "share", "council", minimum=1, maximum=100),
        _d("ballots", "Tỷ lệ phiếu đồng ý theo từng danh hiệu",
           "Tỷ lệ phiếu đồng ý cần đạt khi Hội đồng bỏ phiếu đề nghị từng danh hiệu, tính trên"
           " tổng số thành viên hoặc số thành viên có mặt; danh hiệu không nêu thì theo quy chế"
           " của Hội đồng.", "ballots", "council"),
        _d("quotas", "Tỷ lệ khen thưởng tối đa",
           "Số cá nhân, tập thể được tặng một danh hiệu không vượt quá tỷ lệ này so với số đủ"
           " điều kiện danh hiệu làm căn cứ.", "quotas", "council"),
        _d("gvt", "Tiêu chí “Giỏi việc trường, đảm việc nhà”",
           "Điều kiện của danh hiệu do công đoàn cơ sở quy định: điểm chấm, xếp loại, kỷ luật,"
           " ngày nghỉ và thời gian công tác.", "gvt", "council"),
    ]
)


def overridable(rule_set: RuleSet | None = None) -> list[str]:
    """Return the names of a rule set's fields an organisation may override, in field order."""
    rs = rule_set or next(iter(RULE_SETS.values()))
    return [f.name for f in dataclasses.fields(rs) if f.name not in _NOT_OVERRIDABLE]


def describe(name: str) -> ParameterDescription:
    """Return a parameter's description; an undescribed parameter raises ``KeyError``."""
    return DESCRIPTIONS[name]


# Rendering values -------------------------------------------------------------------------------


def number_text(value: float, digits: int = 1) -> str:
    """Return a number the Vietnamese way: 80 → "80", 66.666… → "66,7", 1234 → "1.234"."""
    rounded = round(float(value), digits)
    if rounded == int(rounded):
        return f"{int(rounded):,}".replace(",", ".")
    whole, _, frac = f"{rounded:.{digits}f}".partition(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac.rstrip("0")


def share_text(value: float) -> str:
    """Return a share as people write it: 0.5 → "50%", 2/3 → "2/3 (66,7%)", 0.155 → "15,5%"."""
    percent = float(value) * 100
    text = number_text(percent) + "%"
    if math.isclose(percent, round(percent), abs_tol=1e-9):
        return text
    fraction = Fraction(float(value)).limit_denominator(12)
    if math.isclose(float(fraction), float(value), abs_tol=1e-9):
        return f"{fraction.numerator}/{fraction.denominator} ({text})"
    return text


def _ballot_text(title: str, ballot: Ballot) -> str:
    secret = "bỏ phiếu kín" if ballot.secret else "không bắt buộc bỏ phiếu kín"
    return (f"{TITLE_NAMES.get(title, title)}: từ {share_text(ballot.threshold)}"
            f" {DENOMINATOR_NAMES.get(ballot.denominator, 'số thành viên')} đồng ý, {secret},"
            f" tại {COUNCIL_NAMES.get(ballot.council, 'Hội đồng')}")


def _quota_text(quota: QuotaRule) -> str:
    basis = ("số tập thể đủ điều kiện Cờ thi đua cấp tỉnh, cấp bộ" if quota.basis == "FLAG"
             else f"số đủ điều kiện {TITLE_NAMES.get(quota.basis, quota.basis)}")
    rounding = ROUNDING_NAMES.get(quota.rounding, "làm tròn xuống")
    return (f"{TITLE_NAMES.get(quota.title, quota.title)}: tối đa {share_text(quota.share)}"
            f" {basis} ({rounding})")


def _gvt_text(g: GvtScale) -> str:
    parts = [f"điểm công đoàn từ {number_text(g.min_score)} trên thang"
             f" {number_text(g.max_score)} điểm"]
    if g.min_grade:
        parts.append(f"xếp loại từ {GRADE_NAMES.get(g.min_grade, g.min_grade)}")
    if g.discipline_from:
        parts.append(f"không bị kỷ luật từ {DISCIPLINE_NAMES.get(g.discipline_from, '')}"
                     " trở lên")
    if g.max_absence_days is not None:
        parts.append(f"nghỉ ốm, nghỉ việc riêng dưới {g.max_absence_days} ngày"
                     " (nghỉ thai sản được tính là thời gian công tác)")
    if g.min_service_months is not None:
        parts.append(f"công tác từ {g.min_service_months} tháng")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def render_lines(name: str, value: object) -> list[str]:
    """Return a value as Vietnamese lines: one line, or one per title for ballots and quotas."""
    d = DESCRIPTIONS[name]
    if value is None:
        return ["Không áp dụng"]
    if d.kind == "ballots":
        ballots = value if isinstance(value, Mapping) else {}
        order = {t: i for i, t in enumerate(BALLOT_TITLES)}
        lines = [_ballot_text(t, b) for t, b in sorted(ballots.items(),
                                                      key=lambda kv: order.get(kv[0], 99))]
        return lines or ["Không có quy định riêng: theo quy chế của Hội đồng"]
    if d.kind == "quotas":
        return [_quota_text(q) for q in value] or ["Không có tỷ lệ tối đa"]  # type: ignore[union-attr]
    return [render(name, value)]


def render(name: str, value: object) -> str:
    """Return a parameter's value in Vietnamese, never a Python value."""
    d = DESCRIPTIONS[name]
    kind = d.kind
    if value is None:
        return "Không áp dụng"
    if kind == "bool":
        return "Có" if value else "Không"
    if kind == "share":
        return share_text(value)  # type: ignore[arg-type]
    if kind in _UNITS:
        return f"{value} {_UNITS[kind]}"
    if kind == "count":
        return f"{value} {d.unit}".strip()
    if kind == "grade":
        top = value == GRADES[-1]
        return GRADE_NAMES[value] if top else f"Từ {GRADE_NAMES[value]} trở lên"  # type: ignore[index]
    if kind == "discipline":
        return f"Từ {DISCIPLINE_NAMES[value]} trở lên"  # type: ignore[index]
    if kind == "level":
        top = value == LEVELS[-1]
        return "Toàn quốc" if top else f"Từ {LEVEL_NAMES[value]} trở lên"  # type: ignore[index]
    if kind == "study_result":
        return f"Từ loại {STUDY_NAMES[value]} trở lên"  # type: ignore[index]
    if kind == "titles":
        order = {t: i for i, t in enumerate(REGISTRATION_TITLE_CHOICES)}
        codes = sorted(value, key=lambda t: (order.get(t, 99), t))  # type: ignore[call-overload]
        return ", ".join(TITLE_NAMES.get(t, t) for t in codes) or "Không có danh hiệu nào"
    if kind == "gvt":
        return _gvt_text(value)  # type: ignore[arg-type]
    return "; ".join(render_lines(name, value))


# Values to and from an organisation's JSON -----------------------------------------------------


def to_json(name: str, value: object) -> object:
    """Return a value as ``Organization.rule_overrides`` stores it, as ``with_overrides`` reads."""
    if isinstance(value, frozenset | set):
        return sorted(value)
    if isinstance(value, Ballot | QuotaRule | GvtScale):
        return dataclasses.asdict(value)
    if isinstance(value, Mapping):
        return {k: to_json(name, v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [to_json(name, v) for v in value]
    return value


_MARKS = re.compile(
    r"\s*\[[RVI]\]|\s*[Tt]heo trí nhớ|\s*\(?\blaw(?:-2)?\.md\b[^;.)]*\)?|\s*§\s*[\d.]+"
)
_CODE_WORDS = re.compile(r"\b(?:true|false|None)\b|\w_\w")


def public_note(note: str) -> str:
    """Return a parameter's research note fit for a page, or "" when it is a note for developers.

    Marks of how sure the research is ([R], [V]) and references to the research files are
    removed; a note that still speaks code (true/false, a field name) is not shown.
    """
    text = _MARKS.sub("", note or "").strip()
    text = re.sub(r"\s+([.,;:])", r"\1", text).strip(" ;,")
    if len(text) < 12 or _CODE_WORDS.search(text):
        return ""
    return text if text.endswith((".", "?", "”", ")")) else text + "."

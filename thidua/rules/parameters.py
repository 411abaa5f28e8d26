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

from .citations import cite
from .codes import (
    DISCIPLINE_FORMS,
    DISCIPLINE_NAMES,
    DISCIPLINE_RANK,
    GRADE_NAMES,
    GRADE_RANK,
    GRADES,
    LEVEL_NAMES,
    LEVEL_RANK,
    LEVELS,
    STUDY_NAMES,
    STUDY_RANK,
    STUDY_RESULTS,
    TITLE_NAMES,
)
from .params import (
    _NOT_OVERRIDABLE,
    ROUNDINGS,
    RULE_SETS,
    Ballot,
    GvtScale,
    QuotaRule,
    RuleSet,
)

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


# Which way is stricter -------------------------------------------------------------------------
#
# An organisation's regulation may add to the law's requirements, never go below them (Luật Thi
# đua, khen thưởng 2022, Điều 24, khoản 4 and Điều 26, khoản 3 let ministries and provinces add
# detail; nothing lets a body relax a criterion). Every parameter therefore says which of two
# values is the stricter one, so that a value the law settles may be raised, never lowered.

#: A higher number, grade, level or study result is stricter (more months, a higher threshold);
#: ``None`` ("không áp dụng") is the least strict value.
HIGHER = "higher"
#: A lower number is stricter (a shorter stay at the old unit before its opinion is needed);
#: ``None`` (no limit) is the least strict value.
LOWER = "lower"
#: A milder discipline form is stricter: it already excludes. ``None`` excludes nobody.
MILDER = "milder"
#: ``True`` is stricter: a requirement the law makes (registration, a pending review blocks).
TRUE = "true"
#: ``False`` is stricter: the parameter opens a shortcut or an alternative route.
FALSE = "false"
#: A superset is stricter: more titles must be registered for.
SUPERSET = "superset"
#: An alternative route the law opens: ``None`` (no such route) is the strictest, then a higher
#: number (more years, more times) is stricter than a lower one.
ROUTE = "route"
#: Neither way is stricter: moving the value either way changes which year or case is judged,
#: so the law's value only.
EXACT = "exact"
#: Per title: a higher threshold, and the council's total members over those present.
BALLOTS = "ballots"
#: Per title: a lower maximum share, and a rounding that gives no more.
QUOTAS = "quotas"
#: Not ordered, and the law never settles it: the organisation's (or the union's) own choice.
FREE = "free"

DIRECTION_NAMES = {
    HIGHER: "giá trị cao hơn là chặt hơn",
    LOWER: "giá trị thấp hơn là chặt hơn",
    MILDER: "hình thức kỷ luật nhẹ hơn đã loại trừ là chặt hơn",
    TRUE: "“Có” là chặt hơn",
    FALSE: "“Không” là chặt hơn",
    SUPERSET: "thêm danh hiệu phải đăng ký là chặt hơn",
    ROUTE: "không áp dụng cách xét này là chặt nhất, sau đó giá trị cao hơn là chặt hơn",
    EXACT: "chỉ áp dụng đúng giá trị của quy định",
    BALLOTS: "tỷ lệ cao hơn và tính trên tổng số thành viên là chặt hơn",
    QUOTAS: "tỷ lệ tối đa thấp hơn là chặt hơn",
    FREE: "do cơ quan tự quy định",
}

#: Every parameter's direction. A unit test checks that every overridable parameter is here and
#: that a parameter the law settles in some rule set is not ``FREE``: a new parameter cannot
#: reach the screen before someone decides which way is stricter.
DIRECTIONS: dict[str, str] = {
    # general conditions
    "registration_required": TRUE,
    "registration_titles": SUPERSET,
    "conduct_from_grade": FALSE,  # True passes the conduct criterion on the grade alone
    "new_hire_months": HIGHER,
    "ldtt_discipline_from": MILDER,
    "forms_discipline_from": MILDER,
    "pending_discipline_blocks": TRUE,
    "short_study_min_result": HIGHER,
    "long_study_months": LOWER,  # more courses are "long" and need the study result
    "long_study_min_result": HIGHER,
    "max_absence_days": LOWER,
    "transfer_old_unit_months": LOWER,  # the old unit's opinion is needed after a shorter stay
    # individual titles and forms
    "ldtt_min_grade": HIGHER,
    "cstd_cs_htxs_route": FALSE,  # the HTXS grade instead of an initiative: a second route
    "cstd_cs_level": HIGHER,
    "cstd_tinh_consecutive": HIGHER,
    "cstd_tinh_level": HIGHER,
    # A longer cycle tolerates longer gaps but flags closer awards: neither way is stricter.
    "cstd_tinh_cycle_years": FREE,
    "cstd_tq_consecutive": HIGHER,
    "cstd_tq_level": HIGHER,
    "cstd_tq_lag_years": EXACT,  # names the year of the proposal (and widens the works window)
    "bk_htxs_years": HIGHER,
    "bk_works": HIGHER,
    "bk_cstd_cs_years": ROUTE,  # CSTĐCS years in a row: a route besides the HTXS years
    "bk_ttg_years": HIGHER,
    "bk_ttg_min_grade": HIGHER,
    "bk_ttg_works": HIGHER,  # a requirement of the five-year route; None requires none
    "bk_ttg_cstd_cs": HIGHER,  # idem
    # collectives
    "ttldtt_ldtt_share": HIGHER,
    "ttldtt_share_strict": TRUE,  # "trên 50%" rather than "từ 50%"
    "collective_discipline_from": MILDER,
    "ttldxs_ldtt_share": HIGHER,
    "ttldxs_requires_ttldtt": TRUE,
    "bk_unit_years": HIGHER,
    "bk_unit_ttldxs_counts": FALSE,  # a TTLĐXS year counted as an HTXS year: a shortcut
    "bk_ttg_unit_years": HIGHER,
    "bk_ttg_unit_needs_flag_or_2bk": TRUE,
    "flag_min_grade": HIGHER,
    "flag_requires_ttldxs": TRUE,
    "flag_thematic_route_years": ROUTE,
    "co_cp_pm_movement_years": ROUTE,
    # council, quotas, union
    "council_quorum": HIGHER,
    "ballots": BALLOTS,
    "quotas": QUOTAS,
    "gvt": FREE,  # the union's scale, several criteria at once
}

#: Citation keys of rules that are no state instrument's: thidua's own reading, the
#: organisation's, its council's, the province's regulation, the union's rules.
NOT_STATE_SOURCES = ("THIDUA.", "ORG.", "PROVINCE.", "UNION.")
#: The denominators of a ballot, the least strict first.
DENOMINATOR_ORDER = ("present", "total_members")


def direction_of(name: str) -> str:
    """Return which way ``name`` is stricter; a parameter with no direction raises ``KeyError``."""
    return DIRECTIONS[name]


def settled_by_law(rule_set: RuleSet, name: str) -> bool:
    """Tell whether the law settles ``name`` in ``rule_set``: its value is confirmed and its
    source is a state instrument (not thidua's reading, nor an organisation's, a province's or
    the union's rules)."""
    info = rule_set.info(name)
    return not info.to_confirm and not info.source.startswith(NOT_STATE_SOURCES)


def needs_reason(regime: str, name: str) -> bool:
    """Tell whether an organisation's value of ``name`` in ``regime`` is its own choice in some
    year of the regime (the law does not settle it), so the change must give its basis."""
    return any(not settled_by_law(rs, name) for rs in rule_sets_of(regime))


def ballot_binds_school(rule_set: RuleSet, title: str) -> Ballot | None:
    """Return the rule set's ballot for ``title`` when the law settles it for the school's own
    council (``council == "co_so"``), else ``None``."""
    ballot = rule_set.ballots.get(title)
    if ballot is None or ballot.council != "co_so" or not settled_by_law(rule_set, "ballots"):
        return None
    return ballot


def ballot_needs_reason(regime: str, title: str) -> bool:
    """Tell whether the school council's ballot for ``title`` is, in some year of the regime, a
    rule the law leaves to the organisation."""
    return any(ballot_binds_school(rs, title) is None for rs in rule_sets_of(regime))


def _rank(kind: str, value: object) -> float:
    """Return a comparable number for a value of an ordered kind (``None`` is handled apart)."""
    if kind == "grade":
        return GRADE_RANK[value]  # type: ignore[index]
    if kind == "level":
        return LEVEL_RANK[value]  # type: ignore[index]
    if kind == "study_result":
        return STUDY_RANK[value]  # type: ignore[index]
    if kind == "discipline":
        return DISCIPLINE_RANK[value]  # type: ignore[index]
    return float(value)  # type: ignore[arg-type]


def _ballot_at_least(ballot: Ballot, law: Ballot) -> bool:
    return ballot.threshold >= law.threshold - 1e-9 and DENOMINATOR_ORDER.index(
        ballot.denominator
    ) >= DENOMINATOR_ORDER.index(law.denominator)


def _quotas_at_least(quotas: object, law: object) -> bool:
    """Every quota the law sets is kept, at the same or a lower share, rounded no more up."""
    own = {(q.title, q.basis): q for q in quotas or ()}  # type: ignore[attr-defined]
    for rule in law or ():  # type: ignore[attr-defined]
        q = own.get((rule.title, rule.basis))
        if q is None or q.share > rule.share + 1e-9:
            return False
        if ROUNDINGS.index(q.rounding) > ROUNDINGS.index(rule.rounding):
            return False
    return True


def at_least_as_strict(name: str, value: object, law: object) -> bool:
    """Tell whether ``value`` of parameter ``name`` asks at least what ``law`` asks."""
    direction = DIRECTIONS[name]
    kind = DESCRIPTIONS[name].kind
    if direction == FREE:
        return True
    if direction == EXACT:
        return value == law
    if direction == TRUE:
        return bool(value) or not law
    if direction == FALSE:
        return not value or bool(law)
    if direction == SUPERSET:
        return frozenset(value or ()) >= frozenset(law or ())  # type: ignore[arg-type]
    if direction == BALLOTS:
        own = value if isinstance(value, Mapping) else {}
        return all(t in own and _ballot_at_least(own[t], b) for t, b in law.items())  # type: ignore[attr-defined]
    if direction == QUOTAS:
        return _quotas_at_least(value, law)
    if direction == ROUTE:
        if value is None:
            return True
        return law is not None and _rank(kind, value) >= _rank(kind, law)
    # HIGHER, LOWER, MILDER: None asks nothing (no requirement, no limit, no exclusion).
    if law is None:
        return True
    if value is None:
        return False
    if direction == HIGHER:
        return _rank(kind, value) >= _rank(kind, law) - 1e-9
    return _rank(kind, value) <= _rank(kind, law) + 1e-9  # LOWER, MILDER


def law_requirement(rule_set: RuleSet, name: str) -> object:
    """Return what the law asks of ``name`` in ``rule_set``: its value, except that registered
    titles ask nothing where registration is no basis of the titles (Luật 2022 Điều 7)."""
    if name == "registration_titles" and not rule_set.registration_required:
        return frozenset()
    return getattr(rule_set, name)


def floor_text(name: str, value: object) -> str:
    """Return the law's value as the refusal names it: "Hoàn thành tốt nhiệm vụ", "10 tháng"."""
    kind = DESCRIPTIONS[name].kind
    if value is None:
        return "Không áp dụng"
    if kind == "grade":
        return GRADE_NAMES[value]  # type: ignore[index]
    if kind == "level":
        return LEVEL_NAMES[value][0].upper() + LEVEL_NAMES[value][1:]  # type: ignore[index]
    if kind == "study_result":
        return "Loại " + STUDY_NAMES[value]  # type: ignore[index]
    return render(name, value)


def _below_law_message(label: str, law_text: str, source: str, exact: bool = False) -> str:
    verb = "phải theo đúng quy định" if exact else "không được thấp hơn quy định"
    return (f"«{label}» {verb}: {law_text} ({source}). Quy định của cơ quan chỉ được bổ sung"
            " yêu cầu, không được hạ thấp yêu cầu của pháp luật.")


def below_law(regime: str, name: str, value: object) -> str | None:
    """Return why ``value`` of ``name`` goes below the law in some rule set of ``regime`` (a
    Vietnamese sentence naming the parameter, the law's value and its source), or ``None``.

    Only rule sets where the law settles the parameter bind; ``ballots`` is checked title by
    title against the entries that bind the school's own council (:func:`below_law_ballot`).
    """
    if name == "ballots":
        for title, ballot in (value or {}).items():  # type: ignore[attr-defined]
            found = below_law_ballot(regime, title, ballot)
            if found:
                return found
        return None
    description = DESCRIPTIONS[name]
    for rule_set in rule_sets_of(regime):
        if not settled_by_law(rule_set, name):
            continue
        law = law_requirement(rule_set, name)
        if not at_least_as_strict(name, value, law):
            return _below_law_message(
                description.label, floor_text(name, law), cite(rule_set.info(name).source),
                exact=DIRECTIONS[name] == EXACT,
            )
    return None


def below_law_ballot(regime: str, title: str, ballot: Ballot | None) -> str | None:
    """Return why the school council's ``ballot`` for ``title`` goes below the rule set's own
    entry for that title (a lower threshold, or those present rather than all members), or
    ``None``. ``ballot`` ``None`` (back to the council's default) is refused where the law
    sets the title's ballot."""
    for rule_set in rule_sets_of(regime):
        law = ballot_binds_school(rule_set, title)
        if law is None or (ballot is not None and _ballot_at_least(ballot, law)):
            continue
        law_text = (f"từ {share_text(law.threshold)}"
                    f" {DENOMINATOR_NAMES.get(law.denominator, 'số thành viên')} đồng ý")
        return _below_law_message(
            f"Tỷ lệ phiếu đồng ý – {TITLE_NAMES.get(title, title)}", law_text,
            cite(rule_set.info("ballots").source),
        )
    return None


def limit_text(regime: str, name: str) -> str:
    """Return, for the edit page, how far the organisation may set ``name`` in ``regime``."""
    settled = [rs for rs in rule_sets_of(regime) if settled_by_law(rs, name)]
    if not settled:
        return ("Pháp luật chưa quy định chắc chắn giá trị này: cơ quan tự quy định trong giới hạn"
                " cho phép và phải nêu căn cứ (quy chế, quyết định của cơ quan).")
    law = law_requirement(settled[0], name)
    verb = "đúng" if DIRECTIONS[name] == EXACT else "không thấp hơn"
    text = (f"Quy định của cơ quan chỉ được chặt hơn quy định của pháp luật: {verb}"
            f" {floor_text(name, law)} ({cite(settled[0].info(name).source)}).")
    if len(settled) < len(rule_sets_of(regime)):
        text += (" Với các năm pháp luật chưa quy định chắc chắn, cơ quan phải nêu căn cứ của"
                 " mình.")
    return text


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

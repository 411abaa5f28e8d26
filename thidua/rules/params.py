"""Versioned rule sets: every number of the law is a parameter here, never a constant in a rule.

Three rule sets exist:

* ``2017`` — Luật TĐKT 2003 (sửa đổi 2013), Nghị định 91/2017/NĐ-CP, Thông tư 12/2019/TT-BNV;
  evaluation years up to 2023;
* ``2023/nd98`` — Luật 06/2022/QH15 with Nghị định 98/2023/NĐ-CP and Thông tư 01/2024/TT-BNV;
  in force 01/01/2024 – 30/06/2025, so it judges the year 2024;
* ``2023/nd152`` — Luật 06/2022/QH15 with Nghị định 152/2025/NĐ-CP (from 01/07/2025) and
  Thông tư 15/2025/TT-BNV; it judges 2025 onwards (a year is judged by the decree in force at
  its year-end review).

Each parameter carries its source and, where the research could not verify it, ``to_confirm``
with a note; an organisation overrides parameters with :meth:`RuleSet.with_overrides`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from .codes import DISCIPLINE_FORMS, GRADES, LEVELS, STUDY_RESULTS

ROUNDINGS = ("floor", "half_up", "ceil")


@dataclass(frozen=True, slots=True)
class Ballot:
    """How the council votes on a title: share of ``denominator`` needed, secret or not."""

    threshold: float
    denominator: str  # "total_members" or "present"
    secret: bool
    council: str  # "co_so" (the proposing unit's council) or "tinh" (ministry/province)


@dataclass(frozen=True, slots=True)
class QuotaRule:
    """``title`` may be given to at most ``share`` of those eligible for ``basis``."""

    title: str
    basis: str  # a title code, or "FLAG" (units eligible for CO_TINH or CO_HV)
    share: float
    rounding: str = "floor"
    source: str = ""


@dataclass(frozen=True, slots=True)
class ParamInfo:
    source: str  # a key of citations.CITATIONS
    to_confirm: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class GvtScale:
    """The union's "Giỏi việc trường, đảm việc nhà" scale, configured by the school."""

    min_score: float = 80.0
    max_score: float = 100.0
    min_grade: str | None = "HTT"
    discipline_from: str | None = "khien_trach"
    max_absence_days: int | None = 40  # maternity excepted
    min_service_months: int | None = 10


@dataclass(frozen=True, slots=True)
class RuleSet:
    name: str  # "2017", "2023/nd98", "2023/nd152"
    regime: str  # "2017" or "2023"
    instruments: tuple[str, ...]
    # --- individuals ------------------------------------------------------------------------
    registration_required: bool
    registration_titles: frozenset[str]
    conduct_from_grade: bool
    ldtt_min_grade: str
    new_hire_months: int
    ldtt_discipline_from: str
    forms_discipline_from: str
    pending_discipline_blocks: bool
    short_study_min_result: str | None
    long_study_months: int
    long_study_min_result: str | None
    max_absence_days: int | None
    transfer_old_unit_months: int
    cstd_cs_htxs_route: bool
    cstd_cs_level: str
    cstd_tinh_consecutive: int
    cstd_tinh_level: str
    cstd_tinh_cycle_years: int
    cstd_tq_consecutive: int
    cstd_tq_level: str
    cstd_tq_lag_years: int
    bk_htxs_years: int
    bk_works: int
    bk_cstd_cs_years: int | None
    bk_ttg_years: int
    bk_ttg_min_grade: str
    bk_ttg_works: int | None
    bk_ttg_cstd_cs: int | None
    # --- collectives ------------------------------------------------------------------------
    ttldtt_ldtt_share: float
    ttldtt_share_strict: bool
    collective_discipline_from: str | None
    ttldxs_ldtt_share: float
    ttldxs_requires_ttldtt: bool
    bk_unit_years: int
    bk_unit_ttldxs_counts: bool
    bk_ttg_unit_years: int
    bk_ttg_unit_needs_flag_or_2bk: bool
    flag_min_grade: str
    flag_requires_ttldxs: bool
    flag_thematic_route_years: int | None
    co_cp_pm_movement_years: int | None
    # --- quotas, ballots, union ---------------------------------------------------------------
    quotas: tuple[QuotaRule, ...]
    ballots: Mapping[str, Ballot]
    council_quorum: float  # share of the council's members present for it to sit and vote
    gvt: GvtScale
    meta: Mapping[str, ParamInfo] = field(default_factory=dict, compare=False)
    overridden: frozenset[str] = frozenset()

    def info(self, name: str) -> ParamInfo:
        return self.meta.get(name, ParamInfo("THIDUA.I"))

    def to_confirm(self) -> list[tuple[str, object, str]]:
        """Return (parameter, value, note) for every parameter still to be confirmed."""
        out = []
        for f in dataclasses.fields(self):
            info = self.meta.get(f.name)
            if info and info.to_confirm and f.name not in self.overridden:
                out.append((f.name, getattr(self, f.name), info.note))
        return out

    def with_overrides(self, overrides: Mapping[str, object] | None) -> RuleSet:
        """Return a copy with an organisation's parameters; unknown names raise ``KeyError``."""
        if not overrides:
            return self
        names = {f.name for f in dataclasses.fields(self)} - _NOT_OVERRIDABLE
        changes = {}
        for name, value in overrides.items():
            if name not in names:
                raise KeyError(f"tham số không tồn tại: {name}")
            changes[name] = _coerce(name, value, getattr(self, name))
        meta = dict(self.meta)
        for name in changes:
            meta[name] = ParamInfo("THIDUA.ORG", False, "Theo quy định của cơ quan, đơn vị.")
        return dataclasses.replace(
            self, **changes, meta=meta, overridden=self.overridden | frozenset(changes)
        )


_NOT_OVERRIDABLE = frozenset({"name", "regime", "instruments", "meta", "overridden"})


def _coerce(name: str, value: object, current: object) -> object:
    """Check an override's type against the current value (loud failure on a wrong type)."""
    if name == "quotas":
        return tuple(q if isinstance(q, QuotaRule) else QuotaRule(**q) for q in value)  # type: ignore[union-attr]
    if name == "ballots":
        # Merged into the rule set's table title by title: overriding LĐTT's ballot must not drop
        # the law's CSTĐ tỉnh rule. ``None`` for a title removes its entry (back to the default).
        merged = dict(current)  # type: ignore[call-overload]
        for k, b in value.items():  # type: ignore[union-attr]
            if b is None:
                merged.pop(k, None)
            else:
                merged[k] = b if isinstance(b, Ballot) else Ballot(**b)
        return merged
    if name == "gvt":
        return value if isinstance(value, GvtScale) else GvtScale(**value)  # type: ignore[arg-type]
    if name == "registration_titles":
        return frozenset(value)  # type: ignore[arg-type]
    if value is None:
        return None
    if name == "council_quorum" and (
        isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1
    ):
        raise ValueError(f"tham số {name}: tỷ lệ phải trong khoảng (0, 1], không phải {value!r}")
    if isinstance(current, bool):
        if not isinstance(value, bool):
            raise TypeError(f"tham số {name} phải là true/false")
        # A yes/no parameter named "…_grade" (conduct_from_grade) is no grade to check.
        return value
    if isinstance(current, float) and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if name.endswith(("_from",)) and value not in DISCIPLINE_FORMS:
        raise ValueError(f"tham số {name}: hình thức kỷ luật không hợp lệ {value!r}")
    if name.endswith(("_grade",)) and value not in GRADES:
        raise ValueError(f"tham số {name}: xếp loại không hợp lệ {value!r}")
    if name.endswith(("_level",)) and value not in LEVELS:
        raise ValueError(f"tham số {name}: cấp không hợp lệ {value!r}")
    if name.endswith("_result") and value not in STUDY_RESULTS:
        raise ValueError(f"tham số {name}: kết quả học tập không hợp lệ {value!r}")
    if current is not None and not isinstance(value, type(current)):
        raise TypeError(f"tham số {name} phải có kiểu {type(current).__name__}")
    return value


# --- the 2017 regime ---------------------------------------------------------------------------

_I = "THIDUA.I"

_META_2017: dict[str, ParamInfo] = {
    "registration_required": ParamInfo("L2003.10"),
    "registration_titles": ParamInfo(
        "L2003.10", True, "Đăng ký tham gia thi đua là căn cứ xét tặng mọi danh hiệu thi đua (Luật"
        " Thi đua, khen thưởng 2003, Điều 10); không áp dụng cho hình thức khen thưởng (Giấy khen,"
        " Bằng khen) và danh hiệu của tổ chức công đoàn. Đăng ký danh hiệu cao hơn được coi là đã"
        " đăng ký danh hiệu thấp hơn cùng hệ thống: cần xác nhận."
    ),
    "conduct_from_grade": ParamInfo(
        _I, True, "Tiêu chuẩn chấp hành chủ trương, chính sách, pháp luật, đạo đức, đoàn kết, tích"
        " cực tham gia phong trào thi đua được coi là đã đánh giá trong xếp loại chất lượng hằng"
        " năm (Nghị định 90/2020/NĐ-CP); Hội đồng Thi đua – Khen thưởng xác nhận khi bình xét. Cần"
        " xác nhận."
    ),
    "ldtt_min_grade": ParamInfo("L2003.24"),
    "new_hire_months": ParamInfo("ND91.10.5"),
    "ldtt_discipline_from": ParamInfo("ND91.10.5"),
    "forms_discipline_from": ParamInfo(
        _I, True, "Cá nhân bị kỷ luật trong năm không được đề nghị hình thức khen thưởng (yêu cầu"
        " gương mẫu chấp hành chủ trương, chính sách, pháp luật): cần xác nhận."
    ),
    "pending_discipline_blocks": ParamInfo(
        _I, True, "Nghị định 91/2017/NĐ-CP không quy định trường hợp đang xem xét kỷ luật; Hội"
        " đồng Thi đua – Khen thưởng xem xét: cần xác nhận."
    ),
    "short_study_min_result": ParamInfo(
        "ND91.10.2", True, "Thời gian đi học dưới 1 năm được tính vào thời gian công tác; yêu cầu"
        " kết quả học tập từ loại khá đối với khóa học dưới 1 năm: cần xác nhận (mặc định không"
        " yêu cầu)."
    ),
    "long_study_months": ParamInfo("ND91.10.2"),
    "long_study_min_result": ParamInfo("ND91.10.2"),
    "max_absence_days": ParamInfo(
        "THIDUA.ORG", False, "Nghị định 91/2017/NĐ-CP không quy định số ngày nghỉ tối đa (quy định"
        " nghỉ từ 40 ngày của Nghị định 65/2014/NĐ-CP không còn hiệu lực); áp dụng khi quy định"
        " của cơ quan, đơn vị có."
    ),
    "transfer_old_unit_months": ParamInfo("ND91.10.4"),
    "cstd_cs_htxs_route": ParamInfo("ND91.9.3"),
    "cstd_cs_level": ParamInfo("ND91.9.3"),
    "cstd_tinh_consecutive": ParamInfo("L2003.22"),
    "cstd_tinh_level": ParamInfo("L2003.22"),
    "cstd_tinh_cycle_years": ParamInfo(
        _I, True, "Các năm Chiến sĩ thi đua cơ sở đã dùng để xét Chiến sĩ thi đua cấp tỉnh không"
        " dùng lại cho lần sau, nên hai lần Chiến sĩ thi đua cấp tỉnh liên tục cách nhau 3 năm."
        " Đây là cách áp dụng của thidua, không có quy định trực tiếp: cần xác nhận; khi kết quả"
        " phụ thuộc vào cách áp dụng này, Hội đồng xem xét."
    ),
    "cstd_tq_consecutive": ParamInfo("L2003.21"),
    "cstd_tq_level": ParamInfo("L2003.21"),
    "cstd_tq_lag_years": ParamInfo("ND91.48.1a"),
    "bk_htxs_years": ParamInfo("ND91.39.1"),
    "bk_works": ParamInfo(
        "ND91.39.1", True, "Sáng kiến được công nhận cấp cơ sở và đề tài khoa học đã nghiệm thu"
        " được đếm chung: cần xác nhận."
    ),
    "bk_cstd_cs_years": ParamInfo("ND91.39.1"),
    "bk_ttg_years": ParamInfo("ND91.38.1"),
    "bk_ttg_min_grade": ParamInfo("ND91.38.1"),
    "bk_ttg_works": ParamInfo("ND91.38.1"),
    "bk_ttg_cstd_cs": ParamInfo("ND91.38.1"),
    "ttldtt_ldtt_share": ParamInfo("L2003.28"),
    "ttldtt_share_strict": ParamInfo("L2003.28"),
    "collective_discipline_from": ParamInfo("L2003.28"),
    "ttldxs_ldtt_share": ParamInfo("L2003.27"),
    "ttldxs_requires_ttldtt": ParamInfo(
        _I, True, "Tập thể lao động xuất sắc được lựa chọn trong số các tập thể đạt Tập thể lao"
        " động tiên tiến: cần xác nhận."
    ),
    "bk_unit_years": ParamInfo(
        "ND91.39.2", True, "Hai năm liên tục hoàn thành xuất sắc nhiệm vụ: cần xác nhận theo văn"
        " bản Nghị định."
    ),
    "bk_unit_ttldxs_counts": ParamInfo(
        "ND91.39.2", True, "Năm đạt Tập thể lao động xuất sắc có được tính như năm hoàn thành xuất"
        " sắc nhiệm vụ hay không: cần xác nhận."
    ),
    "bk_ttg_unit_years": ParamInfo(
        "ND91.38.2", True, "Năm năm liên tục hoàn thành xuất sắc nhiệm vụ sau Bằng khen cấp bộ,"
        " tỉnh: cần xác nhận theo văn bản Nghị định."
    ),
    "bk_ttg_unit_needs_flag_or_2bk": ParamInfo(
        "ND91.38.2", True, "Trong thời gian đó có 01 Cờ thi đua cấp bộ, tỉnh hoặc 02 Bằng khen cấp"
        " bộ, tỉnh: cần xác nhận theo văn bản Nghị định."
    ),
    "flag_min_grade": ParamInfo(
        _I, True, "“Hoàn thành vượt mức các chỉ tiêu, nhiệm vụ” được áp dụng là xếp loại hoàn"
        " thành xuất sắc nhiệm vụ: cần xác nhận."
    ),
    "flag_requires_ttldxs": ParamInfo(
        "L2003.26", True, "Tập thể được đề nghị Cờ thi đua cấp bộ, tỉnh phải đạt danh hiệu Tập thể"
        " lao động xuất sắc: cần xác nhận theo quy định của tỉnh, Học viện."
    ),
    "flag_thematic_route_years": ParamInfo("ND91.12"),
    "co_cp_pm_movement_years": ParamInfo("ND91.11"),
    "quotas": ParamInfo(
        "ND91.9.3", False, "Chiến sĩ thi đua cơ sở không quá 15% tổng số cá nhân đạt danh hiệu Lao"
        " động tiên tiến. Tỷ lệ Cờ thi đua của Chính phủ (Điều 11) tính trên các tập thể của Bộ,"
        " ngành, tỉnh, không tính trong phạm vi cơ quan, đơn vị."
    ),
    "ballots": ParamInfo("ND91.45.8"),
    "council_quorum": ParamInfo(
        "ORG.COUNCIL", True, "Không có quy định chung về số thành viên tối thiểu có mặt để Hội đồng"
        " Thi đua – Khen thưởng của cơ quan, đơn vị họp; áp dụng 2/3 tổng số thành viên theo quy"
        " chế hoạt động của Hội đồng: cần xác nhận."
    ),
    "gvt": ParamInfo(
        "UNION.GVT", True, "Thang điểm và điều kiện do công đoàn cơ sở quy định: cần xác nhận."
    ),
}

RULE_SET_2017 = RuleSet(
    name="2017",
    regime="2017",
    instruments=(
        "Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2005, 2009, 2013)",
        "Nghị định 91/2017/NĐ-CP",
        "Thông tư 12/2019/TT-BNV (sửa đổi bởi Thông tư 05/2020/TT-BNV)",
    ),
    registration_required=True,
    # Luật 2003 Điều 10: every emulation title (danh hiệu thi đua), individual and collective;
    # not the forms of commendation (Giấy khen, Bằng khen), nor the union's GVT_DVN.
    registration_titles=frozenset({"LDTT", "CSTD_CS", "CSTD_TINH", "CSTD_TQ",
                                   "TTLDTT", "TTLDXS", "CO_TINH", "CO_HV", "CO_CP"}),
    conduct_from_grade=True,
    ldtt_min_grade="HTT",
    new_hire_months=10,
    ldtt_discipline_from="khien_trach",
    forms_discipline_from="khien_trach",
    pending_discipline_blocks=False,
    short_study_min_result=None,
    long_study_months=12,
    long_study_min_result="kha",
    max_absence_days=None,
    transfer_old_unit_months=6,
    cstd_cs_htxs_route=False,
    cstd_cs_level="co_so",
    cstd_tinh_consecutive=3,
    cstd_tinh_level="tinh",
    cstd_tinh_cycle_years=3,
    cstd_tq_consecutive=2,
    cstd_tq_level="toan_quoc",
    cstd_tq_lag_years=1,
    bk_htxs_years=2,
    bk_works=2,
    bk_cstd_cs_years=None,
    bk_ttg_years=5,
    bk_ttg_min_grade="HTXS",
    bk_ttg_works=5,
    bk_ttg_cstd_cs=None,
    ttldtt_ldtt_share=0.5,
    ttldtt_share_strict=True,
    collective_discipline_from="canh_cao",
    ttldxs_ldtt_share=0.7,
    ttldxs_requires_ttldtt=True,
    bk_unit_years=2,
    bk_unit_ttldxs_counts=False,
    bk_ttg_unit_years=5,
    bk_ttg_unit_needs_flag_or_2bk=True,
    flag_min_grade="HTXS",
    flag_requires_ttldxs=True,
    flag_thematic_route_years=None,
    co_cp_pm_movement_years=None,
    # Cờ CP's 20% (NĐ 91 Điều 11) counts the ministry's or province's flag-eligible units: no
    # organisation can compute it, so it is information (quotas.higher_level_quota), not a cap.
    quotas=(QuotaRule("CSTD_CS", "LDTT", 0.15, "floor", "ND91.9.3"),),
    ballots={
        "CSTD_TINH": Ballot(0.9, "total_members", True, "tinh"),
        "CSTD_TQ": Ballot(0.9, "total_members", True, "tinh"),
    },
    council_quorum=2 / 3,
    gvt=GvtScale(),
    meta=_META_2017,
)

# --- the 2023 regime ---------------------------------------------------------------------------

_DISCIPLINE_2023 = (
    "Cá nhân bị kỷ luật trong năm bị xếp loại không hoàn thành nhiệm vụ (Nghị định 48/2023/NĐ-CP);"
    " thành tích chỉ được tính từ khi hết thời hạn kỷ luật."
)

_META_2023: dict[str, ParamInfo] = {
    **_META_2017,
    "registration_required": ParamInfo("L2022.7"),
    "registration_titles": ParamInfo("L2022.7"),
    "ldtt_min_grade": ParamInfo("L2022.24.1"),
    "new_hire_months": ParamInfo("TT01.2024"),
    "ldtt_discipline_from": ParamInfo("ND98.4.4", False, _DISCIPLINE_2023),
    "forms_discipline_from": ParamInfo("ND98.4.4"),
    "pending_discipline_blocks": ParamInfo("ND98.4.4"),
    "short_study_min_result": ParamInfo("TT01.2024"),
    "long_study_months": ParamInfo("TT01.2024"),
    "long_study_min_result": ParamInfo(
        "TT01.2024", False, "Thời gian đi học từ 1 năm trở lên được tính vào thời gian xét; không"
        " yêu cầu kết quả học tập loại khá."
    ),
    "max_absence_days": ParamInfo(
        "THIDUA.ORG", False, "Không có quy định chung về số ngày nghỉ tối đa; áp dụng khi quy định"
        " của cơ quan, đơn vị có."
    ),
    "transfer_old_unit_months": ParamInfo(
        "TT01.2024", True, "Đơn vị mới xét, có ý kiến nhận xét của đơn vị cũ nếu thời gian công"
        " tác ở đơn vị cũ từ 6 tháng trở lên (quy định tại thông tư của một số Bộ, ngành như Thông"
        " tư 01/2024/TT-UBDT): cần xác nhận."
    ),
    "cstd_cs_htxs_route": ParamInfo("L2022.23"),
    "cstd_cs_level": ParamInfo("L2022.23"),
    "cstd_tinh_consecutive": ParamInfo("L2022.22"),
    "cstd_tinh_level": ParamInfo("L2022.22"),
    "cstd_tq_consecutive": ParamInfo("L2022.21"),
    "cstd_tq_level": ParamInfo("L2022.21"),
    "cstd_tq_lag_years": ParamInfo(
        "ND98.32", True, "“Năm liền kề” được hiểu là năm sau năm được tặng Chiến sĩ thi đua cấp"
        " bộ, tỉnh lần thứ hai: cần xác nhận."
    ),
    "bk_htxs_years": ParamInfo("L2022.74.1"),
    "bk_works": ParamInfo(
        "L2022.74.1", True, "Sáng kiến được công nhận cấp cơ sở và đề tài khoa học đã nghiệm thu"
        " được đếm chung: cần xác nhận."
    ),
    "bk_cstd_cs_years": ParamInfo("L2022.74.1"),
    "bk_ttg_years": ParamInfo(
        "L2022.73.1", False, "Năm năm liên tục tính từ sau năm được tặng Bằng khen cấp bộ, tỉnh."
    ),
    "bk_ttg_min_grade": ParamInfo("L2022.73.1"),
    "bk_ttg_works": ParamInfo("L2022.73.1", False, "Không yêu cầu sáng kiến."),
    "bk_ttg_cstd_cs": ParamInfo("L2022.73.1"),
    "ttldtt_ldtt_share": ParamInfo(
        "L2022.28.1", True, "Trên 50% cá nhân đạt Lao động tiên tiến: cần xác nhận theo văn bản"
        " Luật và quy định của tỉnh (có tỉnh quy định từ 70%)."
    ),
    "ttldtt_share_strict": ParamInfo("L2022.28.1", True, "Tỷ lệ “trên 50%”: cần xác nhận."),
    "collective_discipline_from": ParamInfo(
        "PROVINCE.REG", True, "Luật Thi đua, khen thưởng 2022 không quy định điều kiện không có"
        " thành viên bị kỷ luật từ hình thức cảnh cáo trở lên; quy định của tỉnh có thể bổ sung:"
        " cần xác nhận. Mặc định không áp dụng."
    ),
    "ttldxs_ldtt_share": ParamInfo("L2022.27.1"),
    "bk_unit_years": ParamInfo(
        "L2022.74.2", True, "Hai năm liên tục hoàn thành xuất sắc nhiệm vụ: cần xác nhận theo văn"
        " bản Luật."
    ),
    "bk_unit_ttldxs_counts": ParamInfo(
        "PROVINCE.REG", True, "Hai năm liên tục hoàn thành xuất sắc nhiệm vụ hoặc đạt Tập thể lao"
        " động xuất sắc, theo quy định của tỉnh: cần xác nhận."
    ),
    "bk_ttg_unit_years": ParamInfo(
        "L2022.73.2", True, "Năm năm liên tục hoàn thành xuất sắc nhiệm vụ sau Bằng khen cấp bộ,"
        " tỉnh: cần xác nhận theo văn bản Luật."
    ),
    "bk_ttg_unit_needs_flag_or_2bk": ParamInfo(
        "L2022.73.2", True, "Trong thời gian đó có 01 Cờ thi đua cấp bộ, tỉnh hoặc 02 Bằng khen cấp"
        " bộ, tỉnh: cần xác nhận theo văn bản Luật."
    ),
    "flag_requires_ttldxs": ParamInfo(
        "L2022.26.3", True, "Tập thể được đề nghị Cờ thi đua phải đạt danh hiệu Tập thể lao động"
        " xuất sắc theo văn bản quy định chi tiết của Bộ, ngành, tỉnh: cần xác nhận."
    ),
    "flag_thematic_route_years": ParamInfo("L2022.26.2"),
    "co_cp_pm_movement_years": ParamInfo("L2022.25"),
    "quotas": ParamInfo(
        "L2022.23", False, "Không có tỷ lệ Chiến sĩ thi đua cơ sở chung từ năm 2024. Cờ thi đua của"
        " Chính phủ xét trong số các tập thể dẫn đầu cụm, khối thi đua của Bộ, ngành, tỉnh"
        " (Điều 25), không tính trong phạm vi cơ quan, đơn vị."
    ),
    "ballots": ParamInfo("ND98.30.7"),
}

RULE_SET_2023_ND98 = dataclasses.replace(
    RULE_SET_2017,
    name="2023/nd98",
    regime="2023",
    instruments=(
        "Luật Thi đua, khen thưởng số 06/2022/QH15",
        "Nghị định 98/2023/NĐ-CP (01/01/2024 – 30/06/2025)",
        "Thông tư 01/2024/TT-BNV",
    ),
    registration_required=False,
    new_hire_months=6,
    pending_discipline_blocks=True,
    long_study_min_result=None,
    cstd_cs_htxs_route=True,
    bk_cstd_cs_years=2,
    bk_ttg_min_grade="HTT",
    bk_ttg_works=None,
    bk_ttg_cstd_cs=3,
    collective_discipline_from=None,
    bk_unit_ttldxs_counts=True,
    flag_thematic_route_years=3,
    co_cp_pm_movement_years=5,
    quotas=(),
    ballots={
        "CSTD_CS": Ballot(0.8, "total_members", False, "co_so"),
        "CSTD_TINH": Ballot(0.9, "total_members", False, "tinh"),
        "CSTD_TQ": Ballot(0.9, "total_members", False, "tinh"),
        "CO_TINH": Ballot(0.8, "total_members", False, "tinh"),
        "CO_HV": Ballot(0.8, "total_members", False, "tinh"),
        "CO_CP": Ballot(0.8, "total_members", False, "tinh"),
    },
    meta=_META_2023,
)

_TT15 = "Thông tư 15/2025/TT-BNV: nội dung về trường hợp này cần xác nhận; áp dụng như trước."

_META_152 = {
    **_META_2023,
    "new_hire_months": ParamInfo(
        "TT15.2025", True, "Không xét tặng Lao động tiên tiến đối với người mới tuyển dụng dưới 6"
        " tháng: cần xác nhận theo Thông tư 15/2025/TT-BNV."
    ),
    "short_study_min_result": ParamInfo("TT15.2025", True, _TT15),
    "long_study_months": ParamInfo("TT15.2025", True, _TT15),
    "long_study_min_result": ParamInfo("TT15.2025", True, _TT15),
    "transfer_old_unit_months": ParamInfo(
        "TT15.2025", True, "Đơn vị mới xét, có ý kiến nhận xét của đơn vị cũ nếu thời gian công"
        " tác ở đơn vị cũ từ 6 tháng trở lên: cần xác nhận theo Thông tư 15/2025/TT-BNV."
    ),
    "pending_discipline_blocks": ParamInfo("ND152.4.4"),
    "forms_discipline_from": ParamInfo("ND152.4.4"),
    "ldtt_discipline_from": ParamInfo("ND152.4.4", False, _DISCIPLINE_2023),
    "cstd_tq_lag_years": ParamInfo(
        _I, True, "Đề nghị Chiến sĩ thi đua toàn quốc vào năm sau năm được tặng Chiến sĩ thi đua"
        " cấp bộ, tỉnh lần thứ hai; quy định về thời điểm đề nghị trong Nghị định 152/2025/NĐ-CP"
        " cần xác nhận."
    ),
    "quotas": ParamInfo(
        "L2022.23", True, "Không có tỷ lệ Chiến sĩ thi đua cơ sở chung (Luật Thi đua, khen thưởng"
        " 2022, Điều 23); Nghị định 152/2025/NĐ-CP không quy định tỷ lệ: cần xác nhận."
    ),
    "ballots": ParamInfo(
        "ND152.30.7", True, "Ngưỡng từ 90% (Chiến sĩ thi đua cấp bộ, tỉnh và toàn quốc) và từ 80%"
        " (Chiến sĩ thi đua cơ sở, Cờ thi đua) tổng số thành viên Hội đồng, như quy định trước ngày"
        " 01/7/2025: cần xác nhận theo Nghị định 152/2025/NĐ-CP."
    ),
}

RULE_SET_2023_ND152 = dataclasses.replace(
    RULE_SET_2023_ND98,
    name="2023/nd152",
    instruments=(
        "Luật Thi đua, khen thưởng số 06/2022/QH15",
        "Nghị định 152/2025/NĐ-CP (từ 01/07/2025)",
        "Thông tư 15/2025/TT-BNV",
    ),
    meta=_META_152,
)

RULE_SETS = {rs.name: rs for rs in (RULE_SET_2017, RULE_SET_2023_ND98, RULE_SET_2023_ND152)}


def rule_set_for(year: int, regime: str = "auto") -> RuleSet:
    """Return the rule set in force for evaluation ``year`` (or the one ``regime`` names).

    ``auto``: years ≤ 2023 → ``2017``; 2024 → ``2023/nd98``; 2025 on → ``2023/nd152``
    (a year is judged at its year-end review, by the decree then in force).
    ``"2023"`` picks the decree by year the same way.
    """
    if regime in ("auto", None):
        regime = "2017" if year <= 2023 else "2023"
    if regime == "2023":
        regime = "2023/nd98" if year <= 2024 else "2023/nd152"
    try:
        return RULE_SETS[regime]
    except KeyError:
        raise ValueError(f"chế độ pháp lý không tồn tại: {regime!r}") from None

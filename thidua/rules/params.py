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
            old = meta.get(name, ParamInfo("THIDUA.ORG"))
            meta[name] = ParamInfo("THIDUA.ORG", False, f"ghi đè bởi cơ quan, đơn vị; {old.note}")
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
    if isinstance(current, bool) and not isinstance(value, bool):
        raise TypeError(f"tham số {name} phải là true/false")
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
        "L2003.10", True, "Áp dụng cho LĐTT, CSTĐCS, TTLĐTT, TTLĐXS; đăng ký danh hiệu cao hơn"
        " trong cùng chuỗi được coi là đăng ký danh hiệu thấp hơn."
    ),
    "conduct_from_grade": ParamInfo(
        _I, True, "Tiêu chuẩn phẩm chất (chấp hành chính sách, đoàn kết, tích cực thi đua) coi như"
        " đã được đánh giá trong xếp loại chất lượng (NĐ 90/2020); đặt false để Hội đồng xét riêng."
    ),
    "ldtt_min_grade": ParamInfo("L2003.24"),
    "new_hire_months": ParamInfo("ND91.10.5"),
    "ldtt_discipline_from": ParamInfo("ND91.10.5"),
    "forms_discipline_from": ParamInfo(
        _I, True, "“Gương mẫu chấp hành”: bị kỷ luật trong năm thì không đề nghị hình thức khen."
    ),
    "pending_discipline_blocks": ParamInfo(
        _I, True, "Đang xem xét kỷ luật: chuyển Hội đồng xem xét (NĐ 91 không thấy quy định rõ)."
    ),
    "short_study_min_result": ParamInfo(
        "ND91.10.2", True, "NĐ 91 có thể yêu cầu kết quả học tập từ loại khá cả khi học dưới 1 năm"
        " [R]; mặc định không yêu cầu."
    ),
    "long_study_months": ParamInfo("ND91.10.2"),
    "long_study_min_result": ParamInfo("ND91.10.2"),
    "max_absence_days": ParamInfo(
        "ND91.10.5", False, "Quy định “nghỉ từ 40 ngày” của NĐ 65/2014 không còn trong NĐ 91;"
        " cơ quan có thể tự đặt."
    ),
    "transfer_old_unit_months": ParamInfo("ND91.10.4"),
    "cstd_cs_htxs_route": ParamInfo("ND91.9.3"),
    "cstd_cs_level": ParamInfo("ND91.9.3"),
    "cstd_tinh_consecutive": ParamInfo("L2003.22"),
    "cstd_tinh_level": ParamInfo("L2003.22"),
    "cstd_tinh_cycle_years": ParamInfo(
        _I, True, "CSTĐ cấp tỉnh xét theo chu kỳ 3 năm: các năm CSTĐCS đã dùng cho lần trước không"
        " dùng lại; hai lần “liên tục” cách nhau đúng một chu kỳ."
    ),
    "cstd_tq_consecutive": ParamInfo("L2003.21"),
    "cstd_tq_level": ParamInfo("L2003.21"),
    "cstd_tq_lag_years": ParamInfo("ND91.48.1a"),
    "bk_htxs_years": ParamInfo("ND91.39.1"),
    "bk_works": ParamInfo(
        "ND91.39.1", True, "Đếm chung sáng kiến cấp cơ sở và đề tài đã nghiệm thu (“hoặc”)."
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
        _I, True,
        "TTLĐXS được chọn trong số các TTLĐTT (theo văn bản diễn giải, chưa thấy điều luật)."
    ),
    "bk_unit_years": ParamInfo("ND91.39.2", True, "Nội dung Điều 39.2 chưa đối chiếu nguyên văn."),
    "bk_unit_ttldxs_counts": ParamInfo("ND91.39.2", True, "Năm đạt TTLĐXS có được tính thay HTXS?"),
    "bk_ttg_unit_years": ParamInfo(
        "ND91.38.2", True, "Nội dung Điều 38.2 chưa đối chiếu nguyên văn."),
    "bk_ttg_unit_needs_flag_or_2bk": ParamInfo("ND91.38.2", True, "Theo trí nhớ [R]."),
    "flag_min_grade": ParamInfo(
        _I, True, "“Hoàn thành vượt mức các chỉ tiêu” được hiểu là xếp loại HTXS."
    ),
    "flag_requires_ttldxs": ParamInfo("L2003.26", True, "Thường phải đạt TTLĐXS [R]."),
    "flag_thematic_route_years": ParamInfo("ND91.12"),
    "co_cp_pm_movement_years": ParamInfo("ND91.11"),
    "quotas": ParamInfo("ND91.9.3"),
    "ballots": ParamInfo("ND91.45.8"),
    "council_quorum": ParamInfo(
        "TT35.2015", True, "Không có quy định toàn quốc về số thành viên tối thiểu của Hội đồng cơ"
        " sở; theo ví dụ của ngành giáo dục (TT 35/2015/TT-BGDĐT): ít nhất 2/3 thành viên có mặt."
        " Cơ quan đặt theo quy chế hoạt động của Hội đồng."
    ),
    "gvt": ParamInfo("UNION.GVT", True, "Thang điểm và điều kiện do công đoàn trường cấu hình."),
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
    registration_titles=frozenset({"LDTT", "CSTD_CS", "TTLDTT", "TTLDXS"}),
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
    quotas=(
        QuotaRule("CSTD_CS", "LDTT", 0.15, "floor", "ND91.9.3"),
        QuotaRule("CO_CP", "FLAG", 0.20, "floor", "ND91.11"),
    ),
    ballots={
        "CSTD_TINH": Ballot(0.9, "total_members", True, "tinh"),
        "CSTD_TQ": Ballot(0.9, "total_members", True, "tinh"),
    },
    council_quorum=2 / 3,
    gvt=GvtScale(),
    meta=_META_2017,
)

# --- the 2023 regime ---------------------------------------------------------------------------

_META_2023: dict[str, ParamInfo] = {
    **_META_2017,
    "registration_required": ParamInfo("L2022.7"),
    "registration_titles": ParamInfo("L2022.7"),
    "conduct_from_grade": _META_2017["conduct_from_grade"],
    "ldtt_min_grade": ParamInfo("L2022.24.1"),
    "new_hire_months": ParamInfo("TT01.2024"),
    "ldtt_discipline_from": ParamInfo(
        "ND98.4.4", False, "Bị kỷ luật thì xếp loại KHTNV (NĐ 48/2023); thành tích chỉ tính từ khi"
        " hết thời hạn kỷ luật."
    ),
    "forms_discipline_from": ParamInfo("ND98.4.4"),
    "pending_discipline_blocks": ParamInfo("ND98.4.4"),
    "short_study_min_result": ParamInfo("TT01.2024"),
    "long_study_months": ParamInfo("TT01.2024"),
    "long_study_min_result": ParamInfo(
        "TT01.2024", False,
        "TT 01/2024 tính thời gian học từ 1 năm trở lên; không thấy yêu cầu loại khá."
    ),
    "max_absence_days": ParamInfo(
        "TT01.2024", False, "Không có quy định toàn quốc; cơ quan có thể tự đặt."),
    "transfer_old_unit_months": ParamInfo(
        "TT01.2024", True, "Thấy trong thông tư ngành (TT 01/2024/TT-UBDT, TT 01/2024/TT-TANDTC)."
    ),
    "cstd_cs_htxs_route": ParamInfo("L2022.23"),
    "cstd_cs_level": ParamInfo("L2022.23"),
    "cstd_tinh_consecutive": ParamInfo("L2022.22"),
    "cstd_tinh_level": ParamInfo("L2022.22"),
    "cstd_tq_consecutive": ParamInfo("L2022.21"),
    "cstd_tq_level": ParamInfo("L2022.21"),
    "cstd_tq_lag_years": ParamInfo(
        _I, True, "Hồ sơ CSTĐTQ gửi trước 31/12 “năm liền kề” (NĐ 98 Điều 32): hiểu là năm sau lần"
        " CSTĐ cấp tỉnh thứ hai."
    ),
    "bk_htxs_years": ParamInfo("L2022.74.1"),
    "bk_works": _META_2017["bk_works"],
    "bk_cstd_cs_years": ParamInfo("L2022.74.1"),
    "bk_ttg_years": ParamInfo("L2022.73.1", False, "Năm năm tính sau Bằng khen cấp tỉnh/bộ."),
    "bk_ttg_min_grade": ParamInfo("L2022.73.1"),
    "bk_ttg_works": ParamInfo("L2022.73.1", False, "Không cần sáng kiến (trả lời của Bộ Nội vụ)."),
    "bk_ttg_cstd_cs": ParamInfo("L2022.73.1"),
    "ttldtt_ldtt_share": ParamInfo(
        "L2022.28.1", True,
        "Tỷ lệ trên 50% theo trí nhớ [R]; một số tỉnh đặt ≥ 70% (Bắc Ninh 2025)."
    ),
    "ttldtt_share_strict": ParamInfo("L2022.28.1", True, "“Trên 50%” [R]."),
    "collective_discipline_from": ParamInfo(
        "BN86.2025", True, "Luật 2022 (văn bản đã thấy) không còn điều kiện “không có thành viên bị"
        " kỷ luật từ cảnh cáo”; một số tỉnh giữ lại (Bắc Ninh 2025). Mặc định: không áp dụng."
    ),
    "ttldxs_ldtt_share": ParamInfo("L2022.27.1"),
    "bk_unit_years": ParamInfo("L2022.74.2", True, "Điều 74.2 chưa đối chiếu nguyên văn [R]."),
    "bk_unit_ttldxs_counts": ParamInfo("BN86.2025", True, "“2 năm liên tục HTXS hoặc TTLĐXS”."),
    "bk_ttg_unit_years": ParamInfo("L2022.73.2", True, "Điều 73.2 chưa đối chiếu nguyên văn [R]."),
    "bk_ttg_unit_needs_flag_or_2bk": ParamInfo("L2022.73.2", True, "Giữ như NĐ 91 Điều 38.2 [R]."),
    "flag_requires_ttldxs": ParamInfo(
        "L2022.26.1", True, "Văn bản ngành (TT 22/2023/TT-BCT Điều 6) yêu cầu đạt TTLĐXS."
    ),
    "flag_thematic_route_years": ParamInfo("L2022.26.2"),
    "co_cp_pm_movement_years": ParamInfo("L2022.25"),
    "quotas": ParamInfo(
        "ND91.11", True, "Không còn tỷ lệ CSTĐCS toàn quốc từ 2024 (Luật 2022 Điều 23). Tỷ lệ Cờ CP"
        " 20% giữ theo NĐ 91 Điều 11; NĐ 98/152 chưa kiểm tra."
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
    quotas=(QuotaRule("CO_CP", "FLAG", 0.20, "floor", "ND91.11"),),
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

_META_152 = {
    **_META_2023,
    "new_hire_months": ParamInfo(
        "TT15.2025", True, "TT 15/2025 chưa đối chiếu; giữ 6 tháng như TT 01/2024."
    ),
    "short_study_min_result": ParamInfo("TT15.2025", True, "Giữ như TT 01/2024 [R]."),
    "long_study_min_result": ParamInfo("TT15.2025", True, "Giữ như TT 01/2024 [R]."),
    "pending_discipline_blocks": ParamInfo("ND152.4.4"),
    "forms_discipline_from": ParamInfo("ND152.4.4"),
    "ldtt_discipline_from": ParamInfo(
        "ND152.4.4", False, "Bị kỷ luật thì xếp loại KHTNV (NĐ 48/2023); thành tích chỉ tính từ khi"
        " hết thời hạn kỷ luật."
    ),
    "ballots": ParamInfo(
        "ND152.30.7", True, "Chưa thấy điều khoản bỏ phiếu trong NĐ 152/2025; giữ ngưỡng 90% / 80%"
        " tổng số thành viên Hội đồng như NĐ 98 Điều 30.7."
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

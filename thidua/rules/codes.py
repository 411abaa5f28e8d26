"""Codes of the domain (see ``shared/domain/glossary.md``) and their Vietnamese names.

Codes are short strings, never foreign keys: the law defines them and the rule sets version them.
"""

from __future__ import annotations

# Verdicts ---------------------------------------------------------------------------------------
ELIGIBLE = "eligible"
INELIGIBLE = "ineligible"
REVIEW = "review"

# Titles (danh hiệu thi đua) and forms (hình thức khen thưởng) -------------------------------
#: Individual titles and forms, in evaluation order: a title only reads verdicts computed before it.
PERSON_TITLES = (
    "LDTT",
    "CSTD_CS",
    "CSTD_TINH",
    "CSTD_TQ",
    "GIAY_KHEN",
    "BK_TINH",
    "BK_HV",
    "BK_TTG",
    "GVT_DVN",
)
#: Collective titles and forms, in evaluation order (after every individual).
UNIT_TITLES = (
    "TTLDTT",
    "TTLDXS",
    "GIAY_KHEN",
    "BK_TINH",
    "BK_HV",
    "BK_TTG",
    "CO_TINH",
    "CO_HV",
    "CO_CP",
)
#: Forms of commendation (hình thức khen thưởng), as opposed to emulation titles (danh hiệu).
COMMENDATION_FORMS = frozenset({"GIAY_KHEN", "BK_TINH", "BK_HV", "BK_TTG"})
#: Codes accepted in an awarded-titles register (``titles``) besides those above.
OTHER_CODES = ("CDCS_VM",)
ALL_TITLES = frozenset(PERSON_TITLES) | frozenset(UNIT_TITLES) | frozenset(OTHER_CODES)
#: Every title and form in the order lists show them: individuals, collectives, the union's.
TITLE_ORDER = (
    "LDTT", "CSTD_CS", "CSTD_TINH", "CSTD_TQ", "GIAY_KHEN", "BK_TINH", "BK_HV", "BK_TTG",
    "TTLDTT", "TTLDXS", "CO_TINH", "CO_HV", "CO_CP", "GVT_DVN", "CDCS_VM",
)

TITLE_NAMES = {
    "LDTT": "Lao động tiên tiến",
    "CSTD_CS": "Chiến sĩ thi đua cơ sở",
    "CSTD_TINH": "Chiến sĩ thi đua cấp tỉnh",
    "CSTD_TQ": "Chiến sĩ thi đua toàn quốc",
    "GIAY_KHEN": "Giấy khen của Hiệu trưởng",
    "BK_TINH": "Bằng khen của Chủ tịch UBND tỉnh",
    "BK_HV": "Bằng khen của Giám đốc Học viện CTQG Hồ Chí Minh",
    "BK_TTG": "Bằng khen của Thủ tướng Chính phủ",
    "TTLDTT": "Tập thể lao động tiên tiến",
    "TTLDXS": "Tập thể lao động xuất sắc",
    "CO_TINH": "Cờ thi đua của UBND tỉnh",
    "CO_HV": "Cờ thi đua của Học viện CTQG Hồ Chí Minh",
    "CO_CP": "Cờ thi đua của Chính phủ",
    "GVT_DVN": "Giỏi việc trường, đảm việc nhà",
    "CDCS_VM": "Công đoàn cơ sở vững mạnh",
}
SHORT_NAMES = {
    "LDTT": "LĐTT",
    "CSTD_CS": "CSTĐCS",
    "CSTD_TINH": "CSTĐ cấp tỉnh",
    "CSTD_TQ": "CSTĐ toàn quốc",
    "GIAY_KHEN": "Giấy khen",
    "BK_TINH": "Bằng khen tỉnh",
    "BK_HV": "Bằng khen Học viện",
    "BK_TTG": "Bằng khen Thủ tướng",
    "TTLDTT": "TTLĐTT",
    "TTLDXS": "TTLĐXS",
    "CO_TINH": "Cờ thi đua tỉnh",
    "CO_HV": "Cờ thi đua Học viện",
    "CO_CP": "Cờ thi đua Chính phủ",
    "GVT_DVN": "Giỏi việc trường, đảm việc nhà",
    "CDCS_VM": "CĐCS vững mạnh",
}

# Annual quality grade (Nghị định 90/2020/NĐ-CP) -------------------------------------------
GRADES = ("KHTNV", "HTNV", "HTT", "HTXS")
GRADE_RANK = {g: i for i, g in enumerate(GRADES)}
GRADE_NAMES = {
    "KHTNV": "Không hoàn thành nhiệm vụ",
    "HTNV": "Hoàn thành nhiệm vụ",
    "HTT": "Hoàn thành tốt nhiệm vụ",
    "HTXS": "Hoàn thành xuất sắc nhiệm vụ",
}

# Discipline, mildest first ---------------------------------------------------------------
DISCIPLINE_FORMS = (
    "khien_trach",
    "canh_cao",
    "ha_bac_luong",
    "giang_chuc",
    "cach_chuc",
    "buoc_thoi_viec",
)
DISCIPLINE_RANK = {f: i + 1 for i, f in enumerate(DISCIPLINE_FORMS)}  # 0 = none
DISCIPLINE_NAMES = {
    "khien_trach": "khiển trách",
    "canh_cao": "cảnh cáo",
    "ha_bac_luong": "hạ bậc lương",
    "giang_chuc": "giáng chức",
    "cach_chuc": "cách chức",
    "buoc_thoi_viec": "buộc thôi việc",
}

# Levels of initiatives, research and achievements -----------------------------------------------
LEVELS = ("co_so", "tinh", "toan_quoc")
LEVEL_RANK = {lv: i + 1 for i, lv in enumerate(LEVELS)}
LEVEL_NAMES = {"co_so": "cấp cơ sở", "tinh": "cấp tỉnh/bộ", "toan_quoc": "toàn quốc"}

# Leave ---------------------------------------------------------------------------------------
LEAVE_KINDS = ("maternity", "study", "sick", "injury", "other")
LEAVE_NAMES = {
    "maternity": "nghỉ thai sản",
    "study": "đi học",
    "sick": "nghỉ ốm",
    "injury": "điều trị thương",
    "other": "nghỉ khác",
}
#: Study results, lowest first (kết quả học tập).
STUDY_RESULTS = ("yeu", "trung_binh", "kha", "gioi", "xuat_sac")
STUDY_RANK = {r: i for i, r in enumerate(STUDY_RESULTS)}
STUDY_NAMES = {
    "yeu": "yếu",
    "trung_binh": "trung bình",
    "kha": "khá",
    "gioi": "giỏi",
    "xuat_sac": "xuất sắc",
}

# Achievements the data can record once the competent level has judged them -------------------
ACHIEVEMENT_KINDS = ("phong_trao", "dot_xuat", "dan_dau_chuyen_de")
ACHIEVEMENT_NAMES = {
    "phong_trao": "thành tích xuất sắc trong phong trào thi đua",
    "dot_xuat": "thành tích đột xuất",
    "dan_dau_chuyen_de": "dẫn đầu phong trào thi đua chuyên đề",
}

# Clusters (cụm, khối thi đua) a unit may lead ----------------------------------------------------
CLUSTER_LEVELS = ("tinh", "hv", "tw")
CLUSTER_NAMES = {
    "tinh": "khối/cụm thi đua của tỉnh",
    "hv": "cụm thi đua của Học viện",
    "tw": "cụm/khối do Hội đồng TĐKT Trung ương tổ chức",
}

UNIT_KINDS = ("organisation", "department", "union", "party", "other")

GENDERS = ("F", "M")

"""Codes of the domain (glossary.md), stored as short strings; the UI shows the Vietnamese."""

from django.db import models


class TitleCode(models.TextChoices):
    """Emulation titles (danh hiệu) and forms of commendation (hình thức), by stable code."""

    LDTT = "LDTT", "Lao động tiên tiến"
    CSTD_CS = "CSTD_CS", "Chiến sĩ thi đua cơ sở"
    CSTD_TINH = "CSTD_TINH", "Chiến sĩ thi đua cấp tỉnh"
    CSTD_TQ = "CSTD_TQ", "Chiến sĩ thi đua toàn quốc"
    GIAY_KHEN = "GIAY_KHEN", "Giấy khen của Hiệu trưởng"
    BK_TINH = "BK_TINH", "Bằng khen của Chủ tịch UBND tỉnh"
    BK_HV = "BK_HV", "Bằng khen của Giám đốc Học viện CTQG Hồ Chí Minh"
    BK_TTG = "BK_TTG", "Bằng khen của Thủ tướng Chính phủ"
    TTLDTT = "TTLDTT", "Tập thể lao động tiên tiến"
    TTLDXS = "TTLDXS", "Tập thể lao động xuất sắc"
    CO_TINH = "CO_TINH", "Cờ thi đua của UBND tỉnh"
    CO_HV = "CO_HV", "Cờ thi đua của Học viện CTQG Hồ Chí Minh"
    CO_CP = "CO_CP", "Cờ thi đua của Chính phủ"
    GVT_DVN = "GVT_DVN", "Giỏi việc trường, đảm việc nhà"
    CDCS_VM = "CDCS_VM", "Công đoàn cơ sở vững mạnh"


# Forms of commendation (hình thức khen thưởng), as opposed to emulation titles (danh hiệu).
COMMENDATION_FORMS = frozenset({"GIAY_KHEN", "BK_TINH", "BK_HV", "BK_TTG"})


class Grade(models.TextChoices):
    """Yearly quality grade (xếp loại chất lượng, Nghị định 90/2020/NĐ-CP)."""

    HTXS = "HTXS", "Hoàn thành xuất sắc nhiệm vụ"
    HTT = "HTT", "Hoàn thành tốt nhiệm vụ"
    HTNV = "HTNV", "Hoàn thành nhiệm vụ"
    KHTNV = "KHTNV", "Không hoàn thành nhiệm vụ"


class DisciplineForm(models.TextChoices):
    """Forms of discipline, mildest first."""

    KHIEN_TRACH = "khien_trach", "Khiển trách"
    CANH_CAO = "canh_cao", "Cảnh cáo"
    HA_BAC_LUONG = "ha_bac_luong", "Hạ bậc lương"
    GIANG_CHUC = "giang_chuc", "Giáng chức"
    CACH_CHUC = "cach_chuc", "Cách chức"
    BUOC_THOI_VIEC = "buoc_thoi_viec", "Buộc thôi việc"


class RecognitionLevel(models.TextChoices):
    """The level at which an initiative or research is recognised."""

    CO_SO = "co_so", "Cấp cơ sở"
    TINH = "tinh", "Cấp tỉnh"
    TOAN_QUOC = "toan_quoc", "Toàn quốc"


class LeaveKind(models.TextChoices):
    MATERNITY = "maternity", "Nghỉ thai sản"
    STUDY = "study", "Đi học"
    SICK = "sick", "Nghỉ ốm"


class ResearchKind(models.TextChoices):
    DE_TAI = "de_tai", "Đề tài khoa học"
    DE_AN = "de_an", "Đề án"


class ResearchRole(models.TextChoices):
    LEAD = "lead", "Chủ nhiệm"
    MEMBER = "member", "Thành viên"


class AcceptanceResult(models.TextChoices):
    """Result of a research acceptance (nghiệm thu); all but the last count as accepted."""

    XUAT_SAC = "xuat_sac", "Xuất sắc"
    KHA = "kha", "Khá"
    DAT = "dat", "Đạt"
    KHONG_DAT = "khong_dat", "Không đạt"


class WorkKind(models.TextChoices):
    """Scholarly works behind the lecturers' target (plan 2022, target 10)."""

    ARTICLE = "article", "Bài báo, bài viết"
    TEXTBOOK = "textbook", "Giáo trình, tài liệu"
    LECTURE = "lecture", "Bài giảng"


class TrainingKind(models.TextChoices):
    DOCTORAL = "doctoral", "Nghiên cứu sinh (tiến sĩ)"
    MASTER = "master", "Cao học (thạc sĩ)"
    POLITICAL_THEORY = "political_theory", "Cao cấp lý luận chính trị"
    COURSE = "course", "Bồi dưỡng, tập huấn"


class StudyResult(models.TextChoices):
    """Study results, the engine's scale (rules.codes.STUDY_RESULTS), best first."""

    XUAT_SAC = "xuat_sac", "Xuất sắc"
    GIOI = "gioi", "Giỏi"
    KHA = "kha", "Khá"
    TRUNG_BINH = "trung_binh", "Trung bình"
    YEU = "yeu", "Yếu"

"""Codes of the domain (glossary.md), stored as short strings; the UI shows the Vietnamese."""

from django.db import models

from thidua.rules import codes


def _label(name: str) -> str:
    return name[:1].upper() + name[1:]


def _choices(name: str, values, names: dict[str, str], doc: str) -> type[models.TextChoices]:
    """Return a TextChoices of the engine's ``values`` labelled with its Vietnamese ``names``."""
    choices = models.TextChoices(name, [(v.upper(), (v, _label(names[v]))) for v in values])
    choices.__doc__ = doc
    choices.__module__ = __name__
    return choices


# The law's vocabularies are the engine's (thidua.rules.codes): one source, no copy here; a test
# asserts each choice set equals its engine list.
TitleCode = _choices(
    "TitleCode",
    codes.TITLE_ORDER,
    codes.TITLE_NAMES,
    "Emulation titles (danh hiệu) and forms of commendation (hình thức), by stable code.",
)
# Forms of commendation (hình thức khen thưởng), as opposed to emulation titles (danh hiệu).
COMMENDATION_FORMS = codes.COMMENDATION_FORMS
Grade = _choices(
    "Grade", reversed(codes.GRADES), codes.GRADE_NAMES,
    "Yearly quality grade (xếp loại chất lượng, Nghị định 90/2020/NĐ-CP), best first.",
)
DisciplineForm = _choices(
    "DisciplineForm", codes.DISCIPLINE_FORMS, codes.DISCIPLINE_NAMES,
    "Forms of discipline, mildest first.",
)
RecognitionLevel = _choices(
    "RecognitionLevel", codes.LEVELS, codes.LEVEL_NAMES,
    "The level at which an initiative or research is recognised.",
)
LeaveKind = _choices("LeaveKind", codes.LEAVE_KINDS, codes.LEAVE_NAMES, "Kinds of leave.")
StudyResult = _choices(
    "StudyResult", reversed(codes.STUDY_RESULTS), codes.STUDY_NAMES,
    "Study results, the engine's scale, best first.",
)


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

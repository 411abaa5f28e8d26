"""The document kinds `award_history` (one person's or one unit's awards across all years, as
the register holds them) and `award_register` (the register's awards as filtered on screen, or of
one year), in the Party or the state layout (DOCX and PDF).

    python manage.py make_document award_history --person STAFF_CODE --format docx|pdf --output F
    python manage.py make_document award_history --unit "Khoa Dân vận" --format pdf --output F

    python manage.py make_document award_register --year 2021 --format docx --output F

``--year`` (optional) stops the history at that year. Revoked awards are listed, marked revoked.
"""

from dataclasses import dataclass

from thidua.awards.models import Award
from thidua.core.choices import TitleCode
from thidua.documents import formatting
from thidua.documents.lists import list_columns, list_frame
from thidua.documents.registry import DocumentError, DocumentKind, register
from thidua.organization.models import Person, Unit

NAMES = dict(TitleCode.choices)
HEADERS = ["Năm", "Danh hiệu, hình thức", "Số, ngày quyết định", "Cơ quan quyết định"]
RECIPIENTS = ("Như trên", "Lưu: VT, TĐKT")


@dataclass(frozen=True)
class History:
    """The subject (a person or a unit) and its awards, oldest first."""

    organization: object
    person: Person | None
    unit: Unit | None
    awards: list
    until: int | None = None

    @property
    def subject_name(self) -> str:
        return self.person.display_name if self.person else self.unit.name


def history_awards(organization, *, person=None, unit=None, until=None):
    """Return the register's awards of a person or a unit, oldest first (one query)."""
    awards = Award.objects.filter(organization=organization)
    awards = awards.filter(person=person) if person is not None else awards.filter(unit=unit)
    if until is not None:
        awards = awards.filter(year__lte=until)
    return list(awards.order_by("year", "decided_on", "code", "pk"))


def find_history(organization, year=None, person=None, unit=None) -> History:
    if bool(person) == bool(unit):
        raise DocumentError("Cần mã cán bộ (--person) hoặc tên đơn vị (--unit), một trong hai.")
    if person:
        found = Person.objects.filter(organization=organization, staff_code=str(person).strip())
        subject = found.first()
        if subject is None:
            raise DocumentError(
                "Không có cán bộ mã {} trong {}.".format(person, organization.abbreviation)
            )
        return History(organization, subject, None,
                       history_awards(organization, person=subject, until=year), year)  # fmt: skip
    subject = Unit.objects.filter(organization=organization, name=str(unit).strip()).first()
    if subject is None:
        raise DocumentError(
            "Không có đơn vị “{}” trong {}.".format(unit, organization.abbreviation)
        )
    return History(organization, None, subject,
                   history_awards(organization, unit=subject, until=year), year)  # fmt: skip


def award_rows(awards, *, with_subject: bool = False) -> list[dict]:
    """Return one numbered row per award as both layouts print it (revoked ones say so)."""
    rows = []
    for number, award in enumerate(awards, start=1):
        row = {
            "number": str(number),
            "period": str(award.year),
            "title": NAMES.get(award.code, award.code),
            "decision": "{}, {:%d/%m/%Y}".format(award.decision_number, award.decided_on),
            "issued_by": award.issued_by,
            "note": (
                "Đã thu hồi ngày {:%d/%m/%Y}: {}".format(award.revoked_on, award.revocation_reason)
                if award.revoked_on else ""
            ),
        }  # fmt: skip
        if with_subject:
            row["subject"] = award.subject_name
        title = "{} ({})".format(row["title"], row["note"]) if row["note"] else row["title"]
        row["cells"] = ([row["subject"]] if with_subject else []) + [
            row["period"], title, row["decision"], row["issued_by"]
        ]
        rows.append(row)
    return rows


def build_history_context(record: History) -> dict:
    organization = record.organization
    rows = award_rows(record.awards)
    person = record.person
    details = []
    if person is not None:
        if person.staff_code:
            details.append("Mã cán bộ: {}".format(person.staff_code))
        if person.position:
            details.append("Chức vụ: {}".format(person.position))
    years = sorted({award.year for award in record.awards})
    span = "từ năm {} đến năm {}".format(years[0], years[-1]) if years else ""
    return {
        **list_frame(organization, kind="award_history", recipients=RECIPIENTS),
        **list_columns("award_history"),
        "document_type": "TRÍCH SỔ KHEN THƯỞNG",
        "title": "Quá trình khen thưởng của {}".format(record.subject_name),
        "subtitle": span,
        "details": "; ".join(details),
        "headers": HEADERS,
        "rows": rows,
        "empty": "" if rows else "Sổ khen thưởng chưa ghi khen thưởng nào.",
        "count": "Cộng: {} khen thưởng".format(len(rows)),
    }


def history_filename(record: History) -> str:
    who = (record.person.staff_code or str(record.person.pk)) if record.person else record.unit.name
    return formatting.ascii_filename("KT-{}".format(who))


AWARD_HISTORY = register(
    DocumentKind(
        name="award_history",
        label="trích sổ khen thưởng",
        build_context=build_history_context,
        docx_template=lambda context: "award_history_{}.docx".format(context["layout"]),
        html_template="documents/list.html",
        find=find_history,
        filename=history_filename,
        options=("person", "unit"),
    )
)


# The register as filtered -------------------------------------------------------------------

# A printed list beyond this is not read by anyone; the screen asks to narrow the filters first.
REGISTER_PRINT_LIMIT = 5000


@dataclass(frozen=True)
class RegisterExtract:
    """The register's awards chosen by the filters, and the filters in words (for the title)."""

    organization: object
    awards: list
    criteria: str = ""


def register_awards(queryset) -> list:
    """Return the awards of `queryset` in the register's order, refusing more than the limit."""
    limit = REGISTER_PRINT_LIMIT
    ordered = queryset.select_related("person", "unit", "organization").order_by(
        "year", "person__sort_key", "unit__position", "code", "pk"
    )
    awards = list(ordered[: limit + 1])
    if len(awards) > limit:
        raise DocumentError(
            "Danh sách có hơn {} khen thưởng; chọn năm, danh hiệu hoặc đơn vị để thu hẹp trước "
            "khi in.".format(limit)
        )
    return awards


def find_register(organization, year=None) -> RegisterExtract:
    awards = Award.objects.filter(organization=organization)
    if year is not None:
        awards = awards.filter(year=year)
    criteria = "Năm {}".format(year) if year is not None else ""
    return RegisterExtract(organization, register_awards(awards), criteria)


def build_register_context(record: RegisterExtract) -> dict:
    rows = award_rows(record.awards, with_subject=True)
    return {
        **list_frame(record.organization, kind="award_register", recipients=RECIPIENTS),
        **list_columns("award_register"),
        "document_type": "SỔ KHEN THƯỞNG",
        "headers": ["Cá nhân, tập thể"] + HEADERS,
        "title": "Danh sách khen thưởng của {}".format(record.organization.name),
        "subtitle": record.criteria,
        "rows": rows,
        "empty": "" if rows else "Không có khen thưởng nào theo điều kiện đã chọn.",
        "count": "Cộng: {} khen thưởng".format(len(rows)),
    }


def register_filename(record: RegisterExtract) -> str:
    years = sorted({award.year for award in record.awards})
    span = "-{}".format(years[0]) if len(years) == 1 else ""
    return formatting.ascii_filename("SoKT-{}{}".format(record.organization.abbreviation, span))


AWARD_REGISTER = register(
    DocumentKind(
        name="award_register",
        label="sổ khen thưởng",
        build_context=build_register_context,
        docx_template=lambda context: "award_register_{}.docx".format(context["layout"]),
        html_template="documents/list.html",
        find=find_register,
        filename=register_filename,
    )
)

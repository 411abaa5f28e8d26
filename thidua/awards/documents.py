"""The document kind `award_history`: one person's (or one unit's) awards across all years, as
the register holds them, in the Party or the state layout (DOCX and PDF).

    python manage.py make_document award_history --person STAFF_CODE --format docx|pdf --output F
    python manage.py make_document award_history --unit "Khoa Dân vận" --format pdf --output F

``--year`` (optional) stops the history at that year. Revoked awards are listed, marked revoked.
"""

from dataclasses import dataclass

from django.utils import timezone

from thidua.awards.models import Award
from thidua.core.choices import TitleCode
from thidua.documents import formatting
from thidua.documents.registry import DocumentError, DocumentKind, register
from thidua.organization.models import DocumentStyle, Person, Unit

NAMES = dict(TitleCode.choices)


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


def build_history_context(record: History) -> dict:
    organization = record.organization
    party = organization.document_style == DocumentStyle.PARTY
    today = timezone.localdate()
    rows = []
    for number, award in enumerate(record.awards, start=1):
        rows.append(
            {
                "number": str(number),
                "period": str(award.year),
                "title": NAMES.get(award.code, award.code),
                "decision": "{}, {:%d/%m/%Y}".format(award.decision_number, award.decided_on),
                "issued_by": award.issued_by,
                "note": (
                    "Đã thu hồi ngày {:%d/%m/%Y}: {}".format(award.revoked_on,
                                                            award.revocation_reason)
                    if award.revoked_on else ""
                ),
            }
        )  # fmt: skip
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
        "layout": "party" if party else "state",
        "parent_body": formatting.upper(organization.parent_body),
        "issuer": formatting.upper(organization.name),
        "heading": "ĐẢNG CỘNG SẢN VIỆT NAM" if party else "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "motto": "" if party else "Độc lập - Tự do - Hạnh phúc",
        "number_line": "",
        "place_date": formatting.place_date(organization.place_name, today),
        "document_type": "TRÍCH SỔ KHEN THƯỞNG",
        "title": "Quá trình khen thưởng của {}".format(record.subject_name),
        "subtitle": span,
        "details": "; ".join(details),
        "rows": rows,
        "empty": "" if rows else "Sổ khen thưởng chưa ghi khen thưởng nào.",
        "count": "Cộng: {} khen thưởng".format(len(rows)),
        "signer_title": "THƯỜNG TRỰC HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
        "signer_name": "",
        "recipients": ["Như trên", "Lưu: VT, TĐKT"],
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
        html_template="documents/award_history.html",
        find=find_history,
        filename=history_filename,
        options=("person", "unit"),
    )
)

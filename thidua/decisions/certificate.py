"""The printable certificate of one line of a decision, A4 landscape: a Giấy khen, or the CSTĐCS
certificate (giấy chứng nhận); LĐTT and TTLĐTT have no certificate (law-2.md §1.3), so they are
refused (decisions.models.CERTIFICATES).

    make_document certificate --year 2022 --number 15/QĐ-TCTTP --person 0123 [--title CSTD_CS]
"""

from dataclasses import dataclass

from thidua.core.choices import COMMENDATION_FORMS, TitleCode
from thidua.decisions.documents import current_units, find_decision
from thidua.documents import formatting
from thidua.documents.layout import is_party
from thidua.documents.registry import DocumentError, DocumentKind, register

NAMES = dict(TitleCode.choices)


@dataclass(frozen=True)
class Certificate:
    """One entry of an issued decision, to print."""

    decision: object
    entry: object


def refuse_without_certificate(entry) -> None:
    """Refuse a line whose title has no certificate (LĐTT, TTLĐTT), naming what does."""
    from thidua.decisions.models import CERTIFICATES

    if entry.title not in CERTIFICATES:
        raise DocumentError(
            "Danh hiệu “{}” không có giấy chứng nhận (công nhận bằng quyết định); chỉ in được "
            "giấy chứng nhận Chiến sĩ thi đua cơ sở và Giấy khen.".format(
                NAMES.get(entry.title, entry.title)
            )
        )


def build_certificate_context(record: Certificate, layout: str | None = None) -> dict:
    decision, entry = record.decision, record.entry
    refuse_without_certificate(entry)
    organization = decision.organization
    party = is_party("certificate", organization, None, layout)
    form = entry.title in COMMENDATION_FORMS
    if entry.person_id:
        person = entry.person
        name = person.display_name
        unit = current_units([person.pk]).get(person.pk, "")
        where = ", ".join(part for part in (person.position, unit) if part)
    else:
        name = entry.unit.name if entry.unit_id else organization.name
        where = organization.name if entry.unit_id else ""
    if form:
        reason = "Đã có thành tích xuất sắc trong phong trào thi đua năm {}.".format(decision.year)
    else:
        reason = "Đã đạt danh hiệu “{}” năm {}.".format(NAMES.get(entry.title, entry.title),
                                                        decision.year)  # fmt: skip
    return {
        "layout": "party" if party else "state",
        "parent_body": formatting.upper(organization.parent_body),
        "issuer": formatting.upper(organization.name),
        "heading": "ĐẢNG CỘNG SẢN VIỆT NAM" if party else "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "motto": "" if party else "Độc lập - Tự do - Hạnh phúc",
        "number_line": "",
        "authority": formatting.upper("{} {}".format(decision.signer_position, organization.name)),
        "document_type": "GIẤY KHEN" if form else "GIẤY CHỨNG NHẬN",
        "verb": "TẶNG" if form else "CHỨNG NHẬN",
        "name": name,
        "where": where,
        "reason": reason,
        "reference": "Quyết định số {} {}".format(
            decision.document_number, formatting.vietnamese_date(decision.decided_on)
        ),
        "place_date": formatting.place_date(
            decision.place or organization.place_name, decision.decided_on
        ),
        "signer_title": formatting.upper(decision.signer_position),
        "signer_name": decision.signer_name,
        "revoked": (
            "Đã thu hồi ngày {:%d/%m/%Y}".format(decision.revoked_on)
            if decision.state == "revoked"
            else ""
        ),
    }


def find_certificate(organization, year, number=None, person=None, title=None) -> Certificate:
    """Return the line of the decision for the person with this staff code (and title)."""
    decision = find_decision(organization, year, number)
    if decision.state == "draft":
        raise DocumentError("Quyết định chưa ban hành; chưa in được giấy khen.")
    if not person:
        raise DocumentError("Cần mã cán bộ (--person).")
    entries = decision.entries.select_related("person", "unit").filter(
        person__staff_code=str(person).strip()
    )
    if title:
        entries = entries.filter(title=title)
    found = list(entries.order_by("position")[:2])
    if len(found) > 1:  # a CSTĐCS is also an LĐTT: the line with a certificate is the one
        from thidua.decisions.models import CERTIFICATES

        found = [e for e in found if e.title in CERTIFICATES] or found
    if not found:
        raise DocumentError(
            "Quyết định số {} không có cán bộ mã {}{}.".format(
                decision.document_number, person, " với danh hiệu {}".format(title) if title else ""
            )
        )
    if len(found) > 1:
        raise DocumentError(
            "Cán bộ mã {} có nhiều danh hiệu trong quyết định; chọn một bằng --title.".format(
                person
            )
        )
    refuse_without_certificate(found[0])
    return Certificate(decision, found[0])


def certificate_filename(record: Certificate) -> str:
    entry = record.entry
    who = entry.person.staff_code or str(entry.person_id) if entry.person_id else str(entry.pk)
    return formatting.ascii_filename(
        "GK-{}-{}-{}".format(record.decision.document_number, entry.title, who)
    )


CERTIFICATE = register(
    DocumentKind(
        name="certificate",
        label="giấy khen",
        build_context=build_certificate_context,
        docx_template=lambda context: "certificate_{}.docx".format(context["layout"]),
        html_template="documents/certificate.html",
        find=find_certificate,
        filename=certificate_filename,
        options=("number", "person", "title"),
        overridable=True,
    )
)

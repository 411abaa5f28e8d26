"""The registration lists (danh sách đăng ký thi đua): one unit's, and the organisation's.

A unit's list shows the unit's collective titles, then one row per member who registered, with an
"x" under each individual title; its head signs it. The consolidated list has one section per unit
(in the units' order), then how many registered each title; it is signed for the council
(TM. HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG / THƯỜNG TRỰC, the secretary's name). Only registrations that
were sent or accepted are listed: a draft or a returned one is still the unit's to change.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Q
from django.utils import timezone

from thidua.accounts.models import Role, RoleGrant
from thidua.core import text
from thidua.core.choices import TitleCode
from thidua.documents import formatting
from thidua.documents.layout import is_party
from thidua.documents.registry import DocumentError, DocumentKind, register
from thidua.organization.models import (
    STAFF_UNIT_KINDS,
    Assignment,
    Organization,
    Person,
    Unit,
)
from thidua.registrations.actions import PERSON_REGISTRABLE, UNIT_REGISTRABLE
from thidua.registrations.models import Registration, RegistrationState

LISTED = (RegistrationState.SUBMITTED, RegistrationState.ACCEPTED)
FOOTNOTE = "Danh sách gồm các bản đăng ký đã gửi hoặc đã được chấp nhận."
NAMES = dict(TitleCode.choices)
# Column heads of the individual titles, short enough for an A4 portrait table; the legend under
# the table spells them out.
SHORT = {
    "LDTT": "LĐTT",
    "CSTD_CS": "CSTĐ cơ sở",
    "CSTD_TINH": "CSTĐ cấp tỉnh",
    "CSTD_TQ": "CSTĐ toàn quốc",
    "GVT_DVN": "GVT-ĐVN",
}
LEGEND = (
    "LĐTT: Lao động tiên tiến; CSTĐ: Chiến sĩ thi đua; GVT-ĐVN: Giỏi việc trường, đảm việc nhà."
)
OTHERS = "Cán bộ không thuộc đơn vị nào hiện nay"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
         "XV", "XVI", "XVII", "XVIII", "XIX", "XX")  # fmt: skip


@dataclass(frozen=True)
class RegistrationList:
    """What one list covers: an organisation's year, and one of its units or all of them."""

    organization: Organization
    year: int
    unit: Unit | None = None
    day: date | None = None  # the date written on the list; today when None


def title_labels(codes) -> str:
    return "; ".join(NAMES.get(code, code) for code in codes)


def roman(number: int) -> str:
    return ROMAN[number - 1] if number <= len(ROMAN) else str(number)


def listed_registrations(organization, year):
    return Registration.objects.filter(organization=organization, year=year, state__in=LISTED)


def staff_units(organization):
    return Unit.objects.filter(organization=organization, kind__in=STAFF_UNIT_KINDS).order_by(
        "position", "name"
    )


def person_row(registration: Registration) -> dict:
    person = registration.person
    titles = list(registration.titles or [])
    notes = []
    extra = [code for code in titles if code not in PERSON_REGISTRABLE]
    if extra:
        notes.append(title_labels(extra))
    if not titles:
        notes.append("Không đăng ký danh hiệu")
    if registration.state == RegistrationState.SUBMITTED:
        notes.append("Chưa duyệt")
    return {
        "name": person.full_name,
        "position": person.position,
        "marks": ["x" if code in titles else "" for code in PERSON_REGISTRABLE],
        "note": "; ".join(notes),
        "titles": titles,
    }


NOT_SENT = "chưa gửi đăng ký"


def collective_titles(registration: Registration | None) -> tuple[str, list[str]]:
    """Return how a unit's own registration reads in the list, and its codes counted in totals.

    None (no registration): nothing written. A draft or returned one: "chưa gửi đăng ký", not
    counted. A sent one: its titles, "(chưa duyệt)" until accepted.
    """
    if registration is None:
        return "", []
    if registration.state not in LISTED:
        return NOT_SENT, []
    codes = list(registration.titles or [])
    words = title_labels(codes) or "không đăng ký"
    if registration.state == RegistrationState.SUBMITTED:
        words += " (chưa duyệt)"
    return words, codes


def section(heading: str, unit_registration: Registration | None, registrations) -> dict:
    """One unit's part: its collective titles, its people's rows and the column totals."""
    rows = [person_row(r) for r in registrations]
    for number, row in enumerate(rows, 1):
        row["number"] = str(number)
    counts = Counter(code for row in rows for code in row["titles"])
    unit_titles, unit_codes = collective_titles(unit_registration)
    return {
        "heading": heading,
        "unit_titles": unit_titles,
        "unit_codes": unit_codes,
        "rows": rows,
        "totals": [str(counts[code]) if counts[code] else "" for code in PERSON_REGISTRABLE],
        "count": len(rows),
    }


def sections_of(record: RegistrationList) -> list[dict]:
    """Return the list's sections: the one unit's, or every staff unit's in order (and the people
    no longer in any unit, if some registered)."""
    organization, year = record.organization, record.year
    listed = listed_registrations(organization, year)
    people = {
        r.person_id: r
        for r in listed.filter(person__isnull=False)
        .select_related("person")
        .order_by("person__sort_key", "person__pk")
    }
    units = [record.unit] if record.unit else list(staff_units(organization))
    unit_rows = {r.unit_id: r for r in Registration.objects.filter(year=year, unit__in=units)}
    current = dict(
        Assignment.objects.current()
        .filter(person_id__in=people, unit__in=units)
        .values_list("person_id", "unit_id")
    )
    sections = []
    for unit in units:
        members = [r for pk, r in people.items() if current.get(pk) == unit.pk]
        sections.append(section(unit.name, unit_rows.get(unit.pk), members))
    if record.unit is None:
        rest = [r for pk, r in people.items() if pk not in current]
        if rest:
            sections.append(section(OTHERS, None, rest))
    for number, part in enumerate(sections, 1):
        part["number"] = roman(number)
    return sections


def totals_of(sections: list[dict]) -> list[dict]:
    """Return how many registered each title: collective titles by units, individual by people."""
    units = Counter(code for part in sections for code in part["unit_codes"])
    people = Counter(code for part in sections for row in part["rows"] for code in row["titles"])
    rows = [{"label": NAMES[code], "subject": "Tập thể", "count": str(units[code])}
            for code in UNIT_REGISTRABLE]  # fmt: skip
    rows += [{"label": NAMES[code], "subject": "Cá nhân", "count": str(people[code])}
             for code in PERSON_REGISTRABLE]  # fmt: skip
    for number, row in enumerate(rows, 1):
        row["number"] = str(number)
    return rows


def unit_head_name(unit: Unit) -> str:
    """Return the name of the unit's head: the person of a unit-head account of the unit, else a
    member whose position begins with "Trưởng"; empty when neither is known (signed by hand)."""
    grant = (
        RoleGrant.objects.filter(
            role=Role.UNIT_HEAD, unit=unit, user__is_active=True, user__person__isnull=False
        )
        .select_related("user__person")
        .order_by("pk")
        .first()
    )
    if grant is not None:
        return grant.user.person.display_name
    for person in Person.objects.in_unit([unit.pk]).filter(organization_id=unit.organization_id):
        if person.position.lower().startswith("trưởng"):
            return person.display_name
    return ""


def secretary_name(organization: Organization) -> str:
    """Return the name of the council's standing secretary (the first secretary account with a
    person); empty when none is linked."""
    grant = (
        RoleGrant.objects.filter(
            role=Role.SECRETARY,
            organization=organization,
            user__is_active=True,
            user__person__isnull=False,
        )
        .select_related("user__person")
        .order_by("pk")
        .first()
    )
    return grant.user.person.display_name if grant else ""


def list_day(record: RegistrationList) -> date:
    """The day written on the list: its last change, never the printing day while one is known.

    A unit's list is dated the day the unit last sent a registration; the consolidated list the
    day of its last change (a registration sent or approved, the unit's list taking only its
    sendings: the board's approval does not change what the unit signed). The printing day only
    for a list with nothing in it yet."""
    if record.day is not None:
        return record.day
    rows = listed_registrations(record.organization, record.year)
    if record.unit is not None:
        members = Person.objects.in_unit([record.unit.pk]).values("pk")
        found = rows.filter(Q(unit=record.unit) | Q(person__in=members)).aggregate(
            last=Max("submitted_at")
        )
    else:
        found = rows.aggregate(sent=Max("submitted_at"), decided=Max("decided_at"))
    last = max((moment for moment in found.values() if moment is not None), default=None)
    if last is not None:
        return timezone.localdate(last)
    return timezone.localdate()  # an empty list: nothing sent or approved yet


def build_registrations_context(record: RegistrationList, layout: str | None = None) -> dict:
    """Return everything the list shows, as plain text; DOCX and PDF both read it."""
    organization, unit = record.organization, record.unit
    party = is_party("registrations", organization, None, layout)
    sections = sections_of(record)
    if unit is None:
        parent, issuer = organization.parent_body, organization.name
        subtitle = organization.name
        signer_lines = ["TM. HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG", "THƯỜNG TRỰC"]
        signer_name = secretary_name(organization)
    else:
        parent, issuer = organization.name, unit.name
        subtitle = unit.name
        signer_lines = ["TRƯỞNG ĐƠN VỊ"]
        signer_name = unit_head_name(unit)
    return {
        "layout": "party" if party else "state",
        "parent_body": formatting.upper(parent),
        "issuer": formatting.upper(issuer),
        "heading": "ĐẢNG CỘNG SẢN VIỆT NAM" if party else "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "motto": "" if party else "Độc lập - Tự do - Hạnh phúc",
        "number_line": "",
        "place_date": formatting.place_date(organization.place_name, list_day(record)),
        "document_type": "DANH SÁCH",
        "title": "ĐĂNG KÝ THI ĐUA NĂM {}".format(record.year),
        "subtitle": subtitle,
        "consolidated": unit is None,
        "columns": [SHORT.get(code, NAMES.get(code, code)) for code in PERSON_REGISTRABLE],
        "sections": sections,
        "totals": totals_of(sections) if unit is None else [],
        "people_count": str(sum(part["count"] for part in sections)),
        "legend": LEGEND,
        "footnote": FOOTNOTE,
        "signer_lines": signer_lines,
        "signer_name": signer_name,
    }


def find_unit(organization, name: str) -> Unit:
    """Return the organisation's staff unit by its name (exact, else without accents and case)."""
    units = staff_units(organization)
    cleaned = text.clean(name)
    found = list(units.filter(name=cleaned)) or list(units.filter(search_text=text.fold(cleaned)))
    if len(found) == 1:
        return found[0]
    if found:
        raise DocumentError(
            "Có nhiều đơn vị tên “{}”: {}.".format(name, ", ".join(u.name for u in found))
        )
    raise DocumentError(
        "{} không có đơn vị “{}”. Các đơn vị: {}.".format(
            organization.name, name, ", ".join(u.name for u in units)
        )
    )


def find_list(organization, year: int | None, *, unit=None) -> RegistrationList:
    """Return the year's list (of one unit, given by name or as a Unit); refuse an empty one."""
    if year is None:
        raise DocumentError("Cần năm của danh sách đăng ký (--year).")
    if isinstance(unit, str):
        unit = find_unit(organization, unit)
    record = RegistrationList(organization=organization, year=year, unit=unit)
    listed = listed_registrations(organization, year)
    if unit is not None:
        members = Assignment.objects.current().filter(unit=unit).values("person_id")
        listed = listed.filter(unit=unit) | listed.filter(person_id__in=members)
    if not listed.exists():
        raise DocumentError(
            "{} chưa có bản đăng ký thi đua nào đã gửi năm {}.".format(
                unit.name if unit else organization.name, year
            )
        )
    return record


def registrations_filename(record: RegistrationList) -> str:
    """Return "DK-TCTTP-2022" or "DK-TCTTP-Khoa-Xay-dung-Dang-2022", ASCII only."""
    parts = ["DK", record.organization.abbreviation]
    if record.unit is not None:
        parts.append(record.unit.name)
    parts.append(str(record.year))
    return formatting.ascii_filename("-".join(parts))


REGISTRATIONS = register(
    DocumentKind(
        name="registrations",
        label="danh sách đăng ký thi đua",
        build_context=build_registrations_context,
        docx_template=lambda context: "registrations_{}.docx".format(context["layout"]),
        html_template="documents/registrations.html",
        find=find_list,
        filename=registrations_filename,
        options=("unit",),
        overridable=True,
    )
)

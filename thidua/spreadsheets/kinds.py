"""The kinds of spreadsheet: the shape every kind has, the registry the apps fill, and the export.

Each kind has a batch: `add` validates one row (returning its errors), `write` saves them all.
The apps register their own kinds from their ready() (the organisation's staff and units, the
evidence kinds, the awards register), as they register their document kinds: this library
imports no app.

Every export goes through one row builder, `Kind.rows(organization, queryset)`: the yearly export
passes the kind's records of a year, the evidence screens their filtered list.
"""

import re
from datetime import date

from django.utils import timezone

from thidua.rules.layout import PARTY
from thidua.spreadsheets.engine import Column, ImportRefused, OfficeFrame, build_workbook


def form_errors(form) -> list[tuple[str | None, str]]:
    """Return (column name or None, message) for every error of a bound, invalid row form."""
    found = []
    for name, messages in form.errors.items():
        for message in messages:
            found.append((None if name == "__all__" else name, message))
    return found


class Kind:
    name = ""
    label = ""
    columns: tuple[Column, ...] = ()
    model = None
    notes: tuple[str, ...] = ()
    #: Filters that pick this kind's records out of its model's (grades of people, not of units).
    subset: dict = {}
    #: The export's order when the queryset given has none of its own.
    order: tuple[str, ...] = ("pk",)
    #: Whether the records carry a verification state (evidence does; staff and units do not),
    #: and its (value, label) pairs.
    has_state = False
    states: tuple = ()
    #: What "Tổng cộng: N …" counts in a "bản in" ("người", "đơn vị"); rows by default.
    counted = "dòng"

    def start(self, *, organization, user):
        return self.batch_class(self, organization, user)

    def latest_year(self, organization) -> int | None:
        """Return the latest year of this kind's yearly records, if it has such records (the
        export's default year reads it)."""
        return None

    # Export: one row builder for the yearly export and the screens' filtered lists ------------

    def of_year(self, organization, year: int):
        """Return the queryset of records a yearly export holds: evidence bearing on the year
        (the model's own definition, as the lists and the closed-year lock read it)."""
        return self.model.objects.bearing_on(year)

    def records(self, organization, queryset):
        """Return the records of `queryset` to export: this organisation's, in order, with what
        the row builder reads loaded in bulk."""
        if queryset.model is not self.model:
            raise TypeError("{} exports {}, not {}.".format(self.name, self.model, queryset.model))
        queryset = queryset.filter(organization=organization, **self.subset)
        if not queryset.query.order_by:
            queryset = queryset.order_by(*self.order)
        return self.prepare(queryset)

    def prepare(self, queryset):
        return queryset

    def lookups(self, organization) -> dict:
        """Return what the row builder reads besides the records (codes and names of people)."""
        return {}

    def value(self, record, column: Column, lookups: dict):
        return getattr(record, column.name)

    def rows(self, organization, queryset) -> list[list]:
        """Return the rows of `queryset` in the template's layout, ready to re-import."""
        records = self.records(organization, queryset)
        lookups = self.lookups(organization)
        return [[self.value(r, column, lookups) for column in self.columns] for r in records]

    def export(self, organization, year: int) -> list[list]:
        return self.rows(organization, self.of_year(organization, year))

    def in_unit(self, queryset, organization, unit):
        """Return the records of `queryset` of `unit` and the units below it. The apps' kinds
        say how (thidua/organization/sheets.py OrganizationKind); the library knows no unit."""
        raise ImportRefused(["Dữ liệu «{}» không lọc được theo đơn vị.".format(self.label)])


class Batch:
    """The rows of one file: `add` checks one (returning its errors), `write` saves them all."""

    def __init__(self, kind, organization, user):
        self.kind = kind
        self.organization = organization
        self.user = user
        self.seen: dict = {}

    def duplicate(self, key, line) -> str | None:
        first = self.seen.get(key)
        if first is not None:
            return "trùng với dòng {} (cùng {}).".format(first, self.kind.same)
        self.seen[key] = line
        return None


# The kinds by name, in the order the apps register them (INSTALLED_APPS): staff and units, the
# evidence kinds, the awards register.
KINDS: dict[str, Kind] = {}


def register_kind(kind: Kind) -> Kind:
    """Add an app's kind (from its ready()); the same name again replaces it."""
    KINDS[kind.name] = kind
    return kind


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise ImportRefused(
            ["Loại dữ liệu «{}» không có; dùng một trong: {}.".format(name, ", ".join(KINDS))]
        ) from None

def filter_records(kind: Kind, organization, queryset, *, unit=None, state=None):
    """Narrow a kind's queryset to a unit (and the units below it) and a verification state.

    A record about people belongs to a unit through their current assignment (the unit they are
    in now, as every list of the application shows them); a unit's grade, to the unit itself.
    """
    if state:
        if not kind.has_state:
            raise ImportRefused(
                [
                    "Dữ liệu «{}» không có trạng thái xác nhận; bỏ bộ lọc trạng thái.".format(
                        kind.label
                    )
                ]
            )
        values = [value for value, _ in kind.states]
        if state not in values:
            raise ImportRefused(
                ["Trạng thái «{}» không có; dùng một trong: {}.".format(state, ", ".join(values))]
            )
        queryset = queryset.filter(verification=state)
    if unit is not None:
        queryset = kind.in_unit(queryset, organization, unit)
    return queryset


def template_bytes(kind: Kind) -> bytes:
    """Return the empty template of a kind: its headers, ID columns as text, a guide sheet."""
    return build_workbook(kind.label, kind.columns, notes=kind.notes)


# The signer of a printed list, as the printed review lists have it (thidua/evaluation/documents.py
# `list_frame`); the name is a dotted line to fill by hand.
LIST_SIGNER = "THƯỜNG TRỰC HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG"


def _vietnamese_date(day: date) -> str:
    """Return "ngày 08 tháng 3 năm 2022", as thidua/documents/formatting.py writes it (the day
    and the months 1–2 on two digits, Nghị định 30/2020/NĐ-CP Phụ lục I)."""
    month = "{:02d}".format(day.month) if day.month < 3 else str(day.month)
    return "ngày {:02d} tháng {} năm {}".format(day.day, month, day.year)


def office_frame(kind: Kind, organization, year: int | None = None, *, day=None) -> OfficeFrame:
    """The heading, title and signature lines of a kind's "bản in", in the organisation's layout
    (the Party's or the state's, its `document_style`)."""
    party = organization.document_style == PARTY
    subject = re.sub(r"\s*\([^)]*\)", "", kind.label).upper()
    title = "DANH SÁCH {}".format(subject)
    if year is not None:
        title += " NĂM {}".format(year)
    day = day or timezone.localdate()
    return OfficeFrame(
        parent_body=(organization.parent_body or "").upper(),
        issuer=organization.name.upper(),
        heading="ĐẢNG CỘNG SẢN VIỆT NAM" if party else "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        motto="" if party else "Độc lập - Tự do - Hạnh phúc",
        title=title,
        place_date="{}, {}".format(organization.place_name, _vietnamese_date(day)),
        signer_title=LIST_SIGNER,
        counted=kind.counted,
    )


def export_queryset_bytes(
    kind_name: str, organization, queryset, *, office: bool = False, year: int | None = None
) -> bytes:
    """Return the rows of a (filtered, scoped) queryset of a kind's model as the kind's template.

    Only `organization`'s records are written, whatever the queryset holds; its order is kept
    when it has one (`order_by`), else the kind's. Raise ImportRefused for an unknown kind.
    With `office` ("bản in"), the table comes with the organisation's heading, a title (of
    `year` when given), the total and the signature lines: the importer still finds the table.
    """
    kind = get_kind(kind_name)
    frame = office_frame(kind, organization, year) if office else None
    return build_workbook(
        kind.label, kind.columns, kind.rows(organization, queryset), kind.notes, frame=frame
    )


def export_bytes(
    kind: Kind, organization, year: int, *, unit=None, state=None, office: bool = False
) -> bytes:
    """Return a kind's records of a year, optionally of a unit and a state, ready to re-import
    (with `office`, as a "bản in")."""
    queryset = filter_records(
        kind, organization, kind.of_year(organization, year), unit=unit, state=state
    )
    return export_queryset_bytes(kind.name, organization, queryset, office=office, year=year)


def export_filename(kind: Kind, organization, year: int | None = None, *, office=False) -> str:
    if year is None:
        return "mau-{}.xlsx".format(kind.name)
    return "{}-{}-{}{}.xlsx".format(
        kind.name, organization.abbreviation, year, "-ban-in" if office else ""
    )

"""The spreadsheet kind `awards`: ten years of the register in one file, in and out.

    python manage.py import_xlsx awards so-khen-thuong.xlsx [--dry-run] [--user thuky]
    python manage.py export_xlsx awards --year 2021 --output so-khen-thuong-2021.xlsx

A row is one award: a person by staff code (text, leading zeros kept), or a collective by name in
"Tập thể" (a unit, or the organisation itself by its name or abbreviation); the year; the title
or form; the decision's number and date (dd/mm/yyyy) and who decided (empty: the body that
decides the title, from thidua.rules.authority). Rows are checked by the register's own action
checks (`awards.actions.check_award`) and written by its bulk variant (`do_add_awards`), all or
nothing. A row for an award already in the register is the same award: unchanged if it says the
same (an export re-imported changes nothing), corrected if the register entered it, refused if one
of thidua's decisions or answers wrote it. The kind registers itself into the spreadsheets'
kinds from the app's ready().
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from thidua.awards.actions import (
    AwardData,
    check_award,
    check_write_permission,
    do_add_awards,
    plan_bulk,
)
from thidua.awards.models import Award
from thidua.core import text
from thidua.core.choices import TitleCode
from thidua.organization.models import Person
from thidua.organization.sheets import FULL_NAME_INFO, YEAR, OrganizationKind, People, Units
from thidua.spreadsheets.engine import Column, ImportRefused
from thidua.spreadsheets.forms import RowFormMixin, check_year
from thidua.spreadsheets.kinds import Batch, register_kind

COLUMN_OF = {
    "person": "staff_code",
    "unit": "unit",
    "year": "year",
    "code": "code",
    "decision_number": "decision_number",
    "decided_on": "decided_on",
    "issued_by": "issued_by",
}


FORMS_SEEN_LIMIT = 10_000


class AwardRowForm(RowFormMixin, forms.Form):
    year = forms.IntegerField()
    code = forms.ChoiceField(choices=TitleCode.choices)
    decision_number = forms.CharField(max_length=50)
    decided_on = forms.DateField()
    issued_by = forms.CharField(max_length=255, required=False)

    def clean_year(self):
        return check_year(self.cleaned_data["year"])


class AwardsBatch(Batch):
    """Rows checked one by one with the register's checks, written together in bulk."""

    def __init__(self, kind, organization, user):
        super().__init__(kind, organization, user)
        try:
            check_write_permission(organization, user)
        except PermissionDenied as error:
            raise ImportRefused([str(error)]) from None
        self.people = People(organization)
        self.persons = {p.pk: p for p in Person.objects.filter(organization=organization)}
        self.units = Units(organization)
        self.organization_names = {
            text.fold(organization.name), text.fold(organization.abbreviation)
        }
        self.today = timezone.localdate()
        self.rows: list[tuple[int, AwardData]] = []
        self.forms_seen: dict[tuple, tuple] = {}

    def subject(self, values) -> tuple[object, object, list]:
        code, collective = values.get("staff_code") or "", values.get("unit") or ""
        if code and collective:
            return None, None, [("unit", "ghi mã cán bộ (cá nhân) hoặc tập thể, không cả hai.")]
        if code:
            person_id, problem = self.people.find(code)
            if problem:
                return None, None, [("staff_code", problem)]
            return self.persons[person_id], None, []
        if collective:
            if text.fold(collective) in self.organization_names:
                return None, None, []  # the organisation itself
            unit, problem = self.units.find(collective)
            if problem:
                return None, None, [("unit", problem)]
            return None, unit, []
        return None, None, [
            ("staff_code", "ghi mã cán bộ (khen cá nhân) hoặc tên tập thể ở cột «Tập thể».")
        ]

    def cleaned(self, values) -> tuple[dict | None, list]:
        """Validate a row's own cells with the row form, once per distinct set of cells: a file of
        ten years repeats the same few decisions on thousands of rows. The memo is bounded."""
        cells = tuple(values.get(name) for name in AwardRowForm.base_fields)
        found = self.forms_seen.get(cells)
        if found is None:
            form = AwardRowForm(dict(zip(AwardRowForm.base_fields, cells, strict=True)))
            if form.is_valid():
                found = (form.cleaned_data, [])
            else:
                found = (None, [(None if name == "__all__" else name, m)
                                for name, messages in form.errors.items() for m in messages])
            if len(self.forms_seen) >= FORMS_SEEN_LIMIT:
                self.forms_seen.clear()
            self.forms_seen[cells] = found
        return found

    def add(self, line, values):
        person, unit, errors = self.subject(values)
        cleaned, invalid = self.cleaned(values)
        errors += invalid
        if errors:
            return errors
        data = AwardData(
            person=person, unit=unit, year=cleaned["year"], code=cleaned["code"],
            decision_number=cleaned["decision_number"], decided_on=cleaned["decided_on"],
            issued_by=cleaned["issued_by"],
        )  # fmt: skip
        refusals = check_award(self.organization, data, today=self.today)
        if refusals:
            return [(COLUMN_OF.get(r.field), r.message) for r in refusals]
        message = self.duplicate((data.person_id, data.unit_id, data.code, data.year), line)
        if message:
            return [(None, message)]
        self.rows.append((line, data))
        return []

    def write(self):
        new, corrections, _, refusals = plan_bulk(self.organization, self.rows)
        if refusals:
            raise ImportRefused(["dòng {}: {}".format(line, r) for line, r in refusals])
        result = do_add_awards(
            self.organization, new, corrections, acting_user=self.user, rows=len(self.rows)
        )
        return result.created, result.updated


class AwardsKind(OrganizationKind):
    name = "awards"
    label = "sổ khen thưởng"
    same = "đối tượng, danh hiệu và năm"
    model = Award
    batch_class = AwardsBatch
    has_state = False
    order = ("year", "person__sort_key", "unit__position", "code", "pk")
    columns = (
        Column("Mã cán bộ", "staff_code", "id", required=False, width=14,
               note="khen cá nhân: mã cán bộ; khen tập thể: để trống, ghi cột Tập thể"),
        FULL_NAME_INFO,
        Column("Tập thể", "unit", required=False, width=32,
               note="tên đơn vị, hoặc tên (tên viết tắt) của cơ quan khi khen cả cơ quan",
               synonyms=("Tên tập thể", "Tập thể được khen")),
        YEAR,
        Column("Danh hiệu, hình thức", "code", "choice", choices=tuple(TitleCode.choices),
               width=40, synonyms=("Danh hiệu", "Hình thức khen thưởng", "Danh hiệu thi đua",
                                   "Danh hiệu, hình thức khen thưởng")),
        Column("Số quyết định", "decision_number", width=18, note="ví dụ 35/QĐ-UBND",
               synonyms=("Số QĐ", "Số, ngày quyết định", "Quyết định số")),
        Column("Ngày quyết định", "decided_on", "date", width=14,
               note="không trước năm được khen, không ở tương lai",
               synonyms=("Ngày QĐ", "Số, ngày quyết định", "Ngày ký quyết định")),
        Column("Cơ quan quyết định", "issued_by", required=False, width=34,
               note="để trống: cấp có thẩm quyền của danh hiệu (ví dụ Chủ tịch UBND tỉnh)",
               synonyms=("Cấp khen", "Cơ quan ban hành", "Cấp quyết định")),
    )  # fmt: skip
    notes = (
        "Mỗi dòng một khen thưởng; tệp có thể gồm nhiều năm (ví dụ mười năm trước khi dùng "
        "thidua).",
        "Một đối tượng đã có danh hiệu, hình thức đó của năm đó thì dòng được coi là cùng một "
        "khen thưởng: giống hệt thì giữ nguyên, khác thì sửa theo tệp nếu khen thưởng được ghi "
        "vào sổ; khen thưởng do quyết định, tờ trình trong thidua ghi thì chỉ sửa qua văn bản đó.",
        "Xuất theo năm: các khen thưởng còn hiệu lực của năm đó (không gồm khen thưởng đã thu "
        "hồi).",
    )

    def of_year(self, organization, year):
        return Award.objects.in_force().filter(year=year)

    def prepare(self, queryset):
        return queryset.select_related("person", "unit", "organization")

    def value(self, record, column, lookups):
        if column.name == "staff_code":
            return record.person.staff_code if record.person_id else ""
        if column.name == "full_name":
            return record.person.full_name if record.person_id else ""
        if column.name == "unit":
            if record.person_id:
                return ""
            return record.unit.name if record.unit_id else record.organization.name
        return super().value(record, column, lookups)

    def in_units(self, queryset, unit_ids):
        people = Person.objects.in_unit(unit_ids)
        return queryset.filter(Q(unit_id__in=unit_ids) | Q(person__in=people))


AWARDS = register_kind(AwardsKind())

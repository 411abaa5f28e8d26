"""The organisation's spreadsheet kinds, staff and units, and what the other apps' kinds read of it:
the columns naming a person, people by staff code and units by name (each looked up once per
import), and the kind of records filtered by unit through people's current assignment.

The kinds register themselves into the spreadsheets library from the app's ready(), as the
evidence and awards kinds do. Duplicates: two rows of one file for the same record are refused
(the second names the first); a row for a record that already exists updates it — a person of
the same staff code, a unit of the same name. The rows are written by the organisation's bulk
actions, with the screen's permission and audit entries.
"""

import difflib
import re
from datetime import date

from django.forms.models import model_to_dict

from thidua.core import text
from thidua.core.actions import ActionRefused
from thidua.organization import sheet_forms
from thidua.organization.actions import do_save_people_many, do_save_units_many
from thidua.organization.models import (
    STAFF_UNIT_KINDS,
    Gender,
    Person,
    StaffCategory,
    Unit,
    UnitKind,
    descendant_ids,
)
from thidua.spreadsheets.engine import Column, ImportRefused, header_key
from thidua.spreadsheets.kinds import Batch, Kind, form_errors, register_kind

# The headers offices write for the shared columns ("Mã CB" is left out: files sent back with
# it were refused as unknown before, and a guess there would pick the wrong person).
STAFF_CODE_SYNONYMS = ("Mã số cán bộ", "Mã CBVC", "Mã viên chức", "Mã nhân sự", "Mã số")
FULL_NAME_SYNONYMS = ("Họ tên", "Họ, tên", "Họ và tên cán bộ", "Họ và tên CBVC", "Tên cán bộ")
STAFF_CODE = Column("Mã cán bộ", "staff_code", "id", width=14, synonyms=STAFF_CODE_SYNONYMS)
FULL_NAME_INFO = Column(
    "Họ và tên",
    "full_name",
    required=False,
    width=28,
    note="chỉ để đối chiếu, có thể bỏ cả cột; cán bộ được xác định theo mã cán bộ",
    header_required=False,
    synonyms=FULL_NAME_SYNONYMS,
)
YEAR = Column("Năm", "year", "int", width=8, synonyms=("Năm xét", "Năm đánh giá"))
UNIT_SYNONYMS = ("Khoa, phòng", "Đơn vị công tác", "Phòng, khoa", "Bộ phận")

class People:
    """The organisation's people by staff code, read once; other organisations' codes told apart."""

    def __init__(self, organization):
        self.organization = organization
        self.by_code = {
            code: (pk, name)
            for code, pk, name in Person.objects.filter(organization=organization)
            .exclude(staff_code="")
            .values_list("staff_code", "pk", "family_and_middle")
        }
        self._foreign = None
        self._padded = None

    def find(self, code: str) -> tuple[int | None, str | None]:
        """Return (person id, None) or (None, the reason in Vietnamese)."""
        if not code:
            return None, "bắt buộc, không được để trống."
        found = self.by_code.get(code)
        if found is not None:
            return found[0], None
        if self._foreign is None:
            self._foreign = set(
                Person.objects.exclude(organization=self.organization)
                .exclude(staff_code="")
                .values_list("staff_code", flat=True)
            )
        if code in self._foreign:
            return None, "cán bộ mã «{}» thuộc cơ quan khác, không nhập được vào {}.".format(
                code, self.organization.abbreviation
            )
        if self._padded is None:
            self._padded = padded_index(self.by_code)
        padded = self._padded.get(code)
        if padded:
            return (
                None,
                "không có cán bộ mã «{}» (mất số 0 ở đầu? hãy ghi mã dạng chữ): có phải "
                "«{}» không?".format(code, padded),
            )
        return None, "không có cán bộ mã «{}» trong {}.".format(
            code, self.organization.abbreviation
        )


def padded_index(codes) -> dict[str, str]:
    """Return each digit code's form without its leading zeros → the first stored code that
    is that with zeros ("32" → "00032"), built once for a file instead of a scan per row."""
    index: dict[str, str] = {}
    for c in codes:
        if c.isdigit() and c.lstrip("0") not in (c, ""):
            index.setdefault(c.lstrip("0"), c)
    return index


def code_width(codes) -> int | None:
    """Return the width of the organisation's staff codes when they all are digits of one width
    ("00032", "00101": 5), else None: the format new codes are read in."""
    widths = {len(code) if code.isdigit() else None for code in codes if code}
    if len(widths) != 1:
        return None
    return widths.pop()


def in_format(code: str, width: int | None) -> str:
    """Return the code in the organisation's format: digits shorter than its width get their
    leading zeros back (32, typed as a number or as text, is "00032" where codes have 5 digits)."""
    if width and code.isdigit() and len(code) < width:
        return code.zfill(width)
    return code


def unit_key(name: str) -> str:
    """Return how unit names are compared: folded, with hyphen, en dash and em dash alike
    ("Phòng Tổ chức - Hành chính" is "Phòng Tổ chức – Hành chính")."""
    return header_key(name)


class Units:
    """The organisation's units by folded name, read once; a name held by two is ambiguous."""

    def __init__(
        self, organization, *, kinds=None, missing="không có đơn vị «{name}» trong {org}."
    ):
        self.organization = organization
        self.missing = missing
        self.by_name: dict[str, list[Unit]] = {}
        self.found: dict[str, tuple] = {}  # each name's answer (a file repeats its units)
        units = Unit.objects.filter(organization=organization)
        if kinds is not None:
            units = units.filter(kind__in=kinds)
        for unit in units:
            self.by_name.setdefault(unit_key(unit.name), []).append(unit)

    def find(self, name: str) -> tuple[Unit | None, str | None]:
        """Return (unit, None) or (None, the reason in Vietnamese)."""
        try:
            return self.found[name]
        except KeyError:
            pass
        answer = self._find(name)
        if len(self.found) < 10_000:
            self.found[name] = answer
        return answer

    def _find(self, name: str) -> tuple[Unit | None, str | None]:
        if not name:
            return None, "bắt buộc, không được để trống."
        found = self.by_name.get(unit_key(name), [])
        if len(found) > 1:
            return None, "có {} đơn vị tên «{}»; hãy đổi tên cho khác nhau.".format(
                len(found), name
            )
        if not found:
            return None, self.missing.format(
                name=name, org=self.organization.abbreviation
            ) + self.suggest(name)
        return found[0], None

    def suggest(self, name: str) -> str:
        """Return " Có phải «…» không?" naming the closest unit when one is near, else ""."""
        close = difflib.get_close_matches(unit_key(name), list(self.by_name), n=1, cutoff=0.8)
        if not close:
            return ""
        return " Có phải «{}» không?".format(self.by_name[close[0]][0].name)


def code_map(organization) -> dict[int, str]:
    return dict(Person.objects.filter(organization=organization).values_list("pk", "staff_code"))


def names_map(organization) -> dict[int, str]:
    return {
        pk: "{} {}".format(family, given).strip()
        for pk, family, given in Person.objects.filter(organization=organization).values_list(
            "pk", "family_and_middle", "given"
        )
    }


def split_codes(value: str) -> list[str]:
    """Return the staff codes of a cell: "00123; 00456" (commas and new lines also separate)."""
    return [part.strip() for part in re.split(r"[;,\n]", value or "") if part.strip()]


def resolve(code: str, people: People, seen: set, noun: str) -> tuple[int | None, str | None]:
    """Return (person id, None) or (None, why not), refusing a person already in `seen`."""
    person_id, problem = people.find(code)
    if problem:
        return None, problem
    if person_id in seen:
        return None, "{} «{}» ghi hai lần.".format(noun, code)
    seen.add(person_id)
    return person_id, None


class OrganizationKind(Kind):
    """A kind of the organisation's records: filtered by a unit (and the units below it)
    through its people's current assignment, as every list of the application shows them."""

    #: The lookup from a record to its person, for the unit filter.
    person_lookup = "person"

    def in_unit(self, queryset, organization, unit):
        return self.in_units(queryset, descendant_ids([unit.pk], organization_id=organization.pk))

    def in_units(self, queryset, unit_ids):
        """Return the records of `queryset` about people now in these units."""
        return queryset.filter(**{self.person_lookup + "__in": Person.objects.in_unit(unit_ids)})


# Units and staff: saved by the bulk actions, with the screen's permission and audit entries --


def _dashes_alike(name: str) -> str:
    return re.sub(r"\s*[-\u2010-\u2014\u2212]\s*", " – ", text.clean(name))


class UnitBatch(Batch):
    def __init__(self, kind, organization, user):
        super().__init__(kind, organization, user)
        self.units = Units(
            organization,
            missing="không có đơn vị «{name}» (đơn vị cấp trên phải có sẵn hoặc ở dòng trên).",
        )
        self.rows = []
        self.in_file: dict[str, Unit] = {}

    def find(self, name: str) -> tuple[Unit | None, str | None]:
        key = unit_key(name)
        if key in self.in_file:
            return self.in_file[key], None
        return self.units.find(name)

    def add(self, line, values):
        name = values.get("name") or ""
        existing = self.units.by_name.get(unit_key(name), [])
        if len(existing) > 1:
            return [("name", "có {} đơn vị tên «{}».".format(len(existing), name))]
        instance = existing[0] if existing else Unit(organization=self.organization)
        values = dict(values)
        if existing and _dashes_alike(existing[0].name) == _dashes_alike(name):
            values["name"] = existing[0].name  # a hyphen typed for the stored en dash
        form = sheet_forms.UnitRowForm(
            {k: v for k, v in values.items() if k != "parent"}, instance=instance
        )
        errors = [] if form.is_valid() else form_errors(form)
        parent = None
        if values.get("parent"):
            parent, problem = self.find(values["parent"])
            if problem:
                errors.append(("parent", problem))
            elif parent is instance:
                errors.append(("parent", "đơn vị không thể là cấp trên của chính nó."))
        if errors:
            return errors
        message = self.duplicate(unit_key(name), line)
        if message:
            return [(None, message)]
        self.in_file[unit_key(name)] = form.instance
        self.rows.append((line, form.instance, parent))
        return []

    def write(self):
        for _line, unit, parent in self.rows:
            unit.parent = parent
        rows = [(line, unit) for line, unit, _parent in self.rows]
        try:
            return do_save_units_many(rows, acting_user=self.user)
        except ActionRefused as error:
            raise ImportRefused(str(error).split("\n")) from None


class UnitsKind(OrganizationKind):
    name = "units"
    label = "đơn vị"
    same = "tên đơn vị"
    counted = "đơn vị"
    model = Unit
    batch_class = UnitBatch
    columns = (
        Column("Tên đơn vị", "name", width=36, synonyms=("Đơn vị", "Tên khoa, phòng")),
        Column(
            "Loại",
            "kind",
            "choice",
            choices=tuple(UnitKind.choices),
            width=16,
            synonyms=("Loại đơn vị", "Loại hình"),
        ),
        Column(
            "Đơn vị cấp trên",
            "parent",
            required=False,
            width=30,
            note="tên đơn vị đã có hoặc ở dòng trên",
            synonyms=("Trực thuộc", "Thuộc đơn vị", "Cấp trên"),
        ),
        Column("Thứ tự", "position", "int", required=False, width=8, synonyms=("Thứ tự sắp xếp",)),
    )
    notes = ("Năm không dùng với đơn vị: tệp xuất ra là mọi đơn vị hiện có.",)

    def of_year(self, organization, year):
        return Unit.objects.all()

    def records(self, organization, queryset):
        """Return the units parents first (a parent must come before its children to import)."""
        units = list(super().records(organization, queryset).select_related("parent"))
        parents = dict(
            Unit.objects.filter(organization=organization).values_list("pk", "parent_id")
        )
        depth = {}

        def level(pk):
            if pk not in depth:
                depth[pk] = 0 if parents[pk] is None else level(parents[pk]) + 1
            return depth[pk]

        units.sort(key=lambda u: (level(u.pk), u.position, text.sort_key(u.name), u.pk))
        return units

    def value(self, record, column, lookups):
        if column.name == "parent":
            return record.parent.name if record.parent else ""
        return super().value(record, column, lookups)

    def in_units(self, queryset, unit_ids):
        return queryset.filter(pk__in=unit_ids)


class StaffBatch(Batch):
    """People of a staff list, identified by staff code, else by personal identification
    number (CCCD), else new: a new person without a code gets the next free one when written
    (`details["generated"]` lists them, for the preview to say so)."""

    def __init__(self, kind, organization, user):
        super().__init__(kind, organization, user)
        everyone = sheet_forms.people_of(organization)
        # Their values as stored, for the write to compare with (and not read them again).
        names = [field.attname for field in Person._meta.concrete_fields]
        self.stored = {p.pk: {name: p.__dict__[name] for name in names} for p in everyone}
        self.people = {p.staff_code: p for p in everyone if p.staff_code}
        self.by_personal_id = {p.personal_id: p for p in everyone if p.personal_id}
        self.units = Units(
            organization,
            kinds=STAFF_UNIT_KINDS,
            missing="không có khoa, phòng nào tên «{name}» trong {org}.",
        )
        self.rows = []
        self.personal_ids: dict[str, int] = {}  # number → the file's line that has it first
        self.details = {"generated": []}
        # A code that lost its leading zeros (Excel reads 00032 as the number 32) is refused
        # when it is a stored person's, not guessed; a new person's is written in the
        # organisation's format when it has one (all codes digits of one width).
        self.width = code_width(self.people)
        self.padded = padded_index(self.people)
        self.checker = sheet_forms.PersonRowChecker()
        self.new_person = sheet_forms.person_maker(organization)
        self.reformatted: list[tuple[int, str, str]] = []
        self.notes: list[str] = []

    def add(self, line, values):
        data = {k: v for k, v in values.items() if k not in ("full_name", "unit")}
        family, given = text.split_full_name(values.get("full_name") or "")
        data["family_and_middle"], data["given"] = family, given
        code = values.get("staff_code") or ""
        padded = None if code in self.people else self.padded.get(code)
        if not padded and in_format(code, self.width) != code:
            # A new person's code that lost its zeros: written in the organisation's format.
            self.reformatted.append((line, code, in_format(code, self.width)))
            code = data["staff_code"] = in_format(code, self.width)
        if padded:
            person = self.people[padded]
            return [
                (
                    "staff_code",
                    "mã «{}» chưa có, nhưng đã có cán bộ mã «{}» ({} {}): Excel đã bỏ số 0 ở "
                    "đầu? Hãy ghi mã dạng chữ «{}»; không tạo thêm một cán bộ mới.".format(
                        code, padded, person.family_and_middle, person.given, padded
                    ),
                )
            ]
        personal_id = values.get("personal_id") or ""
        problem = self.personal_id_problem(line, code, personal_id)
        if problem:
            return [("personal_id", problem)]
        # The staff code first, else the personal identification number, else a new person.
        instance = (
            self.people.get(code) if code else self.by_personal_id.get(personal_id)
        ) or self.new_person()
        if instance.pk:
            # A column the file leaves out (an office list has no e-mail column) keeps what is
            # stored rather than blanking it.
            absent = [f for f in sheet_forms.PersonRowForm._meta.fields if f not in data]
            if absent:
                data = {**model_to_dict(instance, fields=absent), **data}
            data["staff_code"] = code or instance.staff_code
        person = self.checker.build(data, instance)
        errors = []
        if person is None:  # refused by the checks: the row form says why
            form = sheet_forms.PersonRowForm(data, instance=instance)
            errors = [] if form.is_valid() else form_errors(form)
            errors = [
                ("full_name" if n in ("family_and_middle", "given") else n, m) for n, m in errors
            ]
            person = form.instance
        unit, problem = self.units.find(values.get("unit") or "")
        if problem:
            errors.append(("unit", problem))
        if errors:
            return errors
        message = self.duplicate(code, line) if code else None
        if message:
            return [(None, message)]
        self.rows.append((line, person, unit))
        return []

    def personal_id_problem(self, line, code: str, personal_id: str) -> str | None:
        """Return why this number cannot go with this code: already on another row of the
        file, or held by a person of another staff code."""
        if not personal_id:
            return None
        first = self.personal_ids.setdefault(personal_id, line)
        if first != line:
            return "số định danh «{}» trùng với dòng {}; mỗi người một số.".format(
                personal_id, first
            )
        holder = self.by_personal_id.get(personal_id)
        if holder is not None and code and holder.staff_code != code:
            return (
                "số định danh «{}» đã có ở cán bộ mã «{}» ({}); một người không thể có hai mã "
                "cán bộ: hãy sửa mã cán bộ hoặc số định danh.".format(
                    personal_id, holder.staff_code, holder.full_name
                )
            )
        return None

    def generate_codes(self):
        """Give each new person without a code the next number after the highest numeric
        code, as wide as the organisation's (five digits at least: "00123")."""
        if all(person.pk is not None or person.staff_code for _, person, _ in self.rows):
            return  # nobody to give a code to
        used = set(self.people) | {p.staff_code for _, p, _ in self.rows if p.staff_code}
        numbers = [c for c in used if c.isdigit()]
        width = max([5, *map(len, numbers)])
        following = max(map(int, numbers), default=0) + 1
        for line, person, _unit in self.rows:
            if person.pk is None and not person.staff_code:
                code = str(following).zfill(width)
                following += 1
                person.staff_code = code
                self.details["generated"].append((line, code, person.full_name))

    def write(self):
        self.generate_codes()
        if self.reformatted:
            first = self.reformatted[:5]
            self.notes.append(
                "Mã cán bộ mới ghi thiếu số 0 ở đầu được viết theo định dạng mã của cơ quan ({} "
                "chữ số): {}{}.".format(
                    self.width,
                    "; ".join("dòng {} «{}» → «{}»".format(*change) for change in first),
                    " và {} dòng khác".format(len(self.reformatted) - len(first))
                    if len(self.reformatted) > len(first)
                    else "",
                )
            )
        try:
            return do_save_people_many(self.rows, acting_user=self.user, stored=self.stored)
        except ActionRefused as error:
            raise ImportRefused(str(error).split("\n")) from None


class StaffKind(OrganizationKind):
    name = "staff"
    label = "cán bộ (kèm đơn vị)"
    same = "mã cán bộ"
    counted = "người"
    model = Person
    batch_class = StaffBatch
    person_lookup = "pk"
    order = ("sort_key", "pk")
    columns = (
        Column(
            "Mã cán bộ",
            "staff_code",
            "id",
            required=False,
            width=14,
            header_required=False,
            note="để trống thì cán bộ được tìm theo số định danh cá nhân, hoặc được cấp mã mới "
            "khi xác nhận nhập",
            synonyms=STAFF_CODE_SYNONYMS,
        ),
        Column("Họ và tên", "full_name", width=28, synonyms=FULL_NAME_SYNONYMS),
        Column(
            "Giới tính",
            "gender",
            "choice",
            choices=tuple(Gender.choices),
            width=10,
            synonyms=("Nam/Nữ", "Nam, nữ", "Phái"),
        ),
        Column(
            "Ngày sinh",
            "birth_date",
            "date",
            required=False,
            width=14,
            header_required=False,
            synonyms=("Ngày, tháng, năm sinh", "Ngày tháng năm sinh", "Sinh ngày"),
        ),
        Column(
            "Học hàm, học vị",
            "academic_title",
            required=False,
            width=12,
            header_required=False,
            synonyms=("Học vị", "Trình độ chuyên môn", "Học hàm học vị"),
        ),
        Column(
            "Chức vụ",
            "position",
            required=False,
            width=20,
            header_required=False,
            synonyms=("Chức vụ hiện tại", "Chức vụ, chức danh", "Chức danh"),
        ),
        Column(
            "Ngạch, loại",
            "category",
            "choice",
            choices=tuple(StaffCategory.choices),
            required=False,
            header_required=False,
            note="có thể bổ sung sau; danh sách cán bộ ghi rõ người còn thiếu",
            synonyms=("Ngạch", "Loại cán bộ", "Ngạch, chức danh nghề nghiệp"),
        ),
        Column(
            "Đảng viên",
            "party_member",
            "bool",
            required=False,
            width=10,
            header_required=False,
            synonyms=("Là đảng viên", "Đảng viên ĐCSVN"),
        ),
        Column(
            "Đoàn viên công đoàn",
            "union_member",
            "bool",
            required=False,
            width=10,
            header_required=False,
            synonyms=("Công đoàn viên", "Đoàn viên CĐ"),
        ),
        Column(
            "Ngày vào làm việc",
            "hired_on",
            "date",
            required=False,
            width=14,
            header_required=False,
            synonyms=("Ngày tuyển dụng", "Ngày vào cơ quan", "Ngày về cơ quan", "Ngày vào ngành"),
        ),
        Column(
            "Ngày thôi việc",
            "left_on",
            "date",
            required=False,
            width=14,
            header_required=False,
            synonyms=("Ngày nghỉ việc", "Ngày nghỉ hưu", "Ngày chuyển công tác"),
        ),
        Column(
            "Thư điện tử",
            "email",
            required=False,
            width=24,
            header_required=False,
            synonyms=("Email", "E-mail", "Thư"),
        ),
        Column(
            "Điện thoại",
            "phone",
            "id",
            required=False,
            width=14,
            header_required=False,
            synonyms=("Số điện thoại", "SĐT", "ĐT", "Điện thoại di động"),
        ),
        Column(
            "Đơn vị",
            "unit",
            width=30,
            note="tên khoa, phòng hiện tại của cán bộ",
            synonyms=UNIT_SYNONYMS,
        ),
        # Last, so the files made before it still line up.
        Column(
            "Số định danh cá nhân",
            "personal_id",
            "id",
            required=False,
            width=16,
            header_required=False,
            note="12 chữ số của căn cước công dân, ghi dạng chữ",
            synonyms=("Số CCCD", "CCCD", "Số căn cước công dân", "Căn cước công dân",
                      "Số căn cước", "Số định danh"),
        ),
    )
    notes = ("Xuất theo năm: những cán bộ làm việc trong năm đó, với đơn vị hiện tại.",)

    def of_year(self, organization, year):
        return Person.objects.exclude(hired_on__gt=date(year, 12, 31)).exclude(
            left_on__lt=date(year, 1, 1)
        )

    def prepare(self, queryset):
        return queryset.exclude(staff_code="").with_current_unit()

    def value(self, record, column, lookups):
        if column.name == "unit":
            return record.current_unit_name or ""
        return super().value(record, column, lookups)


def find_unit(organization, name: str) -> Unit:
    """Return the organisation's unit of that name, or refuse in Vietnamese."""
    unit, problem = Units(organization).find(text.clean(name))
    if problem:
        raise ImportRefused(["Đơn vị: {}".format(problem)])
    return unit


def register_spreadsheets() -> None:
    """Add the staff and unit kinds to the spreadsheets' kinds (from the app's ready())."""
    register_kind(StaffKind())
    register_kind(UnitsKind())

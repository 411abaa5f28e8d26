"""The kinds of spreadsheet: their columns, how a row becomes a record, and what an export reads.

Each kind has a batch: `add` validates one row (returning its errors), `write` saves them all.
People are found by staff code and units by name, each looked up once per import.

Duplicates: two rows of one file for the same record are refused (the second names the first).
A row for a record that already exists updates it — a grade for a person and year that has one,
a discipline of the same person, form and date, a leave of the same person, kind and start, an
initiative of the same title and year, a person of the same staff code, a unit of the same name:
re-importing a corrected file is how offices fix a list, and an export re-imported changes nothing.
"""

from datetime import date

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from thidua.achievements.models import (
    Authorship,
    Discipline,
    Initiative,
    Leave,
    Verification,
    YearGrade,
)
from thidua.core import text
from thidua.core.choices import DisciplineForm, Grade, LeaveKind, RecognitionLevel
from thidua.organization.actions import ActionRefused, do_save_person, do_save_unit
from thidua.organization.models import (
    STAFF_UNIT_KINDS,
    Gender,
    Person,
    StaffCategory,
    Unit,
    UnitKind,
)
from thidua.spreadsheets import forms
from thidua.spreadsheets.engine import Column, ImportRefused, build_workbook

BATCH_SIZE = 1000

STAFF_CODE = Column("Mã cán bộ", "staff_code", "id", width=14)
FULL_NAME_INFO = Column(
    "Họ và tên",
    "full_name",
    required=False,
    width=28,
    note="chỉ để đối chiếu, có thể bỏ cả cột; cán bộ được xác định theo mã cán bộ",
    header_required=False,
)


def verification_for(user) -> str:
    """Evidence imported by a secretary or an administrator is verified; anyone else proposes."""
    if user is not None and user.is_authenticated and user.edits_personnel:
        return Verification.VERIFIED
    return Verification.PROPOSED


def form_errors(form) -> list[tuple[str | None, str]]:
    """Return (column name or None, message) for every error of a bound, invalid row form."""
    found = []
    for name, messages in form.errors.items():
        for message in messages:
            found.append((None if name == "__all__" else name, message))
    return found


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
        if code.isdigit() and any(c.lstrip("0") == code for c in self.by_code if c.isdigit()):
            return None, "không có cán bộ mã «{}» (mất số 0 ở đầu? hãy ghi mã dạng chữ).".format(
                code
            )
        return None, "không có cán bộ mã «{}» trong {}.".format(
            code, self.organization.abbreviation
        )


def code_map(organization) -> dict[int, str]:
    return dict(Person.objects.filter(organization=organization).values_list("pk", "staff_code"))


def names_map(organization) -> dict[int, str]:
    return {
        pk: "{} {}".format(family, given).strip()
        for pk, family, given in Person.objects.filter(organization=organization).values_list(
            "pk", "family_and_middle", "given"
        )
    }


class Kind:
    name = ""
    label = ""
    columns: tuple[Column, ...] = ()
    model = None
    notes: tuple[str, ...] = ()

    def start(self, *, organization, user):
        return self.batch_class(self, organization, user)

    def log(self, batch, result) -> None:
        """Bulk writes bypass django-auditlog's signals, so one entry records the whole import."""
        if not getattr(batch, "bulk", False):
            return
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(self.model),
            object_pk=str(batch.organization.pk),
            object_id=batch.organization.pk,
            object_repr="Nhập Excel {} của {}: {} dòng, {} thêm mới, {} cập nhật".format(
                self.label,
                batch.organization.abbreviation,
                result.rows,
                result.created,
                result.updated,
            ),
            action=LogEntry.Action.CREATE,
            changes={
                "nhập Excel": [
                    "",
                    "{} dòng: {} thêm, {} cập nhật".format(
                        result.rows, result.created, result.updated
                    ),
                ]
            },
            changes_text="",
            actor=batch.user if batch.user is not None and batch.user.pk else None,
            additional_data={
                "kind": self.name,
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "verification": batch.verification,
            },
        )

    def export(self, organization, year: int) -> list[list]:
        raise NotImplementedError


class Batch:
    bulk = False

    def __init__(self, kind, organization, user):
        self.kind = kind
        self.organization = organization
        self.user = user
        self.verification = verification_for(user)
        self.seen: dict = {}

    def duplicate(self, key, line) -> str | None:
        first = self.seen.get(key)
        if first is not None:
            return "trùng với dòng {} (cùng {}).".format(first, self.kind.same)
        self.seen[key] = line
        return None


# Evidence about one person, written in bulk: grades, discipline, leave ------------------------


class PersonEvidenceBatch(Batch):
    """Rows about one person each, validated by the kind's row form and written in bulk.

    A row form depends only on its own cells (the person is looked up apart), so rows with the
    same cells share one validation: 50,000 grades are a handful of (year, grade) pairs. Writes
    are one bulk insert and one UPDATE per distinct new value, and rows equal to what is stored
    are not written at all; django-auditlog sees none of it, hence `Kind.log`'s summary entry.
    """

    bulk = True

    def __init__(self, kind, organization, user):
        super().__init__(kind, organization, user)
        self.people = People(organization)
        self.rows: list[tuple[int, object]] = []
        self.validated: dict[tuple, tuple[list, dict | None]] = {}

    def validate(self, data: dict) -> tuple[list, dict | None]:
        key = tuple(sorted(data.items()))
        found = self.validated.get(key)
        if found is None:
            form = self.kind.form(data)
            found = (form_errors(form), None) if not form.is_valid() else ([], form.cleaned_data)
            self.validated[key] = found
        return found

    def add(self, line, values):
        errors = []
        person_id, problem = self.people.find(values.get("staff_code", ""))
        if problem:
            errors.append(("staff_code", problem))
        form_errors_, cleaned = self.validate(
            {k: v for k, v in values.items() if k not in ("staff_code", "full_name")}
        )
        errors.extend(form_errors_)
        if errors:
            return errors
        instance = self.kind.model(
            **cleaned,
            person_id=person_id,
            organization=self.organization,
            verification=self.verification,
        )
        message = self.duplicate(self.kind.key(instance), line)
        if message:
            return [(None, message)]
        self.rows.append((line, instance))
        return []

    def write(self) -> tuple[int, int]:
        existing = self.kind.existing(self.organization, [obj for _, obj in self.rows])
        fields = [*self.kind.update_fields, "verification"]
        to_create, changes, updated = [], {}, 0
        for _, obj in self.rows:
            found = existing.get(self.kind.key(obj))
            if found is None:
                to_create.append(obj)
                continue
            updated += 1
            pk, stored = found
            wanted = tuple(getattr(obj, name) for name in fields)
            if wanted != stored:
                changes.setdefault(wanted, []).append(pk)
        self.kind.model.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        for wanted, pks in changes.items():
            for start in range(0, len(pks), BATCH_SIZE):
                self.kind.model.objects.filter(pk__in=pks[start : start + BATCH_SIZE]).update(
                    **dict(zip(fields, wanted, strict=True))
                )
        return len(to_create), updated


class PersonEvidenceKind(Kind):
    batch_class = PersonEvidenceBatch
    key_fields: tuple[str, ...] = ()
    update_fields: tuple[str, ...] = ()

    def key(self, obj) -> tuple:
        return tuple(getattr(obj, name) for name in self.key_fields)

    def narrow(self, objects) -> dict:
        """Return filters that limit the stored rows read to those the file may match."""
        return {}

    def existing(self, organization, objects) -> dict[tuple, tuple[int, tuple]]:
        """Return {key: (pk, stored values of the updated fields)} of the stored records."""
        names = [*self.key_fields, "pk", *self.update_fields, "verification"]
        size = len(self.key_fields)
        stored = self.model.objects.filter(organization=organization, **self.narrow(objects))
        return {row[:size]: (row[size], row[size + 1 :]) for row in stored.values_list(*names)}


class GradesKind(PersonEvidenceKind):
    name = "grades"
    label = "xếp loại chất lượng cán bộ"
    same = "cán bộ và năm"
    model = YearGrade
    form = forms.GradeRowForm
    update_fields = ("grade",)
    columns = (
        STAFF_CODE,
        FULL_NAME_INFO,
        Column("Năm", "year", "int", width=8),
        Column("Xếp loại", "grade", "choice", choices=tuple(Grade.choices), write_code=True),
    )
    notes = ("Một cán bộ đã có xếp loại của năm đó thì xếp loại được cập nhật theo tệp.",)

    key_fields = ("person_id", "year")

    def narrow(self, objects):
        return {"person__isnull": False, "year__in": {obj.year for obj in objects}}

    def export(self, organization, year):
        codes, names = code_map(organization), names_map(organization)
        rows = YearGrade.objects.filter(
            organization=organization, person__isnull=False, year=year
        ).order_by("person__sort_key", "person_id")
        return [
            [codes[g.person_id], names[g.person_id], g.year, g.grade]
            for g in rows.only("person_id", "year", "grade")
        ]


class DisciplineKind(PersonEvidenceKind):
    name = "discipline"
    label = "kỷ luật"
    same = "cán bộ, hình thức và ngày quyết định"
    model = Discipline
    form = forms.DisciplineRowForm
    update_fields = ("decision_number", "effective_until")
    columns = (
        STAFF_CODE,
        FULL_NAME_INFO,
        Column("Hình thức", "form", "choice", choices=tuple(DisciplineForm.choices)),
        Column("Số quyết định", "decision_number", "id", required=False),
        Column("Ngày quyết định", "decided_on", "date", width=14),
        Column("Hết hiệu lực", "effective_until", "date", required=False, width=14),
    )

    key_fields = ("person_id", "form", "decided_on")

    def export(self, organization, year):
        codes, names = code_map(organization), names_map(organization)
        rows = Discipline.objects.filter(organization=organization, decided_on__year=year).order_by(
            "decided_on", "person__sort_key", "pk"
        )
        return [
            [
                codes[d.person_id],
                names[d.person_id],
                d.form,
                d.decision_number,
                d.decided_on,
                d.effective_until,
            ]
            for d in rows
        ]


class LeaveImportKind(PersonEvidenceKind):
    name = "leave"
    label = "nghỉ thai sản, đi học, nghỉ ốm"
    same = "cán bộ, loại và ngày bắt đầu"
    model = Leave
    form = forms.LeaveRowForm
    update_fields = ("ended_on",)
    columns = (
        STAFF_CODE,
        FULL_NAME_INFO,
        Column("Loại", "kind", "choice", choices=tuple(LeaveKind.choices)),
        Column("Từ ngày", "started_on", "date", width=14),
        Column("Đến ngày", "ended_on", "date", width=14),
    )

    key_fields = ("person_id", "kind", "started_on")

    def export(self, organization, year):
        codes, names = code_map(organization), names_map(organization)
        rows = Leave.objects.filter(
            organization=organization,
            started_on__lte=date(year, 12, 31),
            ended_on__gte=date(year, 1, 1),
        ).order_by("started_on", "person__sort_key", "pk")
        return [
            [codes[x.person_id], names[x.person_id], x.kind, x.started_on, x.ended_on] for x in rows
        ]


# Initiatives, with their authors -------------------------------------------------------------

AUTHORS_NOTE = "mã cán bộ:tỷ lệ %, cách nhau bởi dấu chấm phẩy, ví dụ «00123:60; 00456:40»"


def parse_authors(value: str, people: People) -> tuple[list[tuple[int, int]], list[str]]:
    """Return ([(person id, share)], errors) from "00123:60; 00456:40"."""
    authors, errors, seen = [], [], set()
    parts = [p.strip() for p in (value or "").split(";") if p.strip()]
    if not parts:
        return [], ["cần ít nhất một tác giả ({}).".format(AUTHORS_NOTE)]
    for part in parts:
        code, sep, share_text = part.partition(":")
        code = code.strip()
        if not sep:
            if len(parts) > 1:
                errors.append("thiếu tỷ lệ của tác giả «{}» ({}).".format(code, AUTHORS_NOTE))
                continue
            share_text = "100"
        try:
            share = int(share_text.strip().rstrip("%").strip())
        except ValueError:
            errors.append("tỷ lệ «{}» của tác giả «{}» không phải số.".format(share_text, code))
            continue
        if not 1 <= share <= 100:
            errors.append("tỷ lệ của tác giả «{}» phải từ 1 đến 100%.".format(code))
            continue
        person_id, problem = people.find(code)
        if problem:
            errors.append(problem)
            continue
        if person_id in seen:
            errors.append("tác giả «{}» ghi hai lần.".format(code))
            continue
        seen.add(person_id)
        authors.append((person_id, share))
    if not errors and sum(s for _, s in authors) > 100:
        errors.append(
            "tổng tỷ lệ các tác giả là {}%, vượt 100%.".format(sum(s for _, s in authors))
        )
    return authors, errors


class InitiativeBatch(Batch):
    """An initiative is known by its title, year and authors: offices record the same title
    once per author (each with 100%), so title and year alone would merge different records."""

    def __init__(self, kind, organization, user):
        super().__init__(kind, organization, user)
        self.people = People(organization)
        self.existing = {}
        for initiative in Initiative.objects.filter(organization=organization).prefetch_related(
            "authorships"
        ):
            authors = frozenset(a.person_id for a in initiative.authorships.all())
            self.existing[(text.fold(initiative.title), initiative.year, authors)] = initiative
        self.rows = []

    def add(self, line, values):
        authors, author_errors = parse_authors(values.get("authors", ""), self.people)
        errors = [("authors", message) for message in author_errors]
        data = {k: v for k, v in values.items() if k != "authors"}
        key = (
            text.fold(data.get("title") or ""),
            data.get("year"),
            frozenset(pk for pk, _ in authors),
        )
        instance = self.existing.get(key) or Initiative()
        form = forms.InitiativeRowForm(data, instance=instance)
        if not form.is_valid():
            errors.extend(form_errors(form))
        if errors:
            return errors
        message = self.duplicate(key, line)
        if message:
            return [(None, message)]
        self.rows.append((form.instance, authors))
        return []

    def write(self):
        created = updated = 0
        with set_actor(self.user):
            for initiative, authors in self.rows:
                is_new = initiative.pk is None
                initiative.organization = self.organization
                initiative.verification = self.verification
                initiative.save()
                # An update has the same authors (they are part of its key): only shares change.
                current = (
                    {a.person_id: a for a in initiative.authorships.all()} if not is_new else {}
                )
                for person_id, share in authors:
                    authorship = current.get(person_id)
                    if authorship is None:
                        Authorship.objects.create(
                            initiative=initiative, person_id=person_id, share=share
                        )
                    elif authorship.share != share:
                        authorship.share = share
                        authorship.save()
                created += is_new
                updated += not is_new
        return created, updated


class InitiativesKind(Kind):
    name = "initiatives"
    label = "sáng kiến"
    same = "tên sáng kiến, năm và tác giả"
    model = Initiative
    batch_class = InitiativeBatch
    columns = (
        Column("Tên sáng kiến", "title", width=50),
        Column("Năm công nhận", "year", "int", width=10),
        Column("Cấp công nhận", "level", "choice", choices=tuple(RecognitionLevel.choices)),
        Column("Cơ quan công nhận", "recognized_by", required=False, width=30),
        Column("Số quyết định", "decision_number", "id", required=False),
        Column("Ngày quyết định", "decided_on", "date", required=False, width=14),
        Column("Tác giả", "authors", width=30, note=AUTHORS_NOTE),
    )

    def export(self, organization, year):
        codes = code_map(organization)
        rows = []
        initiatives = (
            Initiative.objects.filter(organization=organization, year=year)
            .prefetch_related("authorships")
            .order_by("title", "pk")
        )
        for i in initiatives:
            authors = "; ".join(
                "{}:{}".format(codes[a.person_id], a.share)
                for a in sorted(i.authorships.all(), key=lambda a: a.pk)
            )
            rows.append(
                [
                    i.title,
                    i.year,
                    i.level,
                    i.recognized_by,
                    i.decision_number,
                    i.decided_on,
                    authors,
                ]
            )
        return rows


# Units and staff: few rows, saved one by one through the actions, each with its audit entry ---


class UnitBatch(Batch):
    def __init__(self, kind, organization, user):
        super().__init__(kind, organization, user)
        self.units: dict[str, list[Unit]] = {}
        for unit in Unit.objects.filter(organization=organization):
            self.units.setdefault(text.fold(unit.name), []).append(unit)
        self.rows = []
        self.in_file: dict[str, Unit] = {}

    def find(self, name: str) -> tuple[Unit | None, str | None]:
        key = text.fold(name)
        if key in self.in_file:
            return self.in_file[key], None
        found = self.units.get(key, [])
        if len(found) > 1:
            return None, "có {} đơn vị tên «{}»; hãy đổi tên cho khác nhau.".format(
                len(found), name
            )
        if not found:
            return (
                None,
                "không có đơn vị «{}» (đơn vị cấp trên phải có sẵn hoặc ở dòng trên).".format(name),
            )
        return found[0], None

    def add(self, line, values):
        name = values.get("name") or ""
        existing = self.units.get(text.fold(name), [])
        if len(existing) > 1:
            return [("name", "có {} đơn vị tên «{}».".format(len(existing), name))]
        instance = existing[0] if existing else Unit(organization=self.organization)
        form = forms.UnitRowForm(
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
        message = self.duplicate(text.fold(name), line)
        if message:
            return [(None, message)]
        self.in_file[text.fold(name)] = form.instance
        self.rows.append((line, form.instance, parent))
        return []

    def write(self):
        created = updated = 0
        for line, unit, parent in self.rows:
            is_new = unit.pk is None
            unit.parent = parent
            try:
                do_save_unit(unit, acting_user=self.user)
            except Exception as error:  # ValidationError from the model's own rules
                messages = getattr(error, "messages", [str(error)])
                raise ImportRefused(["dòng {}: {}".format(line, m) for m in messages]) from None
            created += is_new
            updated += not is_new
        return created, updated


class UnitsKind(Kind):
    name = "units"
    label = "đơn vị"
    same = "tên đơn vị"
    model = Unit
    batch_class = UnitBatch
    columns = (
        Column("Tên đơn vị", "name", width=36),
        Column("Loại", "kind", "choice", choices=tuple(UnitKind.choices), width=16),
        Column(
            "Đơn vị cấp trên",
            "parent",
            required=False,
            width=30,
            note="tên đơn vị đã có hoặc ở dòng trên",
        ),
        Column("Thứ tự", "position", "int", required=False, width=8),
    )
    notes = ("Năm không dùng với đơn vị: tệp xuất ra là mọi đơn vị hiện có.",)

    def export(self, organization, year):
        units = list(Unit.objects.filter(organization=organization).select_related("parent"))
        by_pk = {u.pk: u for u in units}
        depth = {}

        def level(unit):
            if unit.pk not in depth:
                depth[unit.pk] = 0 if unit.parent_id is None else level(by_pk[unit.parent_id]) + 1
            return depth[unit.pk]

        units.sort(key=lambda u: (level(u), u.position, text.sort_key(u.name), u.pk))
        return [[u.name, u.kind, u.parent.name if u.parent else "", u.position] for u in units]


class StaffBatch(Batch):
    def __init__(self, kind, organization, user):
        super().__init__(kind, organization, user)
        self.people = {
            p.staff_code: p
            for p in Person.objects.filter(organization=organization)
            if p.staff_code
        }
        self.units: dict[str, list[Unit]] = {}
        for unit in Unit.objects.filter(organization=organization, kind__in=STAFF_UNIT_KINDS):
            self.units.setdefault(text.fold(unit.name), []).append(unit)
        self.rows = []

    def add(self, line, values):
        data = {k: v for k, v in values.items() if k not in ("full_name", "unit")}
        family, given = text.split_full_name(values.get("full_name") or "")
        data["family_and_middle"], data["given"] = family, given
        code = values.get("staff_code") or ""
        instance = self.people.get(code) or Person(organization=self.organization)
        form = forms.PersonRowForm(data, instance=instance)
        errors = [] if form.is_valid() else form_errors(form)
        errors = [("full_name" if n in ("family_and_middle", "given") else n, m) for n, m in errors]
        unit = None
        units = self.units.get(text.fold(values.get("unit") or ""), [])
        if not values.get("unit"):
            errors.append(("unit", "bắt buộc, không được để trống."))
        elif len(units) != 1:
            errors.append(
                (
                    "unit",
                    "không có khoa, phòng nào tên «{}» trong {}.".format(
                        values["unit"], self.organization.abbreviation
                    )
                    if not units
                    else "có nhiều đơn vị tên «{}».".format(values["unit"]),
                )
            )
        else:
            unit = units[0]
        if errors:
            return errors
        message = self.duplicate(code, line)
        if message:
            return [(None, message)]
        self.rows.append((line, form.instance, unit))
        return []

    def write(self):
        created = updated = 0
        for line, person, unit in self.rows:
            is_new = person.pk is None
            try:
                do_save_person(person, acting_user=self.user, unit=unit)
            except ActionRefused as error:
                raise ImportRefused(["dòng {}: {}".format(line, error)]) from None
            except Exception as error:  # ValidationError from the model's own rules
                messages = getattr(error, "messages", [str(error)])
                raise ImportRefused(["dòng {}: {}".format(line, m) for m in messages]) from None
            created += is_new
            updated += not is_new
        return created, updated


class StaffKind(Kind):
    name = "staff"
    label = "cán bộ (kèm đơn vị)"
    same = "mã cán bộ"
    model = Person
    batch_class = StaffBatch
    columns = (
        STAFF_CODE,
        Column("Họ và tên", "full_name", width=28),
        Column("Giới tính", "gender", "choice", choices=tuple(Gender.choices), width=10),
        Column("Ngày sinh", "birth_date", "date", required=False, width=14),
        Column("Học hàm, học vị", "academic_title", required=False, width=12),
        Column("Chức vụ", "position", required=False, width=20),
        Column("Ngạch, loại", "category", "choice", choices=tuple(StaffCategory.choices)),
        Column("Đảng viên", "party_member", "bool", required=False, width=10),
        Column("Đoàn viên công đoàn", "union_member", "bool", required=False, width=10),
        Column("Ngày vào làm việc", "hired_on", "date", required=False, width=14),
        Column("Ngày thôi việc", "left_on", "date", required=False, width=14),
        Column("Thư điện tử", "email", required=False, width=24),
        Column("Điện thoại", "phone", "id", required=False, width=14),
        Column("Đơn vị", "unit", width=30, note="tên khoa, phòng hiện tại của cán bộ"),
    )
    notes = ("Xuất theo năm: những cán bộ làm việc trong năm đó, với đơn vị hiện tại.",)

    def export(self, organization, year):
        people = (
            Person.objects.filter(organization=organization)
            .exclude(staff_code="")
            .exclude(hired_on__gt=date(year, 12, 31))
            .exclude(left_on__lt=date(year, 1, 1))
            .with_current_unit()
            .order_by("sort_key", "pk")
        )
        return [
            [
                p.staff_code, p.full_name, p.gender, p.birth_date, p.academic_title, p.position,
                p.category, p.party_member, p.union_member, p.hired_on, p.left_on, p.email,
                p.phone, p.current_unit_name or "",
            ]
            for p in people
        ]  # fmt: skip


KINDS = {
    kind.name: kind
    for kind in (
        StaffKind(),
        UnitsKind(),
        GradesKind(),
        InitiativesKind(),
        DisciplineKind(),
        LeaveImportKind(),
    )
}


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise ImportRefused(
            ["Loại dữ liệu «{}» không có; dùng một trong: {}.".format(name, ", ".join(KINDS))]
        ) from None


def template_bytes(kind: Kind) -> bytes:
    """Return the empty template of a kind: its headers, ID columns as text, a guide sheet."""
    return build_workbook(kind.label, kind.columns, notes=kind.notes)


def export_bytes(kind: Kind, organization, year: int) -> bytes:
    """Return a kind's records of a year in the template's layout, ready to re-import."""
    return build_workbook(kind.label, kind.columns, kind.export(organization, year), kind.notes)


def export_filename(kind: Kind, organization, year: int | None = None) -> str:
    if year is None:
        return "mau-{}.xlsx".format(kind.name)
    return "{}-{}-{}.xlsx".format(kind.name, organization.abbreviation, year)

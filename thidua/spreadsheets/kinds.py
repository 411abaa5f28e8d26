"""The kinds of spreadsheet: their columns, how a row becomes a record, and what an export reads.

Each kind has a batch: `add` validates one row (returning its errors), `write` saves them all.
People are found by staff code and units by name, each looked up once per import.

Duplicates: two rows of one file for the same record are refused (the second names the first).
A row for a record that already exists updates it — a grade for a person (or a unit) and year that
has one, a union score of the same person and year, a discipline of the same person, form and
date, a leave or a training of the same person, kind and start, an initiative of the same title,
year and authors, a research of the same title and starting year, a work of the same title, year,
kind and authors, a person of the same staff code, a unit of the same name: re-importing a
corrected file is how offices fix a list, and an export re-imported changes nothing.

Every export goes through one row builder, `Kind.rows(organization, queryset)`: the yearly export
passes the kind's records of a year, the evidence screens their filtered list.
"""

import re
from datetime import date

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.functional import cached_property

from thidua.core import text
from thidua.core.actions import ActionRefused
from thidua.core.choices import (
    AcceptanceResult,
    DisciplineForm,
    Grade,
    LeaveKind,
    RecognitionLevel,
    ResearchKind,
    ResearchRole,
    StudyResult,
    TrainingKind,
    WorkKind,
)
from thidua.evidence.models import (
    Authorship,
    Discipline,
    Initiative,
    Leave,
    Research,
    ResearchMember,
    Training,
    UnionScore,
    Verification,
    Work,
    WorkAuthorship,
    YearClosure,
    YearGrade,
)
from thidua.organization.actions import do_save_person, do_save_unit
from thidua.organization.models import (
    STAFF_UNIT_KINDS,
    Gender,
    Person,
    StaffCategory,
    Unit,
    UnitKind,
    descendant_ids,
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
YEAR = Column("Năm", "year", "int", width=8)
GRADE = Column("Xếp loại", "grade", "choice", choices=tuple(Grade.choices), write_code=True)
CODES_NOTE = "mã cán bộ, nhiều người cách nhau bởi dấu chấm phẩy, ví dụ «00123; 00456»"


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


class Units:
    """The organisation's units by folded name, read once; a name held by two is ambiguous."""

    def __init__(
        self, organization, *, kinds=None, missing="không có đơn vị «{name}» trong {org}."
    ):
        self.organization = organization
        self.missing = missing
        self.by_name: dict[str, list[Unit]] = {}
        units = Unit.objects.filter(organization=organization)
        if kinds is not None:
            units = units.filter(kind__in=kinds)
        for unit in units:
            self.by_name.setdefault(text.fold(unit.name), []).append(unit)

    def find(self, name: str) -> tuple[Unit | None, str | None]:
        """Return (unit, None) or (None, the reason in Vietnamese)."""
        if not name:
            return None, "bắt buộc, không được để trống."
        found = self.by_name.get(text.fold(name), [])
        if len(found) > 1:
            return None, "có {} đơn vị tên «{}»; hãy đổi tên cho khác nhau.".format(
                len(found), name
            )
        if not found:
            return None, self.missing.format(name=name, org=self.organization.abbreviation)
        return found[0], None


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
    #: Whether the records carry a verification state (evidence does; staff and units do not).
    has_state = True
    #: The lookup from a record to its person, for the unit filter.
    person_lookup = "person"

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

    def in_units(self, queryset, unit_ids):
        """Return the records of `queryset` about people now in these units."""
        return queryset.filter(**{self.person_lookup + "__in": Person.objects.in_unit(unit_ids)})


class Batch:
    bulk = False

    def __init__(self, kind, organization, user):
        self.kind = kind
        self.organization = organization
        self.user = user
        self.verification = verification_for(user)
        self.seen: dict = {}
        self._closed = None

    def stamp(self) -> dict:
        """Return who vouches for the rows written, as a save on screen records it: the
        secretary verifies now; anyone else proposes (the verifier is cleared)."""
        if self.verification == Verification.VERIFIED:
            return {
                "verification": self.verification,
                "verified_by": self.importer,
                "verified_at": self.now,
                "rejection_reason": "",
            }
        return {
            "verification": self.verification,
            "proposed_by": self.importer,
            "verified_by": None,
            "verified_at": None,
            "rejection_reason": "",
        }

    @cached_property
    def now(self):
        return timezone.now()

    @property
    def importer(self):
        """Return the importing account (None for the command run without --user)."""
        return self.user if self.user is not None and self.user.pk else None

    def closed(self, *records) -> str | None:
        """Refuse evidence of a year the secretary has closed, unless the secretary imports it.

        Only the secretary changes a closed year's evidence (evidence.actions.refusal); an
        import by anyone else, or by the command without --user, may not go around that.
        """
        if self.verification == Verification.VERIFIED:
            return None
        if self._closed is None:
            self._closed = set(
                YearClosure.objects.filter(organization=self.organization).values_list(
                    "year", flat=True
                )
            )
        bears_on = set().union(*[record.years() for record in records if record is not None])
        years = sorted(self._closed & bears_on)
        if not years:
            return None
        return "năm {} đã khóa minh chứng; chỉ Thường trực Hội đồng được nhập, sửa.".format(
            ", ".join(str(year) for year in years)
        )

    def duplicate(self, key, line) -> str | None:
        first = self.seen.get(key)
        if first is not None:
            return "trùng với dòng {} (cùng {}).".format(first, self.kind.same)
        self.seen[key] = line
        return None


# Evidence about one person or unit, written in bulk: grades, scores, discipline, leave … ------


class BulkEvidenceBatch(Batch):
    """Rows about one person (or unit) each, validated by the kind's row form, written in bulk.

    A row form depends only on its own cells (the subject is looked up apart), so rows with the
    same cells share one validation: 50,000 grades are a handful of (year, grade) pairs. Writes
    are one bulk insert and one UPDATE per distinct new value, and rows equal to what is stored
    are not written at all; django-auditlog sees none of it, hence `Kind.log`'s summary entry.
    """

    bulk = True

    def __init__(self, kind, organization, user):
        super().__init__(kind, organization, user)
        self.subjects = kind.subjects(organization)
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
        column = self.kind.subject_column
        subject_id, problem = self.kind.find_subject(self.subjects, values.get(column, ""))
        if problem:
            errors.append((column, problem))
        form_errors_, cleaned = self.validate(
            {k: v for k, v in values.items() if k not in (column, "full_name")}
        )
        errors.extend(form_errors_)
        if errors:
            return errors
        instance = self.kind.model(
            **cleaned,
            **{self.kind.subject_field: subject_id},
            organization=self.organization,
            **{**self.stamp(), "proposed_by": self.importer},
        )
        message = self.closed(instance) or self.duplicate(self.kind.key(instance), line)
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
        # A changed row is vouched for anew; an unchanged one keeps its verifier and time.
        stamp = self.stamp()
        for wanted, pks in changes.items():
            for start in range(0, len(pks), BATCH_SIZE):
                self.kind.model.objects.filter(pk__in=pks[start : start + BATCH_SIZE]).update(
                    **{**dict(zip(fields, wanted, strict=True)), **stamp}
                )
        return len(to_create), updated


class BulkEvidenceKind(Kind):
    batch_class = BulkEvidenceBatch
    key_fields: tuple[str, ...] = ()
    update_fields: tuple[str, ...] = ()
    #: The column that names the record's subject, and the model field it fills.
    subject_column = "staff_code"
    subject_field = "person_id"

    def subjects(self, organization):
        return People(organization)

    def find_subject(self, subjects, value) -> tuple[int | None, str | None]:
        return subjects.find(value)

    def key(self, obj) -> tuple:
        return tuple(getattr(obj, name) for name in self.key_fields)

    def narrow(self, objects) -> dict:
        """Return filters that limit the stored rows read to those the file may match."""
        if "year" in self.key_fields:
            return {"year__in": {obj.year for obj in objects}}
        return {}

    def existing(self, organization, objects) -> dict[tuple, tuple[int, tuple]]:
        """Return {key: (pk, stored values of the updated fields)} of the stored records."""
        names = [*self.key_fields, "pk", *self.update_fields, "verification"]
        size = len(self.key_fields)
        stored = self.model.objects.filter(
            organization=organization, **self.subset, **self.narrow(objects)
        )
        return {row[:size]: (row[size], row[size + 1 :]) for row in stored.values_list(*names)}


class PersonEvidenceKind(BulkEvidenceKind):
    """Evidence about one person a row, named by staff code (and their name, for reading)."""

    def lookups(self, organization):
        return {"codes": code_map(organization), "names": names_map(organization)}

    def value(self, record, column, lookups):
        if column.name == "staff_code":
            return lookups["codes"][record.person_id]
        if column.name == "full_name":
            return lookups["names"][record.person_id]
        return super().value(record, column, lookups)


class GradesKind(PersonEvidenceKind):
    name = "grades"
    label = "xếp loại chất lượng cán bộ"
    same = "cán bộ và năm"
    model = YearGrade
    form = forms.GradeRowForm
    subset = {"person__isnull": False}
    order = ("year", "person__sort_key", "person_id")
    update_fields = ("grade",)
    columns = (STAFF_CODE, FULL_NAME_INFO, YEAR, GRADE)
    notes = ("Một cán bộ đã có xếp loại của năm đó thì xếp loại được cập nhật theo tệp.",)

    key_fields = ("person_id", "year")


class UnitGradesKind(BulkEvidenceKind):
    name = "unit_grades"
    label = "xếp loại chất lượng đơn vị"
    same = "đơn vị và năm"
    model = YearGrade
    form = forms.GradeRowForm
    subset = {"unit__isnull": False}
    order = ("year", "unit__position", "unit__search_text", "unit_id")
    update_fields = ("grade",)
    subject_column = "unit"
    subject_field = "unit_id"
    columns = (
        Column("Đơn vị", "unit", width=36, note="tên đơn vị như trong danh sách đơn vị"),
        YEAR,
        GRADE,
    )
    notes = ("Một đơn vị đã có xếp loại của năm đó thì xếp loại được cập nhật theo tệp.",)

    key_fields = ("unit_id", "year")

    def subjects(self, organization):
        return Units(organization)

    def find_subject(self, subjects, value):
        unit, problem = subjects.find(value)
        return (unit.pk if unit else None), problem

    def prepare(self, queryset):
        return queryset.select_related("unit")

    def value(self, record, column, lookups):
        if column.name == "unit":
            return record.unit.name
        return super().value(record, column, lookups)

    def in_units(self, queryset, unit_ids):
        return queryset.filter(unit_id__in=unit_ids)


class UnionScoresKind(PersonEvidenceKind):
    name = "union_scores"
    label = "điểm Giỏi việc trường, đảm việc nhà"
    same = "cán bộ và năm"
    model = UnionScore
    form = forms.UnionScoreRowForm
    order = ("year", "person__sort_key", "person_id")
    update_fields = ("score",)
    columns = (
        STAFF_CODE,
        FULL_NAME_INFO,
        YEAR,
        Column(
            "Điểm",
            "score",
            "decimal",
            width=10,
            note="từ 0 đến {}, nhiều nhất một chữ số thập phân".format(forms.MAX_UNION_SCORE),
        ),
    )
    notes = ("Một cán bộ đã có điểm của năm đó thì điểm được cập nhật theo tệp.",)

    key_fields = ("person_id", "year")


class DisciplineKind(PersonEvidenceKind):
    name = "discipline"
    label = "kỷ luật"
    same = "cán bộ, hình thức và ngày quyết định"
    model = Discipline
    form = forms.DisciplineRowForm
    order = ("decided_on", "person__sort_key", "pk")
    update_fields = ("decision_number", "effective_until", "pending")
    columns = (
        STAFF_CODE,
        FULL_NAME_INFO,
        Column("Hình thức", "form", "choice", choices=tuple(DisciplineForm.choices)),
        Column("Số quyết định", "decision_number", "id", required=False),
        Column("Ngày quyết định", "decided_on", "date", width=14),
        Column("Hết hiệu lực", "effective_until", "date", required=False, width=14),
        Column("Đang xem xét", "pending", "bool", required=False, width=10),
    )

    notes = (
        "Xuất theo năm: những quyết định kỷ luật ra trong năm đó hoặc còn hiệu lực trong năm đó.",
    )

    key_fields = ("person_id", "form", "decided_on")


class LeaveImportKind(PersonEvidenceKind):
    name = "leave"
    label = "nghỉ thai sản, đi học, nghỉ ốm, điều trị thương"
    same = "cán bộ, loại và ngày bắt đầu"
    model = Leave
    form = forms.LeaveRowForm
    order = ("started_on", "person__sort_key", "pk")
    update_fields = ("ended_on", "certified")
    columns = (
        STAFF_CODE,
        FULL_NAME_INFO,
        Column("Loại", "kind", "choice", choices=tuple(LeaveKind.choices)),
        Column("Từ ngày", "started_on", "date", width=14),
        Column("Đến ngày", "ended_on", "date", width=14),
        Column("Có xác nhận y tế", "certified", "bool", required=False, width=10),
    )

    key_fields = ("person_id", "kind", "started_on")


class TrainingImportKind(PersonEvidenceKind):
    name = "training"
    label = "đào tạo, bồi dưỡng"
    same = "cán bộ, loại và ngày bắt đầu"
    model = Training
    form = forms.TrainingRowForm
    order = ("started_on", "person__sort_key", "pk")
    update_fields = ("program", "institution", "ended_on", "full_time", "result")
    columns = (
        STAFF_CODE,
        FULL_NAME_INFO,
        Column("Loại", "kind", "choice", choices=tuple(TrainingKind.choices), width=24),
        Column("Chương trình, khóa học", "program", required=False, width=30),
        Column("Cơ sở đào tạo", "institution", required=False, width=30),
        Column("Từ ngày", "started_on", "date", width=14),
        Column("Đến ngày", "ended_on", "date", required=False, width=14),
        Column("Học tập trung", "full_time", "bool", required=False, width=10),
        Column("Kết quả", "result", "choice", required=False, choices=tuple(StudyResult.choices)),
    )
    notes = ("Xuất theo năm: những khóa học diễn ra trong năm đó (kể cả khóa chưa kết thúc).",)

    key_fields = ("person_id", "kind", "started_on")


# Records with several people (initiatives, research, works), saved one by one ----------------

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
        person_id, problem = resolve(code, people, seen, "tác giả")
        if problem:
            errors.append(problem)
            continue
        authors.append((person_id, share))
    if not errors and sum(s for _, s in authors) > 100:
        errors.append(
            "tổng tỷ lệ các tác giả là {}%, vượt 100%.".format(sum(s for _, s in authors))
        )
    return authors, errors


def parse_codes(value: str, people: People, seen: set) -> tuple[list[int], list[str]]:
    """Return ([person id], errors) from "00123; 00456", adding each person to `seen`."""
    found, errors = [], []
    for code in split_codes(value):
        person_id, problem = resolve(code, people, seen, "cán bộ")
        if problem:
            errors.append(problem)
        else:
            found.append(person_id)
    return found, errors


class TeamBatch(Batch):
    """Rows of records with several people, each record saved with its audit entry.

    The row form validates a fresh instance (no query a row); the record stored under the same
    key, read once with its people, receives the cells the file has. A column the file leaves out
    (an optional one, such as an initiative's scope in an older file) keeps its stored value. The
    people of the file replace the stored ones; records and people that do not change are not
    saved again.
    """

    def __init__(self, kind, organization, user):
        super().__init__(kind, organization, user)
        self.people = People(organization)
        self.existing: dict[tuple, list] = {}
        stored = kind.model.objects.filter(organization=organization).prefetch_related(
            kind.team_related
        )
        for record in stored.order_by("pk"):
            self.existing.setdefault(kind.stored_key(record), []).append(record)
        self.rows = []

    def add(self, line, values):
        team, errors = self.kind.parse_team(values, self.people)
        form = self.kind.form({k: v for k, v in values.items() if k not in self.kind.team_columns})
        if not form.is_valid():
            errors.extend(form_errors(form))
        if errors:
            return errors
        key = self.kind.key(form.cleaned_data, team)
        stored = self.existing.get(key, [])
        if len(stored) > 1:
            return [
                (
                    None,
                    "đã có {} bản ghi cùng {}; hãy sửa trên màn hình cho khác nhau rồi nhập "
                    "lại.".format(len(stored), self.kind.same),
                )
            ]
        message = self.closed(
            self.kind.model(**form.cleaned_data), stored[0] if stored else None
        ) or self.duplicate(key, line)
        if message:
            return [(None, message)]
        cells = {name: value for name, value in form.cleaned_data.items() if name in values}
        self.rows.append((stored[0] if stored else None, cells, team))
        return []

    def write(self):
        kind = self.kind
        created = updated = 0
        with set_actor(self.user):
            for record, cells, team in self.rows:
                is_new = record is None
                if is_new:
                    record = kind.model(organization=self.organization, proposed_by=self.importer)
                cells = {**cells, "verification": self.verification}
                changed = is_new or any(getattr(record, n) != v for n, v in cells.items())
                if changed or self.team_changed(record, team):
                    # Vouched for anew, as a save on screen; an unchanged record keeps its own.
                    for name, value in {**cells, **self.stamp()}.items():
                        setattr(record, name, value)
                    record.save()
                self.sync_team(record, team, is_new)
                created += is_new
                updated += not is_new
        return created, updated

    def team_changed(self, record, team) -> bool:
        """Tell whether the file's people differ from the stored record's (a new one: yes)."""
        if record.pk is None:
            return True
        names = list(team[0][1]) if team else []  # the through fields: share, role or none
        stored = {
            m.person_id: {name: getattr(m, name) for name in names}
            for m in getattr(record, self.kind.team_related).all()
        }
        return stored != dict(team)

    def sync_team(self, record, team, is_new) -> None:
        """Make the record's people those of the file: [(person id, {field: value})]."""
        kind = self.kind
        current = (
            {} if is_new else {m.person_id: m for m in getattr(record, kind.team_related).all()}
        )
        wanted = dict(team)
        for person_id, member in current.items():
            if person_id not in wanted:
                member.delete()
        for person_id, extra in team:
            member = current.get(person_id)
            if member is None:
                kind.team_model.objects.create(
                    **{kind.team_parent: record}, person_id=person_id, **extra
                )
            elif any(getattr(member, n) != v for n, v in extra.items()):
                for name, value in extra.items():
                    setattr(member, name, value)
                member.save()


class TeamKind(Kind):
    """A kind whose records have several people (authors, members) in a through model."""

    batch_class = TeamBatch
    team_model = None
    team_related = ""  # the record's related name for its people: "authorships"
    team_parent = ""  # the through model's foreign key to the record: "initiative"
    team_columns: tuple[str, ...] = ()

    @property
    def person_lookup(self):
        return self.team_related + "__person"

    def parse_team(self, values, people) -> tuple[list[tuple[int, dict]], list]:
        """Return ([(person id, through fields)], [(column, error)]) from the row's cells."""
        raise NotImplementedError

    def key(self, cleaned, team) -> tuple:
        raise NotImplementedError

    def stored_key(self, record) -> tuple:
        """Return the key of a stored record, its people prefetched."""
        raise NotImplementedError

    def prepare(self, queryset):
        return queryset.prefetch_related(self.team_related)

    def lookups(self, organization):
        return {"codes": code_map(organization)}

    def team(self, record):
        """Return the record's people in the order they were written."""
        return sorted(getattr(record, self.team_related).all(), key=lambda m: m.pk)

    def in_units(self, queryset, unit_ids):
        # Several people a record: a subquery keeps each record once.
        return queryset.filter(pk__in=super().in_units(queryset, unit_ids).values("pk"))


class InitiativesKind(TeamKind):
    """An initiative is known by its title, year and authors: offices record the same title
    once per author (each with 100%), so title and year alone would merge different records."""

    name = "initiatives"
    label = "sáng kiến"
    same = "tên sáng kiến, năm và tác giả"
    model = Initiative
    team_model = Authorship
    team_related = "authorships"
    team_parent = "initiative"
    team_columns = ("authors",)
    order = ("year", "title", "pk")
    columns = (
        Column("Tên sáng kiến", "title", width=50),
        Column("Năm công nhận", "year", "int", width=10),
        Column("Cấp công nhận", "level", "choice", choices=tuple(RecognitionLevel.choices)),
        Column("Cơ quan công nhận", "recognized_by", required=False, width=30),
        Column("Số quyết định", "decision_number", "id", required=False),
        Column("Ngày quyết định", "decided_on", "date", required=False, width=14),
        Column("Tác giả", "authors", width=30, note=AUTHORS_NOTE),
        Column(
            "Phạm vi ảnh hưởng",
            "scope",
            required=False,
            width=40,
            note="nơi áp dụng, hiệu quả; tệp cũ không có cột này vẫn nhập được",
            header_required=False,
        ),
    )
    form = forms.InitiativeRowForm

    def parse_team(self, values, people):
        authors, errors = parse_authors(values.get("authors", ""), people)
        return (
            [(person_id, {"share": share}) for person_id, share in authors],
            [("authors", message) for message in errors],
        )

    def key(self, cleaned, team):
        return (text.fold(cleaned["title"]), cleaned["year"], frozenset(p for p, _ in team))

    def stored_key(self, record):
        authors = frozenset(a.person_id for a in record.authorships.all())
        return (text.fold(record.title), record.year, authors)

    def value(self, record, column, lookups):
        if column.name == "authors":
            return "; ".join(
                "{}:{}".format(lookups["codes"][a.person_id], a.share) for a in self.team(record)
            )
        return super().value(record, column, lookups)


class ResearchImportKind(TeamKind):
    name = "research"
    label = "đề tài, đề án"
    same = "tên và năm bắt đầu"
    model = Research
    team_model = ResearchMember
    team_related = "memberships"
    team_parent = "research"
    team_columns = ("lead", "members")
    order = ("started_year", "title", "pk")
    form = forms.ResearchRowForm
    columns = (
        Column("Tên đề tài, đề án", "title", width=50),
        Column("Loại", "kind", "choice", choices=tuple(ResearchKind.choices), width=16),
        Column("Cấp", "level", "choice", choices=tuple(RecognitionLevel.choices), width=12),
        Column("Năm bắt đầu", "started_year", "int", width=10),
        Column("Ngày nghiệm thu", "accepted_on", "date", required=False, width=14),
        Column(
            "Kết quả nghiệm thu",
            "result",
            "choice",
            required=False,
            choices=tuple(AcceptanceResult.choices),
            note="ghi cùng ngày nghiệm thu, hoặc để trống cả hai",
        ),
        Column("Chủ nhiệm", "lead", required=False, width=20, note=CODES_NOTE),
        Column("Thành viên", "members", required=False, width=30, note=CODES_NOTE),
    )
    notes = (
        "Mỗi đề tài cần ít nhất một cán bộ của cơ quan (chủ nhiệm hoặc thành viên); chủ nhiệm ở "
        "cơ quan khác thì để trống cột Chủ nhiệm.",
        "Một đề tài cùng tên và năm bắt đầu đã có thì được cập nhật theo tệp, kể cả danh sách "
        "chủ nhiệm, thành viên.",
        "Xuất theo năm: những đề tài từ năm bắt đầu đến năm nghiệm thu có năm đó (đề tài chưa "
        "nghiệm thu: đến nay).",
    )

    def parse_team(self, values, people):
        seen: set[int] = set()
        leads, lead_errors = parse_codes(values.get("lead", ""), people, seen)
        members, member_errors = parse_codes(values.get("members", ""), people, seen)
        errors = [("lead", m) for m in lead_errors] + [("members", m) for m in member_errors]
        if not leads and not members and not errors:
            errors.append(
                (
                    "lead",
                    "cần ít nhất một cán bộ, ở cột Chủ nhiệm hoặc Thành viên ({}).".format(
                        CODES_NOTE
                    ),
                )
            )
        team = [(p, {"role": ResearchRole.LEAD}) for p in leads]
        team += [(p, {"role": ResearchRole.MEMBER}) for p in members]
        return team, errors

    def key(self, cleaned, team):
        return (text.fold(cleaned["title"]), cleaned["started_year"])

    def stored_key(self, record):
        return (text.fold(record.title), record.started_year)

    def value(self, record, column, lookups):
        if column.name in ("lead", "members"):
            role = ResearchRole.LEAD if column.name == "lead" else ResearchRole.MEMBER
            return "; ".join(
                lookups["codes"][m.person_id] for m in self.team(record) if m.role == role
            )
        return super().value(record, column, lookups)


class WorksKind(TeamKind):
    """A work is known by its title, year, kind and authors: the same lecture given by several
    lecturers is one record each, as initiatives are one per author."""

    name = "works"
    label = "bài báo, giáo trình, bài giảng"
    same = "tên, năm, loại và tác giả"
    model = Work
    team_model = WorkAuthorship
    team_related = "authorships"
    team_parent = "work"
    team_columns = ("authors",)
    order = ("year", "kind", "title", "pk")
    form = forms.WorkRowForm
    columns = (
        Column("Tên công trình", "title", width=50),
        Column("Loại", "kind", "choice", choices=tuple(WorkKind.choices), width=20),
        Column(
            "Nơi đăng, xuất bản",
            "venue",
            required=False,
            width=30,
            note="tạp chí và số, nhà xuất bản, hoặc nơi giảng",
        ),
        Column("Năm", "year", "int", width=8),
        Column("Tác giả", "authors", width=30, note=CODES_NOTE),
    )
    notes = (
        "Một công trình cùng tên, năm, loại và cùng tác giả đã có thì được cập nhật theo tệp; "
        "khác tác giả là một công trình khác.",
    )

    def parse_team(self, values, people):
        authors, errors = parse_codes(values.get("authors", ""), people, set())
        if not authors and not errors:
            errors.append("cần ít nhất một tác giả ({}).".format(CODES_NOTE))
        return [(p, {}) for p in authors], [("authors", m) for m in errors]

    def key(self, cleaned, team):
        return (
            text.fold(cleaned["title"]),
            cleaned["year"],
            cleaned["kind"],
            frozenset(p for p, _ in team),
        )

    def stored_key(self, record):
        authors = frozenset(a.person_id for a in record.authorships.all())
        return (text.fold(record.title), record.year, record.kind, authors)

    def value(self, record, column, lookups):
        if column.name == "authors":
            return "; ".join(lookups["codes"][a.person_id] for a in self.team(record))
        return super().value(record, column, lookups)


# Units and staff: few rows, saved one by one through the actions, each with its audit entry ---


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
        key = text.fold(name)
        if key in self.in_file:
            return self.in_file[key], None
        return self.units.find(name)

    def add(self, line, values):
        name = values.get("name") or ""
        existing = self.units.by_name.get(text.fold(name), [])
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
    has_state = False
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
    def __init__(self, kind, organization, user):
        super().__init__(kind, organization, user)
        self.people = {
            p.staff_code: p
            for p in Person.objects.filter(organization=organization)
            if p.staff_code
        }
        self.units = Units(
            organization,
            kinds=STAFF_UNIT_KINDS,
            missing="không có khoa, phòng nào tên «{name}» trong {org}.",
        )
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
        unit, problem = self.units.find(values.get("unit") or "")
        if problem:
            errors.append(("unit", problem))
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
    has_state = False
    person_lookup = "pk"
    order = ("sort_key", "pk")
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


KINDS = {
    kind.name: kind
    for kind in (
        StaffKind(),
        UnitsKind(),
        GradesKind(),
        UnitGradesKind(),
        InitiativesKind(),
        ResearchImportKind(),
        WorksKind(),
        TrainingImportKind(),
        UnionScoresKind(),
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


def find_unit(organization, name: str) -> Unit:
    """Return the organisation's unit of that name, or refuse in Vietnamese."""
    unit, problem = Units(organization).find(text.clean(name))
    if problem:
        raise ImportRefused(["Đơn vị: {}".format(problem)])
    return unit


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
        if state not in Verification.values:
            raise ImportRefused(
                [
                    "Trạng thái «{}» không có; dùng một trong: {}.".format(
                        state, ", ".join(Verification.values)
                    )
                ]
            )
        queryset = queryset.filter(verification=state)
    if unit is not None:
        ids = descendant_ids([unit.pk], organization_id=organization.pk)
        queryset = kind.in_units(queryset, ids)
    return queryset


def template_bytes(kind: Kind) -> bytes:
    """Return the empty template of a kind: its headers, ID columns as text, a guide sheet."""
    return build_workbook(kind.label, kind.columns, notes=kind.notes)


def export_queryset_bytes(kind_name: str, organization, queryset) -> bytes:
    """Return the rows of a (filtered, scoped) queryset of a kind's model as the kind's template.

    Only `organization`'s records are written, whatever the queryset holds; its order is kept
    when it has one (`order_by`), else the kind's. Raise ImportRefused for an unknown kind.
    """
    kind = get_kind(kind_name)
    return build_workbook(kind.label, kind.columns, kind.rows(organization, queryset), kind.notes)


def export_bytes(kind: Kind, organization, year: int, *, unit=None, state=None) -> bytes:
    """Return a kind's records of a year, optionally of a unit and a state, ready to re-import."""
    queryset = filter_records(
        kind, organization, kind.of_year(organization, year), unit=unit, state=state
    )
    return export_queryset_bytes(kind.name, organization, queryset)


def export_filename(kind: Kind, organization, year: int | None = None) -> str:
    if year is None:
        return "mau-{}.xlsx".format(kind.name)
    return "{}-{}-{}.xlsx".format(kind.name, organization.abbreviation, year)

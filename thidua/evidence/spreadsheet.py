"""The evidence kinds' spreadsheets, made from the registry (evidence/kinds.py): one kind each.

A row is validated by the kind's row form (the screen form's fields, through the same model) and
its subject or team is looked up once in bulk; the rows are written by the evidence action's bulk
variant, `do_save_evidence_many`, which stamps, keeps closed years shut, syncs teams and writes the
audit entries. The kinds register themselves into the spreadsheets' kinds from the app's ready().

Duplicates: two rows of one file for the same record are refused (the second names the first).
A row for a record that already exists updates it (the registry's `key` says which record is
the same: a grade for a person and year, an initiative of the same title, year and authors …):
re-importing a corrected file is how offices fix a list, and an export re-imported changes
nothing.
"""

from django.db import models
from django.db.models import Max

from thidua.core import text
from thidua.evidence.actions import (
    ActionRefused,
    ClosedYears,
    EvidenceRow,
    do_save_evidence_many,
)
from thidua.evidence.kinds import AUTHORS_NOTE, KINDS, EvidenceKind
from thidua.evidence.models import Verification
from thidua.organization.sheets import (
    OrganizationKind,
    People,
    Units,
    code_map,
    names_map,
    resolve,
    split_codes,
)
from thidua.spreadsheets.engine import ImportRefused
from thidua.spreadsheets.kinds import Batch, form_errors, register_kind


def parse_authors(value: str, people: People) -> tuple[list[tuple[int, int]], list[str]]:
    """Return ([(person id, share)], errors) from "00123:60; 00456:40" (a single author may
    go without a share: 100%)."""
    authors, errors, seen = [], [], set()
    parts = [p.strip() for p in (value or "").split(";") if p.strip()]
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


class EvidenceBatch(Batch):
    """Rows checked one by one, written together by the evidence action."""

    def __init__(self, kind, organization, user):
        super().__init__(kind, organization, user)
        self.closed = ClosedYears(organization.pk, user)
        self.rows: list[EvidenceRow] = []

    def write(self):
        try:
            return do_save_evidence_many(
                self.kind.evidence, self.organization, self.rows, acting_user=self.user
            )
        except ActionRefused as error:
            raise ImportRefused(str(error).split("\n")) from None


class SubjectBatch(EvidenceBatch):
    """Rows about one person (or unit) each, written in bulk.

    A row form depends only on its own cells (the subject is looked up apart), so rows with the
    same cells share one validation: 50,000 grades are a handful of (year, grade) pairs.
    """

    def __init__(self, kind, organization, user):
        super().__init__(kind, organization, user)
        evidence = kind.evidence
        self.subjects = Units(organization) if evidence.for_units else People(organization)
        self.validated: dict[tuple, tuple[list, dict | None]] = {}

    def validate(self, data: dict) -> tuple[list, dict | None]:
        key = tuple(sorted(data.items()))
        found = self.validated.get(key)
        if found is None:
            form = self.kind.evidence.row_form(data)
            found = (form_errors(form), None) if not form.is_valid() else ([], form.cleaned_data)
            self.validated[key] = found
        return found

    def find_subject(self, value) -> tuple[int | None, str | None]:
        found, problem = self.subjects.find(value)
        if self.kind.evidence.for_units and found is not None:
            return found.pk, problem
        return found, problem

    def add(self, line, values):
        evidence = self.kind.evidence
        errors = []
        column = evidence.subject_column
        subject_id, problem = self.find_subject(values.get(column, ""))
        if problem:
            errors.append((column, problem))
        form_errors_, cleaned = self.validate(
            {k: v for k, v in values.items() if k not in (column, "full_name")}
        )
        errors.extend(form_errors_)
        if errors:
            return errors
        record = evidence.model(
            **cleaned, **{evidence.subject_field: subject_id}, organization=self.organization
        )
        key = tuple(getattr(record, name) for name in evidence.key)
        message = self.closed.refusal(record) or self.duplicate(key, line)
        if message:
            return [(None, message)]
        self.rows.append(EvidenceRow(line, record))
        return []


def team_key(evidence: EvidenceKind, values, people) -> tuple:
    """Return what identifies a record with a team: its key fields (text without case or
    diacritics) and, when the key says so, its people. `values` reads a field by name."""
    parts = []
    for name in evidence.key:
        if name == "team":
            parts.append(frozenset(people))
            continue
        value = values(name)
        model_field = evidence.model._meta.get_field(name)
        if isinstance(model_field, models.CharField) and not model_field.choices:
            value = text.fold(value)
        parts.append(value)
    return tuple(parts)


class TeamBatch(EvidenceBatch):
    """Rows of records with several people, each record saved with its audit entries.

    The row form validates a fresh instance (no query a row); the record stored under the same
    key, read once with its people, receives the cells the file has. A column the file leaves out
    (an optional one, such as an initiative's scope in an older file) keeps its stored value. The
    people of the file replace the stored ones; records and people that do not change are not
    saved again.
    """

    def __init__(self, kind, organization, user):
        super().__init__(kind, organization, user)
        evidence = kind.evidence
        self.people = People(organization)
        self.existing: dict[tuple, list] = {}
        stored = evidence.model.objects.filter(organization=organization).prefetch_related(
            evidence.team.related
        )
        for record in stored.order_by("pk"):
            team = getattr(record, evidence.team.related).all()
            key = team_key(evidence, lambda name, r=record: getattr(r, name), [
                m.person_id for m in team
            ])  # fmt: skip
            self.existing.setdefault(key, []).append(record)

    def parse_team(self, values) -> tuple[list[tuple[int, dict]], list]:
        """Return ([(person id, through fields)], [(column, error)]) from the row's cells."""
        team_spec = self.kind.evidence.team
        seen: set[int] = set()
        team, errors = [], []
        for cells in team_spec.cells:
            if cells.shares:
                authors, problems = parse_authors(values.get(cells.column, ""), self.people)
                team += [(person_id, {"share": share}) for person_id, share in authors]
            else:
                found, problems = parse_codes(values.get(cells.column, ""), self.people, seen)
                team += [(person_id, dict(cells.extra)) for person_id in found]
            errors += [(cells.column, message) for message in problems]
        if not team and not errors:
            errors.append(team_spec.missing)
        return team, errors

    def add(self, line, values):
        evidence = self.kind.evidence
        team, errors = self.parse_team(values)
        columns = {cells.column for cells in evidence.team.cells}
        form = evidence.row_form({k: v for k, v in values.items() if k not in columns})
        if not form.is_valid():
            errors.extend(form_errors(form))
        if errors:
            return errors
        key = team_key(evidence, form.cleaned_data.get, [p for p, _ in team])
        stored = self.existing.get(key, [])
        if len(stored) > 1:
            return [
                (
                    None,
                    "đã có {} bản ghi cùng {}; hãy sửa trên màn hình cho khác nhau rồi nhập "
                    "lại.".format(len(stored), evidence.same),
                )
            ]
        message = self.closed.refusal(
            evidence.model(**form.cleaned_data), stored[0] if stored else None
        ) or self.duplicate(key, line)
        if message:
            return [(None, message)]
        cells = {name: value for name, value in form.cleaned_data.items() if name in values}
        members = [evidence.team_model(person_id=p, **extra) for p, extra in team]
        self.rows.append(EvidenceRow(line, stored[0] if stored else None, cells, members))
        return []


class EvidenceSpreadsheet(OrganizationKind):
    """The spreadsheet kind of an evidence kind: everything read from its registry entry."""

    has_state = True
    states = tuple(Verification.choices)

    def __init__(self, evidence: EvidenceKind):
        self.evidence = evidence
        self.name = evidence.slug
        self.label = evidence.sheet_label
        self.same = evidence.same
        self.model = evidence.model
        self.columns = evidence.columns
        self.notes = evidence.notes
        self.subset = evidence.subset
        self.order = evidence.order
        self.batch_class = TeamBatch if evidence.team else SubjectBatch
        # A "bản in" of grades counts their subjects (one grade each a year), of others rows.
        if evidence.subset:
            self.counted = "đơn vị" if evidence.for_units else "người"

    def latest_year(self, organization):
        if "year" not in {f.name for f in self.model._meta.fields}:
            return None
        rows = self.model.objects.filter(organization=organization, **self.subset)
        return rows.aggregate(latest=Max("year"))["latest"]

    @property
    def person_lookup(self):
        return self.evidence.team.related + "__person" if self.evidence.team else "person"

    def prepare(self, queryset):
        if self.evidence.team:
            return queryset.prefetch_related(self.evidence.team.related)
        if self.evidence.for_units:
            return queryset.select_related("unit")
        return queryset

    def lookups(self, organization):
        if self.evidence.for_units:
            return {}
        if self.evidence.team:
            return {"codes": code_map(organization)}
        return {"codes": code_map(organization), "names": names_map(organization)}

    def team(self, record):
        """Return the record's people in the order they were written."""
        return sorted(getattr(record, self.evidence.team.related).all(), key=lambda m: m.pk)

    def value(self, record, column, lookups):
        if column.name == "unit" and self.evidence.for_units:
            return record.unit.name
        if column.name == "staff_code":
            return lookups["codes"][record.person_id]
        if column.name == "full_name":
            return lookups["names"][record.person_id]
        for cells in self.evidence.team.cells if self.evidence.team else ():
            if cells.column != column.name:
                continue
            codes = lookups["codes"]
            if cells.shares:
                return "; ".join(
                    "{}:{}".format(codes[m.person_id], m.share) for m in self.team(record)
                )
            return "; ".join(
                codes[m.person_id]
                for m in self.team(record)
                if all(getattr(m, name) == wanted for name, wanted in cells.extra)
            )
        return super().value(record, column, lookups)

    def in_units(self, queryset, unit_ids):
        if self.evidence.for_units:
            return queryset.filter(unit_id__in=unit_ids)
        if self.evidence.team:
            # Several people a record: a subquery keeps each record once.
            return queryset.filter(pk__in=super().in_units(queryset, unit_ids).values("pk"))
        return super().in_units(queryset, unit_ids)


def register_spreadsheets(kinds=None) -> None:
    """Add the evidence kinds to the spreadsheets' kinds (from the app's ready())."""
    for evidence in (kinds or KINDS).values():
        register_kind(EvidenceSpreadsheet(evidence))

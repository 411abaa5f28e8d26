"""Business actions on evidence: propose or save, verify, reject, delete; close and reopen a year;
and `do_save_evidence_many`, the bulk variant of saving that the spreadsheet import calls.

One transaction each, audited with the acting user. Who may do what is in `permissions.py`; every
action asks it again, so a forged request is refused here even if a view forgot to. Each kind's
team (authors, members) is read from the registry, `kinds.py`.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from thidua.core.actions import ActionRefused, require_perm
from thidua.core.audit import set_actor, set_extra_data
from thidua.evidence.kinds import team_of_model
from thidua.evidence.models import Initiative, InitiativeClaim, Verification, YearClosure
from thidua.organization.models import Person

__all__ = [
    "ActionRefused",
    "audited",
    "closed_years",
    "do_close_year",
    "do_delete_evidence",
    "do_reject_evidence",
    "do_reopen_year",
    "do_save_evidence",
    "do_save_evidence_many",
    "do_save_initiative_claims",
    "do_verify_evidence",
    "refusal",
]


def closed_years(record) -> list[int]:
    """Return the closed years among those the record bears on (one query)."""
    return sorted(
        YearClosure.objects.filter(
            organization_id=record.organization_id, year__in=record.years()
        ).values_list("year", flat=True)
    )


def refusal(user, record, action: str) -> str:
    """Explain in Vietnamese why `user` may not `action` (change, verify, delete) the record."""
    if record.organization_id != user.organization_id:
        return "Minh chứng này không thuộc cơ quan của bạn."
    closed = closed_years(record) if record.organization_id else []
    if closed and not user.edits_personnel:
        return "Năm {} đã khóa minh chứng; chỉ Thường trực Hội đồng được thay đổi.".format(
            ", ".join(str(year) for year in closed)
        )
    own = user.person_id is not None and user.person_id in record.subject_people_ids()
    if action == "verify":
        if own:
            return "Không tự xác nhận được minh chứng của chính mình."
        if team_of_model(type(record)) and user.has_perm("achievements.view_evidence", record):
            return (
                "Có tác giả, thành viên ngoài đơn vị bạn phụ trách; Thường trực Hội đồng xác "
                "nhận minh chứng này."
            )
        return (
            "Chỉ trưởng đơn vị của cán bộ hoặc Thường trực Hội đồng được xác nhận minh chứng này."
        )
    if own and record.verification == Verification.VERIFIED:
        return "Minh chứng đã được xác nhận; muốn thay đổi, hãy liên hệ người đã xác nhận."
    if record.pk is None:
        return "Bạn chỉ đề nghị được minh chứng của chính mình."
    return "Bạn không có quyền {} minh chứng này.".format("xoá" if action == "delete" else "sửa")


def _check(user, record, action: str) -> None:
    if not user.has_perm("achievements.{}_evidence".format(action), record):
        raise ActionRefused(refusal(user, record, action))


@contextmanager
def audited(acting_user, *records):
    """Record the actor and, for a change to a closed year, say so on the audit entry.

    Only the secretary gets past the permission check in a closed year; the note makes that
    change stand out in the log (Nhật ký hệ thống) rather than read like any other edit.
    `records` are the record as saved and, for an edit, as it was (it may leave a closed year);
    a record that bears on no year (not evidence) just gets its actor. The attachments app
    writes its entries through this too, so a file added to a closed year's record says so.
    """
    closed = sorted(
        {
            year
            for r in records
            if r.organization_id and hasattr(r, "years")
            for year in closed_years(r)
        }
    )
    if not closed:
        with set_actor(acting_user):
            yield
        return
    note = {"closed_years": closed, "note": "Thay đổi minh chứng của năm đã khóa."}
    # One context only: a nested set_actor would replace this one's data instead of adding to it.
    with set_extra_data({"actor": acting_user, "additional_data": note}):
        yield


@contextmanager
def _subjects(record, people_ids):
    """Let the permission predicates see the team about to be saved, before it is saved.

    `subject_people_ids()` of a record with authors or members reads its saved rows; a new or
    changed team must be judged before anything is written, so the instance answers with the
    new team for the duration of the check.
    """
    if people_ids is None:
        yield
        return
    record.subject_people_ids = lambda: set(people_ids)
    try:
        yield
    finally:
        del record.subject_people_ids


@transaction.atomic
def do_save_evidence(record, *, acting_user, team=None):
    """Create or change a record: verified when its saver may verify it, else proposed.

    `team` replaces the authors or members of an initiative, research or work: unsaved rows
    (Authorship, ResearchMember, WorkAuthorship) with their person and extra fields. A rejected
    record saved by its owner is proposed again.
    """
    model = type(record)
    stored = None
    if record.pk is not None:
        stored = model.objects.select_for_update().get(pk=record.pk)
        _check(acting_user, stored, "change")
    elif record.organization_id is None:
        record.organization_id = acting_user.organization_id
    if record.organization_id != acting_user.organization_id:
        raise ActionRefused(refusal(acting_user, record, "change"))
    people_ids = _checked_team(record, team)
    with _subjects(record, people_ids):
        _check(acting_user, record, "change")
        verifies = acting_user.has_perm("achievements.verify_evidence", record)
    if verifies:
        # Whoever may verify and saves a change vouches for the record as it now stands.
        record.verified_by = acting_user
        record.verified_at = timezone.now()
        record.verification = Verification.VERIFIED
        record.rejection_reason = ""
    else:
        record.verification = Verification.PROPOSED
        record.verified_by = None
        record.verified_at = None
        record.rejection_reason = ""
        record.proposed_by = acting_user
    if record.pk is None and record.proposed_by_id is None:
        record.proposed_by = acting_user
    with audited(acting_user, *[r for r in (record, stored) if r is not None]):
        record.full_clean()
        record.save()
        if team is not None:
            _replace_team(record, team)
    return record


def _checked_team(record, team) -> list[int] | None:
    """Validate a new team (people of the record's organisation, each once); return their ids."""
    has_team = team_of_model(type(record)) is not None
    if team is None:
        if has_team and record.pk is None:
            raise ActionRefused("Cần ít nhất một tác giả hoặc thành viên.")
        return None
    if not has_team:
        raise ActionRefused("Loại minh chứng này không có danh sách tác giả.")
    ids = [row.person_id for row in team]
    if not ids:
        raise ActionRefused("Cần ít nhất một tác giả hoặc thành viên.")
    if len(set(ids)) != len(ids):
        raise ActionRefused("Mỗi cán bộ chỉ ghi một lần trong danh sách.")
    known = Person.objects.filter(pk__in=ids, organization_id=record.organization_id).count()
    if known != len(ids):
        raise ActionRefused("Có cán bộ không thuộc cơ quan của bạn trong danh sách.")
    return ids


def _replace_team(record, team) -> None:
    """Make the saved team equal `team`: rows changed in place, removed and added one by one
    (through save and delete, so each appears in the audit log)."""
    kind = team_of_model(type(record))
    extra, link = kind.team.extra, kind.team_link
    existing = {row.person_id: row for row in getattr(record, kind.team.related).all()}
    wanted = {row.person_id: row for row in team}
    for person_id, row in existing.items():
        if person_id not in wanted:
            row.delete()
    for person_id, new in wanted.items():
        row = existing.get(person_id)
        if row is None:
            setattr(new, link, record)
            new.full_clean()
            new.save()
        elif any(getattr(row, name) != getattr(new, name) for name in extra):
            for name in extra:
                setattr(row, name, getattr(new, name))
            row.full_clean()
            row.save()


# The spreadsheet's bulk variant -------------------------------------------------------------

BATCH_SIZE = 1000


def import_verification(acting_user) -> str:
    """Evidence imported by a secretary or an administrator is verified; anyone else proposes
    (so does the command run without --user)."""
    if acting_user is not None and acting_user.is_authenticated and acting_user.edits_personnel:
        return Verification.VERIFIED
    return Verification.PROPOSED


def _importer(acting_user):
    return acting_user if acting_user is not None and acting_user.pk else None


def vouching(acting_user, now) -> dict:
    """Return who vouches for the records written, as a save on screen records it: the
    secretary verifies now; anyone else proposes (the verifier is cleared)."""
    importer = _importer(acting_user)
    if import_verification(acting_user) == Verification.VERIFIED:
        return {
            "verification": Verification.VERIFIED,
            "verified_by": importer,
            "verified_at": now,
            "rejection_reason": "",
        }
    return {
        "verification": Verification.PROPOSED,
        "proposed_by": importer,
        "verified_by": None,
        "verified_at": None,
        "rejection_reason": "",
    }


class ClosedYears:
    """The closed years an import may not write: every one for anyone but the secretary.

    Only the secretary changes a closed year's evidence (`refusal`); an import by anyone else, or
    by the command without --user, may not go around that. Read once (one query).
    """

    def __init__(self, organization_id, acting_user):
        if import_verification(acting_user) == Verification.VERIFIED:
            self.years = set()
        else:
            self.years = set(
                YearClosure.objects.filter(organization_id=organization_id).values_list(
                    "year", flat=True
                )
            )

    def refusal(self, *records) -> str | None:
        """Explain why these records (a row's, and the stored one it changes) may not be
        written, or return None."""
        if not self.years:
            return None
        bears_on = set().union(*[record.years() for record in records if record is not None])
        years = sorted(self.years & bears_on)
        if not years:
            return None
        return "năm {} đã khóa minh chứng; chỉ Thường trực Hội đồng được nhập, sửa.".format(
            ", ".join(str(year) for year in years)
        )


@dataclass
class EvidenceRow:
    """One row of an import.

    Kinds without a team: `record` is unsaved, with the file's values and its subject. Kinds
    with one: `record` is the stored record the row matches (None for a new one), `values` the
    cells the file has (a column it leaves out keeps its stored value) and `team` the unsaved
    rows of its people (Authorship, ResearchMember, WorkAuthorship).
    """

    line: int
    record: object = None
    values: dict = field(default_factory=dict)
    team: list | None = None

    def records(self, kind):
        """The record as the row writes it and, for a change, as it is stored."""
        if kind.team is None:
            return (self.record,)
        return (kind.model(**self.values), self.record)


@transaction.atomic
def do_save_evidence_many(kind, organization, rows, *, acting_user) -> tuple[int, int]:
    """Create or update many records of a kind at once, as `do_save_evidence` saves one.

    The same rules: verified when the secretary (or an administrator) writes them, else
    proposed; a closed year only by the secretary; a team made equal to the row's. Records
    without a team are written in bulk with one audit entry for the file (bulk writes bypass
    django-auditlog); records with a team one by one, each with its own entries. A row whose
    cells equal the stored record's is unchanged: not written, no audit entry, its verification
    kept (verifying is its own action). All or nothing: a refusal names its row. Return
    (created, updated); the other rows are unchanged.
    """
    if _importer(acting_user) and acting_user.organization_id not in (None, organization.pk):
        raise ActionRefused("Chỉ nhập được minh chứng vào cơ quan của mình.")
    closed = ClosedYears(organization.pk, acting_user)
    refusals = [
        "dòng {}: {}".format(row.line, message)
        for row in rows
        if (message := closed.refusal(*row.records(kind)))
    ]
    if refusals:
        raise ActionRefused("\n".join(refusals))
    stamp = vouching(acting_user, timezone.now())
    if kind.team is None:
        created, updated = _save_many_in_bulk(kind, organization, rows, stamp, acting_user)
        if created or updated:  # a file that changes nothing leaves no trace
            _log_bulk(kind, organization, acting_user, len(rows), created, updated)
        return created, updated
    return _save_many_with_teams(kind, organization, rows, stamp, acting_user)


def _key(kind, record) -> tuple:
    return tuple(getattr(record, name) for name in kind.key)


def _stored(kind, organization, records) -> dict[tuple, tuple[int, tuple]]:
    """Return {key: (pk, stored values of the updated fields)} of the stored records the file
    may match (one query; by year when the key has one)."""
    names = [*kind.key, "pk", *kind.update_fields, "verification"]
    size = len(kind.key)
    narrow = {"year__in": {r.year for r in records}} if "year" in kind.key else {}
    stored = kind.model.objects.filter(organization=organization, **kind.subset, **narrow)
    return {row[:size]: (row[size], row[size + 1 :]) for row in stored.values_list(*names)}


def _save_many_in_bulk(kind, organization, rows, stamp, acting_user) -> tuple[int, int]:
    """One bulk insert and one UPDATE per distinct new value; rows equal to what is stored are
    not written at all."""
    records = [row.record for row in rows]
    existing = _stored(kind, organization, records)
    fields = [*kind.update_fields, "verification"]
    to_create, changes, updated = [], {}, 0
    for record in records:
        found = existing.get(_key(kind, record))
        if found is None:
            record.organization = organization
            for name, value in {**stamp, "proposed_by": _importer(acting_user)}.items():
                setattr(record, name, value)
            to_create.append(record)
            continue
        pk, stored = found
        cells = tuple(getattr(record, name) for name in kind.update_fields)
        if cells == stored[:-1]:
            continue  # unchanged: its state (proposed, verified) is kept, as on screen
        updated += 1
        changes.setdefault((*cells, stamp["verification"]), []).append(pk)
    kind.model.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    # A changed row is vouched for anew; an unchanged one keeps its verifier and time.
    for wanted, pks in changes.items():
        for start in range(0, len(pks), BATCH_SIZE):
            kind.model.objects.filter(pk__in=pks[start : start + BATCH_SIZE]).update(
                **{**dict(zip(fields, wanted, strict=True)), **stamp}
            )
    return len(to_create), updated


def _log_bulk(kind, organization, acting_user, rows, created, updated) -> None:
    """Bulk writes bypass django-auditlog's signals, so one entry records the whole import."""
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(kind.model),
        object_pk=str(organization.pk),
        object_id=organization.pk,
        object_repr="Nhập Excel {} của {}: {} dòng, {} thêm mới, {} cập nhật".format(
            kind.sheet_label, organization.abbreviation, rows, created, updated
        ),
        action=LogEntry.Action.CREATE,
        changes={
            "nhập Excel": ["", "{} dòng: {} thêm, {} cập nhật".format(rows, created, updated)]
        },
        changes_text="",
        actor=_importer(acting_user),
        additional_data={
            "kind": kind.slug,
            "rows": rows,
            "created": created,
            "updated": updated,
            "verification": import_verification(acting_user),
        },
    )


def _team_differs(kind, record, team) -> bool:
    """Tell whether the row's people differ from the stored record's (a new record: yes)."""
    if record.pk is None:
        return True

    def people(rows):
        return {r.person_id: tuple(getattr(r, n) for n in kind.team.extra) for r in rows}

    return people(getattr(record, kind.team.related).all()) != people(team)


def _save_many_with_teams(kind, organization, rows, stamp, acting_user) -> tuple[int, int]:
    created = updated = 0
    for row in rows:
        record = row.record
        is_new = record is None
        if is_new:
            record = kind.model(organization=organization, proposed_by=_importer(acting_user))
        cells = {**row.values, "verification": stamp["verification"]}
        changed = is_new or any(getattr(record, n) != v for n, v in row.values.items())
        if not (changed or _team_differs(kind, record, row.team)):
            continue  # unchanged: not saved, no audit entry, its state kept
        # Vouched for anew, as a save on screen.
        for name, value in {**cells, **stamp}.items():
            setattr(record, name, value)
        with audited(acting_user, record):
            record.save()
            _replace_team(record, row.team)
        created += is_new
        updated += not is_new
    return created, updated


@transaction.atomic
def do_verify_evidence(record, *, acting_user):
    """Confirm a proposed (or earlier rejected) record; the engine reads it from now on."""
    record = type(record).objects.select_for_update().get(pk=record.pk)
    _check(acting_user, record, "verify")
    if record.verification == Verification.VERIFIED:
        raise ActionRefused("Minh chứng đã được xác nhận.")
    record.verification = Verification.VERIFIED
    record.verified_by = acting_user
    record.verified_at = timezone.now()
    record.rejection_reason = ""
    with audited(acting_user, record):
        record.save()
    return record


@transaction.atomic
def do_reject_evidence(record, *, reason: str, acting_user):
    """Decline a record, saying why; its owner may correct it and propose it again."""
    reason = (reason or "").strip()
    record = type(record).objects.select_for_update().get(pk=record.pk)
    _check(acting_user, record, "verify")
    if not reason:
        raise ActionRefused("Cần ghi lý do không xác nhận.")
    if record.verification == Verification.REJECTED:
        raise ActionRefused("Minh chứng đã bị từ chối xác nhận.")
    record.verification = Verification.REJECTED
    record.rejection_reason = reason
    record.verified_by = acting_user
    record.verified_at = timezone.now()
    with audited(acting_user, record):
        record.save()
    return record


@transaction.atomic
def do_delete_evidence(record, *, acting_user) -> None:
    """Delete a record (with its team, claims and attachments)."""
    record = type(record).objects.select_for_update().get(pk=record.pk)
    _check(acting_user, record, "delete")
    with audited(acting_user, record):
        record.delete()


@transaction.atomic
def do_save_initiative_claims(initiative: Initiative, claims, *, acting_user):
    """Set the titles and years an initiative was counted for: (person, title, year) each.

    Only the secretary keeps this list: it decides whether an initiative may count again.
    """
    require_perm(
        acting_user, "achievements.claim_initiative", initiative,
        message="Chỉ Thường trực Hội đồng ghi được sáng kiến đã dùng để xét.",
    )  # fmt: skip
    authors = set(initiative.authorships.values_list("person_id", flat=True))
    wanted = {}
    for person, title, year in claims:
        if person.pk not in authors:
            raise ActionRefused("{} không phải tác giả của sáng kiến.".format(person))
        if title in wanted:
            raise ActionRefused("Sáng kiến này đã được dùng để xét danh hiệu này.")
        wanted[title] = (person, year)
    existing = {claim.title: claim for claim in initiative.claims.select_for_update()}
    with audited(acting_user, initiative):
        for title, claim in existing.items():
            if title not in wanted:
                claim.delete()
        for title, (person, year) in wanted.items():
            claim = existing.get(title) or InitiativeClaim(initiative=initiative, title=title)
            if claim.pk is None or (claim.person_id, claim.year) != (person.pk, year):
                claim.person, claim.year = person, year
                claim.full_clean()
                claim.save()
    return initiative


@transaction.atomic
def do_close_year(year: int, *, acting_user) -> YearClosure:
    """Close a year: from now on its evidence changes only by the secretary."""
    if not acting_user.has_perm("achievements.close_year"):
        raise ActionRefused("Chỉ Thường trực Hội đồng được khóa năm.")
    organization_id = acting_user.organization_id
    if YearClosure.objects.filter(organization_id=organization_id, year=year).exists():
        raise ActionRefused("Năm {} đã khóa.".format(year))
    closure = YearClosure(organization_id=organization_id, year=year, closed_by=acting_user)
    with set_actor(acting_user):
        closure.full_clean()
        closure.save()
    return closure


@transaction.atomic
def do_reopen_year(year: int, *, acting_user) -> None:
    """Reopen a closed year: its people and unit heads may change its evidence again."""
    if not acting_user.has_perm("achievements.close_year"):
        raise ActionRefused("Chỉ Thường trực Hội đồng được mở lại năm đã khóa.")
    closure = (
        YearClosure.objects.select_for_update()
        .filter(organization_id=acting_user.organization_id, year=year)
        .first()
    )
    if closure is None:
        raise ActionRefused("Năm {} chưa khóa.".format(year))
    with set_actor(acting_user):
        closure.delete()

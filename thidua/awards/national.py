"""The national export (issue 20, item 3): every award of the register decided in a calendar year,
and every award revoked in it, as one JSON document following docs/national-export.schema.json.

The law fixes no format (law.md §7: the database is Luật TĐKT 2022 Điều 89.2.e, its fields "not
found"), so the schema is thidua's own; docs/national-export.md gives each field's legal source.

Memory is bounded: the awards are read in chunks of ``CHUNK`` by primary key and each record is
written as soon as it is built; every record is checked against the schema before it is written
(jsonschema_rs: the reference `jsonschema` checks the whole file in the tests). What the register
does not hold (the signer and the "số sổ vàng" of a decision of ours, the reward paid from the
fund) comes from the apps above through ``register_contributor``: the layers point one way.
"""

import functools
import json
from collections import namedtuple
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

import jsonschema_rs
import orjson
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from thidua.awards.models import Award, body_of
from thidua.core.actions import require_perm
from thidua.core.choices import COMMENDATION_FORMS, TitleCode
from thidua.organization.models import Assignment, Organization, Unit
from thidua.rules import authority
from thidua.rules._perf import paused_gc

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "national-export.schema.json"
FORMAT = "thidua-national-export/1"
PRODUCER = "thidua"
CHUNK = 2000
MIN_YEAR, MAX_YEAR = 1975, 2100

TITLE_NAMES = dict(TitleCode.choices)
GENDERS = {"M": "nam", "F": "nu"}


class ExportError(Exception):
    """The export cannot be written; the message (Vietnamese) says why."""


# What the apps above add to a record ----------------------------------------------------------

#: ``contributor(awards, cache) -> {award pk: {field: value}}``: the fields it knows ("signer",
#: "gold_book_number", "reward") of the chunk's awards (``Row`` tuples: ``pk``, ``source`` …,
#: and the columns contributors asked for); ``cache`` is the contributor's own dict for one export
#: (a decision's bảng kê spanning two chunks is computed once).
Contributor = Callable[[list, dict], dict[int, dict]]
_contributors: list[Contributor] = []
#: Columns the apps above read with the awards themselves ({row field: a function returning
#: the expression on Award}), so that a link of theirs (the award's line in a decision) costs a
#: probe of an index per award in the awards' query, not a query a chunk.
_extra_columns: dict[str, Callable] = {}


def register_contributor(contributor: Contributor, *, columns: dict[str, Callable] | None = None
                         ) -> None:  # fmt: skip
    """Register a contributor (from an AppConfig.ready(); registering twice is harmless), with
    the columns it wants on each award's row (``{"decision_id": function returning a Subquery
    with OuterRef("pk")}``)."""
    if contributor not in _contributors:
        _contributors.append(contributor)
    for name, expression in (columns or {}).items():
        if name in COLUMNS or _extra_columns.get(name, expression) is not expression:
            raise ValueError("Column {!r} is already read as another value.".format(name))
        _extra_columns[name] = expression


# The schema -----------------------------------------------------------------------------------


@functools.cache
def schema() -> dict:
    """The export's JSON Schema, read once (a missing or broken file fails loudly)."""
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@functools.cache
def _validators() -> tuple:
    """(the document without its awards, one award record, a list of them), compiled once."""
    whole = schema()
    record = {"$schema": whole["$schema"], "$ref": "#/$defs/award", "$defs": whole["$defs"]}
    records = {"$schema": whole["$schema"], "type": "array", "items": {"$ref": "#/$defs/award"},
               "$defs": whole["$defs"]}  # fmt: skip
    return (
        jsonschema_rs.Draft202012Validator(whole, validate_formats=True),
        jsonschema_rs.Draft202012Validator(record, validate_formats=True),
        jsonschema_rs.Draft202012Validator(records, validate_formats=True),
    )


def _refusal(what: str, instance: dict, validator) -> ExportError | None:
    if validator.is_valid(instance):  # the usual case, and the faster question
        return None
    for error in validator.iter_errors(instance):
        path = "/".join(str(part) for part in error.instance_path) or "(gốc)"
        return ExportError(
            "{} không đúng lược đồ docs/national-export.schema.json ở trường «{}»; "
            "không ghi tệp.".format(what, path)
        )
    return None


def check_record(record: dict) -> None:
    """Refuse a record the schema does not accept, naming the award and the field."""
    refusal = _refusal("Khen thưởng mã {}".format(record.get("id")), record, _validators()[1])
    if refusal is not None:
        raise refusal


def check_records(records: list[dict]) -> None:
    """Refuse the first record of ``records`` the schema does not accept (one call for a whole
    chunk: the usual case, every record valid, then costs one crossing into jsonschema_rs)."""
    if not _validators()[2].is_valid(records):
        for record in records:
            check_record(record)


def check_document(document: dict) -> None:
    """Refuse a document (awards included, if any) the schema does not accept."""
    refusal = _refusal("Tệp xuất dữ liệu", document, _validators()[0])
    if refusal is not None:
        raise refusal


# Who may export, and what -----------------------------------------------------------------------


def check_may_export(user, organization) -> None:
    """Only the organisation's standing secretary and its administrator export its register."""
    require_perm(
        user, "register.export_national", organization,
        message="Chỉ Thường trực Hội đồng và quản trị hệ thống xuất dữ liệu khen thưởng.",
    )  # fmt: skip


def check_year(value) -> int:
    """Return the year as an integer, or refuse naming the field."""
    text = str(value).strip() if value is not None else ""
    if not text:
        raise ExportError("Năm (--year): bắt buộc, chưa có.")
    if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise ExportError(
            "Năm (--year): «{}» không phải một năm từ {} đến {}.".format(text, MIN_YEAR, MAX_YEAR)
        )
    return int(text)


def awards_of_year(year: int, organization_ids: Iterable[int]):
    """The awards decided in ``year`` or revoked in it (a revocation is news of that year)."""
    return Award.objects.filter(organization_id__in=list(organization_ids)).filter(
        Q(decided_on__year=year) | Q(revoked_on__year=year)
    )


# The records ----------------------------------------------------------------------------------


def _d(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _text(value: str) -> str | None:
    return value.strip() or None


#: What a record is built from: one row of the register joined with its person and unit, read
#: as a tuple (building model instances costs more than the rest of the export together).
COLUMNS = {
    "pk": "pk", "organization_id": "organization_id", "year": "year", "code": "code",
    "occasion": "occasion", "source": "source", "decision_number": "decision_number",
    "decided_on": "decided_on", "issued_by": "issued_by", "revoked_on": "revoked_on",
    "revocation_reason": "revocation_reason", "person_id": "person_id",
    "family_and_middle": "person__family_and_middle", "given": "person__given",
    "birth_date": "person__birth_date", "gender": "person__gender",
    "position": "person__position", "personal_id": "person__personal_id",
    "unit_id": "unit_id",
}  # fmt: skip
#: Computed in the awards' query too: the recipient's unit on the decision day.
COMPUTED = {"placed_unit_id": lambda: unit_on_decision_day()}
Row = namedtuple("Row", [*COLUMNS, *COMPUTED])


@functools.cache
def _row_type(fields: tuple[str, ...]) -> type:
    """``Row`` with the contributors' columns after its own."""
    return Row if fields == Row._fields else namedtuple("Row", fields)


def unit_on_decision_day() -> Coalesce:
    """The person's unit on the award's decision day (else their latest), for the awards' own
    query: the latest assignment (by start, then pk) that covers the day, else the latest.

    Correlated subqueries, so each award costs a probe or two of the assignments' person index; read
    apart for a chunk's people, PostgreSQL scanned all the province's assignments each time."""
    mine = Assignment.objects.filter(person_id=OuterRef("person_id")).order_by("-started_on", "-pk")
    day = OuterRef("decided_on")
    covering = mine.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day), started_on__lte=day)
    # The second is only read when the first finds nothing (COALESCE stops at the first value).
    return Coalesce(Subquery(covering.values("unit_id")[:1]), Subquery(mine.values("unit_id")[:1]))


def _recipient(award: Row, organization: dict, unit: dict | None, units: dict,
               personal_ids: bool) -> dict:  # fmt: skip
    if award.person_id:
        return {
            "kind": "person", "id": award.person_id,
            "full_name": "{} {}".format(award.family_and_middle, award.given).strip(),
            "birth_date": _d(award.birth_date), "gender": GENDERS[award.gender],
            "position": _text(award.position), "unit": unit,
            "personal_id": (award.personal_id or None) if personal_ids else None,
        }  # fmt: skip
    if award.unit_id:
        name, parent_id = units[award.unit_id]
        parent = units[parent_id][0] if parent_id else organization["name"]
        return {"kind": "collective", "unit_id": award.unit_id, "name": name,
                "parent_body": parent}  # fmt: skip
    return {"kind": "collective", "unit_id": None, "name": organization["name"],
            "parent_body": organization["parent_body"]}  # fmt: skip


@functools.cache
def _distinction(code: str) -> tuple[str, dict]:
    """("emulation_title" or "commendation_form", the code with its name and level)."""
    body = body_of(code)
    kind = "commendation_form" if code in COMMENDATION_FORMS else "emulation_title"
    return kind, {"code": code, "name": TITLE_NAMES.get(code, code),
                  "level": {"code": body, "name": authority.BODY_NAMES[body]}}  # fmt: skip


def award_record(award: Row, organization: dict, unit: dict | None, extra: dict, *,
                 units: dict, personal_ids: bool) -> dict:  # fmt: skip
    """One award as the schema's ``award`` (``units``: {unit pk: (name, parent pk)})."""
    kind, distinction = _distinction(award.code)
    revocation = None
    if award.revoked_on:
        revocation = {"date": _d(award.revoked_on), "reason": award.revocation_reason}
    return {
        "id": award.pk, "organization_id": award.organization_id, "year": award.year,
        "occasion": _text(award.occasion),
        "recipient": _recipient(award, organization, unit, units, personal_ids),
        "emulation_title": distinction if kind == "emulation_title" else None,
        "commendation_form": distinction if kind == "commendation_form" else None,
        "decision": {
            "number": award.decision_number, "date": _d(award.decided_on),
            "deciding_body": (award.issued_by.strip()
                              or authority.BODY_NAMES[distinction["level"]["code"]]),
            "signer": extra.get("signer"), "source": award.source,
        },
        "gold_book_number": extra.get("gold_book_number"),
        "reward": extra.get("reward"),
        "revocation": revocation,
    }  # fmt: skip


def _organization(row: Organization) -> dict:
    return {"id": row.pk, "name": row.name, "parent_body": _text(row.parent_body)}


def _write_chunk(out: TextIO, batch: list, summary: dict, *, organizations: dict, units: dict,
                 unit_records: dict, caches: dict, personal_ids: bool) -> None:  # fmt: skip
    """Build, check and write one chunk's records, after those already written."""
    extras: dict[int, dict] = {}
    for contributor in _contributors:
        for pk, fields in contributor(batch, caches[id(contributor)]).items():
            extras.setdefault(pk, {}).update(fields)
    none: dict = {}
    records = [
        award_record(award, organizations[award.organization_id],
                     unit_records[award.placed_unit_id] if award.placed_unit_id else None,
                     extras.get(award.pk, none), units=units, personal_ids=personal_ids)
        for award in batch
    ]  # fmt: skip
    check_records(records)
    for award in batch:
        summary["individual" if award.person_id else "collective"] += 1
        summary["revoked"] += 1 if award.revoked_on else 0
    out.write(("" if not summary["awards"] else ",\n")
              + b",\n".join(map(_json, records)).decode())  # fmt: skip
    summary["awards"] += len(batch)


#: Compact UTF-8 JSON, as ``json.dumps(…, ensure_ascii=False, separators=(",", ":"))`` writes
#: it but as bytes and ≈ 10 times faster (orjson: the encoding was ≈ 15 % of the export).
_json = orjson.dumps


def write_export(
    out: TextIO,
    *,
    year: int,
    organizations: Iterable[Organization],
    personal_ids: bool = True,
    chunk: int = CHUNK,
    generated_at: datetime | None = None,
) -> dict:
    """Write the export of ``year`` for ``organizations`` to ``out``; return its summary.

    Every record is checked before it is written; a refused one raises ExportError (the caller
    discards what was written: the command writes to a temporary file it renames at the end).
    """
    organizations = {row.pk: _organization(row) for row in organizations}
    moment = (generated_at or timezone.now()).astimezone(timezone.get_current_timezone())
    head = {
        "format": FORMAT, "year": year, "generated_at": moment.isoformat(timespec="seconds"),
        "producer": PRODUCER, "organizations": list(organizations.values()), "awards": [],
        "summary": {"awards": 0, "individual": 0, "collective": 0, "revoked": 0},
    }  # fmt: skip
    check_document(head)
    opening = _json({key: value for key, value in head.items() if key not in ("awards", "summary")})
    out.write(opening[:-1].decode() + ',"awards":[\n')  # one record a line, "summary" after them
    summary = {"awards": 0, "individual": 0, "collective": 0, "revoked": 0}
    chosen = awards_of_year(year, organizations)
    computed = {**COMPUTED, **_extra_columns}
    queryset = chosen.annotate(**{name: value() for name, value in computed.items()})
    queryset = queryset.values_list(*COLUMNS.values(), *computed)
    row = _row_type((*COLUMNS, *computed))
    # The organisations' units, once (a province: some thousands), rather than joined per row.
    rows = Unit.objects.filter(organization_id__in=list(organizations))
    units = {pk: (name, parent) for pk, name, parent in rows.values_list("pk", "name", "parent_id")}
    unit_records = {pk: {"id": pk, "name": name} for pk, (name, _) in units.items()}
    caches: dict[int, dict] = {id(contributor): {} for contributor in _contributors}
    last = 0
    while True:
        # A chunk's records are thousands of small acyclic objects alive together: collections
        # walking them cost more than building them (as in the facts' assembly).
        with paused_gc():
            batch = list(map(row._make, queryset.filter(pk__gt=last).order_by("pk")[:chunk]))
            if not batch:
                break
            last = batch[-1].pk
            _write_chunk(out, batch, summary, organizations=organizations, units=units,
                         unit_records=unit_records, caches=caches,
                         personal_ids=personal_ids)  # fmt: skip
    out.write('\n],"summary":' + _json(summary).decode() + "}\n")
    return summary

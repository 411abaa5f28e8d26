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
from django.db.models import Q
from django.utils import timezone

from thidua.awards.models import Award, body_of
from thidua.core.actions import require_perm
from thidua.core.choices import COMMENDATION_FORMS, TitleCode
from thidua.organization.models import Assignment, Organization, Unit
from thidua.rules import authority

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
#: "gold_book_number", "reward") of the chunk's awards (``Row`` tuples: ``pk``, ``source`` …);
#: ``cache`` is the contributor's own dict for one export (a decision's bảng kê spanning two
#: chunks is computed once).
Contributor = Callable[[list, dict], dict[int, dict]]
_contributors: list[Contributor] = []


def register_contributor(contributor: Contributor) -> None:
    """Register a contributor (from an AppConfig.ready(); registering twice is harmless)."""
    if contributor not in _contributors:
        _contributors.append(contributor)


# The schema -----------------------------------------------------------------------------------


@functools.cache
def schema() -> dict:
    """The export's JSON Schema, read once (a missing or broken file fails loudly)."""
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@functools.cache
def _validators() -> tuple:
    """(the document without its awards, one award record), compiled once."""
    whole = schema()
    record = {"$schema": whole["$schema"], "$ref": "#/$defs/award", "$defs": whole["$defs"]}
    return (
        jsonschema_rs.Draft202012Validator(whole, validate_formats=True),
        jsonschema_rs.Draft202012Validator(record, validate_formats=True),
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
Row = namedtuple("Row", COLUMNS)


def _units_on_decision_day(awards: list[Row], people, units: dict[int, dict]
                           ) -> dict[int, dict | None]:  # fmt: skip
    """Each person's unit on the award's decision day (else their latest), one query
    (``people``: a query of the chunk's people ids, a subquery rather than 2,000 parameters;
    ``units``: {unit pk: its record's ``{"id", "name"}``}, one object per unit, shared)."""
    if not any(award.person_id for award in awards):
        return {}
    spans: dict[int, list] = {}
    rows = Assignment.objects.filter(person_id__in=people).order_by("started_on", "pk")
    for person_id, unit_id, started, ended in rows.values_list(
        "person_id", "unit_id", "started_on", "ended_on"
    ):
        spans.setdefault(person_id, []).append((started, ended, unit_id))
    found = {}
    for award in awards:
        if not award.person_id:
            continue
        mine = spans.get(award.person_id)
        if not mine:
            found[award.pk] = None
            continue
        day, chosen = award.decided_on, mine[-1][2]  # no assignment that day: the latest
        for started, ended, unit_id in reversed(mine):  # the latest that covers the day
            if started <= day and (ended is None or ended > day):
                chosen = unit_id
                break
        found[award.pk] = units[chosen]
    return found


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


#: One encoder for every record (``json.dumps`` with these options builds one per call).
_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


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
    out.write(opening[:-1] + ',"awards":[\n')  # one record a line, "summary" after them
    summary = {"awards": 0, "individual": 0, "collective": 0, "revoked": 0}
    chosen = awards_of_year(year, organizations)
    queryset = chosen.values_list(*COLUMNS.values())
    # The organisations' units, once (a province: some thousands), rather than joined per row.
    rows = Unit.objects.filter(organization_id__in=list(organizations))
    units = {pk: (name, parent) for pk, name, parent in rows.values_list("pk", "name", "parent_id")}
    unit_records = {pk: {"id": pk, "name": name} for pk, (name, _) in units.items()}
    caches: dict[int, dict] = {id(contributor): {} for contributor in _contributors}
    last = 0
    while True:
        batch = [Row(*row) for row in queryset.filter(pk__gt=last).order_by("pk")[:chunk]]
        if not batch:
            break
        last = batch[-1].pk
        people = chosen.filter(pk__gte=batch[0].pk, pk__lte=last, person__isnull=False)
        placed = _units_on_decision_day(batch, people.values("person_id"), unit_records)
        extras: dict[int, dict] = {}
        for contributor in _contributors:
            for pk, fields in contributor(batch, caches[id(contributor)]).items():
                extras.setdefault(pk, {}).update(fields)
        lines = []
        for award in batch:
            record = award_record(
                award, organizations[award.organization_id], placed.get(award.pk),
                extras.get(award.pk, {}), units=units, personal_ids=personal_ids,
            )  # fmt: skip
            check_record(record)
            lines.append(_json(record))
            summary["awards"] += 1
            summary["individual" if award.person_id else "collective"] += 1
            summary["revoked"] += 1 if award.revoked_on else 0
        out.write(("" if summary["awards"] == len(batch) else ",\n") + ",\n".join(lines))
    out.write('\n],"summary":' + _json(summary) + "}\n")
    return summary

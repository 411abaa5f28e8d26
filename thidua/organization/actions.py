"""Business actions on units and people: one transaction each, each asking the app's permissions
(`permissions.py`) first, with the acting user on the audit."""

import json
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import chain, islice
from json.encoder import c_make_encoder, encode_basestring_ascii
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    IntegerField,
    ProtectedError,
)
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

from thidua.core import text
from thidua.core.actions import ActionRefused, NotAllowed, require_perm
from thidua.core.audit import set_actor, set_extra_data
from thidua.organization.models import Assignment, Organization, Person, Unit
from thidua.organization.permissions import keeps_every_person

UNITS_REFUSED = "Chỉ Thường trực Hội đồng TĐ-KT và quản trị hệ thống được thêm, sửa, xoá đơn vị."
PEOPLE_REFUSED = (
    "Chỉ Thường trực Hội đồng TĐ-KT và quản trị hệ thống được thêm, xoá hồ sơ cán bộ; "
    "trưởng đơn vị sửa được hồ sơ của cán bộ trong đơn vị mình."
)
#: What a unit head may change in a person's record (the rest is the personnel record).
CONTACT_FIELDS = frozenset({"email", "phone"})


def _check_may_save_unit(unit: Unit, acting_user) -> None:
    permission = "organization.add_unit" if unit.pk is None else "organization.change_unit"
    require_perm(acting_user, permission, unit, message=UNITS_REFUSED)


@transaction.atomic
def do_save_unit(unit: Unit, *, acting_user) -> Unit:
    """Create, rename or move a unit, validated against its model rules."""
    _check_may_save_unit(unit, acting_user)
    return _write_unit(unit, acting_user)


def _write_unit(unit: Unit, acting_user) -> Unit:
    with set_actor(acting_user):
        unit.full_clean()
        unit.save()
    return unit


@contextmanager
def _on_line(line: int):
    """Name the file's line in a row's refusal (a refused permission is the file's, not a
    line's: it goes up as it is)."""
    try:
        yield
    except NotAllowed:
        raise
    except ActionRefused as error:
        raise ActionRefused("dòng {}: {}".format(line, error)) from None
    except ValidationError as error:
        raise ActionRefused(
            "\n".join("dòng {}: {}".format(line, m) for m in error.messages)
        ) from None


@transaction.atomic
def do_save_units_many(rows, *, acting_user) -> tuple[int, int]:
    """Create or update units of a file, `rows` being (line, unit) in order (a parent first), as
    `do_save_unit` saves one: the same permission, each row its own audit entry. A unit the row
    leaves as it is stored is not saved (no audit entry). All or nothing: a refusal names its
    line. Return (created, updated); the rows neither created nor updated are unchanged."""
    rows = list(rows)
    fields = [f for f in Unit._meta.concrete_fields if f.editable and not f.primary_key]
    old_ids = [unit.pk for _, unit in rows if unit.pk is not None]
    stored = {}
    for chunk in _chunks(old_ids):
        stored.update(
            (values["id"], values)
            for values in Unit.objects.filter(pk__in=chunk).values(
                "id", *(f.attname for f in fields)
            )
        )
    created = updated = 0
    for line, unit in rows:
        is_new = unit.pk is None
        if unit.parent_id is None and unit.parent is not None:
            unit.parent_id = unit.parent.pk  # a parent created on a line above, saved since
        if not is_new and not _differs(unit, stored[unit.pk], fields):
            if acting_user is not None:  # a file the user may not write is refused all the same
                _check_may_save_unit(unit, acting_user)
            continue
        with _on_line(line):
            if acting_user is None:  # the server's operator: import_xlsx without --user
                _write_unit(unit, None)
            else:
                do_save_unit(unit, acting_user=acting_user)
        created += is_new
        updated += not is_new
    return created, updated


@transaction.atomic
def do_delete_unit(unit: Unit, *, acting_user) -> None:
    """Delete a unit that has no sub-units, members or records pointing to it."""
    require_perm(acting_user, "organization.delete_unit", unit, message=UNITS_REFUSED)
    if unit.children.exists():
        raise ActionRefused("Đơn vị còn đơn vị cấp dưới; hãy chuyển hoặc xoá chúng trước.")
    with set_actor(acting_user):
        try:
            unit.delete()
        except ProtectedError:
            raise ActionRefused(
                "Đơn vị đã có cán bộ hoặc hồ sơ gắn với nó nên không thể xoá."
            ) from None


def _record_fields() -> list:
    """Return the fields of the personnel record: every editable one but the contact details."""
    return [
        field
        for field in Person._meta.concrete_fields
        if field.editable and not field.primary_key and field.name not in CONTACT_FIELDS
    ]


def _check_may_save_person(
    person: Person, unit: Unit | None, acting_user, units_allowed: set | None = None
) -> None:
    """Refuse unless the user may write this person: the secretary anything of their
    organisation; a unit head only the contact details of their people and a move between
    their units (the same limits as the form they see). `units_allowed`, for a file of
    people: the units already found open to the user, asked once each."""
    permission = "organization.add_person" if person.pk is None else "organization.change_person"
    require_perm(acting_user, permission, person, message=PEOPLE_REFUSED)
    if unit is not None and (units_allowed is None or unit.pk not in units_allowed):
        require_perm(
            acting_user, "organization.assign_to_unit", unit,
            message="Chỉ chuyển được cán bộ sang đơn vị mình phụ trách: «{}».".format(unit),
        )  # fmt: skip
        if units_allowed is not None:
            units_allowed.add(unit.pk)
    if acting_user.has_perm("organization.change_personnel_record", person):
        return
    stored = Person.objects.filter(pk=person.pk).values(*(f.attname for f in _record_fields()))
    stored = stored.get()
    for field in _record_fields():
        if getattr(person, field.attname) != stored[field.attname]:
            raise NotAllowed(
                "«{}»: trưởng đơn vị chỉ sửa thư điện tử, điện thoại và đơn vị công tác; hồ sơ "
                "cán bộ do Thường trực Hội đồng TĐ-KT sửa.".format(field.verbose_name)
            )


@transaction.atomic
def do_save_person(
    person: Person, *, acting_user, unit: Unit | None = None, unit_since: date | None = None
) -> Person:
    """Create or update a person and, when the unit changes, close the old assignment.

    A transfer keeps the history: the current assignment ends the day the new one starts.
    """
    _check_may_save_person(person, unit, acting_user)
    return _write_person(person, acting_user, unit, unit_since)


def _write_person(person: Person, acting_user, unit: Unit | None, unit_since: date | None):
    with set_actor(acting_user):
        person.full_clean()
        person.save()
        if unit is not None:
            _assign(person, unit, unit_since or _default_since(person))
    return person


BULK_BATCH = 1000


@transaction.atomic
def do_save_people_many(rows, *, acting_user, stored=None) -> tuple[int, int]:
    """Create or update the people of a file, `rows` being (line, person, unit), as
    `do_save_person` saves one: the same permission per row, the same transfer, each person its
    own audit entry. All or nothing: a refusal names its line. Return (created, updated).

    Written in bulk (a file holds thousands of people; one at a time took ≈ 11 ms a row): the
    rows come validated by the import's row form, the stored people and their current
    assignments are read once, people and assignments go in with bulk_create / bulk_update, and
    the audit entries django-auditlog would have written (its signals do not see bulk writes)
    are written in bulk too, with the same content.

    `stored`: the stored people's values as the caller read them in this transaction
    (id → {"id" and every attribute name: value}), so a file's 10,000 people are not read
    twice; whoever is missing from it is read here.
    """
    rows = list(rows)
    if acting_user is not None:
        units_allowed = set()
        # For the secretary or an administrator the answer depends only on the person's
        # organisation, new or stored, and the unit: ask the first row of each such kind (the
        # first refused row is still the one refused, with its message).
        kinds = set() if keeps_every_person(acting_user) else None
        for line, person, unit in rows:
            if kinds is not None:
                kind = (person.pk is None, person.organization_id, unit.id if unit else None)
                if kind in kinds:
                    continue
                kinds.add(kind)
            with _on_line(line):
                _check_may_save_person(person, unit, acting_user, units_allowed)
    new, old, old_ids = [], [], []
    for _, person, _ in rows:
        pk = person.id
        if pk is None:
            new.append(person)
        else:
            old.append(person)
            old_ids.append(pk)
    fields = [f for f in Person._meta.concrete_fields if not f.primary_key]
    stored = dict(stored or {})
    for chunk in _chunks([pk for pk in old_ids if pk not in stored]):
        stored.update(
            (values["id"], values)
            for values in Person.objects.filter(pk__in=chunk).values(
                "id", *(f.attname for f in fields)
            )
        )
    for person in new + old:
        person.normalise()
    # One INSERT run for all (executemany; COPY on PostgreSQL): bulk_create's per-value
    # compilation took three times as long. The new people's ids are taken first (from
    # PostgreSQL's sequence, past SQLite's highest), so the rows go in with their ids and are
    # not looked up again by staff code (ten queries of a thousand codes each).
    alias = connection.alias
    for person, pk in zip(new, _reserve_ids(Person, len(new)), strict=True):
        person.pk = pk
        person._state.adding, person._state.db = False, alias
    _insert_many(Person, new, [Person._meta.pk, *fields])
    # Only the columns some row changes are written (an UPDATE of every column rewrote the
    # indexes of the names and keys for a change of position).
    changed, written = [], set()
    for person in old:
        differ = _differing(person, stored[person.id], fields)
        if differ:
            changed.append(person)
            written.update(differ)
    _update_many(Person, changed, [f for f in fields if f.attname in written])
    moves = _assign_many(rows, old_ids)
    # One audit entry per person created or changed, the move to another unit in it (a
    # person's history shows the import); built directly, as django-auditlog would, and
    # written in one statement run (its signals do not see bulk writes).
    entry = _EntryMaker(Person, fields, acting_user)
    changed_ids = {p.id for p in changed}

    def entries():
        for person in new:
            yield entry(person, None, moves.get(person.id))
        for person in old:
            pk = person.id
            if pk in changed_ids or pk in moves:
                yield entry(person, stored[pk], moves.get(pk))

    entry.insert(entries())
    # A person neither changed nor moved is unchanged: nothing written, no audit entry.
    return len(new), len(changed_ids | (set(moves) & set(old_ids)))


def _update_many(model, objects, fields) -> None:
    """UPDATE each object's `fields` by primary key: on PostgreSQL the rows are copied into a
    temporary table (COPY) and written by one UPDATE … FROM (executemany cost a round trip a
    row), elsewhere one statement run for all (executemany); bulk_update's CASE WHEN per field
    grows with the batch on every row it touches."""
    if not objects:
        return
    quote = connection.ops.quote_name
    pk = model._meta.pk
    table = quote(model._meta.db_table)
    rows = _prepared(objects, [*fields, pk])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            temporary = quote("thidua_update_{}".format(model._meta.db_table))
            columns = ", ".join(quote(field.column) for field in [*fields, pk])
            # The same columns and types as the table's (a failure rolls its creation back).
            cursor.execute(
                "CREATE TEMPORARY TABLE {} AS SELECT {} FROM {} WITH NO DATA".format(
                    temporary, columns, table
                )
            )
            with cursor.cursor.copy("COPY {} ({}) FROM STDIN".format(temporary, columns)) as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                "UPDATE {table} SET {values} FROM {temporary} AS new "
                "WHERE {table}.{pk} = new.{pk}".format(
                    table=table,
                    values=", ".join(
                        "{0} = new.{0}".format(quote(field.column)) for field in fields
                    ),
                    temporary=temporary,
                    pk=quote(pk.column),
                )
            )
            cursor.execute("DROP TABLE {}".format(temporary))
            return
        sql = "UPDATE {} SET {} WHERE {} = %s".format(
            table,
            ", ".join("{} = %s".format(quote(field.column)) for field in fields),
            quote(pk.column),
        )
        for chunk in _chunks(rows):
            cursor.executemany(sql, chunk)


def _insert_many(model, objects, fields) -> None:
    """INSERT the objects' `fields`, many rows a statement; ids not read."""
    if not objects:
        return
    columns = [field.column for field in fields]
    _insert_rows(model._meta.db_table, columns, _prepared(objects, fields))


def _reserve_ids(model, count: int) -> list:
    """Return `count` new primary keys of `model`'s table, for rows written with their ids.

    PostgreSQL: the next values of the table's own sequence (identity), as INSERT would take
    them, in one query. SQLite: the numbers after both the table's highest id and the highest
    it ever gave (AUTOINCREMENT's `sqlite_sequence`, which the INSERT then moves on); the
    import's transaction is IMMEDIATE, so no other writer can take them in between (were one
    to, the INSERT would fail on the primary key, and the whole import with it)."""
    if not count:
        return []
    table, column = model._meta.db_table, model._meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), column, count],
            )
            return [pk for (pk,) in cursor.fetchall()]
        cursor.execute(
            "SELECT MAX(COALESCE((SELECT MAX({column}) FROM {table}), 0), COALESCE(("
            "SELECT seq FROM sqlite_sequence WHERE name = %s), 0))".format(
                column=quote(column), table=quote(table)
            ),
            [table],
        )
        (highest,) = cursor.fetchone()
    return list(range(highest + 1, highest + 1 + count))


def _prepared(objects, fields):
    """Yield each object's values of `fields`, ready for the database (lazily: on PostgreSQL
    the server writes the rows already sent while the next ones are prepared).

    A text field saves a str as it is, an integer field an int, a boolean field a bool; a
    date field a date through the database's adapter; any of them None as None: the
    preparation get_db_prep_save would do, without its calls per value."""
    plain = [(field.attname, _plain_type(field), field) for field in fields]
    adapt_date = connection.ops.adapt_datefield_value
    return (
        [
            value
            if value is None and kind is not None
            else (adapt_date(value) if kind is date else value)
            if type(value) is kind
            else field.get_db_prep_save(value, connection)
            for attname, kind, field in plain
            for value in (getattr(obj, attname),)
        ]
        for obj in objects
    )


def _insert_rows(table: str, columns: list[str], rows) -> None:
    """INSERT `rows` (an iterable of prepared values, in `columns` order): with COPY on
    PostgreSQL (an INSERT per row cost a round trip each, a multi-row INSERT as long in parsing
    its placeholders), one statement run for all (executemany) elsewhere."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy("COPY {} ({}) FROM STDIN".format(quote(table), names)) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(table), names, ", ".join(["%s"] * len(columns))
        )
        for chunk in _chunks(rows):
            cursor.executemany(sql, chunk)


def _plain_type(field):
    """The type of value `field` writes unprepared (date: through the adapter), or None."""
    if field.is_relation:
        field = field.target_field
    if isinstance(field, CharField):
        return str
    if isinstance(field, BooleanField):
        return bool
    if isinstance(field, (AutoFieldMixin, IntegerField)):
        return int
    if isinstance(field, DateField) and not isinstance(field, DateTimeField):
        return date
    return None


def _chunks(values, size=BULK_BATCH):
    """Yield lists of `size` values of an iterable (the last one shorter)."""
    values = iter(values)
    while chunk := list(islice(values, size)):
        yield chunk


def _differing(person, stored, fields) -> list[str]:
    """Return the attribute names of `fields` whose value differs from the stored one."""
    return [f.attname for f in fields if getattr(person, f.attname) != stored[f.attname]]


def _differs(record, stored, fields) -> bool:
    """Whether any of ``fields`` of ``record`` differs from the ``stored`` values (by attname)."""
    return any(getattr(record, f.attname) != stored[f.attname] for f in fields)


def _assign_many(rows, old_ids) -> dict:
    """Move each row's person to its unit as `_assign` does, reading the current assignments
    once; return person id → (the unit left or None, the unit joined) for each move written.

    The assignments are read as values (Assignment and Unit instances for 10,000 people cost
    more than the writes): the units left are found among the rows' units, else read once."""
    current, assigned = {}, set()
    if len(old_ids) > BULK_BATCH:
        # Most of an organisation: its people's assignments in one query, rather than a query
        # of a thousand ids each (whose compilation cost more than the reading).
        wanted = set(old_ids)
        organizations = {person.organization_id for _, person, _ in rows}
        queries = [Assignment.objects.filter(person__organization_id__in=organizations)]
    else:
        wanted = None
        queries = [Assignment.objects.filter(person_id__in=chunk) for chunk in _chunks(old_ids)]
    for assignments in queries:
        for pk, person_id, unit_id, started_on, ended_on in assignments.select_for_update(
            of=("self",)
        ).values_list("pk", "person_id", "unit_id", "started_on", "ended_on"):
            if wanted is not None and person_id not in wanted:
                continue
            assigned.add(person_id)
            if ended_on is None:
                current[person_id] = (pk, unit_id, started_on)
    today = date.today()
    ended, started, moves = [], [], {}
    for line, person, unit in rows:
        if unit is None:
            continue
        pk = person.id
        was = current.get(pk)
        if was is not None and was[1] == unit.id:
            continue
        # As _default_since: a first assignment starts at hiring, a transfer today.
        since = person.hired_on if person.hired_on and pk not in assigned else today
        if was is not None:
            if since <= was[2]:
                raise ActionRefused(
                    "dòng {}: Ngày về đơn vị mới phải sau ngày bắt đầu ở đơn vị hiện tại "
                    "({:%d/%m/%Y}).".format(line, was[2])
                )
            ended.append(SimpleNamespace(id=was[0], ended_on=since))
        # The row's values by attribute name, as _insert_many reads them (an Assignment built
        # for each only to be read back cost as much as the insert; a field added to the model
        # without a value here fails loudly).
        started.append(
            SimpleNamespace(person_id=pk, unit_id=unit.id, started_on=since, ended_on=None)
        )
        moves[pk] = (was[1] if was is not None else None, unit)
    units = {unit.id: unit for _, _, unit in rows if unit is not None}
    missing = {left for left, _ in moves.values() if left is not None and left not in units}
    units.update((unit.pk, unit) for unit in Unit.objects.filter(pk__in=missing))
    moves = {
        pk: (units[left] if left is not None else None, unit) for pk, (left, unit) in moves.items()
    }
    _update_many(Assignment, ended, [Assignment._meta.get_field("ended_on")])
    _insert_many(
        Assignment, started, [f for f in Assignment._meta.concrete_fields if not f.primary_key]
    )
    return moves


#: The key of a person's audit entry that holds their move to another unit (not a field of
#: Person: the audit log names it by `audit.views.EXTRA_CHANGES`).
UNIT_CHANGE = "unit"


class _EntryMaker:
    """Build the rows of the LogEntry django-auditlog writes when an instance is created
    (stored None) or changed from `stored` — only the changed fields, as [old, new] text, the
    actor (and their e-mail, as auditlog's set_actor), the object — and write them with one
    INSERT run for all (executemany). What is the same for every entry of a file (content type,
    fields, actor, time) is prepared once: LogEntry instances and bulk_create's per-value
    preparation took four times as long."""

    COLUMNS = ("content_type", "object_pk", "object_id", "object_repr", "action", "changes_text",
               "changes", "actor", "actor_email", "timestamp")  # fmt: skip

    def __init__(self, model, fields, acting_user):
        from auditlog.models import LogEntry
        from django.contrib.contenttypes.models import ContentType
        from django.utils import timezone

        self.model = LogEntry
        self.content_type_id = ContentType.objects.get_for_model(model).pk
        excluded = {"search_text", "sort_key"}
        self.fields = [(f.name, f.attname) for f in fields if f.name not in excluded]
        actor = acting_user if acting_user is not None and acting_user.pk else None
        self.actor_id = actor.pk if actor is not None else None
        self.actor_email = getattr(actor, "email", None) if actor is not None else None
        # What the changes field's get_db_prep_save gives for a dict of text, as JSON text: on
        # SQLite the database's JSON adaptation is json.dumps(changes, cls=encoder), which is
        # this encoder's encode() with its defaults; PostgreSQL's COPY reads the same text into
        # the jsonb column (the field's layers, and a Jsonb wrapper and an encoder made for each
        # entry, cost as much as the encoding).
        encoder = (LogEntry._meta.get_field("changes").encoder or json.JSONEncoder)()
        self.changes_json = encoder.encode
        if c_make_encoder is not None and all(
            getattr(type(encoder), name) is getattr(json.JSONEncoder, name)
            for name in ("encode", "iterencode")
        ):
            # What encode() makes for each call (JSONEncoder.iterencode, its one-shot C
            # encoder with the default settings), made once: a dict of text needs no circular
            # check, and never calls `default`.
            once = c_make_encoder(
                None, encoder.default, encode_basestring_ascii, None, ": ", ", ", False, False,
                True,
            )  # fmt: skip
            self.changes_json = lambda changes: "".join(once(changes, 0))
        self.pk_name = model._meta.pk.attname
        self.timestamp = LogEntry._meta.get_field("timestamp").get_db_prep_save(
            timezone.now(), connection
        )

    def __call__(self, instance, stored, move=None):
        changes = {}
        if stored is None:
            for name, attname in self.fields:
                new = getattr(instance, attname)
                if new is not None and new != "":
                    changes[name] = ["None", str(new)]
        else:
            for name, attname in self.fields:
                new, old = getattr(instance, attname), stored[attname]
                if old != new:
                    changes[name] = [_text(old), _text(new)]
        if move is not None:
            changes[UNIT_CHANGE] = [_text(move[0]), str(move[1])]
        if not changes:
            return None
        action = self.model.Action.CREATE if stored is None else self.model.Action.UPDATE
        pk = getattr(instance, self.pk_name)
        return (
            self.content_type_id, str(pk), pk, str(instance)[:200], action,
            "", self.changes_json(changes), self.actor_id,
            self.actor_email, self.timestamp,
        )  # fmt: skip

    def insert(self, rows) -> None:
        """Write the entries of `rows` (an iterable, the None of unchanged instances left out;
        on PostgreSQL each is built while the server writes those already sent)."""
        rows = (row for row in rows if row is not None)
        first = next(rows, None)
        if first is None:
            return
        rows = chain([first], rows)
        meta = self.model._meta
        columns = [meta.get_field(name).column for name in self.COLUMNS]
        _insert_rows(meta.db_table, columns, rows)


def _text(value) -> str:
    return "None" if value is None else str(value)


def _default_since(person: Person) -> date:
    """A first assignment starts at hiring; a transfer without a date happens today."""
    if person.hired_on and not person.assignments.exists():
        return person.hired_on
    return date.today()


def _assign(person: Person, unit: Unit, since: date) -> None:
    current = Assignment.objects.current().select_for_update().filter(person=person).first()
    if current is not None and current.unit_id == unit.pk:
        return
    if current is not None:
        if since <= current.started_on:
            raise ActionRefused(
                "Ngày về đơn vị mới phải sau ngày bắt đầu ở đơn vị hiện tại ({:%d/%m/%Y}).".format(
                    current.started_on
                )
            )
        current.ended_on = since
        current.save()
    Assignment.objects.create(person=person, unit=unit, started_on=since)


class AssignmentRefused(ActionRefused):
    """A refusal of an assignment's change tied to one of its fields (``field``)."""

    def __init__(self, field_name: str, message: str):
        self.field = field_name
        super().__init__(message)


@transaction.atomic
def do_end_assignment(person: Person, *, ended_on: date, acting_user) -> Assignment:
    """End the person's current assignment without a new one (they leave, retire or are
    seconded out of the organisation; a transfer is `do_save_person`'s): the history keeps
    [started_on, ended_on). The same permission as moving them: the secretary anyone, a unit
    head the people of their units."""
    require_perm(acting_user, "organization.change_person", person, message=PEOPLE_REFUSED)
    current = (
        Assignment.objects.current().select_for_update(of=("self",)).select_related("unit")
        .filter(person=person).first()
    )  # fmt: skip
    if current is None:
        raise AssignmentRefused("ended_on", "{} không có đơn vị công tác hiện tại.".format(person))
    require_perm(
        acting_user, "organization.assign_to_unit", current.unit,
        message="Chỉ thay đổi được công tác của cán bộ ở đơn vị mình phụ trách: «{}».".format(
            current.unit),
    )  # fmt: skip
    today = timezone.localdate()
    if ended_on > today:
        raise AssignmentRefused(
            "ended_on", "Ngày thôi công tác ở đơn vị {:%d/%m/%Y} ở tương lai; chỉ ghi việc đã "
            "xảy ra.".format(ended_on),
        )  # fmt: skip
    if ended_on <= current.started_on:
        raise AssignmentRefused(
            "ended_on", "Ngày thôi công tác ở đơn vị phải sau ngày bắt đầu ({:%d/%m/%Y}).".format(
                current.started_on),
        )  # fmt: skip
    current.ended_on = ended_on
    with set_actor(acting_user):
        current.full_clean()
        current.save()
    return current


@transaction.atomic
def do_delete_person(person: Person, *, acting_user) -> None:
    """Delete a person who has no account, awards or other records that must be kept."""
    require_perm(acting_user, "organization.delete_person", person, message=PEOPLE_REFUSED)
    if hasattr(person, "user"):
        raise ActionRefused("Cán bộ có tài khoản đăng nhập; hãy khoá tài khoản thay vì xoá.")
    with set_actor(acting_user):
        try:
            person.delete()
        except ProtectedError:
            raise ActionRefused(
                "Cán bộ đã có khen thưởng hoặc hồ sơ cần lưu giữ; "
                "hãy ghi ngày thôi việc thay vì xoá."
            ) from None


# Legal parameters (tham số pháp lý) -------------------------------------------------------------


def _check_may_set_parameters(organization: Organization, acting_user) -> None:
    require_perm(
        acting_user, "organization.change_rule_parameters", organization,
        message="Chỉ Thường trực Hội đồng và quản trị hệ thống sửa tham số pháp lý.",
    )  # fmt: skip


def _description(regime: str, name: str):
    from thidua.rules import parameters

    if regime not in parameters.REGIMES:
        raise ActionRefused("Chế độ pháp lý không tồn tại.")
    if name not in parameters.DESCRIPTIONS or name not in parameters.overridable():
        raise ActionRefused("Tham số pháp lý không tồn tại.")
    return parameters.DESCRIPTIONS[name]


def _check_value(description, value) -> None:
    """Refuse a value outside the parameter's bounds, naming the parameter as people know it."""
    if value is None:
        if not description.optional:
            raise ActionRefused("«{}»: cần nhập giá trị.".format(description.label))
        return
    if description.minimum is None or description.kind not in (
        "share",
        "months",
        "days",
        "years",
        "count",
    ):
        return
    low, high = description.minimum, description.maximum
    number = value * 100 if description.kind == "share" else value
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= number <= high:
        raise ActionRefused(
            "«{}»: giá trị phải từ {} đến {}{}.".format(
                description.label, low, high, "%" if description.kind == "share" else ""
            )
        )


#: The longest basis a change of a parameter may give (a regulation's name and article).
REASON_MAX_LENGTH = 300


class ReasonRequired(ActionRefused):
    """A parameter the law does not settle was changed without the organisation's basis."""


def _validate(regime: str, params: dict, description) -> None:
    """Run the organisation's parameters of ``regime`` through every rule set of the regime."""
    from thidua.rules import parameters

    for rule_set in parameters.rule_sets_of(regime):
        try:
            rule_set.with_overrides(params)
        except (KeyError, TypeError, ValueError):
            raise ActionRefused(
                "«{}»: giá trị không hợp lệ theo quy định.".format(description.label)
            ) from None


def _check_not_below_law(regime: str, name: str, value) -> None:
    """Refuse a value that asks less than the law where the law settles the parameter: an
    organisation's regulation may add to the law's requirements, never go below them."""
    from thidua.rules import parameters

    refusal = parameters.below_law(regime, name, value)
    if refusal:
        raise ActionRefused(refusal)


def _clean_reason(regime: str, name: str, value, reason: str | None, description) -> str:
    """Return the organisation's basis for the change; refuse its absence where the law leaves
    the value to the organisation (to be confirmed, or thidua's, the organisation's own rule)."""
    from thidua.core import text
    from thidua.rules import parameters

    reason = text.clean(reason or "").strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise ReasonRequired("Căn cứ của cơ quan: không quá {} ký tự.".format(REASON_MAX_LENGTH))
    if name == "ballots":
        free = any(parameters.ballot_needs_reason(regime, title) for title in value)
    else:
        free = parameters.needs_reason(regime, name)
    if free and not reason:
        raise ReasonRequired(
            "«{}»: pháp luật chưa quy định chắc chắn giá trị này, cơ quan tự quy định; cần nêu"
            " căn cứ (quy chế, quyết định của cơ quan).".format(description.label)
        )
    return reason


def _write_parameters(
    organization: Organization, regime: str, change, *, acting_user, description, audit: dict
) -> Organization:
    """Lock the organisation, apply ``change`` to its parameters of ``regime``, validate, save.

    ``audit`` goes into the audit entry's ``additional_data`` (the parameter, the regime and the
    organisation's basis), beside the change of ``rule_overrides`` that auditlog records.
    """
    locked = Organization.objects.select_for_update().get(pk=organization.pk)
    overrides = {k: dict(v) for k, v in (locked.rule_overrides or {}).items()}
    params = overrides.setdefault(regime, {})
    change(params)
    if not params:
        del overrides[regime]
    _validate(regime, params, description)
    locked.rule_overrides = overrides
    # One context only: a nested set_actor would replace this one's data instead of adding to it.
    with set_extra_data({"actor": acting_user, "additional_data": audit}):
        locked.save(update_fields=["rule_overrides"])
    organization.rule_overrides = overrides
    return locked


@transaction.atomic
def do_set_rule_parameter(
    organization: Organization,
    regime: str,
    name: str,
    value,
    *,
    acting_user,
    reason: str | None = None,
) -> Organization:
    """Set one of the organisation's legal parameters for a regime ("2017" or "2023").

    ``value`` is what the rule set holds (a fraction for a share, a set of title codes, …); it is
    stored as JSON and checked against every rule set of the regime. For ``ballots`` the value
    maps titles to ballots and is merged title by title, as the engine merges it.

    Where the law settles the parameter (confirmed, from a state instrument) a value that asks
    less than the law is refused, naming the law's value and source; where it does not, the
    organisation's ``reason`` (its regulation or decision) is required. Either way the reason
    given goes into the audit entry.
    """
    from thidua.rules import parameters

    _check_may_set_parameters(organization, acting_user)
    description = _description(regime, name)
    if name == "ballots":
        if not isinstance(value, dict) or not value:
            raise ActionRefused("«{}»: chọn danh hiệu.".format(description.label))
        for title, ballot in value.items():
            if title not in parameters.BALLOT_TITLES:
                raise ActionRefused("«{}»: danh hiệu không tồn tại.".format(description.label))
            if not 0 < ballot.threshold <= 1:
                raise ActionRefused(
                    "«{}»: tỷ lệ phiếu phải lớn hơn 0% và không quá 100%.".format(description.label)
                )
    elif description.kind in ("ballots", "quotas", "gvt"):
        raise ActionRefused("«{}» chưa sửa được trên màn hình này.".format(description.label))
    else:
        _check_value(description, value)
    stored = parameters.to_json(name, value)
    _validate(regime, {name: stored}, description)  # the value's type, before comparing it
    _check_not_below_law(regime, name, value)
    reason = _clean_reason(regime, name, value, reason, description)

    def change(params):
        if name == "ballots":
            params["ballots"] = {**params.get("ballots", {}), **stored}
        else:
            params[name] = stored

    audit = {"parameter": name, "regime": regime, "value": stored, "reason": reason}
    return _write_parameters(
        organization,
        regime,
        change,
        acting_user=acting_user,
        description=description,
        audit=audit,
    )


@transaction.atomic
def do_restore_rule_parameter(
    organization: Organization, regime: str, name: str, *, title: str | None = None, acting_user
) -> Organization:
    """Drop the organisation's own value of a parameter: the law's value applies again.

    With ``title``, only that title's ballot rule of ``ballots`` is dropped.
    """
    _check_may_set_parameters(organization, acting_user)
    description = _description(regime, name)

    def change(params):
        if title is not None and name == "ballots":
            ballots = dict(params.get("ballots", {}))
            ballots.pop(title, None)
            if ballots:
                params["ballots"] = ballots
            else:
                params.pop("ballots", None)
        else:
            params.pop(name, None)

    audit = {"parameter": name, "regime": regime, "restored": True}
    if title is not None:
        audit["title"] = title
    return _write_parameters(
        organization,
        regime,
        change,
        acting_user=acting_user,
        description=description,
        audit=audit,
    )


# Organisations of the installation -------------------------------------------------------------

ORGANIZATIONS_REFUSED = "Chỉ quản trị hệ thống của toàn bộ cài đặt được tạo, sửa cơ quan."
#: The initial password's letters: no 0/O, 1/l/I, which a person reading it aloud confuses.
_PASSWORD_LETTERS = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class FirstAdministrator:
    """The first administrator of a new organisation: the account the installation's
    administrator hands over, with an initial password shown once."""

    username: str
    full_name: str
    email: str


def initial_password() -> str:
    """Return a random initial password of four groups of four (about 92 bits), easy to read
    out or copy, never stored in clear."""
    return "-".join(
        "".join(secrets.choice(_PASSWORD_LETTERS) for _ in range(4)) for _ in range(4)
    )


@transaction.atomic
def do_save_organization(organization: Organization, *, acting_user) -> Organization:
    """Change an organisation's name, place, parent or what it receives (the installation's
    administrator), validated: no organisation above itself."""
    require_perm(acting_user, "organization.change_organization", organization,
                 message=ORGANIZATIONS_REFUSED)  # fmt: skip
    with set_actor(acting_user):
        organization.full_clean()
        organization.save()
    return organization


@transaction.atomic
def do_create_organization(organization: Organization, *, administrator: FirstAdministrator,
                           acting_user) -> tuple[Organization, object, str]:  # fmt: skip
    """Create an organisation of the installation with its first administrator (an account
    holding the administrator's role there, with a random initial password). Return the
    organisation, the account and the password, which the caller shows once: it is stored
    hashed only. All or nothing."""
    from thidua.accounts.models import Role, RoleGrant, User

    require_perm(acting_user, "organization.add_organization", message=ORGANIZATIONS_REFUSED)
    username = text.clean(administrator.username)
    if User.objects.filter(username__iexact=username).exists():
        raise ActionRefused(
            "Tên đăng nhập «{}» đã có người dùng; chọn tên khác.".format(username)
        )
    password = initial_password()
    with set_actor(acting_user):
        organization.full_clean()
        organization.save()
        account = User(
            username=username,
            first_name=text.clean(administrator.full_name),
            email=text.clean(administrator.email),
            organization=organization,
        )
        account.set_password(password)
        account.full_clean()
        account.save()
        grant = RoleGrant(user=account, organization=organization, role=Role.ADMIN)
        grant.full_clean()
        grant.save()
    return organization, account, password

"""A copy of the whole test database, taken once and put back before each browser test.

The browser tests need committed data (the live server reads it from its own thread), so the
demo cannot be rolled back like an integration test's. Loading it takes seconds; putting back a
copy of the loaded database takes a fraction of one.

- SQLite: the test database is an in-memory one the live server shares (pytest-django passes it
  the same connection); sqlite3's backup API copies it, pages and ``sqlite_sequence`` included,
  to a private in-memory database and back.
- PostgreSQL: every table's rows are kept as ``COPY … TO STDOUT`` text, with every sequence's
  value; putting them back is one ``TRUNCATE … RESTART IDENTITY``, a ``COPY … FROM STDIN`` per
  table (foreign keys are deferred until the commit) and one ``SELECT setval(…), …`` for the
  sequences. (``DELETE`` would be faster, 0.17 s against 0.4–0.6 s, but the rows would come
  back in another physical order once vacuum has freed space, and a query without ORDER BY
  would see them in another order from one test to the next.)

Either way the next test sees exactly the rows and the next ids the copy was taken with.
"""

import sqlite3

from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import connection, transaction


class Snapshot:
    """The rows of every table of the default test database at the time of ``take()``."""

    def __init__(self, copy):
        self._copy = copy

    @classmethod
    def take(cls):
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(copy)
            return cls(copy)
        if connection.vendor == "postgresql":
            return cls(_pg_dump())
        raise NotImplementedError("no database copy for {}".format(connection.vendor))

    def restore(self):
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self._copy.backup(connection.connection)
        else:
            _pg_restore(self._copy)
        # Process-wide caches hold rows by id; the ids are the copy's again.
        ContentType.objects.clear_cache()
        for cache in caches.all():
            cache.clear()

    def close(self):
        if isinstance(self._copy, sqlite3.Connection):
            self._copy.close()


def _pg_tables(cursor):
    cursor.execute(
        "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema() "
        "ORDER BY tablename"
    )
    return [row[0] for row in cursor.fetchall()]


def _pg_dump():
    with transaction.atomic(), connection.cursor() as cursor:
        tables = {}
        for table in _pg_tables(cursor):
            with cursor.copy("COPY {} TO STDOUT".format(table)) as copy:
                tables[table] = b"".join(bytes(block) for block in copy)
        cursor.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value "
            "FROM pg_sequences WHERE schemaname = current_schema()"
        )
        sequences = cursor.fetchall()
    return tables, sequences


def _pg_restore(dump):
    tables, sequences = dump
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        current = _pg_tables(cursor)
        cursor.execute("TRUNCATE {} RESTART IDENTITY CASCADE".format(", ".join(current)))
        for table, data in tables.items():
            if data:
                with cursor.copy("COPY {} FROM STDIN".format(table)) as copy:
                    copy.write(data)
        if sequences:
            # A sequence never used (last_value NULL) starts again at 1.
            values = [(name, 1 if last is None else last, last is not None)
                      for name, last in sequences]  # fmt: skip
            cursor.execute("SELECT " + ", ".join(["setval(%s, %s, %s)"] * len(values)),
                           [value for triple in values for value in triple])  # fmt: skip

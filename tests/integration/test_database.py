"""The database connection's own settings, on whichever database the suite runs."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_connection_is_set_up_as_the_settings_say():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # WAL for concurrent readers (an in-memory test database has its own journal);
            # secure_delete so deleted rows (a secret ballot's position before the council
            # rewrote it) leave nothing in a copy of the file.
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] in ("wal", "memory")
            cursor.execute("PRAGMA secure_delete")
            assert cursor.fetchone()[0] == 1
        else:
            assert connection.vendor == "postgresql"
            cursor.execute("SHOW server_encoding")
            assert cursor.fetchone()[0] == "UTF8"

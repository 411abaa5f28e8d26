"""The demo school's 2022 files: every kind's export re-imports unchanged (moved from
test_spreadsheets_evidence.py to read the session's one demo, tests/conftest.py)."""

import io

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.integration.test_spreadsheets import read_back
from thidua.spreadsheets.kinds import KINDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_school, db):
    """The demo school for the module; each test's writes roll back."""


def record_counts():
    return {name: KINDS[name].model.objects.filter(**KINDS[name].subset).count() for name in KINDS}


# The demo's only discipline, decided in 2020, is still in effect in 2021 (none bears on 2022).
DEMO_YEARS = dict.fromkeys(KINDS, 2022) | {"discipline": 2021}


WRITES = ("INSERT", "UPDATE", "DELETE", "COPY")


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_demo_export_re_imports_unchanged(kind, demo, tmp_path):
    """Export 2022, then import the same file as the secretary: every row «không đổi», no
    statement that writes, no audit entry (issue 14: an unchanged row is not an update)."""
    year = str(DEMO_YEARS[kind])
    path = tmp_path / "{}-{}.xlsx".format(kind, year)
    # The demo holds the province's office and two agencies too: the school is named.
    call_command("export_xlsx", kind, "--year", year, "--output", str(path), "--organization",
                 "TCTTP", stdout=io.StringIO())  # fmt: skip
    rows = len(read_back(path.read_bytes())[1])
    assert rows > 0
    before, entries = record_counts(), LogEntry.objects.count()
    out = io.StringIO()
    with CaptureQueriesContext(connection) as queries:
        call_command("import_xlsx", kind, str(path), "--user", "thuky", stdout=out)
    assert "{0} dòng — 0 thêm mới, 0 cập nhật, {0} không đổi.".format(rows) in out.getvalue()
    written = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert written == []
    assert record_counts() == before and LogEntry.objects.count() == entries

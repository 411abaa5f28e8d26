"""The demo school's 2022 files: every kind's export re-imports unchanged (moved from
test_spreadsheets_evidence.py to read the session's one demo, tests/conftest.py)."""

import io

import pytest
from django.core.management import call_command

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


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_demo_export_re_imports_unchanged(kind, demo, tmp_path):
    """Export 2022, then preview the same file as the secretary: no error, nothing new."""
    year = str(DEMO_YEARS[kind])
    path = tmp_path / "{}-{}.xlsx".format(kind, year)
    call_command("export_xlsx", kind, "--year", year, "--output", str(path), stdout=io.StringIO())
    rows = len(read_back(path.read_bytes())[1])
    assert rows > 0
    before = record_counts()
    out = io.StringIO()
    call_command("import_xlsx", kind, str(path), "--dry-run", "--user", "thuky", stdout=out)
    # A register row identical to the stored award (or written by one of thidua's decisions,
    # which only that decision changes) is left as it is: nothing to update. Every other kind
    # rewrites its rows in place.
    updated = 0 if kind == "awards" else rows
    assert "{} dòng — 0 thêm mới, {} cập nhật.".format(rows, updated) in out.getvalue()
    assert record_counts() == before

"""Benchmark of the spreadsheet import: 50,000 rows of grades, against reading the file alone.

    .venv/bin/python bench/imports.py                       # SQLite in memory, 3 runs
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_imports .venv/bin/python bench/imports.py

Migrates the database, creates one organisation with 50,000 people (staff codes with leading
zeros), writes an XLSX of one grade each through openpyxl, then reports medians of:

* floor   — reading that file with openpyxl (`read_only=True, data_only=True`), every row's values;
* dry run — the whole import (read, headers, a form per row, people looked up once, duplicate
  check, bulk writes) rolled back at the end;
* create  — the import for real into an empty grade table;
* update  — a file where every person's grade differs from the stored one (50,000 updates);

each in seconds and as a ratio to the floor.
"""

import argparse
import io
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

GRADES = ["HTXS", "HTT", "HTT", "HTT", "HTNV", "KHTNV"]


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def clear_grades(org) -> None:
    """Delete the grades without django-auditlog's entry per row (and its query per person)."""
    from thidua.evidence.models import YearGrade

    YearGrade.objects.filter(organization=org)._raw_delete(connection.alias)


def make_people(rows: int):
    from thidua.core import text
    from thidua.organization.models import Organization, Person

    org = Organization.objects.filter(abbreviation="BENCHXLSX").first()
    if org is not None:
        clear_grades(org)
        Person.objects.filter(organization=org)._raw_delete(connection.alias)
    else:
        org = Organization.objects.create(
            name="Cơ quan đo nhập Excel", abbreviation="BENCHXLSX", place_name="Hà Nội"
        )
    people = []
    for index in range(rows):
        family, given = "Nguyễn Văn", "An{}".format(index)
        people.append(
            Person(
                organization=org,
                staff_code="{:06d}".format(index),
                family_and_middle=family,
                given=given,
                gender="M",
                category="lecturer",
                search_text=text.fold("{} {}".format(family, given)),
                sort_key=text.sort_key(given, family),
            )
        )
    Person.objects.bulk_create(people, batch_size=2000)
    return org


def grades_file(rows: int, shift: int = 0) -> bytes:
    from openpyxl import Workbook

    from thidua.spreadsheets.kinds import KINDS

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([c.header for c in KINDS["grades"].columns])
    for index in range(rows):
        sheet.append(["{:06d}".format(index), "", 2022, GRADES[(index + shift) % len(GRADES)]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    from openpyxl import load_workbook

    from thidua.evidence.models import YearGrade
    from thidua.spreadsheets.engine import run_import
    from thidua.spreadsheets.kinds import KINDS

    org = make_people(args.rows)
    data = grades_file(args.rows)
    changed = grades_file(args.rows, shift=1)  # every grade differs, so every row is written
    kind = KINDS["grades"]

    def floor():
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        for _ in book.worksheets[0].iter_rows(values_only=True):
            pass

    def dry_run():
        result = run_import(kind, data, organization=org, dry_run=True)
        assert result.created == args.rows, result

    def create():
        result = run_import(kind, data, organization=org)
        assert result.created == args.rows, result

    def update():
        result = run_import(kind, changed, organization=org)
        assert result.updated == args.rows, result

    figures = {"floor": [], "dry run": [], "create": [], "update": []}
    for _ in range(args.runs):
        clear_grades(org)
        figures["floor"].append(timed(floor))
        figures["dry run"].append(timed(dry_run))
        figures["create"].append(timed(create))
        figures["update"].append(timed(update))
    assert YearGrade.objects.filter(organization=org).count() == args.rows

    vendor = connection.vendor
    version = connection.pg_version if vendor == "postgresql" else None
    print(
        "{} rows, {} runs, {} {}, Python {}, file {:.1f} MB, load average {}".format(
            args.rows,
            args.runs,
            vendor,
            version or "",
            platform.python_version(),
            len(data) / 1024 / 1024,
            " ".join("{:.2f}".format(x) for x in os.getloadavg()),
        )
    )
    base = statistics.median(figures["floor"])
    for name, times in figures.items():
        median = statistics.median(times)
        print("{:8} {:7.2f} s  ×{:.1f}".format(name, median, median / base))


if __name__ == "__main__":
    main()

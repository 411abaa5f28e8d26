"""Benchmark of the staff (people) import: N rows of the staff template, against reading the file.

    .venv/bin/python bench/people.py --rows 20000                  # SQLite in memory, 3 runs
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_people .venv/bin/python bench/people.py

Migrates the database, creates one organisation with 20 faculties and offices and a secretary,
writes an XLSX of N people (every column of the template, staff codes with leading zeros) through
openpyxl, then reports medians of:

* floor   — reading that file with openpyxl (`read_only=True, data_only=True`), every row's values;
* dry run — the whole import as the secretary (read, headers, rows validated, people and units
  looked up once, writes) rolled back at the end;
* create  — the import for real into an organisation without people;
* update  — a file where every person's position and unit differ from the stored ones
  (N updates and N transfers);

The file is as openpyxl's write-only mode streams it (text inline in each cell, no
<dimension>); with --shared-strings, in the layout Excel saves (the text in the shared strings
table, the <dimension> first). openpyxl reads the two at different costs, and so does the floor.

each in seconds (wall, and the process's CPU time) and as a ratio to the floor.
"""

import argparse
import io
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

UNITS = 20
FAMILIES = ["Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị", "Hoàng Văn", "Vũ Thị", "Đặng Văn"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Đạt", "Hoa", "Lan", "Minh", "Quang", "Sơn", "Thu"]


def timed(function) -> tuple[float, float]:
    """Return the wall and the process CPU seconds of one call."""
    start, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - start, time.process_time() - cpu


def clear_people(org) -> None:
    """Delete the people and their assignments without django-auditlog's entry per row."""
    from auditlog.models import LogEntry

    from thidua.organization.models import Assignment, Person

    Assignment.objects.filter(person__organization=org)._raw_delete(connection.alias)
    Person.objects.filter(organization=org, user__isnull=True)._raw_delete(connection.alias)
    LogEntry.objects.all()._raw_delete(connection.alias)


def make_organisation():
    from thidua.accounts.models import Role, RoleGrant, User
    from thidua.organization.models import Organization, Unit, UnitKind

    org = Organization.objects.filter(abbreviation="BENCHPEOPLE").first()
    if org is not None:
        clear_people(org)
        return org, User.objects.get(username="bench-thuky")
    org = Organization.objects.create(
        name="Cơ quan đo nhập cán bộ", abbreviation="BENCHPEOPLE", place_name="Hà Nội"
    )
    for index in range(UNITS):
        kind = UnitKind.FACULTY if index % 2 else UnitKind.OFFICE
        Unit.objects.create(organization=org, name="Khoa {}".format(index + 1), kind=kind)
    user = User.objects.create(username="bench-thuky", organization=org)
    user.set_unusable_password()
    user.save()
    RoleGrant.objects.create(user=user, role=Role.SECRETARY)
    return org, user


def people_file(rows: int, shift: int = 0) -> bytes:
    from openpyxl import Workbook

    from thidua.spreadsheets.kinds import KINDS

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([c.header for c in KINDS["staff"].columns])
    for index in range(rows):
        sheet.append([
            "{:06d}".format(index),
            "{} {}{}".format(FAMILIES[index % 7], GIVEN[index % 11], index),
            "Nữ" if index % 2 else "Nam",
            date(1970 + index % 30, 1 + index % 12, 1 + index % 28),
            "ThS" if index % 3 else None,
            ["Giảng viên", "Trưởng khoa", "Chuyên viên"][(index + shift) % 3],
            "Giảng viên" if index % 4 else "Viên chức, nhân viên",
            "Có" if index % 2 else "Không",
            "Có",
            date(2000 + index % 20, 9, 1),
            None,
            "cb{}@example.vn".format(index),
            "09{:08d}".format(index),
            "Khoa {}".format(1 + (index + shift) % UNITS),
        ])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--shared-strings",
        action="store_true",
        help="the file in Excel's layout (shared strings, <dimension> first), not streamed",
    )
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    load_before = os.getloadavg()
    from openpyxl import load_workbook

    from tests.helpers.sheets import with_shared_strings
    from thidua.organization.models import Assignment, Person
    from thidua.spreadsheets.engine import run_import
    from thidua.spreadsheets.kinds import KINDS

    org, user = make_organisation()
    data = people_file(args.rows)
    changed = people_file(args.rows, shift=1)  # every position and unit differ
    if args.shared_strings:
        dimension = "A1:O{}".format(args.rows + 1)
        data, changed = (with_shared_strings(d, dimension=dimension) for d in (data, changed))
    kind = KINDS["staff"]

    def floor():
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        for _ in book.worksheets[0].iter_rows(values_only=True):
            pass

    def dry_run():
        result = run_import(kind, data, organization=org, user=user, dry_run=True)
        assert result.created == args.rows, result

    def create():
        result = run_import(kind, data, organization=org, user=user)
        assert result.created == args.rows, result

    def update():
        result = run_import(kind, changed, organization=org, user=user)
        assert result.updated == args.rows, result

    figures = {"floor": [], "dry run": [], "create": [], "update": []}
    for _ in range(args.runs):
        clear_people(org)
        figures["floor"].append(timed(floor))
        figures["dry run"].append(timed(dry_run))
        figures["create"].append(timed(create))
        figures["update"].append(timed(update))
    assert Person.objects.filter(organization=org).count() == args.rows
    assert Assignment.objects.filter(person__organization=org).count() == 2 * args.rows

    vendor = connection.vendor
    version = connection.pg_version if vendor == "postgresql" else None
    print(
        "{} rows, {} runs, {} {}, Python {}, file {:.1f} MB ({}), load average {} → {}".format(
            args.rows,
            args.runs,
            vendor,
            version or "",
            platform.python_version(),
            len(data) / 1024 / 1024,
            "shared strings" if args.shared_strings else "inline strings, streamed",
            " ".join("{:.2f}".format(x) for x in load_before),
            " ".join("{:.2f}".format(x) for x in os.getloadavg()),
        )
    )
    base = statistics.median(wall for wall, _ in figures["floor"])
    base_cpu = statistics.median(cpu for _, cpu in figures["floor"])
    for name, times in figures.items():
        median = statistics.median(wall for wall, _ in times)
        cpu = statistics.median(cpu for _, cpu in times)
        print(
            "{:8} {:7.2f} s  ×{:.2f}   CPU {:6.2f} s  ×{:.2f}".format(
                name, median, median / base, cpu, cpu / base_cpu
            )
        )


if __name__ == "__main__":
    main()

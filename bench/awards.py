"""Benchmark of the award register (issue 13): importing 100,000 award rows against reading the
file alone, and the register's list answering in a bounded number of queries whatever its size.

    .venv/bin/python bench/awards.py                        # SQLite in memory, 3 runs
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_bench_awards \\
        .venv/bin/python bench/awards.py

Migrates the database, creates one organisation with 20,000 people (hired in 2010, staff codes
with leading zeros) and a small one with 20, writes an XLSX of five years of titles each (100,000
rows: LĐTT for everyone, CSTĐCS for one in eight, 2017–2021) through openpyxl, then reports
medians of:

* floor   — reading that file with openpyxl (`read_only=True, data_only=True`), every row's values;
* dry run — the whole `import_xlsx awards` (headers, rows, people looked up once, duplicates
  within the file and against the register, bulk writes) rolled back at the end;
* create  — the import for real into an empty register;
* list    — the secretary's register page (first page, then filtered by year and a name typed
  without diacritics, then the htmx partial), with its number of queries, for the large
  organisation and for the small one in the same database: equal counts mean bounded.
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
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

YEARS = (2017, 2018, 2019, 2020, 2021)


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def clear_awards(org) -> None:
    """Delete the awards without django-auditlog's entry per row."""
    from thidua.awards.models import Award

    Award.objects.filter(organization=org)._raw_delete(connection.alias)


def make_organization(abbreviation: str, people_count: int):
    from datetime import date

    from thidua.accounts.models import Role, RoleGrant, User
    from thidua.core import text
    from thidua.organization.models import Organization, Person

    org = Organization.objects.filter(abbreviation=abbreviation).first()
    if org is not None:
        clear_awards(org)
        return org, User.objects.get(username="thuky-" + abbreviation.lower())
    org = Organization.objects.create(
        name="Cơ quan đo sổ khen thưởng {}".format(abbreviation),
        abbreviation=abbreviation, place_name="Hà Tĩnh",
    )  # fmt: skip
    people = []
    for index in range(people_count):
        family, given = "Nguyễn Văn", "An{}".format(index)
        people.append(
            Person(
                organization=org, staff_code="{:06d}".format(index), family_and_middle=family,
                given=given, gender="M", category="lecturer", hired_on=date(2010, 9, 1),
                search_text=text.fold("{} {}".format(family, given)),
                sort_key=text.sort_key(given, family),
            )  # fmt: skip
        )
    Person.objects.bulk_create(people, batch_size=2000)
    user = User.objects.create(username="thuky-" + abbreviation.lower(), organization=org)
    RoleGrant.objects.create(user=user, role=Role.SECRETARY)
    return org, user


def awards_file(people_count: int) -> bytes:
    from openpyxl import Workbook

    from thidua.awards.spreadsheet import AWARDS

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([c.header for c in AWARDS.columns])
    for year in YEARS:
        for index in range(people_count):
            code = "{:06d}".format(index)
            sheet.append([code, "", "", year, "Lao động tiên tiến", "{}/QĐ-BENCH".format(year),
                          "28/12/{}".format(year), ""])  # fmt: skip
            if index % 8 == 0:
                sheet.append([code, "", "", year, "Chiến sĩ thi đua cơ sở",
                              "{}/QĐ-BENCH".format(year), "28/12/{}".format(year), ""])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def list_figures(user, runs: int) -> dict:
    """Time and count the queries of the register page for `user`, as medians over `runs`."""
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    url = reverse("awards:award_list")
    requests = {
        "first page": ({}, {}),
        "year + name": ({"year": 2020, "q": "nguyen van an1"}, {}),
        "htmx partial": ({"code": "CSTD_CS"}, {"HTTP_HX_REQUEST": "true"}),
    }
    found = {}
    for name, (query, headers) in requests.items():
        times, queries = [], set()
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url, query, **headers)
                times.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
            queries.add(len(captured.captured_queries))
        found[name] = (statistics.median(times), sorted(queries))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    setup_test_environment()  # the test client's host is allowed
    call_command("migrate", verbosity=0)
    from openpyxl import load_workbook

    from thidua.awards.models import Award
    from thidua.awards.spreadsheet import AWARDS
    from thidua.spreadsheets.engine import run_import

    org, secretary = make_organization("BENCHAWARDS", args.people)
    small, small_secretary = make_organization("BENCHSMALL", 20)
    data = awards_file(args.people)
    rows = len(YEARS) * (args.people + (args.people + 7) // 8)
    run_import(AWARDS, awards_file(20), organization=small)

    def floor():
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        for _ in book.worksheets[0].iter_rows(values_only=True):
            pass

    def dry_run():
        result = run_import(AWARDS, data, organization=org, dry_run=True)
        assert result.created == rows, result

    def create():
        result = run_import(AWARDS, data, organization=org)
        assert result.created == rows, result

    figures = {"floor": [], "dry run": [], "create": []}
    for _ in range(args.runs):
        clear_awards(org)
        figures["floor"].append(timed(floor))
        figures["dry run"].append(timed(dry_run))
        figures["create"].append(timed(create))
    assert Award.objects.filter(organization=org).count() == rows

    vendor = connection.vendor
    version = connection.pg_version if vendor == "postgresql" else None
    print(
        "{} award rows of {} people, {} runs, {} {}, Python {}, file {:.1f} MB, load {}".format(
            rows, args.people, args.runs, vendor, version or "", platform.python_version(),
            len(data) / 1024 / 1024, " ".join("{:.2f}".format(x) for x in os.getloadavg()),
        )  # fmt: skip
    )
    base = statistics.median(figures["floor"])
    for name, times in figures.items():
        median = statistics.median(times)
        print("{:8} {:7.2f} s  ×{:.2f}".format(name, median, median / base))
    for label, user, count in (("large", secretary, rows), ("small", small_secretary, None)):
        count = count or Award.objects.filter(organization=small).count()
        for name, (median, queries) in list_figures(user, args.runs).items():
            print("list {} ({} awards) {:13} {:6.3f} s  {} queries".format(
                label, count, name, median, "/".join(map(str, queries))))  # fmt: skip


if __name__ == "__main__":
    main()

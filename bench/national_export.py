"""Benchmark: the national export of a province's year (issue 20, item 3).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_export_bench \\
        .venv/bin/python bench/national_export.py --people 100000 --organizations 500 --runs 3

Fills a database of its own (once) with a province: 500 agencies of 10 units (half of them under
another), 200 people each with a birth date, a position and a personal identification number,
and the year's awards as the agencies' own decisions would write them — one issued decision per
agency with its annexed lines linked to the register (LĐTT for 85 %, CSTĐCS for 10 % more, a
Giấy khen for 5 %, TTLĐTT for each unit), its bảng kê paid from the fund, 1 % revoked — plus a
higher body's Bằng khen for 1 % entered in the register. Then, as medians over --runs:
- floor: the same rows read as plain tuples (awards with their person's and unit's columns, the
  people's assignments, the annexed lines and decisions, the fund's payments), nothing built;
- export: `write_export` of the whole province's year to a file (records built, the bảng kê of
  every paid decision computed, every record checked against the schema, written);
- peak memory: tracemalloc's peak during one export (a separate run, tracing slows it), for the
  whole province and for a quarter of it: bounded memory means the two are alike.
Use a database of its own: the script migrates it and adds rows, and never deletes any.
"""

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from thidua.accounts.models import User  # noqa: E402
from thidua.awards.models import Award  # noqa: E402
from thidua.awards.national import awards_of_year, write_export  # noqa: E402
from thidua.decisions.models import Decision, DecisionEntry  # noqa: E402
from thidua.organization.models import Assignment, Organization, Person, Unit  # noqa: E402
from thidua.rewards.models import FundEntry  # noqa: E402

PREFIX = "Cơ quan xuất dữ liệu"
YEAR = 2024
DECIDED = date(YEAR, 12, 27)
BATCH = 5000


def build(people_count: int, organization_count: int) -> None:
    rng = random.Random(2024)
    orgs = Organization.objects.bulk_create(
        Organization(name="{} {:04d}".format(PREFIX, i), abbreviation="XUAT{:04d}".format(i),
                     parent_body="Tỉnh ủy Hà Tĩnh", place_name="Hà Tĩnh")
        for i in range(organization_count)
    )  # fmt: skip
    clerk = User.objects.create(username="bench-export", organization=orgs[0])
    tops = Unit.objects.bulk_create(
        (Unit(organization=org, name="Khoa {}".format(j), kind="faculty", position=j,
              search_text="khoa {}".format(j)) for org in orgs for j in range(5)),
        batch_size=BATCH,
    )  # fmt: skip
    subs = Unit.objects.bulk_create(
        (Unit(organization=top.organization, parent=top, name="Bộ môn {}".format(top.position),
              kind="faculty", position=10 + top.position, search_text="bo mon")
         for top in tops),
        batch_size=BATCH,
    )  # fmt: skip
    units_of = {}
    for unit in tops + subs:
        units_of.setdefault(unit.organization_id, []).append(unit)
    per_org = people_count // organization_count
    people = Person.objects.bulk_create(
        (Person(organization=org, family_and_middle="Nguyễn Thị" if k % 2 else "Trần Văn",
                given="Số{}".format(k), gender="F" if k % 2 else "M", category="lecturer",
                birth_date=date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28)),
                position="Giảng viên" if k % 7 else "Trưởng khoa",
                personal_id="{:012d}".format(org.pk * 1000 + k), hired_on=date(2010, 9, 1),
                search_text="so", sort_key="0")
         for org in orgs for k in range(per_org)),
        batch_size=BATCH,
    )  # fmt: skip
    Assignment.objects.bulk_create(
        (Assignment(person=p, unit=units_of[p.organization_id][i % 10], started_on=p.hired_on)
         for i, p in enumerate(people)),
        batch_size=BATCH,
    )  # fmt: skip
    decisions = Decision.objects.bulk_create(
        Decision(organization=org, year=YEAR, number=50, number_year=YEAR, symbol="QĐ/XUAT",
                 decided_on=DECIDED, signer_name="TS Lê Văn Ký", legal_bases="Luật TĐKT 2022",
                 state="issued", created_by=clerk, issued_by=clerk)
        for org in orgs
    )  # fmt: skip
    decision_of = {d.organization_id: d for d in decisions}
    lines = []  # (award, entry) pairs, in the decision's order
    by_org: dict[int, list] = {}
    for person in people:
        by_org.setdefault(person.organization_id, []).append(person)
    for org in orgs:
        position = 0
        for person in by_org[org.pk]:
            roll = rng.random()
            codes = ["LDTT"] if roll < 0.85 else []
            if roll < 0.10:
                codes.append("CSTD_CS")
            if 0.85 <= roll < 0.90:
                codes.append("GIAY_KHEN")
            for code in codes:
                position += 1
                lines.append((Award(organization=org, person=person, year=YEAR, code=code,
                                    source="own", decision_number="50-QĐ/XUAT",
                                    decided_on=DECIDED, issued_by="Thủ trưởng"),
                              DecisionEntry(decision=decision_of[org.pk], person=person,
                                            title=code, position=position)))  # fmt: skip
        for unit in units_of[org.pk]:
            position += 1
            lines.append((Award(organization=org, unit=unit, year=YEAR, code="TTLDTT",
                                source="own", decision_number="50-QĐ/XUAT", decided_on=DECIDED,
                                issued_by="Thủ trưởng"),
                          DecisionEntry(decision=decision_of[org.pk], unit=unit, title="TTLDTT",
                                        position=position)))  # fmt: skip
    awards = Award.objects.bulk_create([award for award, _ in lines], batch_size=BATCH)
    for award, (_, entry) in zip(awards, lines, strict=True):
        entry.award = award
    DecisionEntry.objects.bulk_create([entry for _, entry in lines], batch_size=BATCH)
    FundEntry.objects.bulk_create(
        FundEntry(organization_id=d.organization_id, year=YEAR + 1, kind="expense",
                  amount=1_000_000, entered_on=date(YEAR + 1, 1, 10), decision=d,
                  description="Chi tiền thưởng", created_by=clerk)
        for d in decisions
    )  # fmt: skip
    revoked = rng.sample([a.pk for a in awards], len(awards) // 100)
    Award.objects.filter(pk__in=revoked).update(revoked_on=date(YEAR + 1, 3, 1),
                                                revocation_reason="Sai đối tượng")  # fmt: skip
    Award.objects.bulk_create(
        (Award(organization_id=p.organization_id, person=p, year=YEAR, code="BK_TINH",
               source="register", decision_number="1500/QĐ-UBND", decided_on=date(YEAR, 12, 30),
               issued_by="Ủy ban nhân dân tỉnh Hà Tĩnh")
         for p in rng.sample(people, len(people) // 100)),
        batch_size=BATCH,
    )  # fmt: skip


def floor(org_pks) -> int:
    """The same rows as plain tuples: what no export can beat on this database."""
    awards = awards_of_year(YEAR, org_pks)
    rows = list(awards.values_list(
        "pk", "organization_id", "year", "code", "occasion", "source", "decision_number",
        "decided_on", "issued_by", "revoked_on", "revocation_reason", "person_id",
        "person__family_and_middle", "person__given", "person__birth_date", "person__gender",
        "person__position", "person__personal_id", "unit_id", "unit__name", "unit__parent__name",
    ))  # fmt: skip
    count = len(rows)
    person_ids = [row[11] for row in rows if row[11]]
    for start in range(0, len(person_ids), 10_000):
        count += len(list(Assignment.objects.filter(person_id__in=person_ids[start:start + 10_000])
                          .values_list("person_id", "unit_id", "unit__name", "started_on",
                                       "ended_on")))  # fmt: skip
    entries = DecisionEntry.objects.filter(decision__organization_id__in=org_pks,
                                           decision__decided_on__year=YEAR)  # fmt: skip
    count += len(list(entries.values_list("decision_id", "award_id", "title", "position",
                                          "person_id", "unit_id")))  # fmt: skip
    count += len(list(Decision.objects.filter(organization_id__in=org_pks).values_list(
        "pk", "signer_name", "signer_position", "decided_on")))  # fmt: skip
    count += len(list(FundEntry.objects.filter(organization_id__in=org_pks).values_list(
        "decision_id", "kind", "entered_on")))  # fmt: skip
    return count


def export(org_pks, path) -> dict:
    organizations = list(Organization.objects.filter(pk__in=org_pks).order_by("pk"))
    with open(path, "w", encoding="utf-8") as out:
        return write_export(out, year=YEAR, organizations=organizations)


def timed(func, runs):
    results, value = [], None
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        value = func()
        results.append(time.perf_counter() - start)
    return statistics.median(results), value


def peak(func) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--organizations", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("Note: DATABASE_URL does not name PostgreSQL; measuring {}.".format(
            connection.vendor))  # fmt: skip
    call_command("migrate", verbosity=0)
    org_pks = list(
        Organization.objects.filter(name__startswith=PREFIX).order_by("pk")
        .values_list("pk", flat=True)
    )  # fmt: skip
    if len(org_pks) != args.organizations:
        if org_pks:
            sys.exit("The database holds another province; use an empty database.")
        start = time.perf_counter()
        build(args.people, args.organizations)
        print("built the province in {:.0f} s".format(time.perf_counter() - start))
        return main()
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would have them: planned on the empty tables' figures,
        # each chunk's query read the whole year and sorted it (157 ms a chunk instead of 2 ms).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "export.json"
        seconds_floor, rows = timed(lambda: floor(org_pks), args.runs)
        seconds_export, summary = timed(lambda: export(org_pks, path), args.runs)
        size = path.stat().st_size
        quarter = org_pks[: len(org_pks) // 4]
        peak_all = peak(lambda: export(org_pks, path))
        peak_quarter = peak(lambda: export(quarter, path))
    print("database: {} {}".format(connection.vendor, connection.pg_version
                                   if connection.vendor == "postgresql" else ""))  # fmt: skip
    print("people: {}, organisations: {}; awards exported: {} ({} revoked), file {:.1f} MB, "
          "rows read by the floor: {}".format(Person.objects.filter(organization_id__in=org_pks)
                                              .count(), len(org_pks), summary["awards"],
                                              summary["revoked"], size / 1e6, rows))  # fmt: skip
    print("{:<28} {:7.2f} s".format("floor (rows as tuples)", seconds_floor))
    print("{:<28} {:7.2f} s  {:5.2f} × floor".format("export (whole province)", seconds_export,
                                                    seconds_export / seconds_floor))  # fmt: skip
    print("{:<28} {:7.1f} MB (a quarter of it: {:.1f} MB)".format(
        "peak memory (tracemalloc)", peak_all / 1e6, peak_quarter / 1e6))  # fmt: skip


if __name__ == "__main__":
    main()

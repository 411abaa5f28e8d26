"""Benchmark: facts assembly from the database plus evaluation, for a synthetic province.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_bench \\
        .venv/bin/python bench/province_db.py --people 100000 --organizations 500 --runs 3

Creates the province once (500 agencies, 10 units each, ten years of grades, titles, initiatives,
discipline, leave and this year's registrations) in the database DATABASE_URL names, then times,
as medians over --runs:
- floor: fetching the same rows as plain tuples (what no assembly can beat on this database),
- assemble: `assemble_many_facts` (rows → the engine's frozen facts),
- evaluate: `thidua.rules.evaluate` of every title with full criteria,
- total: assemble + evaluate, the figure issue 3 bounds (≤ 15 s).
Use a database of its own: the script migrates it and adds rows, and never deletes any.
"""

import argparse
import gc
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from thidua import rules  # noqa: E402
from thidua.awards.models import Award  # noqa: E402
from thidua.evaluation.facts import assemble_many_facts  # noqa: E402
from thidua.evidence.models import (  # noqa: E402
    Authorship,
    Discipline,
    Initiative,
    Leave,
    YearGrade,
)
from thidua.organization.models import Assignment, Organization, Person, Unit  # noqa: E402
from thidua.registrations.models import Registration  # noqa: E402

PREFIX = "Cơ quan thử tải"
YEAR = 2022
YEARS = range(YEAR - 9, YEAR + 1)
BATCH = 5000


def build(people_count: int, organization_count: int) -> None:
    rng = random.Random(2022)
    orgs = Organization.objects.bulk_create(
        Organization(
            name="{} {:04d}".format(PREFIX, i),
            abbreviation="BENCH{:04d}".format(i),
            place_name="Hà Tĩnh",
        )
        for i in range(organization_count)
    )
    units = Unit.objects.bulk_create(
        (
            Unit(
                organization=org,
                name="Phòng {}".format(j),
                kind="office",
                position=j,
                search_text="phong {}".format(j),
            )
            for org in orgs
            for j in range(10)
        ),
        batch_size=BATCH,
    )
    per_org = people_count // organization_count
    people = Person.objects.bulk_create(
        (
            Person(
                organization=org,
                family_and_middle="Nguyễn Văn",
                given="Số{}".format(k),
                gender="F" if k % 2 else "M",
                category="lecturer" if k % 5 < 3 else "staff",
                hired_on=date(rng.randint(2000, 2021), 9, 1),
                search_text="nguyen van so",
                sort_key="0",
            )
            for org in orgs
            for k in range(per_org)
        ),
        batch_size=BATCH,
    )
    unit_of = {}
    assignments = []
    for index, person in enumerate(people):
        org_index = index // per_org
        unit = units[org_index * 10 + index % 10]
        unit_of[person.pk] = unit
        assignments.append(Assignment(person=person, unit=unit, started_on=person.hired_on))
    Assignment.objects.bulk_create(assignments, batch_size=BATCH)

    grades, awards, registrations = [], [], []
    for person in people:
        streak = 0
        for year in YEARS:
            if person.hired_on.year > year:
                continue
            roll = rng.random()
            grade = "HTXS" if roll < 0.25 else "HTT" if roll < 0.93 else "HTNV"
            grades.append(
                YearGrade(
                    organization_id=person.organization_id,
                    person=person,
                    year=year,
                    grade=grade,
                    verification="verified",
                )
            )
            if year < YEAR and grade != "HTNV":
                awards.append(
                    Award(
                        organization_id=person.organization_id,
                        person=person,
                        year=year,
                        code="LDTT",
                        source="own",
                        decision_number="1/QĐ",
                        decided_on=date(year, 12, 28),
                        issued_by="Thủ trưởng",
                    )
                )
                if grade == "HTXS" and rng.random() < 0.6:
                    streak += 1
                    awards.append(
                        Award(
                            organization_id=person.organization_id,
                            person=person,
                            year=year,
                            code="CSTD_CS",
                            source="own",
                            decision_number="1/QĐ",
                            decided_on=date(year, 12, 28),
                            issued_by="Thủ trưởng",
                        )
                    )
        registrations.append(
            Registration(
                organization_id=person.organization_id,
                person=person,
                year=YEAR,
                titles=["LDTT"],
                state="accepted",
            )
        )
    for unit in units:
        for year in YEARS:
            grades.append(
                YearGrade(
                    organization_id=unit.organization_id,
                    unit=unit,
                    year=year,
                    grade="HTT",
                    verification="verified",
                )
            )
            if year < YEAR:
                awards.append(
                    Award(
                        organization_id=unit.organization_id,
                        unit=unit,
                        year=year,
                        code="TTLDTT",
                        source="own",
                        decision_number="1/QĐ",
                        decided_on=date(year, 12, 28),
                        issued_by="Thủ trưởng",
                    )
                )
    YearGrade.objects.bulk_create(grades, batch_size=BATCH)
    Award.objects.bulk_create(awards, batch_size=BATCH)
    Registration.objects.bulk_create(registrations, batch_size=BATCH)

    authors = rng.sample(people, len(people) // 5)
    initiatives = Initiative.objects.bulk_create(
        (
            Initiative(
                organization_id=p.organization_id,
                title="Sáng kiến",
                year=rng.choice(YEARS),
                level=rng.choice(["co_so", "co_so", "tinh"]),
                verification="verified",
            )
            for p in authors
        ),
        batch_size=BATCH,
    )
    Authorship.objects.bulk_create(
        (Authorship(initiative=i, person=p) for i, p in zip(initiatives, authors, strict=True)),
        batch_size=BATCH,
    )
    Discipline.objects.bulk_create(
        (
            Discipline(
                organization_id=p.organization_id,
                person=p,
                form="khien_trach",
                decided_on=date(rng.choice(YEARS), 5, 1),
                verification="verified",
            )
            for p in rng.sample(people, len(people) // 100)
        ),
        batch_size=BATCH,
    )
    Leave.objects.bulk_create(
        (
            Leave(
                organization_id=p.organization_id,
                person=p,
                kind="maternity",
                started_on=date(YEAR, 2, 1),
                ended_on=date(YEAR, 7, 31),
                verification="verified",
            )
            for p in rng.sample(people, len(people) // 50)
        ),
        batch_size=BATCH,
    )


def fetch_rows(org_pks) -> int:
    """The floor: the same rows as plain tuples, no facts built."""
    count = 0
    for queryset, fields in [
        (
            Person.objects.filter(organization_id__in=org_pks),
            ("pk", "gender", "category", "hired_on"),
        ),
        (
            Assignment.objects.filter(person__organization_id__in=org_pks),
            ("person_id", "unit_id", "started_on", "ended_on"),
        ),
        (
            YearGrade.objects.filter(organization_id__in=org_pks),
            ("person_id", "unit_id", "year", "grade"),
        ),
        (
            Award.objects.filter(organization_id__in=org_pks),
            ("person_id", "unit_id", "year", "code"),
        ),
        (
            Authorship.objects.filter(person__organization_id__in=org_pks),
            ("person_id", "initiative__year", "initiative__level"),
        ),
        (Registration.objects.filter(organization_id__in=org_pks), ("person_id", "titles")),
    ]:
        count += len(list(queryset.values_list(*fields)))
    return count


def timed(func, runs):
    results, value = [], None
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        value = func()
        results.append(time.perf_counter() - start)
    return statistics.median(results), value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--organizations", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print(
            "Note: DATABASE_URL does not name PostgreSQL; measuring {}.".format(connection.vendor)
        )
    call_command("migrate", verbosity=0)
    org_pks = list(
        Organization.objects.filter(name__startswith=PREFIX).values_list("pk", flat=True)
    )
    if len(org_pks) != args.organizations:
        if org_pks:
            sys.exit("The database holds another province; use an empty database.")
        start = time.perf_counter()
        build(args.people, args.organizations)
        print("built the province in {:.0f} s".format(time.perf_counter() - start))
        org_pks = list(
            Organization.objects.filter(name__startswith=PREFIX).values_list("pk", flat=True)
        )
    floor, rows = timed(lambda: fetch_rows(org_pks), args.runs)
    assemble, facts = timed(lambda: assemble_many_facts(org_pks, YEAR), args.runs)
    evaluate, evaluation = timed(lambda: rules.evaluate(facts, YEAR), args.runs)
    eligible = evaluation.count("LDTT")
    print(
        "database: {} {}".format(
            connection.vendor, connection.pg_version if connection.vendor == "postgresql" else ""
        )
    )
    print(
        "people: {}, units: {}, rows fetched by the floor: {}".format(
            len(facts.people), len(facts.units), rows
        )
    )
    print("LĐTT eligible: {}".format(eligible))
    total = assemble + evaluate
    for name, seconds in [
        ("floor (fetch rows)", floor),
        ("assemble facts", assemble),
        ("evaluate", evaluate),
        ("total", total),
    ]:
        print("{:<20} {:7.2f} s  {:5.2f} × floor".format(name, seconds, seconds / floor))


if __name__ == "__main__":
    main()

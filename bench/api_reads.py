"""Benchmark: the API's reads of issue 20 on the agency of bench/dashboard_data.py (N people, a
year of grades, awards, registrations, initiatives, the seed's plan), in process.

    createdb -h 127.0.0.1 -U postgres thidua_apibench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_apibench \\
        .venv/bin/python bench/api_reads.py --people 5000 --rounds 15

Each request goes through Django's whole stack (middleware, the token, its use logged) with the
test client, in turn, round after round; prints the median and 95th percentile of each, its ratio
to the floor measured in the same run (`GET /api/v1/organizations`: the token and one row) and the
number of queries it made (the same every round).

Side by side (issue 20's "on the 100,000-person province"): the same agency alone in a database
and added to the province of bench/province_db.py, one process per database in turn (--passes
times each, alternating, so both see the same load), medians over all rounds of each:

    createdb … thidua_apibench_alone; createdb … thidua_apibench_province
    DATABASE_URL=postgres://…/thidua_apibench_province \\
        .venv/bin/python bench/province_db.py --runs 1
    .venv/bin/python bench/api_reads.py --compare postgres://…/thidua_apibench_alone \\
        postgres://…/thidua_apibench_province --passes 3 --rounds 10
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from bench.dashboard_data import ABBREVIATION, build  # noqa: E402
from thidua.accounts.models import Role, RoleGrant, User  # noqa: E402
from thidua.api.actions import do_create_api_token  # noqa: E402
from thidua.organization.models import Organization, Person, Unit  # noqa: E402
from thidua.plans.demo import load_plan_2022  # noqa: E402


def prepare(people: int):
    call_command("migrate", verbosity=0)
    org = Organization.objects.filter(abbreviation=ABBREVIATION).first()
    if org is None:
        org = build(people)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    plan = load_plan_2022(org)
    user, created = User.objects.get_or_create(username="bench-thuky", organization=org)
    if created:
        user.set_unusable_password()
        user.save()
        RoleGrant.objects.create(user=user, role=Role.SECRETARY)
    name = "bench {}".format(time.time())
    secret = do_create_api_token(user, name=name, acting_user=user).secret
    person = Person.objects.filter(organization=org).order_by("pk")[people // 2]
    unit = Unit.objects.filter(organization=org, kind="office").order_by("pk").first()
    return secret, {
        "floor: organizations": "organizations",
        "award register, page of 100": "awards?year=2022&limit=100",
        "award register, LĐTT of a unit, page of 100":
            "awards?year=2022&code=LDTT&unit={}&limit=100".format(unit.pk),
        "person's eligibility, 2022": "people/{}/eligibility?year=2022".format(person.pk),
        "evidence: grades, page of 100": "evidence/grades?year=2022&limit=100",
        "evidence: initiatives, page of 100": "evidence/initiatives?limit=100",
        "registrations, page of 100": "registrations?year=2022&limit=100",
        "plan with live values": "plans/{}".format(plan.pk),
        "unit's eligibility, 2022": "units/{}/eligibility?year=2022".format(unit.pk),
    }


def p95(measured: list[float]) -> float:
    ordered = sorted(measured)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def compare(urls: list[str], args) -> None:
    """Run this script on each database in turn, ``--passes`` times, and print both side by
    side (each figure: the median of every round of every pass on that database)."""
    names = ("alone", "province")
    times = {name: {} for name in names}
    queries = {}
    for _ in range(args.passes):
        for name, url in zip(names, urls, strict=True):
            done = subprocess.run(
                [sys.executable, __file__, "--people", str(args.people), "--rounds",
                 str(args.rounds), "--json"],
                env={**os.environ, "DATABASE_URL": url}, check=True, capture_output=True,
                text=True,
            )  # fmt: skip
            measured = json.loads(done.stdout.strip().splitlines()[-1])
            for label, values in measured["times"].items():
                times[name].setdefault(label, []).extend(values)
            queries[name] = measured["queries"]
    floors = {name: statistics.median(times[name]["floor: organizations"]) for name in names}
    print("| read | alone p50 / p95 ms | province p50 / p95 ms | × floor (alone, province) | "
          "province × alone | queries (alone, province) |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for label in times["alone"]:
        alone, province = times["alone"][label], times["province"][label]
        a50, p50 = statistics.median(alone), statistics.median(province)
        row = "| {} | {:.1f} / {:.1f} | {:.1f} / {:.1f} | {:.2f}, {:.2f} | {:.2f} | {}, {} |"
        print(row.format(
            label, a50, p95(alone), p50, p95(province), a50 / floors["alone"],
            p50 / floors["province"], p50 / a50, queries["alone"][label],
            queries["province"][label]))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--json", action="store_true", help="print the raw times as JSON")
    parser.add_argument("--compare", nargs=2, metavar=("ALONE_URL", "PROVINCE_URL"))
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    if args.compare:
        return compare(args.compare, args)
    setup_test_environment()
    secret, paths = prepare(args.people)
    client = Client(headers={"Authorization": "Bearer " + secret})
    times = {label: [] for label in paths}
    queries = {}
    for label, path in paths.items():  # warm-up, and the number of queries
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/" + path)
        assert response.status_code == 200, (path, response.content[:300])
        queries[label] = len(captured)
    for _ in range(args.rounds):
        for label, path in paths.items():
            started = time.perf_counter()
            client.get("/api/v1/" + path)
            times[label].append((time.perf_counter() - started) * 1000)
    if args.json:
        print(json.dumps({"times": times, "queries": queries}))
        return None
    floor = statistics.median(times["floor: organizations"])
    print("| read | p50 ms | p95 ms | × floor | queries |")
    print("|---|---|---|---|---|")
    for label, measured in times.items():
        median = statistics.median(measured)
        print("| {} | {:.1f} | {:.1f} | {:.2f} | {} |".format(
            label, median, p95(measured), median / floor, queries[label]))  # fmt: skip
    return None


if __name__ == "__main__":
    main()

"""Benchmark: the API's reads of issue 20 on the agency of bench/dashboard_data.py (N people, a
year of grades, awards, registrations, initiatives, the seed's plan), in process.

    createdb -h 127.0.0.1 -U postgres thidua_apibench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_apibench \\
        .venv/bin/python bench/api_reads.py --people 5000 --rounds 15

Each request goes through Django's whole stack (middleware, the token, its use logged) with the
test client, in turn, round after round; prints the median and 95th percentile of each, its ratio
to the floor measured in the same run (`GET /api/v1/organizations`: the token and one row) and the
number of queries it made (the same every round).
"""

import argparse
import os
import statistics
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
        "person's eligibility, 2022": "people/{}/eligibility?year=2022".format(person.pk),
        "evidence: grades, page of 100": "evidence/grades?year=2022&limit=100",
        "evidence: initiatives, page of 100": "evidence/initiatives?limit=100",
        "registrations, page of 100": "registrations?year=2022&limit=100",
        "plan with live values": "plans/{}".format(plan.pk),
        "unit's eligibility, 2022": "units/{}/eligibility?year=2022".format(unit.pk),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
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
    floor = statistics.median(times["floor: organizations"])
    print("| read | p50 ms | p95 ms | × floor | queries |")
    print("|---|---|---|---|---|")
    for label, measured in times.items():
        ordered = sorted(measured)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        median = statistics.median(measured)
        print("| {} | {:.1f} | {:.1f} | {:.2f} | {} |".format(
            label, median, p95, median / floor, queries[label]))  # fmt: skip


if __name__ == "__main__":
    main()

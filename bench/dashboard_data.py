"""Prepare the dashboard benchmark: an organisation of N people with a year of records and the
seed's plan, a signed-in secretary's session; prints the plan id and the session cookie as JSON.

    DATABASE_URL=... .venv/bin/python bench/dashboard_data.py --people 5000 > /tmp/dash.json

Run by bench/dashboard.sh; it adds rows to the database DATABASE_URL names (use one of its own).
"""

import argparse
import json
import os
import random
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from thidua.accounts.models import Role, RoleGrant, User  # noqa: E402
from thidua.awards.models import Award  # noqa: E402
from thidua.evidence.models import Authorship, Initiative, YearGrade  # noqa: E402
from thidua.organization.models import Assignment, Organization, Person, Unit  # noqa: E402
from thidua.plans.demo import load_plan_2022  # noqa: E402
from thidua.registrations.models import Registration  # noqa: E402

ABBREVIATION = "BENCHDASH"
BATCH = 2000


def build(people_count: int) -> Organization:
    rng = random.Random(5000)
    org = Organization.objects.create(
        name="Cơ quan thử tải bảng theo dõi", abbreviation=ABBREVIATION, place_name="Hà Tĩnh"
    )
    units = [Unit.objects.create(organization=org, name="Phòng {:02d}".format(i), kind="office",
                                 position=i) for i in range(20)]  # fmt: skip
    for kind in ("party_committee", "union"):
        Unit.objects.create(organization=org, name=kind, kind=kind)
    people = Person.objects.bulk_create(
        (Person(organization=org, family_and_middle="Nguyễn Văn", given="Số{}".format(k),
                gender="F" if k % 2 else "M", category="lecturer" if k % 5 < 3 else "staff",
                hired_on=date(2015, 9, 1), search_text="nguyen van so", sort_key=str(k))
         for k in range(people_count)),
        batch_size=BATCH,
    )  # fmt: skip
    Assignment.objects.bulk_create(
        (Assignment(person=p, unit=units[i % 20], started_on=p.hired_on)
         for i, p in enumerate(people)),
        batch_size=BATCH,
    )  # fmt: skip
    decided = {"source": "own", "decision_number": "1/QĐ", "decided_on": date(2022, 12, 28),
               "issued_by": "Thủ trưởng"}  # fmt: skip
    awards, grades, registrations = [], [], []
    for person in people:
        grades.append(YearGrade(organization=org, person=person, year=2022,
                                grade=rng.choice(["HTXS", "HTT", "HTT", "HTT", "HTNV"]),
                                verification="verified"))  # fmt: skip
        if rng.random() < 0.9:
            awards.append(Award(organization=org, person=person, year=2022, code="LDTT",
                                **decided))  # fmt: skip
        registrations.append(Registration(organization=org, person=person, year=2022,
                                          titles=["LDTT"], state="accepted"))  # fmt: skip
    YearGrade.objects.bulk_create(grades, batch_size=BATCH)
    Award.objects.bulk_create(awards, batch_size=BATCH)
    Registration.objects.bulk_create(registrations, batch_size=BATCH)
    authors = rng.sample(people, people_count // 4)
    initiatives = Initiative.objects.bulk_create(
        (Initiative(organization=org, title="SK", year=2022, level="co_so",
                    verification="verified") for _ in authors),
        batch_size=BATCH,
    )  # fmt: skip
    Authorship.objects.bulk_create(
        (Authorship(initiative=i, person=p) for i, p in zip(initiatives, authors, strict=True)),
        batch_size=BATCH,
    )
    return org


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=5000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    org = Organization.objects.filter(abbreviation=ABBREVIATION).first()
    if org is None:
        org = build(args.people)
        # Fresh statistics, as autovacuum would gather on a live database: without them
        # PostgreSQL plans the dashboard's grouped query as if the tables were empty (≈ 6 s).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    plan = load_plan_2022(org)
    user, created = User.objects.get_or_create(username="bench-thuky", organization=org)
    if created:
        user.set_unusable_password()
        user.save()
        RoleGrant.objects.create(user=user, role=Role.SECRETARY)
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    people = Person.objects.filter(organization=org).count()
    json.dump({"plan": plan.pk, "cookie": "{}={}".format(settings.SESSION_COOKIE_NAME,
                                                         session.session_key),
               "people": people}, sys.stdout)  # fmt: skip


if __name__ == "__main__":
    main()

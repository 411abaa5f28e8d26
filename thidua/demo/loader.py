"""Load the demo school and every app's demo data, in order: the school and its history, its
accounts, the province's emulation office above it and two more agencies (province.py), then the
evidence, the council, the finished 2021 year (year2021.py), the plans of
2021 and 2022 and their phases summed up (each app's own demo.py), the reward fund of 2022,
cluster 5, and the 2021 year-end report."""

import random

from django.db import transaction

from thidua.accounts.models import User
from thidua.closing.demo import close_phases_2022, close_year_2021
from thidua.clusters.demo import load_clusters
from thidua.council.demo import load_council_2022
from thidua.demo.province import load_province
from thidua.demo.school import DEMO_PASSWORD, ORGANIZATION, build_school, ensure_accounts
from thidua.demo.year2021 import run_2021
from thidua.evidence.demo import load_evidence
from thidua.organization.models import Organization
from thidua.plans.demo import load_plan_2021, load_plan_2022
from thidua.rewards.demo import load_fund_2022


def demo_exists() -> bool:
    return Organization.objects.filter(abbreviation=ORGANIZATION["abbreviation"]).exists()


@transaction.atomic
def load_demo() -> Organization:
    """Create the demo school once; later calls add only what is missing (accounts, evidence
    kinds newer than the installation's demo, the plan), never touching what exists."""
    organization = Organization.objects.filter(abbreviation=ORGANIZATION["abbreviation"]).first()
    created = organization is None
    if created:
        organization = Organization.objects.create(**ORGANIZATION)
        build_school(organization, random.Random(2022))
    ensure_accounts(organization)
    # Before 2021's tờ trình is sent: it arrives in the office's inbox and is answered there.
    load_province(organization, DEMO_PASSWORD)
    load_evidence(organization)
    load_council_2022(organization)
    if created:
        # 2021 run through the council, the decisions and a tờ trình (once: a demo loaded
        # before keeps its 2021 as it has it).
        run_2021(organization)
    load_plan_2021(organization)  # the demo's own (the seed has none): 2021 closed against it
    load_plan_2022(organization)
    close_phases_2022(organization)
    load_fund_2022(organization)
    # Cluster 5 (cụm thi đua) in 2021 and 2022: the fictional scores, through the actions.
    load_clusters(organization, secretary=User.objects.get(username="thuky"),
                  admin=User.objects.get(username="admin"), password=DEMO_PASSWORD)  # fmt: skip
    # The 2021 year-end report complete (its cluster section read from cluster 5's 2021).
    close_year_2021(organization)
    return organization

"""Load the demo school and every app's demo data, in order: the school and its history, its
accounts, then the evidence, the council and the plan (each app's own demo.py)."""

import random

from django.db import transaction

from thidua.council.demo import load_council_2022
from thidua.demo.school import ORGANIZATION, build_school, ensure_accounts
from thidua.evidence.demo import load_evidence
from thidua.organization.models import Organization
from thidua.plans.demo import load_plan_2022


def demo_exists() -> bool:
    return Organization.objects.filter(abbreviation=ORGANIZATION["abbreviation"]).exists()


@transaction.atomic
def load_demo() -> Organization:
    """Create the demo school once; later calls add only what is missing (accounts, evidence
    kinds newer than the installation's demo, the plan), never touching what exists."""
    organization = Organization.objects.filter(abbreviation=ORGANIZATION["abbreviation"]).first()
    if organization is None:
        organization = Organization.objects.create(**ORGANIZATION)
        build_school(organization, random.Random(2022))
    ensure_accounts(organization)
    load_evidence(organization)
    load_council_2022(organization)
    load_plan_2022(organization)
    return organization

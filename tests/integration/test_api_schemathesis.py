"""schemathesis against the API's live schema (issue 20): every operation, reads and writes, a
fixed seed and few examples, with a read-write token of the secretary (the widest reader and
writer) over a small test organisation — no 500, every answer conforming to the schema (status,
content type, body, headers); the writes it makes are the test's own, rolled back after it."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, seed, settings
from schemathesis.config import SchemathesisConfig

from tests.helpers.api import token_for
from thidua.awards.actions import AwardData, do_add_award
from thidua.evidence.models import Authorship, Initiative, UnionScore, YearGrade
from thidua.registrations.models import Registration

pytestmark = pytest.mark.django_db

# An opaque cursor and the id of a unit to filter by are valid in form only: the server refuses
# a cursor it did not sign (400) and a unit that is not there (422), naming the field; so is a
# year under review, which the eligibility overview's download takes only up to this year (the
# schema is fixed, the current year is not), and the inbox overview's year and agency, which are
# only those of the tờ trình received (as its page offers). So schema-valid data may be refused
# with those, and only for those fields (checked below).
CONFIG = SchemathesisConfig.from_dict({"checks": {"positive_data_acceptance": {
    "expected-statuses": ["2xx", "401", "403", "404", "400", "422"]}}})  # fmt: skip
MEANING_ONLY = {"cursor", "unit"}
OVERVIEW = "/eligibility-overview/document.{fmt}"
INBOX_OVERVIEW = ("/inbox-overview", "/inbox-overview.xlsx")

# Loaded through the WSGI application, as a client would (no database needed for the schema).
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
)


@pytest.fixture
def secret(org, people, units, personas):
    """The secretary's token, over people, units, one award of each subject, and evidence of a
    person, of a unit and of a team, a score (a decimal) and two registrations."""
    from datetime import date

    secretary = personas["secretary"]
    verified = {"organization": org, "verification": "verified"}
    YearGrade.objects.create(person=people["staff"], year=2021, grade="HTXS", **verified)
    YearGrade.objects.create(unit=units["a"], year=2021, grade="HTT", **verified)
    UnionScore.objects.create(person=people["staff"], year=2021, score="85.5", **verified)
    initiative = Initiative.objects.create(title="Sáng kiến thử", year=2021, level="co_so",
                                           **verified)  # fmt: skip
    Authorship.objects.create(initiative=initiative, person=people["staff"], share=100)
    Registration.objects.create(organization=org, person=people["staff"], year=2022,
                                titles=["LDTT", "CSTD_CS"])  # fmt: skip
    Registration.objects.create(organization=org, unit=units["a"], year=2022, titles=["TTLDTT"],
                                state="submitted")  # fmt: skip
    do_add_award(org, AwardData(person=people["staff"], year=2021, code="CSTD_CS",
                                decision_number="12/QĐ-TCTTN", decided_on=date(2021, 12, 20)),
                 acting_user=secretary)  # fmt: skip
    do_add_award(org, AwardData(unit=units["a"], year=2021, code="TTLDTT",
                                decision_number="13/QĐ-TCTTN", decided_on=date(2021, 12, 20)),
                 acting_user=secretary)  # fmt: skip
    _inbox(org, secretary)
    return token_for(secretary, read_only=False)


def _inbox(org, secretary) -> None:
    """Make the organisation also a receiving office (for the province) with one tờ trình of an
    agency under it in its inbox, two entries, one of them in a draft decision: the inbox's
    operations answer with records, not only with 404s."""
    from datetime import date, datetime, time, timedelta

    from django.utils import timezone

    from tests.conftest import make_user
    from thidua.accounts.models import Role
    from thidua.council.models import CouncilSession
    from thidua.organization.models import Organization, Unit
    from thidua.proposals.models import (
        Proposal,
        ProposalEntry,
        ProposalState,
        Receipt,
        ReceivedEntry,
    )
    from thidua.proposals.received_decisions import do_draft_received_decision

    org.receives_for = ["province"]
    org.save()
    agency = Organization.objects.create(name="Trường Chính trị Cấp dưới", abbreviation="TCTCD",
                                         place_name="Hà Tĩnh", parent=org)  # fmt: skip
    unit = Unit.objects.create(organization=agency, name="Khoa Cấp dưới", kind="faculty")
    head = make_user("capduoi.thuky", agency, Role.SECRETARY)
    opened = timezone.make_aware(datetime.combine(date(2022, 12, 22), time(8)))
    session = CouncilSession.objects.create(
        organization=agency, year=2022, name="Phiên họp cuối năm", meeting_on=date(2022, 12, 22),
        starts_at=time(8), opened_at=opened, opened_by=head,
        closed_at=opened + timedelta(hours=2), closed_by=head,
    )  # fmt: skip
    sent = date(2022, 12, 26)
    proposal = Proposal.objects.create(
        organization=agency, year=2022, body="province", number=7, number_year=2022,
        dated_on=sent, session=session, drafted_by=head, state=ProposalState.SENT, sent_on=sent,
        signer=head,
    )  # fmt: skip
    receipt = Receipt.objects.create(
        proposal=proposal, receiver=org, sender=agency, document_number=proposal.document_number,
        received_on=sent, dossier=b"", entry_count=2,
    )  # fmt: skip
    rows = []
    for position, title in enumerate(("BK_TINH", "CSTD_TINH"), 1):
        entry = ProposalEntry.objects.create(proposal=proposal, unit=unit, title=title,
                                             position=position)  # fmt: skip
        rows.append(ReceivedEntry.objects.create(
            receipt=receipt, entry=entry, position=position, subject_name="Khoa Cấp dưới",
            title=title,
        ))  # fmt: skip
    do_draft_received_decision(org, rows[:1], acting_user=secretary)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes the database connection after each request (Django's test
    client does not): that would end the test's transaction, so the handler is told not to."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@seed(20221231)
@settings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_conforms_to_its_schema(case, secret):
    response = case.call_and_validate(headers={"Authorization": "Bearer " + secret})
    assert response.status_code < 500
    if case.meta.generation.mode.is_positive and response.status_code in (400, 422):
        problem = response.json()
        if case.method.upper() == "GET":
            meaning = MEANING_ONLY | ({"year"} if case.path.endswith(OVERVIEW) else set())
            meaning |= {"year", "agency"} if case.path.endswith(INBOX_OVERVIEW) else set()
            assert {error["field"] for error in problem["errors"]} <= meaning
        else:
            # A write's body valid in form may still break the screen's rules (a given name of
            # two words, a decision dated in the future, an entry of no sent tờ trình): refused
            # with the screen's message, naming the field where the rule is about one.
            assert problem["detail"] and problem["status"] == response.status_code

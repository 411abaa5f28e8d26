"""Voting at the same instant: no ballot lost, none doubled.

Each thread has its own database connection. On PostgreSQL the threads really run together
(released by a barrier); SQLite's in-memory test database serialises writers with table locks
that do not wait, so there the same threads run one after the other and the test checks the
same invariants.
"""


import pytest

from tests.concurrency import run_together
from tests.conftest import make_user
from tests.helpers.council import MEETING_ON, papers
from tests.helpers.council import choices as choices_cast
from tests.integration.test_council import make_eligible
from thidua.accounts.models import Role
from thidua.council.actions import (
    do_add_member,
    do_cast_ballot,
    do_close_session,
    do_nominate,
    do_open_session,
    do_put_on_agenda,
    do_set_attendance,
)
from thidua.council.models import Ballot, CouncilSession, VoteRecord
from thidua.council.results import verify_seal

pytestmark = pytest.mark.django_db(transaction=True)
YEAR = 2022




@pytest.fixture
def session(org, personas, people):
    make_eligible(org, people["staff"])
    voters = [make_user("uv{:02d}".format(i), org, Role.COUNCIL_MEMBER) for i in range(20)]
    secretary = personas["secretary"]
    session = do_open_session(name="Phiên đồng thời", year=YEAR, meeting_on=MEETING_ON,
                               acting_user=secretary)
    for user in voters:
        member = do_add_member(session, user, acting_user=secretary)
        do_set_attendance(member, present=True, acting_user=secretary)
    nomination = do_nominate(year=YEAR, title="LDTT", person=people["staff"],
                             acting_user=personas["unit_head"])  # fmt: skip
    do_put_on_agenda(session, [nomination], acting_user=secretary)
    session.voters = voters
    return session


def test_twenty_members_vote_at_the_same_instant(session):
    item = session.items.get()
    choices = ["agree" if i % 4 else "disagree" for i in range(20)]
    outcomes = run_together([
        (lambda user=user, choice=choice: do_cast_ballot(session, item, choice, acting_user=user))
        for user, choice in zip(session.voters, choices, strict=True)
    ])  # fmt: skip
    assert [kind for kind, _ in outcomes] == ["ok"] * 20, outcomes
    assert VoteRecord.objects.filter(item=item).count() == 20
    counted = choices_cast(item)
    assert counted == sorted(choices)


def test_one_member_double_submitting_concurrently_counts_once(session):
    item = session.items.get()
    user = session.voters[0]
    outcomes = run_together([lambda: do_cast_ballot(session, item, "agree", acting_user=user)] * 6)
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["ok"] + ["refused"] * 5, outcomes
    assert {text for kind, text in outcomes if kind == "refused"} == {
        "Đồng chí đã bỏ phiếu cho «Trần Thị Hoa» rồi."
    }
    assert len(papers()) == VoteRecord.objects.count() == 1


def test_closing_while_members_vote_loses_nothing(session, personas):
    item = session.items.get()
    votes = [
        (lambda user=user: do_cast_ballot(session, item, "agree", acting_user=user))
        for user in session.voters[:12]
    ]
    closing = [lambda: do_close_session(session, acting_user=personas["secretary"])]
    outcomes = run_together(votes + closing)
    assert outcomes[-1][0] == "ok", outcomes
    accepted = sum(1 for kind, _ in outcomes[:-1] if kind == "ok")
    refused = [text for kind, text in outcomes[:-1] if kind == "refused"]
    assert accepted + len(refused) == 12, outcomes
    assert set(refused) <= {"Phiên họp đã kết thúc; không nhận phiếu nữa."}
    closed = CouncilSession.objects.get(pk=session.pk)
    [row] = closed.results["items"]
    # Every accepted ballot is in the sealed result; every refused one is nowhere.
    assert row["agree"] == row["votes"] == accepted == Ballot.objects.count()
    assert verify_seal(closed) == []

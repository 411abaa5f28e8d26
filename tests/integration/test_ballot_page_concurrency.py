"""The one-page ballot at the same instant (issue 13, item 6): members sending their whole list
together, one member sending twice, one paper and the list racing: no ballot lost, none doubled.
On SQLite the threads run one after the other (see tests/concurrency.py)."""

import pytest

from tests.concurrency import run_together
from tests.conftest import make_user
from tests.helpers.council import MEETING_ON, YEAR, make_eligible
from tests.helpers.council import choices as choices_cast
from tests.helpers.council import papers as papers_cast
from thidua.accounts.models import Role
from thidua.council.actions import (
    do_add_member,
    do_cast_ballot,
    do_cast_ballots,
    do_nominate,
    do_open_session,
    do_put_on_agenda,
    do_set_attendance,
)
from thidua.council.models import VoteRecord

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def session(org, personas, people):
    for key in ("staff", "dat"):
        make_eligible(org, people[key])
    voters = [make_user("uv{:02d}".format(i), org, Role.COUNCIL_MEMBER) for i in range(10)]
    secretary = personas["secretary"]
    session = do_open_session(name="Phiên đồng thời", year=YEAR, meeting_on=MEETING_ON,
                              acting_user=secretary)  # fmt: skip
    for user in voters:
        member = do_add_member(session, user, acting_user=secretary)
        do_set_attendance(member, present=True, acting_user=secretary)
    nominations = [
        do_nominate(year=YEAR, title="LDTT", person=people[key], acting_user=personas["unit_head"])
        for key in ("staff", "dat")
    ]
    do_put_on_agenda(session, nominations, acting_user=secretary)
    session.voters = voters
    return session


def test_ten_members_send_their_lists_at_the_same_instant(session):
    first, second = session.items.order_by("position")
    choices = ["agree" if i % 3 else "disagree" for i in range(10)]
    outcomes = run_together([
        (lambda user=user, choice=choice: do_cast_ballots(
            session, [(first, choice, ""), (second, "agree", "")], acting_user=user))
        for user, choice in zip(session.voters, choices, strict=True)
    ])  # fmt: skip
    assert [kind for kind, _ in outcomes] == ["ok"] * 10, outcomes
    assert VoteRecord.objects.count() == 20
    assert choices_cast(first) == sorted(choices)
    assert choices_cast(second) == ["agree"] * 10


def test_one_member_sending_twice_or_racing_one_paper_counts_once(session):
    first, second = session.items.order_by("position")
    user = session.voters[0]
    papers = [(first, "agree", ""), (second, "disagree", "")]
    outcomes = run_together(
        [lambda: do_cast_ballots(session, papers, acting_user=user)] * 4
        + [lambda: do_cast_ballot(session, second, "agree", acting_user=user)] * 2
    )
    assert [kind for kind, _ in outcomes].count("ok") == 1, outcomes
    assert {kind for kind, _ in outcomes} == {"ok", "refused"}, outcomes
    assert all("đã bỏ phiếu" in text for kind, text in outcomes if kind == "refused")
    # Whichever won, each item has at most one paper of this member, and who-voted matches.
    assert VoteRecord.objects.filter(item=second).count() == 1
    assert len(papers_cast(second)) == 1
    assert len(papers_cast()) == VoteRecord.objects.count()

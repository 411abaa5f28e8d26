"""The council's steps as the integration tests take them, on the personas' small organisation
(tests/conftest.py): eligible people, the voters, nominations and a session everyone agrees in."""

from datetime import date, time

import time_machine

from tests.conftest import make_user
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
from thidua.evidence.models import YearGrade
from thidua.registrations.models import Registration

YEAR = 2022
# The 2022 review met in December 2022; a session opened in real time (without `on`) is entered
# afterwards with that meeting date (a 2022 review cannot meet in 2026).
MEETING_ON = date(YEAR, 12, 20)


def make_eligible(org, person, titles=("LDTT", "CSTD_CS"), *, year=YEAR):
    """Give a person what LĐTT needs in `year`: a verified HTXS grade and an accepted
    registration for `titles`."""
    YearGrade.objects.create(
        organization=org, person=person, year=year, grade="HTXS", verification="verified"
    )
    Registration.objects.create(
        organization=org, person=person, year=year, titles=list(titles), state="accepted"
    )


def members(org, personas):
    """Four voters as (account, seat): the principal chairs, the secretary, the council member
    and a second council member."""
    extra = make_user("uyvien2", org, Role.COUNCIL_MEMBER)
    return [
        (personas["principal"], "chair"),
        (personas["secretary"], "secretary"),
        (personas["council_member"], "member"),
        (extra, "member"),
    ]


def nominate(personas, person, title="LDTT", *, year=YEAR, **extra):
    """The unit head nominates `person` for `title` (extra: justification, unit…)."""
    return do_nominate(
        year=year, title=title, person=person, acting_user=personas["unit_head"], **extra
    )


def run_session(personas, members, nominations, *, name="Phiên họp cuối năm", on=None,
                close=True):  # fmt: skip
    """Open a session (on the day `on`, else now) with every member present, put the
    nominations on its agenda, every member agrees to every item; close it unless told not to."""
    if on is None:
        return _run_session(personas, members, nominations, name=name, close=close,
                            meeting_on=MEETING_ON)  # fmt: skip
    with time_machine.travel(on, tick=True):
        return _run_session(personas, members, nominations, name=name, close=close)


def _run_session(personas, members, nominations, *, name, close, meeting_on=None):
    secretary = personas["secretary"]
    # A meeting on a past day starts in its morning: the default start, now's time of day, would
    # make a test's fixed end time fall before it in the afternoon.
    starts_at = time(8, 0) if meeting_on else None
    session = do_open_session(name=name, year=YEAR, meeting_on=meeting_on, starts_at=starts_at,
                              acting_user=secretary)  # fmt: skip
    for user, role in members:
        member = do_add_member(session, user, role=role, acting_user=secretary)
        do_set_attendance(member, present=True, acting_user=secretary)
    items = do_put_on_agenda(session, nominations, acting_user=secretary)
    for item in items:
        for user, _ in members:
            do_cast_ballot(session, item, "agree", acting_user=user)
    if close:
        do_close_session(session, acting_user=secretary)
        session.refresh_from_db()
    return session


def papers(item=None) -> list[tuple]:
    """Return every paper cast, as the count reads them: the stored anonymous ballots and those
    still sealed in open sessions' ballot boxes, as sorted (item_id, choice, lower_title); only
    `item`'s when given."""
    from thidua.council import ballot_box
    from thidua.council.models import Ballot, CouncilSession

    rows = list(Ballot.objects.values_list("item_id", "choice", "lower_title"))
    for session in CouncilSession.objects.filter(items__envelopes__isnull=False).distinct():
        rows += ballot_box.open_envelopes(session)
    return sorted(r for r in rows if item is None or r[0] == item.pk)


def choices(item=None) -> list[str]:
    """Return the choices of every paper cast (of `item` only when given), sorted."""
    return sorted(choice for _, choice, _ in papers(item))

"""A year in which every role has something to do (issue 18), on the personas' organisation:
two plans with their calendars, a unit's registration to send and one to accept, a record to
verify, an open session with items to vote on, a decision to sign and a tờ trình unanswered."""

from datetime import date

import time_machine

from tests.helpers.council import make_eligible, members, nominate, run_session
from thidua.council.actions import (
    do_add_member,
    do_open_session,
    do_put_on_agenda,
    do_set_attendance,
)
from thidua.decisions.actions import do_draft_decision_from_session
from thidua.evidence.models import YearGrade
from thidua.plans.models import Phase, Plan
from thidua.proposals.actions import do_draft_proposal_from_session, do_send_proposal
from thidua.proposals.routing import HigherBody
from thidua.registrations.models import Registration

#: The day most checks read: January 2023, the 2022 dossiers going up, the 2023 plan starting.
TODAY = date(2023, 1, 25)
#: A day of December 2022, before the evidence closes and the units' nominations are due.
DECEMBER = date(2022, 12, 1)


def plan(org, year, **dates):
    return Plan.objects.create(
        organization=org, year=year, number="3", symbol="KH/TCTTN", place="Hà Tĩnh",
        issued_on=date(year, 1, 10), title="Triển khai phong trào thi đua năm {}".format(year),
        purposes="Mục đích", theme="Chủ đề", **dates,
    )  # fmt: skip


def todo_world(org, units, people, personas):
    secretary = personas["secretary"]
    plan_2022 = plan(
        org, 2022, registration_deadline=date(2022, 3, 31), evidence_deadline=date(2022, 12, 2),
        nomination_deadline=date(2022, 12, 5), council_meeting_on=date(2022, 12, 20),
        report_deadline=date(2022, 12, 30), academy_dossier_deadline=date(2023, 1, 28),
        province_dossier_deadline=date(2023, 2, 15),
    )  # fmt: skip
    Phase.objects.create(plan=plan_2022, name="Đợt thi đua năm 2022", starts_on=date(2022, 1, 1),
                         ends_on=date(2022, 12, 30), review_on=date(2022, 12, 30))  # fmt: skip
    plan_2023 = plan(org, 2023, registration_deadline=date(2023, 1, 31))
    Phase.objects.create(plan=plan_2023, name="Đợt thi đua mừng Đảng, mừng Xuân",
                         starts_on=date(2023, 1, 1), ends_on=date(2023, 2, 3),
                         review_on=date(2023, 2, 10))  # fmt: skip
    # Unit b has sent its 2023 registration; unit a (the unit head's) has not.
    Registration.objects.create(organization=org, unit=units["b"], year=2023, titles=["TTLDTT"],
                                state="submitted")  # fmt: skip
    # A staff member of unit a proposed their grade: the secretary and the unit head verify it.
    YearGrade.objects.create(organization=org, person=people["staff"], year=2021, grade="HTT",
                             verification="proposed")  # fmt: skip
    for key in ("dat", "staff"):
        make_eligible(org, people[key])
    seats = members(org, personas)
    with time_machine.travel("2022-12-20 09:00 +07:00", tick=True):
        passed = [nominate(personas, people["dat"]),
                  nominate(personas, people["dat"], "BK_TINH", justification="Thành tích nổi bật.")]
        closed = run_session(personas, seats, passed)
        decision = do_draft_decision_from_session(closed, acting_user=secretary)
        proposal = do_draft_proposal_from_session(closed, body=HigherBody.PROVINCE,
                                                  acting_user=secretary)  # fmt: skip
        do_send_proposal(proposal, sent_on=date(2022, 12, 20), acting_user=personas["principal"])
        # A second session still open: every member present, nobody has voted yet.
        session = do_open_session(name="Phiên họp bổ sung", year=2022, acting_user=secretary)
        for user, role in seats:
            seat = do_add_member(session, user, role=role, acting_user=secretary)
            do_set_attendance(seat, present=True, acting_user=secretary)
        do_put_on_agenda(session, [nominate(personas, people["staff"])],
                         acting_user=secretary)  # fmt: skip
    return {"plans": (plan_2022, plan_2023), "session": session, "decision": decision,
            "proposal": proposal, "seats": seats}  # fmt: skip

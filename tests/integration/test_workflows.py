"""The workflows as data (thidua.core.workflow): each model's table names rules that exist, the
actions move states only through it, each move is audited with its actor, and who may make a
move is the app's rule, not Django's superuser shortcut."""

from datetime import date

import pytest
import rules
from auditlog.models import LogEntry

from tests.helpers.council import MEETING_ON, make_eligible, run_session
from tests.helpers.council import members as council_members
from thidua.core.actions import ActionRefused, NotAllowed
from thidua.council.actions import (
    do_annul_session,
    do_close_session,
    do_nominate,
    do_open_session,
    do_withdraw_nomination,
)
from thidua.council.models import (
    NOMINATION_FLOW,
    SESSION_FLOW,
    CouncilSession,
    Nomination,
    NominationState,
)
from thidua.decisions.actions import (
    do_draft_decision_from_session,
    do_issue_decision,
    do_record_union_decision,
    do_revoke_decision,
)
from thidua.decisions.models import DECISION_FLOW, Decision, DecisionState
from thidua.proposals.models import PROPOSAL_FLOW
from thidua.registrations.models import REGISTRATION_FLOW

pytestmark = pytest.mark.django_db
YEAR = 2022
PERSONAS = {"admin", "secretary", "principal", "leader", "council_member", "unit_head", "staff",
            "outsider"}  # fmt: skip
FLOWS = [NOMINATION_FLOW, SESSION_FLOW, DECISION_FLOW, PROPOSAL_FLOW, REGISTRATION_FLOW]


@pytest.mark.parametrize("flow", FLOWS, ids=lambda flow: flow.noun)
def test_each_workflow_names_rules_of_its_apps(flow):
    assert flow.moves
    for (source, target), move in flow.moves.items():
        assert rules.perm_exists(move.permission), move.permission
        assert move.refused.startswith("Chỉ"), move.refused  # says who may, in Vietnamese
        assert source != target


def states_logged(record, actor) -> list[str]:
    entries = LogEntry.objects.get_for_object(record).filter(actor=actor).order_by("pk")
    return [e.changes_dict["state"][1] for e in entries if "state" in e.changes_dict]


def test_a_nominations_moves_are_audited_with_their_actor(org, people, personas):
    make_eligible(org, people["staff"])
    nomination = do_nominate(year=YEAR, title="LDTT", person=people["staff"],
                             acting_user=personas["unit_head"])  # fmt: skip
    session = run_session(personas, council_members(org, personas), [nomination])
    do_annul_session(session, reason="Thành phần Hội đồng sai quy chế.",
                     acting_user=personas["secretary"])  # fmt: skip
    nomination.refresh_from_db()
    assert nomination.state == NominationState.PROPOSED
    assert states_logged(nomination, personas["secretary"]) == ["on_agenda", "passed", "proposed"]


def test_the_unit_head_withdraws_what_the_secretary_proposed_of_their_people(
    org, people, personas
):
    make_eligible(org, people["staff"])
    nomination = do_nominate(year=YEAR, title="LDTT", person=people["staff"],
                             acting_user=personas["secretary"])  # fmt: skip
    for persona in ("council_member", "principal", "staff"):
        assert not personas[persona].has_perm("council.withdraw_nomination", nomination)
        with pytest.raises(NotAllowed, match="Chỉ đơn vị đề nghị mới rút được đề nghị này."):
            do_withdraw_nomination(nomination, acting_user=personas[persona])
    assert Nomination.objects.get().state == NominationState.PROPOSED
    assert personas["unit_head"].has_perm("council.withdraw_nomination", nomination)
    do_withdraw_nomination(nomination, reason="Chưa đủ hồ sơ", acting_user=personas["unit_head"])
    nomination.refresh_from_db()
    assert (nomination.state, nomination.withdraw_reason) == ("withdrawn", "Chưa đủ hồ sơ")
    assert states_logged(nomination, personas["unit_head"]) == ["withdrawn"]
    with pytest.raises(ActionRefused, match="Không rút được đề nghị ở trạng thái «Đã rút»."):
        do_withdraw_nomination(nomination, acting_user=personas["unit_head"])


def test_the_administrator_signs_no_decision(org, people, personas):
    """Django grants an active superuser every permission; the decision's rule names the
    principal alone, and the action asks the rule."""
    admin = personas["admin"]
    assert admin.is_superuser and admin.has_perm("decisions.sign_decision")
    make_eligible(org, people["staff"])
    nomination = do_nominate(year=YEAR, title="LDTT", person=people["staff"],
                             acting_user=personas["unit_head"])  # fmt: skip
    session = run_session(personas, council_members(org, personas), [nomination])
    decision = do_draft_decision_from_session(session, acting_user=personas["secretary"])
    with pytest.raises(NotAllowed, match="Chỉ Hiệu trưởng ký ban hành"):
        do_issue_decision(decision, decided_on=date.today(), acting_user=admin)
    assert Decision.objects.get().state == DecisionState.DRAFT
    do_issue_decision(decision, decided_on=date.today(), acting_user=personas["principal"])
    with pytest.raises(NotAllowed, match="Chỉ Hiệu trưởng thu hồi"):
        do_revoke_decision(decision, reason="Sai", acting_user=admin)
    with pytest.raises(ActionRefused, match="không ban hành lại được"):
        do_issue_decision(decision, decided_on=date.today(), acting_user=personas["principal"])
    do_revoke_decision(decision, reason="Sai đối tượng", acting_user=personas["principal"])
    decision.refresh_from_db()
    assert decision.state == DecisionState.REVOKED
    assert states_logged(decision, personas["principal"]) == ["issued", "revoked"]


def test_who_runs_sessions_and_drafts_decisions_is_the_apps_rule(org, people, personas):
    """Each refused persona gets NotAllowed (who, not what) and nothing is written. The
    outsider is the secretary of another organisation: the session is not theirs."""
    for persona in sorted(PERSONAS - {"admin", "secretary", "outsider"}):
        with pytest.raises(NotAllowed, match="^Chỉ thường trực Hội đồng được điều hành phiên họp"):
            do_open_session(name="Phiên thử", year=YEAR, meeting_on=MEETING_ON,
                            acting_user=personas[persona])  # fmt: skip
    assert not CouncilSession.objects.exists()
    make_eligible(org, people["staff"])
    nomination = do_nominate(year=YEAR, title="LDTT", person=people["staff"],
                             acting_user=personas["unit_head"])  # fmt: skip
    open_one = run_session(personas, council_members(org, personas), [nomination], close=False)
    for persona in sorted(PERSONAS - {"admin", "secretary"}):
        with pytest.raises(NotAllowed, match="điều hành phiên họp"):
            do_close_session(open_one, acting_user=personas[persona])
    do_close_session(open_one, acting_user=personas["secretary"])
    session = CouncilSession.objects.get()
    for persona in sorted(PERSONAS - {"secretary", "principal"}):
        with pytest.raises(NotAllowed, match="soạn được quyết định"):
            do_draft_decision_from_session(session, acting_user=personas[persona])
    # The union's decision is the secretary's alone, not the administrator's nor the principal's.
    for persona in sorted(PERSONAS - {"secretary"}):
        with pytest.raises(NotAllowed, match="ghi quyết định của Công đoàn"):
            do_record_union_decision(session, [], decision_number="5/QĐ-CĐ",
                                     decided_on=date.today(), acting_user=personas[persona])
    assert not Decision.objects.exists()
    assert do_draft_decision_from_session(session, acting_user=personas["principal"]).pk

"""Who reads decisions (the organisation; drafts only its organisation-wide roles), who drafts
them (the council's secretary or the principal) and who issues and revokes them (the principal).

The actions ask the permissions without a state (`draft_decisions`, `edit_draft`,
`sign_decision`, `record_union_decision`) so a refusal for the record's state names the state;
the screens ask those with it (`change_decision`, `issue_decision`, `revoke_decision`). Which
permission each move of a decision needs is `models.DECISION_FLOW`."""

import rules

from thidua.organization.permissions import (
    is_principal,
    is_secretary,
    same_organization,
    sees_whole_organization,
    signed_in,
)

# The council's secretary or the principal prepares a decision.
drafts_decisions = is_secretary | is_principal


@rules.predicate
def is_draft(user, decision):
    return decision is not None and decision.state == "draft"


@rules.predicate
def is_issued(user, decision):
    return decision is not None and decision.state == "issued"


rules.add_perm("decisions.view_decisions", signed_in)
rules.add_perm(
    "decisions.view_decision",
    signed_in & same_organization & (sees_whole_organization | ~is_draft),
)
# The object: the council session drafted from (none on the list screen).
rules.add_perm("decisions.draft_decisions", signed_in & same_organization & drafts_decisions)
rules.add_perm("decisions.edit_draft", signed_in & same_organization & drafts_decisions)
rules.add_perm("decisions.sign_decision", signed_in & same_organization & is_principal)
rules.add_perm(
    "decisions.change_decision", signed_in & same_organization & drafts_decisions & is_draft
)
rules.add_perm("decisions.issue_decision", signed_in & same_organization & is_principal & is_draft)
rules.add_perm(
    "decisions.revoke_decision", signed_in & same_organization & is_principal & is_issued
)
# The object: the council session whose results the union decided (none on the list screen).
rules.add_perm("decisions.record_union_decision", signed_in & same_organization & is_secretary)

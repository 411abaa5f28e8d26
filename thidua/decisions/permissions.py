"""Who reads decisions (the organisation; drafts only its organisation-wide roles), who drafts
them (the council's secretary or the principal) and who issues and revokes them (the principal)."""

import rules

from thidua.organization.permissions import (
    same_organization,
    sees_whole_organization,
    signed_in,
)


@rules.predicate
def drafts_decisions(user):
    return user.has_role("secretary", "principal")


@rules.predicate
def is_secretary(user):
    return user.has_role("secretary")


@rules.predicate
def is_principal(user):
    return user.has_role("principal")


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
rules.add_perm("decisions.draft_decisions", signed_in & drafts_decisions)
rules.add_perm(
    "decisions.change_decision", signed_in & same_organization & drafts_decisions & is_draft
)
rules.add_perm("decisions.issue_decision", signed_in & same_organization & is_principal & is_draft)
rules.add_perm(
    "decisions.revoke_decision", signed_in & same_organization & is_principal & is_issued
)
rules.add_perm("decisions.record_union_decision", signed_in & is_secretary)

"""Who nominates (a unit head, for their units), who runs a session (the council's secretary),
who reads sessions (organisation-wide roles and the session's members), who votes (a member)."""

import rules

from thidua.organization.permissions import (
    same_organization,
    sees_whole_organization,
    signed_in,
)


@rules.predicate
def heads_unit(user, unit):
    return unit is not None and unit.pk in user.headed_unit_ids


@rules.predicate
def heads_some_unit(user):
    return bool(user.headed_unit_ids)


@rules.predicate
def is_secretary(user):
    return user.has_role("secretary", "admin")


@rules.predicate
def sits_on_session(user, session):
    return session is not None and session.members.filter(user=user).exists()


@rules.predicate
def proposed_it(user, nomination):
    return nomination is not None and nomination.proposed_by_id == user.pk


rules.add_perm("council.nominate_unit", signed_in & same_organization & heads_unit)
rules.add_perm("council.nominate", signed_in & heads_some_unit)
rules.add_perm("council.withdraw_nomination", signed_in & same_organization & proposed_it)
rules.add_perm("council.view_nominations", signed_in & (sees_whole_organization | heads_some_unit))
rules.add_perm("council.manage_sessions", signed_in & is_secretary)
rules.add_perm("council.manage_session", signed_in & same_organization & is_secretary)
rules.add_perm(
    "council.view_session",
    signed_in & same_organization & (sees_whole_organization | sits_on_session),
)
rules.add_perm("council.view_sessions", signed_in & sees_whole_organization)
# The attachments app asks these by the record's type: the session's scanned, signed minutes.
rules.add_perm(
    "council.view_councilsession",
    signed_in & same_organization & (sees_whole_organization | sits_on_session),
)
rules.add_perm("council.change_councilsession", signed_in & same_organization & is_secretary)

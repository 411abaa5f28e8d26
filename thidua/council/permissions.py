"""Who nominates (a unit head, for their units and their people; the council's secretary, for
anyone of the organisation and for the organisation itself), who runs a session (the council's
secretary), who reads sessions (organisation-wide roles and the session's members), who votes (a
member). Which permission each move of a nomination or a session needs is
`models.NOMINATION_FLOW` and `models.SESSION_FLOW`.

The principal nominates no one: as chair of the council they vote on the nominations, and the
law gives them the decision on what the council passes (NĐ 98/2023 Điều 30.7); proposing is the
units' and the council's standing secretary's work (thường trực Hội đồng), which also puts the
principal's own LĐTT before the council without the principal proposing themself.
"""

import rules

from thidua.organization.permissions import (
    heads_unit,
    in_headed_unit,
    is_secretary_or_admin,
    own_organization,
    same_organization,
    sees_whole_organization,
    signed_in,
)


@rules.predicate
def heads_some_unit(user):
    return bool(user.headed_unit_ids)


# The council's standing secretary or an administrator: the one predicate of the organisation.
is_secretary = is_secretary_or_admin


@rules.predicate
def sits_on_session(user, session):
    return session is not None and session.members.filter(user=user).exists()


@rules.predicate
def proposed_it(user, nomination):
    return nomination is not None and nomination.proposed_by_id == user.pk


@rules.predicate
def for_headed_unit(user, nomination):
    """Tell whether the nomination is of a unit the user heads or of one of its people: the
    nominating unit's head may withdraw it, whoever proposed it."""
    if nomination is None:
        return False
    if nomination.unit_id is not None:
        return heads_unit(user, nomination.unit)
    return nomination.person_id is not None and in_headed_unit(user, nomination.person)


# The nominate screen; then, for each subject, who may propose it.
rules.add_perm("council.nominate", signed_in & (heads_some_unit | is_secretary))
rules.add_perm(
    "council.nominate_person", signed_in & same_organization & (is_secretary | in_headed_unit)
)
rules.add_perm("council.nominate_unit", signed_in & same_organization & (is_secretary | heads_unit))
rules.add_perm("council.nominate_organization", signed_in & own_organization & is_secretary)
rules.add_perm(
    "council.withdraw_nomination",
    signed_in & same_organization & (proposed_it | for_headed_unit),
)
rules.add_perm("council.view_nominations", signed_in & (sees_whole_organization | heads_some_unit))
rules.add_perm("council.manage_sessions", signed_in & is_secretary)
rules.add_perm("council.manage_session", signed_in & same_organization & is_secretary)
rules.add_perm(
    "council.view_session",
    signed_in & same_organization & (sees_whole_organization | sits_on_session),
)
rules.add_perm("council.view_sessions", signed_in & sees_whole_organization)
# A ballot is cast by a member seated at the session (present or voting in writing: the action
# checks the seat's state; the session's, open and on screen, too).
rules.add_perm("council.cast_ballot", signed_in & same_organization & sits_on_session)
# The attachments app asks these by the record's type: the session's scanned, signed minutes.
rules.add_perm(
    "council.view_councilsession",
    signed_in & same_organization & (sees_whole_organization | sits_on_session),
)
rules.add_perm("council.change_councilsession", signed_in & same_organization & is_secretary)


@rules.predicate
def on_the_council(user, publication):
    """Whether the user sat on the published session or is a standing member of the council."""
    if publication is None:
        return False
    return (
        publication.session.members.filter(user=user).exists()
        or user.standing_seats.filter(organization_id=publication.organization_id).exists()
    )


# Công khai kết quả: every member of the organisation reads the publication and may comment;
# the comments are listed for the secretary and the council.
rules.add_perm("council.view_publication", signed_in & same_organization)
rules.add_perm("council.comment_on_publication", signed_in & same_organization)
rules.add_perm(
    "council.view_publication_comments",
    signed_in & same_organization & (is_secretary | on_the_council),
)

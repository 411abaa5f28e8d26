"""Who does what with proposals: the council's secretary prepares them and records the higher
level's answer; the principal signs and sends them; readers are scoped by `visible_to`. Which
permission each move of a proposal needs is `models.PROPOSAL_FLOW`."""

import rules

from thidua.organization.permissions import (
    is_principal,
    is_secretary_or_admin,
    same_organization,
    sees_whole_organization,
    signed_in,
)

# The council's standing secretary or an administrator prepares: the organisation's predicate.
prepares = is_secretary_or_admin


# The principal signs and sends.
signs = is_principal


@rules.predicate
def is_visible(user, proposal):
    from thidua.proposals.models import Proposal

    return (
        proposal is not None and Proposal.objects.visible_to(user).filter(pk=proposal.pk).exists()
    )


rules.add_perm("proposals.view_proposals", signed_in)
rules.add_perm("proposals.view_proposal", signed_in & same_organization & is_visible)
# The object: the council session drafted from (none on the list screen).
rules.add_perm("proposals.draft_proposal", signed_in & same_organization & prepares)
rules.add_perm("proposals.record_answer", signed_in & same_organization & prepares)
rules.add_perm("proposals.send_proposal", signed_in & same_organization & signs)
# The full dossier (every nominee's report) is for the organisation-wide roles.
rules.add_perm(
    "proposals.download_dossier", signed_in & same_organization & sees_whole_organization
)

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
rules.add_perm("proposals.send_proposal", signed_in & same_organization & signs)
# The full dossier (every nominee's report) is for the organisation-wide roles.
rules.add_perm(
    "proposals.download_dossier", signed_in & same_organization & sees_whole_organization
)


# The receiving organisation's inbox (proposals.inbox) ------------------------------------------


@rules.predicate
def receives_proposals(user):
    """Tell whether the organisation the user works in receives tờ trình of organisations below
    it (`Organization.receives_for`)."""
    organization = user.organization
    return organization is not None and bool(organization.receives_for)


@rules.predicate
def is_receiver(user, receipt):
    return receipt is not None and receipt.receiver_id == user.organization_id


@rules.predicate
def answers_here(user, proposal):
    """Tell whether the user's organisation records the higher body's answer to this tờ trình:
    the receiving organisation's when the tờ trình arrived in an inbox of this installation
    (its agency then reads the answers, never types them), else the agency's own."""
    from thidua.proposals.models import Receipt

    if proposal is None:
        return True
    receiver = Receipt.objects.filter(proposal_id=proposal.pk).values_list("receiver_id", flat=True)
    receiver = receiver.first()
    if receiver is not None:
        return receiver == user.organization_id
    return proposal.organization_id == user.organization_id


rules.add_perm("proposals.view_inbox", signed_in & prepares & receives_proposals)
rules.add_perm("proposals.handle_receipt", signed_in & prepares & is_receiver)
# The agency records the answer, or (received in this installation) the receiving office.
rules.add_perm("proposals.record_answer", signed_in & prepares & answers_here)

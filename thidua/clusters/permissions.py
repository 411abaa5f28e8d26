"""Object permissions of clusters: every member reads; each member's secretary enters its own
self-score and vote; the cluster leader's secretary keeps the table, checks the scores and
records the review. A school outside this installation acts through the account named on its
membership row."""

import rules

from thidua.accounts.models import Role
from thidua.organization.permissions import is_admin, is_secretary_or_admin, signed_in


def represents(user, member) -> bool:
    """Tell whether the user acts for this member: its organisation's secretary, or the account
    named for a school outside the installation."""
    if member is None:
        return False
    if member.account_id is not None and member.account_id == user.pk:
        return True
    return (
        member.organization_id is not None
        and member.organization_id == user.organization_id
        and user.has_role(Role.SECRETARY)
    )


@rules.predicate
def leads_cluster(user, cluster):
    """The cluster leader's secretary (cụm trưởng) for the cluster-year."""
    return cluster is not None and represents(user, cluster.leader)


@rules.predicate
def in_cluster(user, cluster):
    if cluster is None:
        return False
    return any(
        m.account_id == user.pk
        or (m.organization_id is not None and m.organization_id == user.organization_id)
        for m in cluster.members.all()
    )


@rules.predicate
def represents_member(user, member):
    return represents(user, member)


@rules.predicate
def member_in_led_cluster(user, member):
    return member is not None and represents(user, member.cluster.leader)


@rules.predicate
def outside_member(user, member):
    """A school entered by name, with no organisation nor account here: the leader's secretary
    enters what it sends (its self-score, its ballot)."""
    return member is not None and member.organization_id is None and member.account_id is None


rules.add_perm("clusters.view_cluster", signed_in & (is_admin | in_cluster))
# Creating a cluster-year: a secretary of a member school or the administrator; from then on the
# elected leader's secretary keeps it.
rules.add_perm("clusters.add_cluster", signed_in & is_secretary_or_admin)
rules.add_perm("clusters.change_cluster", signed_in & (is_admin | leads_cluster))
# The administrator may stand in for the leader over the schools entered by name (a past year
# entered after the fact, a leader outside the installation with no account).
rules.add_perm(
    "clusters.self_score",
    signed_in & (represents_member | (outside_member & (member_in_led_cluster | is_admin))),
)
rules.add_perm("clusters.check_score", signed_in & (is_admin | member_in_led_cluster))
rules.add_perm(
    "clusters.vote", signed_in & (represents_member | member_in_led_cluster | is_admin)
)

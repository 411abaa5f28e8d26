"""Who reads and writes reward money (django-rules predicates).

The fund is kept by the council's secretary and the accountant (kế toán); the bảng kê's amounts
are read by them and the principal, who signs the decision whose Điều 2 pays them. Anyone else
who may read a decision sees on its bảng kê only their own line (their unit's, for a unit
head): nobody reads other people's amounts. The base salary table is national law: everyone
signed in reads it; the administrator keeps it, for every organisation of the installation
(one organisation's secretary does not change another's law).
"""

import rules

from thidua.accounts.models import Role
from thidua.decisions.permissions import is_draft
from thidua.organization.permissions import (
    is_admin,
    is_principal,
    is_secretary,
    same_organization,
    sees_whole_organization,
    signed_in,
)


@rules.predicate
def is_accountant(user):
    return user.has_role(Role.ACCOUNTANT)


keeps_fund = is_secretary | is_accountant
reads_amounts = keeps_fund | is_principal

rules.add_perm("rewards.view_fund", signed_in & keeps_fund)
# The object: the decision an expense pays, or the organisation (None on the fund's page).
rules.add_perm("rewards.change_fund", signed_in & same_organization & keeps_fund)
# The object: the decision (a draft's bảng kê only for those who read drafts).
rules.add_perm(
    "rewards.view_reward_list",
    signed_in & same_organization & (sees_whole_organization | ~is_draft),
)
rules.add_perm("rewards.view_amounts", signed_in & same_organization & reads_amounts)
rules.add_perm("rewards.view_base_salaries", signed_in)
rules.add_perm("rewards.change_base_salary", signed_in & is_admin)


def may(user, permission: str, obj=None) -> bool:
    """Ask the rule itself: Django's ModelBackend grants a superuser every permission, but the
    administrator reads no one's amounts and keeps no fund unless the rule says so."""
    return rules.has_perm(permission, user, obj)

"""Object permissions of plans: everyone in the organisation reads; the secretary edits."""

import rules

from thidua.organization.permissions import same_organization, signed_in


@rules.predicate
def is_secretary(user):
    return user.has_role("secretary", "admin")


rules.add_perm("plans.view_plan", signed_in & same_organization)
rules.add_perm("plans.add_plan", signed_in & is_secretary)
rules.add_perm("plans.change_plan", signed_in & same_organization & is_secretary)
rules.add_perm("plans.delete_plan", signed_in & same_organization & is_secretary)

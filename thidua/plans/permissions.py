"""Object permissions of plans: everyone in the organisation reads; the secretary edits."""

import rules

from thidua.organization.permissions import is_secretary_or_admin, same_organization, signed_in

rules.add_perm("plans.view_plan", signed_in & same_organization)
rules.add_perm("plans.add_plan", signed_in & same_organization & is_secretary_or_admin)
rules.add_perm("plans.change_plan", signed_in & same_organization & is_secretary_or_admin)
rules.add_perm("plans.delete_plan", signed_in & same_organization & is_secretary_or_admin)


@rules.predicate
def has_dashboard_scope(user):
    """The secretary, the principal, leaders and council members see the whole organisation;
    a unit head sees their units; staff have no dashboard."""
    return user.sees_whole_organization or bool(user.headed_unit_ids)


rules.add_perm("plans.view_dashboard", signed_in & same_organization & has_dashboard_scope)

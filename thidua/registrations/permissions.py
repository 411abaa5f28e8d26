"""Who registers a unit (its head), who decides (the council's secretary), who reads the board."""

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
def is_secretary(user):
    return user.has_role("secretary", "admin")


rules.add_perm("registrations.edit_unit", signed_in & same_organization & heads_unit)
rules.add_perm("registrations.decide_unit", signed_in & same_organization & is_secretary)
rules.add_perm(
    "registrations.view_unit",
    signed_in & same_organization & (heads_unit | sees_whole_organization),
)
rules.add_perm("registrations.view_board", signed_in & sees_whole_organization)

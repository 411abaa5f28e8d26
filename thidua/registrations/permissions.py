"""Who registers a unit (its head) or themself, who decides (the council's secretary), who reads
the board. Which permission each move of the workflow needs is `models.TRANSITIONS`."""

import rules

from thidua.organization.permissions import (
    heads_unit,
    is_admin,
    is_own_record,
    is_secretary_or_admin,
    same_organization,
    sees_whole_organization,
    signed_in,
)

# The administrator (the installation's superuser, whom Django grants every permission on
# screen) may act for a unit or a person too: the actions ask these rules themselves.
rules.add_perm("registrations.edit_unit", signed_in & same_organization & (heads_unit | is_admin))
rules.add_perm("registrations.decide_unit", signed_in & same_organization & is_secretary_or_admin)
# A staff member registers themself (the object is their person record).
rules.add_perm(
    "registrations.edit_own", signed_in & same_organization & (is_own_record | is_admin)
)
rules.add_perm(
    "registrations.view_unit",
    signed_in & same_organization & (heads_unit | sees_whole_organization),
)
rules.add_perm("registrations.view_board", signed_in & sees_whole_organization)

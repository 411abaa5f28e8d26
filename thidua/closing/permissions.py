"""Who closes the year: the secretary (or the administrator) records phase summaries, their
commendations and the year-end report's sections; the organisation-wide roles read them."""

import rules

from thidua.organization.permissions import (
    is_secretary_or_admin,
    same_organization,
    sees_whole_organization,
    signed_in,
)

rules.add_perm("closing.sum_up_phase", signed_in & same_organization & is_secretary_or_admin)
rules.add_perm("closing.write_year_report", signed_in & same_organization & is_secretary_or_admin)
rules.add_perm("closing.view_closing", signed_in & same_organization & sees_whole_organization)

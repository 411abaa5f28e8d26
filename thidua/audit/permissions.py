"""Who reads the audit log: the installation's administrators, since it spans organisations."""

import rules

from thidua.organization.permissions import is_admin, signed_in

rules.add_perm("audit.view_logentry", signed_in & is_admin)

"""Who saves a column mapping (django-rules predicates): whoever imports whole lists, the
council's secretary and the administrator, for their own organisation.

The library may import only rules and core (tests/unit/test_layers.py), so the role is read
through the account's `edits_personnel`, which asks the organisation's `is_secretary_or_admin`.
"""

import rules


@rules.predicate
def imports_lists(user):
    return user.edits_personnel


@rules.predicate
def of_own_organization(user, mapping):
    return mapping is not None and mapping.organization_id == user.organization_id


rules.add_perm(
    "spreadsheets.change_columnmapping",
    rules.is_authenticated & rules.is_active & imports_lists & of_own_organization,
)

"""What an account may do to itself (django-rules predicates)."""

import rules


@rules.predicate
def holds_a_role_in(user, organization):
    """An account works only in an organisation where it holds a role."""
    return organization is not None and organization.pk in user.organization_ids


rules.add_perm("accounts.switch_organization",
               rules.is_authenticated & rules.is_active & holds_a_role_in)  # fmt: skip

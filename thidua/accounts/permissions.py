"""What an account may do to itself, and what an organisation's administrator may do to the
accounts of their organisation (django-rules predicates)."""

import rules

from thidua.accounts.models import Role


@rules.predicate
def holds_a_role_in(user, organization):
    """An account works only in an organisation where it holds a role."""
    return organization is not None and organization.pk in user.organization_ids


rules.add_perm("accounts.switch_organization",
               rules.is_authenticated & rules.is_active & holds_a_role_in)  # fmt: skip


# An organisation's accounts ---------------------------------------------------------------------


@rules.predicate
def administers(user, organization):
    """The administrator («Quản trị hệ thống») of the organisation the account works in, over
    that organisation (none given: the one it works in, for the menu). An administrator of one
    organisation keeps its accounts and roles only, never another's."""
    organization_id = user.organization_id if organization is None else organization.pk
    return (
        organization_id is not None
        and organization_id == user.organization_id
        and user.has_role(Role.ADMIN)
    )


@rules.predicate
def administers_working_organization(user):
    """An administrator of the organisation the account works in."""
    return user.organization_id is not None and user.has_role(Role.ADMIN)


@rules.predicate
def works_only_here(user, account):
    """The account holds (or held, until closed) roles in the administrator's organisation
    alone and is not the installation's administrator: only then may this organisation's
    administrator reset its password or lock its sign-in. An administrator of agency A must not
    take over an account that also works for the province."""
    if account is None or account.is_superuser or user.organization_id is None:
        return False
    elsewhere = {g.organization_id for g in account.grants.all()} | {
        g.organization_id for g in account.suspended_grants.all()
    }
    return elsewhere == {user.organization_id}


@rules.predicate
def is_self(user, account):
    return account is not None and account.pk == user.pk


signed_in = rules.is_authenticated & rules.is_active

rules.add_perm("accounts.manage_accounts", signed_in & administers)
# One's own password is changed under «Đổi mật khẩu», knowing the old one.
rules.add_perm(
    "accounts.reset_password",
    signed_in & administers_working_organization & works_only_here & ~is_self,
)

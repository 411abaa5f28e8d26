"""Who may make and revoke API tokens (django-rules predicates).

A token acts as its owner, so each user makes and revokes only their own; an administrator may
also revoke anyone's (a leaked token of a colleague on leave)."""

import rules


@rules.predicate
def owns_token(user, token):
    return token is not None and token.user_id == user.pk


@rules.predicate
def is_admin(user):
    return user.is_admin


signed_in = rules.is_authenticated & rules.is_active

rules.add_perm("api.add_token", signed_in)
rules.add_perm("api.revoke_token", signed_in & (owns_token | is_admin))

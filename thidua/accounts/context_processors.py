import rules


def roles(request):
    """Expose the signed-in account's role labels to templates (no query when anonymous), and
    the organisations it may work in when it holds roles in two or more (the chooser)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_role_labels": [], "working_organizations": [], "manages_accounts": False}
    return {
        "user_role_labels": [str(grant) for grant in user.role_grants],
        "working_organizations": _working_organizations(user),
        # Asked of the rule itself: Django's `perms` grants a superuser every permission, even
        # with no organisation to keep accounts of. No query: the grants are read above.
        "manages_accounts": rules.has_perm("accounts.manage_accounts", user),
    }


def _working_organizations(user) -> list:
    """Return the organisations the account holds a role in, by name, when there are two or
    more (one query then; none for an account of one organisation, read from its grants);
    else nothing, and the chooser is not shown."""
    from thidua.organization.models import Organization

    ids = user.organization_ids
    if len(ids) < 2:
        return []
    return list(Organization.objects.filter(pk__in=ids).order_by("name").only("pk", "name"))

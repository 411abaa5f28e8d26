def roles(request):
    """Expose the signed-in account's role labels to templates (no query when anonymous)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_role_labels": []}
    return {"user_role_labels": [str(grant) for grant in user.role_grants]}

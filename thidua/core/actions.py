"""Plumbing of the business actions (`do_*`) every app shares: the refusal they raise, the row
lock each starts with, and the role check of the actions that still name their roles."""


class ActionRefused(Exception):
    """A business action that cannot be done, with a message for the user (in Vietnamese)."""


def require(user, organization_id: int, *roles: str, message: str) -> None:
    """Refuse with `message` unless the user belongs to the organisation and holds a role."""
    if user.organization_id != organization_id or not user.has_role(*roles):
        raise ActionRefused(message)


def locked(instance, *related: str):
    """Return `instance` re-read under SELECT … FOR UPDATE (with `related` joined): the first
    thing an action does, so a double-click or a second user waits for the first to commit."""
    manager = type(instance)._default_manager
    return manager.select_for_update().select_related(*related).get(pk=instance.pk)

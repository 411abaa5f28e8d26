"""Plumbing of the business actions (`do_*`) every app shares: the refusal they raise, the row
lock each starts with and the permission check (the workflows' tables: `core.workflow`)."""

import rules
from django.core.exceptions import PermissionDenied


class ActionRefused(Exception):
    """A business action that cannot be done, with a message for the user (in Vietnamese)."""


class FieldRefused(ActionRefused):
    """A refusal about one field of a form (`field`), so the screen shows it beside the field
    and the API names it."""

    def __init__(self, message: str, *, field: str, row=None):
        super().__init__(message)
        self.field = field
        self.row = row


def locked(instance, *related: str):
    """Return `instance` re-read under SELECT … FOR UPDATE (with `related` joined): the first
    thing an action does, so a double-click or a second user waits for the first to commit."""
    manager = type(instance)._default_manager
    return manager.select_for_update().select_related(*related).get(pk=instance.pk)


class NotAllowed(ActionRefused, PermissionDenied):
    """Refused because the acting user may not do this at all, not because of the record's
    state: a view that does not catch it answers 403, like a page the user may not open."""


def require_perm(user, permission: str, obj=None, *, message: str) -> None:
    """Refuse with `message` unless `user` holds the django-rules `permission` over `obj`.

    The actions' one way of asking who may act: the roles behind each permission are named
    only in the apps' `permissions.py`.
    """
    if user is None or not user.is_authenticated or not _holds(user, permission, obj):
        raise NotAllowed(message)


def _holds(user, permission: str, obj) -> bool:
    """Ask the app's rule itself when there is one: Django's ModelBackend grants a superuser
    every permission, but an administrator signs no decision and drafts none unless the rule
    says so (the rules name the administrator where they let them act)."""
    if rules.perm_exists(permission):
        return rules.has_perm(permission, user, obj)
    return user.has_perm(permission, obj)

"""The records that hold attachments, and the permission names asked of them."""

from django.apps import apps
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404


def permission_name(record: models.Model, action: str) -> str:
    """Return the record's own permission for an action, e.g. `achievements.view_initiative`."""
    meta = record._meta
    return "{}.{}_{}".format(meta.app_label, action, meta.model_name)


def accepts_attachments(model: type[models.Model]) -> bool:
    """Tell whether the model declares a GenericRelation to Attachment (the allowed holders)."""
    from thidua.attachments.models import Attachment

    return any(
        isinstance(field, GenericRelation) and field.related_model is Attachment
        for field in model._meta.get_fields()
    )


def get_record(user, app_label: str, model_name: str, object_id: int, *, action: str):
    """Return the record for a user who may `action` it.

    A record of a model without attachments, of another organisation or outside what the user
    may see is a 404 (its existence is not revealed); one seen but not allowed is a 403.
    """
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404("Không có loại hồ sơ này.") from None
    if not accepts_attachments(model):
        raise Http404("Loại hồ sơ này không có tệp đính kèm.")
    record = visible_records(model, user).filter(pk=object_id).first()
    if record is None:
        raise Http404("Không có hồ sơ này.")
    if not user.has_perm(permission_name(record, action), record):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")
    return record


def visible_records(model: type[models.Model], user) -> models.QuerySet:
    """Return the model's records the user may see: its `visible_to`, else their organisation's."""
    queryset = model._default_manager.all()
    if hasattr(queryset, "visible_to"):
        return queryset.visible_to(user)
    return queryset.filter(organization_id=user.organization_id)

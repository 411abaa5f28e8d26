"""`{% attachments_block record %}`: a record's attachments, and upload/remove for its editors.

Needs only the record and the request in the template's context, so any record page can show the
block with `{% include "attachments/attachment_list.html" with record=object %}`.
"""

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from thidua.attachments.forms import AttachmentForm
from thidua.attachments.models import Attachment
from thidua.attachments.records import permission_name
from thidua.attachments.validators import format_size

register = template.Library()


@register.filter
def attachment_size(size: int) -> str:
    """Return a size as the refusal messages write it ("12,3 MB")."""
    return format_size(size)


@register.inclusion_tag("attachments/attachment_block.html", takes_context=True)
def attachments_block(context, record):
    """Return the block's context; an empty one for a user who may not see the record."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if record is None or user is None or not user.has_perm(permission_name(record, "view"), record):
        return {"visible": False}
    content_type = ContentType.objects.get_for_model(record)
    attachments = Attachment.objects.filter(
        content_type=content_type,
        object_id=record.pk,
        organization_id=record.organization_id,
    ).select_related("uploaded_by__person")
    htmx = getattr(request, "htmx", None)
    # After an htmx swap the request is the upload's; the page a plain post returns to is the
    # browser's current one.
    back = (htmx.current_url_abs_path if htmx else None) or (
        request.get_full_path() if request else ""
    )
    return {
        "visible": True,
        "record": record,
        "attachments": attachments,
        "can_change": user.has_perm(permission_name(record, "change"), record),
        "form": context.get("attachment_form") or AttachmentForm(),
        "notice": context.get("attachment_notice", ""),
        "block_id": "attachments-{}-{}".format(content_type.pk, record.pk),
        "app_label": content_type.app_label,
        "model_name": content_type.model,
        "back": back,
        # The page shows flash messages above the block (already consumed, still counted): the
        # block's forms say so, and the htmx answer then removes them (attachment_list.html).
        # Asking to remove alerts a page does not have is a console error (oobErrorNoTarget).
        "page_messages": bool(context.get("messages")),
        "max_size": format_size(settings.ATTACHMENT_MAX_BYTES),
    }

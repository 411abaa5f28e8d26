"""Attach a file to a record and remove it: one transaction each, audited with the actor (and,
for a record of a closed year, the same note as a change to the record itself)."""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from thidua.attachments.models import Attachment
from thidua.attachments.records import permission_name
from thidua.attachments.validators import check_upload
from thidua.evidence.actions import audited


def _require_change(record: models.Model, acting_user) -> None:
    if not acting_user.has_perm(permission_name(record, "change"), record):
        raise PermissionDenied("Bạn không có quyền sửa hồ sơ này nên không thể đổi tệp đính kèm.")


@transaction.atomic
def do_attach(record: models.Model, uploaded_file, *, acting_user) -> Attachment:
    """Check the upload (size, real type) and keep it with the record under a random name.

    Raises ValidationError for a refused file and PermissionDenied for a user who may not change
    the record. A failed save removes the stored file; a rollback of an enclosing transaction
    cannot (Django has no on-rollback hook) and leaves an unreferenced file behind.
    """
    _require_change(record, acting_user)
    checked = check_upload(uploaded_file)
    attachment = Attachment(
        organization_id=record.organization_id,
        record=record,
        name=checked.name,
        mime_type=checked.mime_type,
        size=checked.size,
        uploaded_by=acting_user,
    )
    # The name given to storage is ignored by upload_to; the file lands at a random path.
    attachment.file.save(checked.name, uploaded_file, save=False)
    try:
        with audited(acting_user, record):
            attachment.save()
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def do_remove_attachment(attachment: Attachment, *, acting_user) -> None:
    """Delete the attachment; its file leaves the storage once the deletion is committed."""
    record = attachment.record
    if record is None:
        raise PermissionDenied("Tệp đính kèm không còn gắn với hồ sơ nào.")
    _require_change(record, acting_user)
    with audited(acting_user, record):
        # The post_delete handler (signals.py) removes the file on commit, for every deletion.
        attachment.delete()

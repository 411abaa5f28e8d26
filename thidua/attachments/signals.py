"""Remove an attachment's file from storage once its row's deletion is committed.

A handler rather than code in the action, so that the file also goes when the row goes with its
record (the GenericRelation cascades) or from the admin; a rolled-back deletion keeps the file.
"""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from thidua.attachments.models import Attachment


@receiver(post_delete, sender=Attachment, dispatch_uid="attachments_delete_file_on_commit")
def delete_file_on_commit(sender, instance: Attachment, using, **kwargs) -> None:
    name = instance.file.name
    if not name:
        return
    storage = instance.file.storage
    transaction.on_commit(lambda: storage.delete(name), using=using)

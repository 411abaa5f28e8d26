"""Files that prove a record: a decision scan, a certificate, an article (PDF, DOCX, images).

Kept under MEDIA_ROOT, outside the static files, under random names, and served only through a
view that asks the record's own permission; any record may hold them (a generic relation).
"""

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


def attachment_path(instance, filename: str) -> str:
    """Store under a random name: the original name is kept in the row, never trusted on disk."""
    return "attachments/{}/{}".format(instance.organization_id, uuid.uuid4().hex)


class Attachment(models.Model):
    organization = models.ForeignKey(
        "organization.Organization", on_delete=models.PROTECT, verbose_name="cơ quan"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    file = models.FileField("tệp", upload_to=attachment_path, max_length=255)
    name = models.CharField("tên tệp", max_length=255)
    mime_type = models.CharField("loại tệp", max_length=100)
    size = models.PositiveIntegerField("dung lượng (byte)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="người tải lên",
    )
    uploaded_at = models.DateTimeField("thời điểm tải lên", auto_now_add=True)

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.name


auditlog.register(Attachment)

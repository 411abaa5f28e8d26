"""What the spreadsheets keep: the column mapping an organisation chose for a file layout.

An office sends the same kind of list in the same layout year after year ("Ngày vào ngành",
"Số hiệu CB" …). The mapping step is done once: the choices are kept per organisation, import
kind and header row, and proposed again when a file with the same headers comes in (the user
may still change them). The engine itself stores nothing: the screen reads and saves these.
"""

import hashlib

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models


def layout_key(headers) -> str:
    """Return the key of a header row: a digest of its folded headers, in order."""
    return hashlib.sha256("\n".join(headers).encode("utf-8")).hexdigest()


class ColumnMapping(models.Model):
    """The columns chosen for the unknown headers of one file layout, for one import kind."""

    organization = models.ForeignKey(
        "organization.Organization",
        on_delete=models.CASCADE,
        related_name="column_mappings",
        verbose_name="cơ quan",
    )
    kind = models.CharField("loại dữ liệu", max_length=40)
    layout = models.CharField("mã dòng tiêu đề", max_length=64, editable=False)
    headers = models.JSONField("các tiêu đề của tệp", default=list)
    #: {header as the file writes it: the template's column header, or "bỏ qua" (as --map
    #: writes it)}: words the audit log shows as they are.
    choices = models.JSONField("cột đã chọn", default=dict)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người lưu",
    )
    saved_at = models.DateTimeField("lưu lúc")

    class Meta:
        verbose_name = "cách ghép cột đã lưu"
        verbose_name_plural = "cách ghép cột đã lưu"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "layout"],
                name="spreadsheets_one_mapping_per_layout",
                violation_error_message="Cơ quan đã lưu một cách ghép cột cho dòng tiêu đề này.",
            )
        ]

    def __str__(self):
        return "Ghép cột «{}» ({} tiêu đề)".format(self.kind, len(self.headers))

    def save(self, *args, **kwargs):
        self.layout = layout_key(self.headers)
        super().save(*args, **kwargs)


auditlog.register(ColumnMapping)

"""The files attached to an evidence record: the list the record's page shows, and each file
served by the screen's own download view, so the permission (the record's type's
`achievements.view_<model>`), the name and the type are the download link's — a record or a file
outside the token's scope is 404, as on screen.

Read only: an upload stays on the record's page, where the upload handler enforces the size limit
while the request is read and the validators check the content; the API takes JSON bodies only."""

from datetime import datetime
from typing import Literal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from ninja import Field, Router, Schema

from thidua.api import problems
from thidua.api.common import ONE_ERRORS, one
from thidua.api.problems import Problem
from thidua.attachments import views as attachments_views
from thidua.attachments.models import Attachment
from thidua.attachments.records import permission_name
from thidua.attachments.validators import ALLOWED_TYPES
from thidua.evidence.kinds import KINDS

router = Router(tags=["Tệp đính kèm"])

Kind = Literal[tuple(KINDS)]


class AttachmentOut(Schema):
    id: int
    name: str = Field(description="Tên tệp, như khi tải lên.")
    size: int = Field(description="Dung lượng (byte).")
    mime_type: str = Field(description="Loại tệp, nhận ra từ nội dung khi tải lên.")
    uploaded_by_id: int | None = Field(description="Tài khoản đã tải lên (không còn: null).")
    uploaded_by_name: str | None = Field(description="Người tải lên, như màn hình ghi.")
    uploaded_at: datetime = Field(description="Thời điểm tải lên.")
    file: str = Field(description="Đường dẫn của tệp trong API (/attachments/{id}/file).")


def _uploader(attachment: Attachment) -> str | None:
    user = attachment.uploaded_by
    if user is None:
        return None
    person = user.person
    return str(person) if person is not None else user.get_username()


def _attachment(attachment: Attachment) -> dict:
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "size": attachment.size,
        "mime_type": attachment.mime_type,
        "uploaded_by_id": attachment.uploaded_by_id,
        "uploaded_by_name": _uploader(attachment),
        "uploaded_at": attachment.uploaded_at,
        "file": reverse("api-v1:attachment_file", kwargs={"attachment_id": attachment.pk}),
    }


@router.get("/evidence/{evidence_kind}/{record_id}/attachments",
            response={200: list[AttachmentOut], 403: Problem, **ONE_ERRORS},
            summary="Tệp đính kèm của một minh chứng", operation_id="list_evidence_attachments",
            url_name="list_evidence_attachments")  # fmt: skip
def list_evidence_attachments(request, evidence_kind: Kind, record_id: int):
    """Các tệp đính kèm một minh chứng, theo thứ tự tải lên, như khối «Tệp đính kèm» của trang
    minh chứng: cho những ai xem được minh chứng đó."""
    user = request.user
    record = one(KINDS[evidence_kind].queryset(user), record_id)
    if not user.has_perm(permission_name(record, "view"), record):
        raise PermissionDenied("Bạn không có quyền xem tệp đính kèm của minh chứng này.")
    attachments = Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        organization_id=record.organization_id,
    ).select_related("uploaded_by__person")
    return [_attachment(attachment) for attachment in attachments]


FILE = {"schema": {"type": "string", "format": "binary"}}


@router.get(
    "/attachments/{attachment_id}/file",
    response={401: Problem, 403: Problem, 404: Problem, 422: Problem},
    summary="Một tệp đính kèm (tệp)",
    operation_id="attachment_file",
    url_name="attachment_file",
    openapi_extra={"responses": {200: {
        "description": "Tệp, với tên và loại (nhận ra từ nội dung) khi tải lên.",
        "content": dict.fromkeys(ALLOWED_TYPES, FILE),
    }}},
)  # fmt: skip
def attachment_file(request, attachment_id: int):
    """Tệp, trả về như đường dẫn tải xuống của màn hình cho cùng tài khoản."""
    return attachments_views.attachment_download(request, attachment_id)


problems.FIELD_LABELS.update({
    "evidence_kind": "Loại minh chứng",
    "attachment_id": "Tệp đính kèm",
})  # fmt: skip

"""The audit log (Nhật ký hệ thống), for those its screen is shown to (the installation's
administrators): every change, by whom and when, with the screen's filters, a page at a time."""

from datetime import datetime

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema

from thidua.api import problems
from thidua.api.common import LIST_ERRORS, Cursor, Limit
from thidua.api.pagination import paginate
from thidua.api.problems import Problem
from thidua.api.reads import form_refusal
from thidua.audit.views import ACTION_LABELS, LogEntryFilterSet, changes_text, content_type_label

router = Router(tags=["Nhật ký hệ thống"])

CONTENT_TYPE = Query(None, description="Loại dữ liệu (content_type_id của một mục nhật ký), như "
                     "bộ lọc «Loại dữ liệu» của màn hình.")  # fmt: skip
ACTION = Query(
    None,
    description="Thao tác: "
    + "; ".join("{} ({})".format(int(action), name) for action, name in ACTION_LABELS.items())
    + ".",
)
OBJECT_REPR = Query(None, max_length=200, description="Đối tượng: tên có chứa chuỗi này.")


class LogEntryOut(Schema):
    id: int
    timestamp: datetime = Field(description="Thời điểm.")
    actor_id: int | None = Field(description="Tài khoản thực hiện (hệ thống: null).")
    actor_name: str = Field(description="Người thực hiện, như màn hình ghi.")
    action: int = Field(description="Thao tác (mã).")
    action_name: str = Field(description="Thao tác (tên).")
    content_type_id: int = Field(description="Loại dữ liệu (mã, dùng cho bộ lọc).")
    content_type_name: str = Field(description="Loại dữ liệu (tên).")
    object_id: int | None = Field(description="Mã bản ghi được thay đổi.")
    object_repr: str = Field(description="Đối tượng, như màn hình ghi.")
    changes: str = Field(description="Thay đổi, từng trường theo tên tiếng Việt, như màn hình.")


class LogEntryPage(Schema):
    items: list[LogEntryOut]
    next_cursor: str | None


def _entry(entry: LogEntry) -> dict:
    return {
        "id": entry.pk,
        "timestamp": entry.timestamp,
        "actor_id": entry.actor_id,
        "actor_name": str(entry.actor) if entry.actor_id else "(hệ thống)",
        "action": entry.action,
        "action_name": ACTION_LABELS.get(entry.action, str(entry.action)),
        "content_type_id": entry.content_type_id,
        "content_type_name": content_type_label(entry.content_type),
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "changes": changes_text(entry),
    }


@router.get(
    "/audit",
    response={200: LogEntryPage, 403: Problem, **LIST_ERRORS},
    summary="Nhật ký hệ thống",
    operation_id="list_audit",
    url_name="list_audit",
)
def list_audit(
    request,
    content_type: int | None = CONTENT_TYPE,
    action: int | None = ACTION,
    object_repr: str | None = OBJECT_REPR,
    cursor: str | None = Cursor,
    limit: int = Limit,
):
    """Các mục của màn hình «Nhật ký hệ thống», lọc như màn hình, theo thứ tự ghi (mã tăng dần);
    chỉ cho những tài khoản màn hình cho xem (quản trị hệ thống)."""
    if not request.user.has_perm("audit.view_logentry"):
        raise PermissionDenied("Chỉ quản trị hệ thống xem được nhật ký hệ thống.")
    data = {"content_type": content_type, "action": action, "object_repr": object_repr}
    screen = LogEntryFilterSet(
        {name: value for name, value in data.items() if value not in (None, "")},
        queryset=LogEntry.objects.select_related("actor", "content_type"),
    )
    if not screen.form.is_valid():
        raise form_refusal(screen.form)
    page = paginate(screen.qs, cursor=cursor, limit=limit, filters=data)
    page["items"] = [_entry(entry) for entry in page["items"]]
    return page


problems.FIELD_LABELS.update({
    "content_type": "Loại dữ liệu",
    "action": "Thao tác",
    "object_repr": "Đối tượng",
})  # fmt: skip

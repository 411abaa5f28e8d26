"""A decision with a long annexed list, made into a file by a background worker
(thidua.documents.background, issue 19 item 5)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django_tasks import task

from thidua.decisions.documents import DECISION
from thidua.decisions.models import Decision
from thidua.documents import background

GONE = "Quyết định không còn, hoặc tài khoản không còn quyền xem; không tạo tệp."


def readable_decision(user, pk: int) -> Decision:
    """The decision `user` may read (404 outside their scope, 403 without the right)."""
    decision = (
        Decision.objects.visible_to(user).select_related("organization", "session").filter(pk=pk)
    ).first()
    if decision is None:
        raise Http404("Không có quyết định này.")
    if not user.has_perm("decisions.view_decision", decision):
        raise PermissionDenied("Dự thảo quyết định chỉ dành cho lãnh đạo và Hội đồng.")
    return decision


RECORD = background.RecordDocument(
    kind=DECISION, model=Decision, read=readable_decision,
    rows=lambda record: record.entries.count(), noun="quyết định khen thưởng",
    list_name="Danh sách kèm theo", gone=GONE, back="decisions:decision",
)  # fmt: skip


@task(takes_context=True)
def make_decision_document(
    context, user_id: int, pk: int, fmt: str, layout: str | None, asked_rows: int
):
    """Make the decision's document for the user who asked (background.make)."""
    return background.make(RECORD, context, user_id, pk, fmt, layout, asked_rows)


background.register(make_decision_document, RECORD)

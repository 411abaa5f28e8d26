"""A decision with a long annexed list, made into a file by a background worker (issue 19,
item 5; thidua.core.jobs): past BACKGROUND_DOCUMENT_ROWS lines its page asks a worker instead of
rendering in the request. The task reads the decision again when it runs, with the account's
right to read it; if its list changed since it was asked for, the file is made from the list as
it is now and the job's page says so."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django_tasks import task

from thidua.core import jobs
from thidua.decisions.documents import DECISION
from thidua.decisions.models import Decision
from thidua.documents.render import render

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


@task(takes_context=True)
def make_decision_document(
    context, user_id: int, pk: int, fmt: str, layout: str | None, asked_rows: int
):
    """Make the decision's document for the user who asked; return the stored file, its
    download name, and a note when its list changed since it was asked for."""
    with jobs.Progress(context, total=3, step="đọc quyết định và danh sách") as progress:
        user = get_user_model().objects.get(pk=user_id)
        try:
            decision = readable_decision(user, pk) if user.is_active else None
        except (Http404, PermissionDenied):
            decision = None
        if decision is None:
            raise PermissionDenied(GONE)
        rows = decision.entries.count()
        progress.set(1, step="trình bày văn bản ({} dòng)".format(rows))
        data = render(DECISION, decision, fmt, layout)
        progress.set(2, step="lưu tệp")
        made = jobs.stored_file(data, fmt, "{}.{}".format(DECISION.filename(decision), fmt))
        progress.set(3)
    made["rows"] = rows
    if rows != asked_rows:
        made["changed"] = (
            "Danh sách kèm theo đã thay đổi từ lúc yêu cầu ({} dòng lúc yêu cầu, {} dòng lúc "
            "tạo tệp): tệp theo danh sách hiện tại.".format(asked_rows, rows)
        )
    return made


def _outcome(value) -> str:
    said = "Đã xong: {} dòng. Có thể tải về.".format(value.get("rows", 0))
    return "{} {}".format(value["changed"], said) if value.get("changed") else said


def _title(args) -> str:
    decision = Decision.objects.filter(pk=args[1]).first()
    return "Tệp {} ({})".format(decision or "quyết định khen thưởng", str(args[2]).upper())


jobs.register(
    make_decision_document,
    title=_title,
    back=lambda args: reverse("decisions:decision", args=[args[1]]),
    check=lambda user, args: readable_decision(user, int(args[1])),
    outcome=_outcome,
)

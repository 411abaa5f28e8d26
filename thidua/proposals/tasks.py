"""A tờ trình with a long list, made into a file by a background worker (issue 19, item 5;
thidua.core.jobs): past BACKGROUND_DOCUMENT_ROWS entries its page asks a worker instead of
rendering in the request. The task reads the tờ trình again when it runs, with the account's
right to read it; if its list changed since it was asked for, the file is made from the list as
it is now and the job's page says so."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django_tasks import task

from thidua.core import jobs
from thidua.documents.render import render
from thidua.proposals.documents import PROPOSAL
from thidua.proposals.models import Proposal

GONE = "Tờ trình không còn, hoặc tài khoản không còn quyền xem; không tạo tệp."


def readable_proposal(user, pk: int) -> Proposal:
    """The tờ trình `user` may read (404 outside their scope, 403 without the right)."""
    proposal = (
        Proposal.objects.visible_to(user)
        .select_related("organization", "session", "signer__person")
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        raise Http404("Không có tờ trình này.")
    if not user.has_perm("proposals.view_proposal", proposal):
        raise PermissionDenied("Bạn không xem được tờ trình này.")
    return proposal


@task(takes_context=True)
def make_proposal_document(
    context, user_id: int, pk: int, fmt: str, layout: str | None, asked_rows: int
):
    """Make the tờ trình's document for the user who asked; return the stored file, its
    download name, and a note when its list changed since it was asked for."""
    with jobs.Progress(context, total=3, step="đọc tờ trình và danh sách") as progress:
        user = get_user_model().objects.get(pk=user_id)
        try:
            proposal = readable_proposal(user, pk) if user.is_active else None
        except (Http404, PermissionDenied):
            proposal = None
        if proposal is None:
            raise PermissionDenied(GONE)
        rows = proposal.entries.count()
        progress.set(1, step="trình bày văn bản ({} dòng)".format(rows))
        data = render(PROPOSAL, proposal, fmt, layout)
        progress.set(2, step="lưu tệp")
        made = jobs.stored_file(data, fmt, "{}.{}".format(PROPOSAL.filename(proposal), fmt))
        progress.set(3)
    made["rows"] = rows
    if rows != asked_rows:
        made["changed"] = (
            "Danh sách đề nghị đã thay đổi từ lúc yêu cầu ({} dòng lúc yêu cầu, {} dòng lúc "
            "tạo tệp): tệp theo danh sách hiện tại.".format(asked_rows, rows)
        )
    return made


def _outcome(value) -> str:
    said = "Đã xong: {} dòng. Có thể tải về.".format(value.get("rows", 0))
    return "{} {}".format(value["changed"], said) if value.get("changed") else said


def _title(args) -> str:
    proposal = Proposal.objects.filter(pk=args[1]).first()
    return "Tệp {} ({})".format(proposal or "tờ trình", str(args[2]).upper())


jobs.register(
    make_proposal_document,
    title=_title,
    back=lambda args: reverse("proposals:proposal", args=[args[1]]),
    check=lambda user, args: readable_proposal(user, int(args[1])),
    outcome=_outcome,
)

"""A tờ trình with a long list, made into a file by a background worker
(thidua.documents.background, issue 19 item 5)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django_tasks import task

from thidua.core import exports
from thidua.documents import background
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


RECORD = background.RecordDocument(
    kind=PROPOSAL, model=Proposal, read=readable_proposal,
    rows=lambda record: record.entries.count(), noun="tờ trình",
    list_name="Danh sách đề nghị", gone=GONE, back="proposals:proposal",
)  # fmt: skip


@task(takes_context=True)
def make_proposal_document(
    context, user_id: int, pk: int, fmt: str, layout: str | None, asked_rows: int
):
    """Make the tờ trình's document for the user who asked (background.make)."""
    return background.make(RECORD, context, user_id, pk, fmt, layout, asked_rows)


background.register(make_proposal_document, RECORD)


def _overview_xlsx(user, fmt, query):
    # The views import this module (their tasks): imported when the job runs.
    from thidua.proposals.overview_views import build_overview_xlsx

    return build_overview_xlsx(user, fmt, query)


def _require_inbox(user, query):
    from thidua.proposals.inbox_views import _require_inbox

    _require_inbox(user)


OVERVIEW = exports.Export(
    build=_overview_xlsx, check=_require_inbox,
    name="Tổng hợp tờ trình đã nhận", back="proposals:overview",
    gone="Tài khoản không còn quyền xem hộp tờ trình đã nhận; không tạo tệp.",
)  # fmt: skip


@task(takes_context=True)
def make_overview_xlsx(context, user_id: int, fmt: str, query: str, asked_rows):
    """Make the receiving office's overview XLSX for the user who asked (exports.make)."""
    return exports.make(OVERVIEW, context, user_id, fmt, query, asked_rows)


exports.register(make_overview_xlsx, OVERVIEW)

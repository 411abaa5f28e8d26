"""The eligibility overview's full list made into a file by a background worker when it is
long (thidua.core.exports, issue 19 item 5)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django_tasks import task

from thidua.core import exports


def _build(user, fmt, query):
    # The views import this module (their task): imported when the job runs.
    from thidua.evaluation.views import build_eligibility_document

    return build_eligibility_document(user, fmt, query)


def _check(user, query):
    if user.organization_id is None:
        raise Http404("Tài khoản chưa thuộc cơ quan nào.")
    if not user.is_active:
        raise PermissionDenied(GONE)


GONE = "Tài khoản không còn thuộc cơ quan nào hoặc không còn hoạt động; không tạo tệp."

OVERVIEW = exports.Export(
    build=_build, check=_check, name="Tổng hợp kết quả xét điều kiện",
    back="evaluation:eligibility", gone=GONE,
)  # fmt: skip


@task(takes_context=True)
def make_eligibility_document(context, user_id: int, fmt: str, query: str, asked_rows):
    """Make the eligibility overview's file for the user who asked (exports.make)."""
    return exports.make(OVERVIEW, context, user_id, fmt, query, asked_rows)


exports.register(make_eligibility_document, OVERVIEW)

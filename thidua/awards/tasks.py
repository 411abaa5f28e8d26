"""The register's list (with the screen's filters) made into a file by a background worker when
it is long (thidua.core.exports, issue 19 item 5)."""

from django.http import Http404
from django_tasks import task

from thidua.core import exports


def _build(user, fmt, query):
    # The views import this module (their task): imported when the job runs.
    from thidua.awards.views import build_register_file

    return build_register_file(user, fmt, query)


def _check(user, query):
    if user.organization_id is None:
        raise Http404("Tài khoản không thuộc cơ quan nào trong hệ thống.")


REGISTER = exports.Export(
    build=_build, check=_check, name="Sổ khen thưởng", back="awards:award_list",
    gone="Tài khoản không còn thuộc cơ quan nào hoặc không còn hoạt động; không tạo tệp.",
)  # fmt: skip


@task(takes_context=True)
def make_register_file(context, user_id: int, fmt: str, query: str, asked_rows):
    """Make the register's file for the user who asked (exports.make)."""
    return exports.make(REGISTER, context, user_id, fmt, query, asked_rows)


exports.register(make_register_file, REGISTER)

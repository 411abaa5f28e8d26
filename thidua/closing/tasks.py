"""Background tasks of the closing (Django's Tasks framework; run by `manage.py db_worker`).

The year-end report reads every target, award and tờ trình of the year: for a large
organisation it takes longer than a web request should, so the page asks a worker to make it
and the job's page (thidua.core.jobs) offers the file when it is ready."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django_tasks import task

from thidua.closing.actions import plan_for_report
from thidua.closing.documents import YEAR_REPORT, YearRecord
from thidua.core import jobs
from thidua.core.actions import ActionRefused
from thidua.documents.render import render

READERS_ONLY = "Tổng kết thi đua dành cho lãnh đạo, Hội đồng và thường trực Hội đồng."


def readable_plan(user, year: int):
    """The plan of the year-end report `user` may read (404 without one, 403 without the
    right): asked by the page, the job's page and the task itself."""
    if user.organization_id is None:
        raise Http404("Tài khoản chưa thuộc cơ quan nào.")
    try:
        plan = plan_for_report(user.organization, year)
    except ActionRefused as refusal:
        raise Http404(str(refusal)) from None
    if not user.has_perm("closing.view_closing", plan):
        raise PermissionDenied(READERS_ONLY)
    return plan


@task(takes_context=True)
def make_year_report(context, user_id: int, year: int, fmt: str, layout: str | None = None):
    """Make the year-end report for the user who asked; return the stored file's name and the
    name to download it as. Re-reads the account, its rights and the data when it runs, not
    when it was asked: a right lost meanwhile refuses it, with the reason in Vietnamese."""
    with jobs.Progress(context, total=3, step="đọc số liệu của năm") as progress:
        user = get_user_model().objects.get(pk=user_id)
        if user.organization_id is None or not user.is_active:
            raise PermissionDenied("Tài khoản không còn thuộc cơ quan nào; không tạo báo cáo.")
        plan = plan_for_report(user.organization, year)
        if not user.has_perm("closing.view_closing", plan):
            raise PermissionDenied(
                "Tài khoản không còn quyền xem tổng kết thi đua; không tạo báo cáo."
            )
        record = YearRecord(plan)
        progress.set(1, step="trình bày văn bản")
        data = render(YEAR_REPORT, record, fmt, layout)
        progress.set(2, step="lưu tệp")
        made = jobs.stored_file(data, fmt, "{}.{}".format(YEAR_REPORT.filename(record), fmt))
        progress.set(3)
    return made


jobs.register(
    make_year_report,
    title=lambda args: "Báo cáo tổng kết năm {} ({})".format(args[1], str(args[2]).upper()),
    back=lambda args: reverse("closing:year_report", args=[args[1]]),
    check=lambda user, args: readable_plan(user, int(args[1])),
)

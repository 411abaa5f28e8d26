"""Background tasks of the closing (Django's Tasks framework; run by `manage.py db_worker`).

The year-end report reads every target, award and tờ trình of the year: for a large
organisation it takes longer than a web request should, so the page asks a worker to make it
and offers the file when it is ready (views.year_report_background)."""

import uuid

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django_tasks import task

from thidua.closing.actions import plan_for_report
from thidua.closing.documents import YEAR_REPORT, YearRecord
from thidua.documents.render import render

#: Where the finished files wait for their download, under MEDIA_ROOT (never served directly).
FOLDER = "generated"


@task()
def make_year_report(user_id: int, year: int, fmt: str, layout: str | None = None) -> dict:
    """Make the year-end report for the user who asked; return the stored file's name and the
    name to download it as. Re-reads the account, its rights and the data when it runs, not
    when it was asked: a right lost meanwhile refuses it, with the reason in Vietnamese."""
    user = get_user_model().objects.get(pk=user_id)
    if user.organization_id is None or not user.is_active:
        raise PermissionDenied("Tài khoản không còn thuộc cơ quan nào; không tạo báo cáo.")
    plan = plan_for_report(user.organization, year)
    if not user.has_perm("closing.view_closing", plan):
        raise PermissionDenied("Tài khoản không còn quyền xem tổng kết thi đua; không tạo báo cáo.")
    record = YearRecord(plan)
    data = render(YEAR_REPORT, record, fmt, layout)
    name = default_storage.save("{}/{}.{}".format(FOLDER, uuid.uuid4().hex, fmt), ContentFile(data))
    return {"file": name, "filename": "{}.{}".format(YEAR_REPORT.filename(record), fmt)}

"""Imports of many rows run by a background worker (issue 19, item 5; thidua.core.jobs).

A file of more than BACKGROUND_IMPORT_ROWS data rows is kept under MEDIA_ROOT/generated/imports
and checked by a worker (a dry run, as the page checks a small file); its job's page lists the
row errors, or the counts with the button that queues the import itself. The task reads the
stored file again (refused if it changed since the upload) and runs the same import, in one
transaction: a worker killed mid-way leaves nothing written, and the job can be run again.
Between the check and the import the records may have changed (another import, an edit): the
import's counts are compared with the check's, and a difference refuses it, with both counts.
"""

import hashlib
import uuid

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from thidua.core import jobs
from thidua.core.actions import ActionRefused
from thidua.spreadsheets.actions import do_save_column_mapping
from thidua.spreadsheets.engine import ImportRefused, counts_text, run_import, shown_errors
from thidua.spreadsheets.kinds import get_kind

IMPORTS = jobs.FOLDER + "/imports"
EDITORS_ONLY = "Tài khoản không còn quyền nhập Excel của cơ quan; không nhập."


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def keep_upload(data: bytes) -> str:
    """Store an uploaded file for a worker (web processes and workers share MEDIA_ROOT)."""
    return default_storage.save("{}/{}.xlsx".format(IMPORTS, uuid.uuid4().hex), ContentFile(data))


def counts(result) -> dict:
    return {"rows": result.rows, "created": result.created, "updated": result.updated,
            "unchanged": result.unchanged}  # fmt: skip


def _counts_text(found: dict) -> str:
    return "{created} thêm mới, {updated} cập nhật, {unchanged} không đổi".format(**found)


@task(takes_context=True)
def import_spreadsheet(
    context, user_id: int, kind_name: str, stored: str, sha256: str, filename: str,
    mapping: list, dry_run: bool, checked: dict | None = None, keep: dict | None = None,
):  # fmt: skip
    """Check (`dry_run`) or import the stored file for the user who asked; return what the
    job's page shows: the counts, or the row errors. The account and its right are read again
    when it runs, the file too (refused if it is gone or changed)."""
    with jobs.Progress(context, step="đọc tệp", total=None) as progress:
        user = get_user_model().objects.get(pk=user_id)
        if not user.is_active or user.organization_id is None or not user.edits_personnel:
            raise PermissionDenied(EDITORS_ONLY)
        kind = get_kind(kind_name)
        try:
            with default_storage.open(stored, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            raise jobs.JobRefused(
                "Tệp «{}» đã tải lên không còn trên máy chủ; hãy tải tệp lên lại.".format(filename)
            ) from None
        if digest(data) != sha256:
            raise jobs.JobRefused(
                "Tệp «{}» đã thay đổi từ lúc tải lên; hãy tải tệp lên lại.".format(filename)
            )
        answer = {"kind": kind.label, "filename": filename, "dry_run": dry_run}
        try:
            with transaction.atomic():
                result = run_import(
                    kind, data, organization=user.organization, user=user, dry_run=dry_run,
                    mapping=mapping, progress=progress.set,
                )  # fmt: skip
                if checked is not None and counts(result) != checked:
                    raise jobs.JobRefused(
                        "Dữ liệu đã thay đổi từ lúc kiểm tra tệp «{}»: lúc kiểm tra {}; lúc "
                        "nhập {}. Không dòng nào được nhập; hãy kiểm tra lại tệp.".format(
                            filename, _counts_text(checked), _counts_text(counts(result))
                        )
                    )
        except ImportRefused as refusal:
            return {**answer, "ok": False, "errors": shown_errors(refusal.errors),
                    "error_count": len(refusal.errors), "reading": refusal.reading}  # fmt: skip
        answer.update(ok=True, counts=counts(result), text=counts_text(result),
                      reading=result.reading)  # fmt: skip
        if not dry_run:
            default_storage.delete(stored)
            if keep:
                try:
                    do_save_column_mapping(user.organization, kind.name, keep["layout"],
                                           keep["choices"], acting_user=user)  # fmt: skip
                except ActionRefused as refusal:
                    answer["mapping"] = str(refusal)
                else:
                    answer["mapping"] = "Đã lưu cách ghép cột cho tệp có cùng dòng tiêu đề."
    return answer


def _check(user, args):
    if not user.edits_personnel or user.organization_id is None:
        raise PermissionDenied("Chỉ thư ký Hội đồng hoặc quản trị được nhập, xuất Excel.")


def _title(args) -> str:
    verb = "Kiểm tra" if args[6] else "Nhập"
    return "{} tệp «{}» ({})".format(verb, args[4], get_kind(args[1]).label)


def _outcome(value) -> str:
    if not value.get("ok"):
        return "{} lỗi; không dòng nào được ghi.".format(value["error_count"])
    if value["dry_run"]:
        return "Kiểm tra xong, tệp hợp lệ: {}. Chưa ghi gì.".format(value["text"])
    return "Đã nhập: {}.".format(value["text"])


jobs.register(
    import_spreadsheet,
    outcome=_outcome,
    title=_title,
    back=lambda args: reverse("spreadsheets:import"),
    check=_check,
    unit="dòng",
    result_template="spreadsheets/import_job_result.html",
)

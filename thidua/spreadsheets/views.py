"""The secretary's spreadsheet page: templates, export, and import with a preview first.

Between the preview and the confirmation the uploaded file waits on the server, in a private
temporary directory, under a random name that only this session knows; the confirmation imports
exactly the file that was previewed (no second upload), then deletes it. Files left behind by a
preview that was never confirmed are removed after a day, at the next preview.
"""

import secrets
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core import jobs
from thidua.core.actions import ActionRefused
from thidua.core.forms import refuse_oversized_upload
from thidua.spreadsheets.actions import do_save_column_mapping, saved_choices
from thidua.spreadsheets.engine import (
    XLSX_CONTENT_TYPE,
    ImportRefused,
    counts_text,
    has_more_rows_than,
    run_import,
    shown_errors,
)
from thidua.spreadsheets.exports import YEAR_FALLBACKS
from thidua.spreadsheets.forms import ExportForm, MappingForm, UploadForm
from thidua.spreadsheets.kinds import (
    KINDS,
    export_bytes,
    export_filename,
    get_kind,
    template_bytes,
)
from thidua.spreadsheets.tasks import digest, import_spreadsheet, keep_upload

SESSION_KEY = "spreadsheet_import"
PENDING_DIR = Path(tempfile.gettempdir()) / "thidua-imports"
PENDING_MAX_AGE = 24 * 3600


def personnel_editor_required(view):
    """Only the council secretary and administrators import or export whole lists."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not request.user.edits_personnel or request.user.organization_id is None:
            raise PermissionDenied("Chỉ thư ký Hội đồng hoặc quản trị được nhập, xuất Excel.")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


# The query parameter of a "bản in" download (the office look around the same table).
OFFICE_PARAMETER = "ban_in"


def wants_office(request) -> bool:
    """Whether an export asks for the "bản in" (`?ban_in=1`)."""
    return request.GET.get(OFFICE_PARAMETER) == "1"


def _pending_path(token: str) -> Path:
    return PENDING_DIR / "{}.xlsx".format(token)


def _forget_pending(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        _pending_path(pending["token"]).unlink(missing_ok=True)


def _remove_stale_files() -> None:
    cutoff = time.time() - PENDING_MAX_AGE
    for path in PENDING_DIR.glob("*.xlsx"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


def latest_year(organization) -> int:
    """Return the year an export most likely wants: the latest with yearly evidence (the kinds
    say which: grades, initiatives, works, union scores), else the latest plan's, else this one.

    Offices export the year they are reviewing, which trails the calendar (2022's data in 2026).
    One aggregate query a kind with yearly records.
    """
    years = [kind.latest_year(organization) for kind in KINDS.values()]
    evidence = [y for y in years if y is not None]
    if evidence:
        return max(evidence)
    fallbacks = [find(organization) for find in YEAR_FALLBACKS]
    fallbacks = [y for y in fallbacks if y is not None]
    return max(fallbacks) if fallbacks else timezone.localdate().year


def _export_form(request, data=None):
    return ExportForm(
        data,
        kinds=KINDS.values(),
        units=request.user.organization.units.all(),
        initial={"year": latest_year(request.user.organization)},
        auto_id="export_%s",
    )


def _page(request, form, **context):
    export_form = _export_form(request)
    return render(
        request,
        "spreadsheets/import.html",
        {"form": form, "export_form": export_form, "kinds": KINDS.values(), **context},
    )


@personnel_editor_required
@require_http_methods(["GET", "POST"])
def import_view(request):
    """Upload and preview (a dry run), then confirm to import the same file for real.

    A file whose headers the kind does not know waits on the server too: the page asks which
    column each unknown header is (or to skip it), then previews the same file with that mapping.
    """
    if request.method == "GET":
        return _page(request, UploadForm(kinds=KINDS.values()))
    if request.POST.get("action") == "confirm":
        return _confirm(request)
    if request.POST.get("action") == "confirm_job":
        return _confirm_job(request)
    if request.POST.get("action") == "map":
        return _map(request)
    _forget_pending(request)
    form = UploadForm(request.POST, request.FILES, kinds=KINDS.values())
    if refuse_oversized_upload(request, form) or not form.is_valid():
        return _page(request, form)
    kind = get_kind(form.cleaned_data["kind"])
    upload = form.cleaned_data["file"]
    return _preview(request, form, kind, upload.read(), upload.name, mapping=[])


def _preview(request, form, kind, data: bytes, filename: str, *, mapping, keep=None):
    """Dry-run `data`; keep it for the confirmation, or for a mapping of its unknown headers.

    `keep`: the mapping chosen on screen to save when the import is confirmed (its layout and
    choices). A file whose layout has a saved mapping gets the mapping step with it proposed.
    """
    user = request.user
    if _is_large(data) and not jobs.runs_inline(import_spreadsheet):
        # A file this long is checked by a worker; its page offers the import when it is done.
        _forget_pending(request)
        job = jobs.enqueue(
            import_spreadsheet, user, kind.name, keep_upload(data), digest(data), filename,
            list(mapping), True, None, keep,
        )  # fmt: skip
        return redirect("core:job", job=job)
    context = {"kind": kind, "filename": filename}
    try:
        context["result"] = run_import(
            kind, data, organization=user.organization, user=user, dry_run=True, mapping=mapping
        )
    except ImportRefused as error:
        context["errors"] = shown_errors(error.errors)
        context["error_count"] = len(error.errors)
        context["reading"] = error.reading
        if error.unknown_headers:
            _keep_pending(
                request, data, kind, filename, headers=error.unknown_headers, layout=error.headers
            )
            context["mapping_form"] = MappingForm(
                headers=error.unknown_headers,
                columns=kind.columns,
                saved=saved_choices(user.organization, kind.name, error.headers),
                auto_id="%s",
            )
        return _page(request, form, **context)
    _keep_pending(request, data, kind, filename, mapping=mapping, keep=keep)
    return _page(request, form, pending=True, **context)


def _is_large(data: bytes) -> bool:
    """Whether the file has more lines than an import checks in the request (the header line
    aside; an unreadable file is not: the page says why at once)."""
    return has_more_rows_than(data, settings.BACKGROUND_IMPORT_ROWS + 1)


def _keep_pending(
    request, data: bytes, kind, filename: str, *, mapping=(), headers=(), layout=(), keep=None
):
    PENDING_DIR.mkdir(mode=0o700, exist_ok=True)
    _remove_stale_files()
    _forget_pending(request)
    token = secrets.token_urlsafe(24)
    _pending_path(token).write_bytes(data)
    request.session[SESSION_KEY] = {
        "token": token,
        "kind": kind.name,
        "filename": filename,
        "mapping": list(mapping),
        "headers": [list(pair) for pair in headers],
        "layout": list(layout),
        "keep": keep,
    }


def _pending_file(request):
    """Return (the pending entry, its bytes), or (None, None) when it is gone."""
    pending = request.session.get(SESSION_KEY)
    path = _pending_path(pending["token"]) if pending else None
    if path is None or not path.exists():
        return None, None
    return pending, path.read_bytes()


def _map(request):
    """Preview the waiting file again, with the columns chosen for its unknown headers."""
    pending, data = _pending_file(request)
    if pending is None or not pending.get("headers"):
        messages.error(request, "Không còn tệp đã kiểm tra; hãy tải tệp lên lại.")
        return redirect("spreadsheets:import")
    kind = get_kind(pending["kind"])
    upload_form = UploadForm(kinds=KINDS.values(), initial={"kind": kind.name})
    headers = [tuple(pair) for pair in pending["headers"]]
    mapping_form = MappingForm(request.POST, headers=headers, columns=kind.columns, auto_id="%s")
    if not mapping_form.is_valid():
        return _page(
            request,
            upload_form,
            kind=kind,
            filename=pending["filename"],
            errors=["Hãy chọn cột của mẫu cho từng tiêu đề chưa biết."],
            mapping_form=mapping_form,
        )
    keep = None
    if mapping_form.cleaned_data["save"]:
        keep = {"layout": pending.get("layout", []), "choices": mapping_form.chosen()}
    return _preview(
        request,
        upload_form,
        kind,
        data,
        pending["filename"],
        mapping=mapping_form.pairs(),
        keep=keep,
    )


def _confirm(request):
    pending, data = _pending_file(request)
    if pending is None or pending.get("headers"):
        messages.error(request, "Không còn tệp đã kiểm tra; hãy tải tệp lên lại.")
        return redirect("spreadsheets:import")
    kind = get_kind(pending["kind"])
    _forget_pending(request)
    try:
        result = run_import(
            kind,
            data,
            organization=request.user.organization,
            user=request.user,
            mapping=pending.get("mapping", []),
        )
    except ImportRefused as error:
        form = UploadForm(kinds=KINDS.values(), initial={"kind": kind.name})
        return _page(
            request,
            form,
            kind=kind,
            filename=pending["filename"],
            errors=shown_errors(error.errors),
            error_count=len(error.errors),
            reading=error.reading,
        )
    messages.success(
        request,
        "Đã nhập {} từ «{}»: {}.".format(kind.label, pending["filename"], counts_text(result)),
    )
    keep = pending.get("keep")
    if keep:
        # The mapping that has just imported the file is the one worth proposing next time.
        try:
            do_save_column_mapping(
                request.user.organization,
                kind.name,
                keep["layout"],
                keep["choices"],
                acting_user=request.user,
            )
        except ActionRefused as error:
            messages.warning(request, str(error))
        else:
            messages.info(
                request,
                "Đã lưu cách ghép cột: tệp sau có cùng dòng tiêu đề sẽ được đề xuất sẵn cách "
                "ghép này.",
            )
    return redirect("spreadsheets:import")


def _confirm_job(request):
    """Queue the import of a file a worker has checked (its job's page offered it)."""
    try:
        state = jobs.owned_job(request, uuid.UUID(request.POST.get("job", "")))
    except ValueError:
        raise Http404("Không có việc này.") from None
    args = state.args
    if state.job.task_path != import_spreadsheet.module_path or not args[6] or not (
        state.status == "ready" and state.value.get("ok")
    ):
        messages.error(request, "Tệp chưa được kiểm tra xong, hoặc có lỗi; không nhập.")
        return redirect("core:job", job=state.job.pk)
    user, kind, stored, sha256, filename, mapping = request.user, *args[1:6]
    job = jobs.enqueue(import_spreadsheet, user, kind, stored, sha256, filename, mapping, False,
                       state.value["counts"], args[8] if len(args) > 8 else None)  # fmt: skip
    return redirect("core:job", job=job)


@personnel_editor_required
@require_GET
def template_view(request, kind):
    try:
        spreadsheet_kind = get_kind(kind)
    except ImportRefused as error:
        raise PermissionDenied(str(error)) from None
    return xlsx_response(template_bytes(spreadsheet_kind), export_filename(spreadsheet_kind, None))


@personnel_editor_required
@require_GET
def export_view(request):
    """Export a kind's records of a year, optionally of a unit (and those below) and a state."""
    form = _export_form(request, request.GET)
    if not form.is_valid():
        if "kind" in form.errors or "year" in form.errors:
            message = "Hãy chọn loại dữ liệu và một năm hợp lệ để xuất."
        else:
            problems = [m for field_messages in form.errors.values() for m in field_messages]
            message = "Không xuất được: {}".format(" ".join(problems))
        messages.error(request, message)
        return redirect("spreadsheets:import")
    kind = get_kind(form.cleaned_data["kind"])
    org, year = request.user.organization, form.cleaned_data["year"]
    office = wants_office(request)
    data = export_bytes(
        kind,
        org,
        year,
        unit=form.cleaned_data["unit"],
        state=form.cleaned_data["state"],
        office=office,
    )
    return xlsx_response(data, export_filename(kind, org, year, office=office))

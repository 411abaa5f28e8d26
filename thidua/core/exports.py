"""A list's export (the filters of a screen, every row of it, as XLSX, DOCX or PDF) made by a
background worker when it is long (issue 19, item 5; thidua.core.jobs).

The export's download link keeps its URL: up to BACKGROUND_DOCUMENT_ROWS rows it answers with
the file, as always; past them it queues a job and sends the browser to the job's page, which
offers the file when it is ready. The job carries the link's query string and builds the file
with the very function the link uses, reading the list again with the rights of the user who
asked when it runs (a right lost meanwhile refuses it, in Vietnamese). The API's document
endpoints call the same views and always get the file itself (`inline_file`): a program waits
for its answer rather than polling a page.

Each app keeps its own task (a module-level function, as the Tasks framework needs) calling
`make` with its `Export`; the work and the job's page are here."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header

from thidua.core import jobs

#: Set on a request by a caller that must get the file itself, never a job (the API).
INLINE_ATTRIBUTE = "inline_file"


@dataclass(frozen=True)
class Export:
    """How a list's export is built and named on its job's page."""

    #: (user, fmt, query: QueryDict) → (data: bytes, filename, rows); asks the user's right
    #: (raises Http404 or PermissionDenied) and refuses what cannot be made (DocumentError).
    build: Callable
    #: (user, query) → None; the right to the list, asked again for the job's page and file.
    check: Callable
    name: str  # "Tổng hợp tờ trình đã nhận", in the job's title
    back: str  # the URL name of the list's page
    gone: str  # why nothing was made when the right is gone


@dataclass(frozen=True)
class Built:
    """An export's file: what a view answers with, or what a job stores."""

    data: bytes
    filename: str
    rows: int


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def file_response(built: Built, fmt: str) -> HttpResponse:
    """The export's file as the link's download."""
    response = HttpResponse(built.data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, built.filename)
    response["Cache-Control"] = "private, no-store"
    return response


def inline_file(request) -> None:
    """Mark `request` as one that gets the file itself, whatever its size (the API)."""
    setattr(request, INLINE_ATTRIBUTE, True)


def offer(request, task, fmt: str, rows: int, *, exact: bool = True):
    """Past BACKGROUND_DOCUMENT_ROWS rows, queue `task` for the request's user and return the
    redirect to the job's page; else (or where tasks run inline, or for the API) None: the view
    answers with the file. `exact`: False when `rows` only bounds the list (counted before its
    filters): the job then does not compare it with the rows it finds."""
    if rows <= settings.BACKGROUND_DOCUMENT_ROWS or getattr(request, INLINE_ATTRIBUTE, False):
        return None
    if jobs.runs_inline(task):
        return None
    job = jobs.enqueue(task, request.user, fmt, request.GET.urlencode(),
                       rows if exact else None)  # fmt: skip
    return redirect("core:job", job=job)


def make(export: Export, context, user_id: int, fmt: str, query: str, asked_rows) -> dict:
    """Build the export for the user who asked, with the rights they have now; return the
    stored file, its download name, the rows, and a note when the list changed meanwhile."""
    with jobs.Progress(context, total=2, step="đọc danh sách và tạo tệp") as step:
        user = get_user_model().objects.get(pk=user_id)
        if not user.is_active:
            raise PermissionDenied(export.gone)
        try:
            built = export.build(user, fmt, QueryDict(query))
        except (Http404, PermissionDenied):
            raise PermissionDenied(export.gone) from None
        step.set(1, step="lưu tệp ({} dòng)".format(built.rows))
        made = jobs.stored_file(built.data, fmt, built.filename)
        step.set(2)
    made["rows"] = built.rows
    if asked_rows is not None and built.rows != asked_rows:
        made["changed"] = jobs.changed_note("Danh sách", asked_rows, built.rows)
    return made


def register(task, export: Export) -> jobs.JobKind:
    """Give the export's task its job page: its title, the list to go back to (with its
    filters), the right asked again, what it says when done."""

    def back(args) -> str:
        query = args[2] if len(args) > 2 else ""
        return reverse(export.back) + ("?" + query if query else "")

    return jobs.register(
        task,
        title=lambda args: "{} ({})".format(export.name, str(args[1]).upper()),
        back=back,
        check=lambda user, args: export.check(user, QueryDict(args[2])),
        outcome=jobs.rows_outcome,
    )

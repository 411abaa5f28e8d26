"""A record's document with a long list (a decision's annex, a tờ trình's entries), made into a
file by a background worker (issue 19, item 5; thidua.core.jobs): past BACKGROUND_DOCUMENT_ROWS
rows its page asks a worker instead of rendering in the request. The task reads the record again
when it runs, with the account's right to read it; if its list changed since it was asked for,
the file is made from the list as it is now and the job's page says so.

Each app keeps its own task (a module-level function, as the Tasks framework needs) and
describes its record once in a `RecordDocument`; the work and the job's page are here."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from thidua.core import jobs
from thidua.documents.registry import DocumentKind
from thidua.documents.render import render


@dataclass(frozen=True)
class RecordDocument:
    """How a record's document job reads its record and names it."""

    kind: DocumentKind
    model: type
    #: (user, pk) → the record the user may read; raises Http404 or PermissionDenied.
    read: Callable
    #: record → the number of rows of its list.
    rows: Callable
    noun: str  # "quyết định khen thưởng", in the job's title when the record is gone
    list_name: str  # "Danh sách kèm theo", in the note when the list changed
    gone: str  # why nothing was made when the record or the right is gone
    back: str  # the URL name of the record's page


def make(record: RecordDocument, context, user_id, pk, fmt, layout, asked_rows) -> dict:
    """Make the record's document for the user who asked; return the stored file, its download
    name, the rows, and a note when its list changed since it was asked for."""
    with jobs.Progress(context, total=3, step="đọc {} và danh sách".format(record.noun)) as step:
        user = get_user_model().objects.get(pk=user_id)
        try:
            found = record.read(user, pk) if user.is_active else None
        except (Http404, PermissionDenied):
            found = None
        if found is None:
            raise PermissionDenied(record.gone)
        rows = record.rows(found)
        step.set(1, step="trình bày văn bản ({} dòng)".format(rows))
        data = render(record.kind, found, fmt, layout)
        step.set(2, step="lưu tệp")
        made = jobs.stored_file(data, fmt, "{}.{}".format(record.kind.filename(found), fmt))
        step.set(3)
    made["rows"] = rows
    if rows != asked_rows:
        made["changed"] = jobs.changed_note(record.list_name, asked_rows, rows)
    return made


def register(task, record: RecordDocument) -> jobs.JobKind:
    """Give the task its job page: its title, the record's page to go back to, the right asked
    again, what it says when done."""

    def title(args) -> str:
        found = record.model.objects.filter(pk=args[1]).first()
        return "Tệp {} ({})".format(found or record.noun, str(args[2]).upper())

    return jobs.register(
        task,
        title=title,
        back=lambda args: reverse(record.back, args=[args[1]]),
        check=lambda user, args: record.read(user, int(args[1])),
        outcome=jobs.rows_outcome,
    )

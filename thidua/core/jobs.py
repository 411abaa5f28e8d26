"""Long work run by a background worker, with its progress on a page (issue 19, item 5).

A job is a task of Django's Tasks framework (django-tasks, its database backend) whose first
argument is the id of the user who asked, registered here with `register` (what it is called,
the page it came from, the right it needs). `enqueue` queues it; the job's page
(core:job, templates core/job.html) shows it waiting, running with a progress bar ("x / y"),
done with its file or its result, failed with the reason, or interrupted, and offers to run it
again. Only the user who asked finds a job (anyone else: 404), and the right is asked again for
every page and download.

django-tasks has no progress of its own. A running job writes its progress every second
(JOB_PROGRESS_MS) to a small file beside the files it makes (MEDIA_ROOT/generated/jobs/<id>
.json), not to the database: the work itself holds one transaction open (an import is all or
nothing), and SQLite admits one writer at a time, so a progress row could not be written until
the work ended. The file's time is the job's heartbeat: a job whose worker was killed (or whose
machine restarted) stays "running" in django-tasks' record for ever; silent for
JOB_STALE_SECONDS, its page says it was interrupted. Its transaction died with the worker, so
nothing of it was written, and "Chạy lại" queues the same task again with the same arguments.
"""

import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django_tasks import TaskResultStatus
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("thidua.jobs")

#: Where the finished files wait for their download, under MEDIA_ROOT (never served directly).
FOLDER = "generated"

#: Failures whose message is written for the user (in Vietnamese); any other says where to look.
SAID_FAILURES = frozenset({
    "django.core.exceptions.PermissionDenied",
    "thidua.core.actions.ActionRefused",
    "thidua.core.jobs.JobRefused",
    "thidua.documents.registry.DocumentError",
    "thidua.spreadsheets.engine.ImportRefused",
})  # fmt: skip
UNEXPECTED = "Lỗi không mong đợi; quản trị viên xem nhật ký của tiến trình nền."


class JobRefused(Exception):
    """The job cannot be done as asked (its input changed, its file is gone): the message, in
    Vietnamese, is shown on the job's page."""


@dataclass(frozen=True)
class JobKind:
    """What the job's page needs to know of a task: each callable takes the task's arguments
    (the user's id first)."""

    task_path: str
    #: The job's name on its page, e.g. "Báo cáo tổng kết năm 2022 (PDF)".
    title: Callable[[list], str]
    #: The page the job was asked from (its "back" link).
    back: Callable[[list], str]
    #: Asks the right again (raises PermissionDenied or Http404), with the user and the args.
    check: Callable | None = None
    #: What "x / y" counts: "dòng", "người", "bước".
    unit: str = "bước"
    #: A template included under a finished job to show its result (an import's counts or row
    #: errors); the job's return value is `value` in it.
    result_template: str | None = None
    #: What a finished job's return value comes to, said on the page and read out ("12 lỗi,
    #: không dòng nào được ghi"); by default "Đã xong."
    outcome: Callable | None = None


KINDS: dict[str, JobKind] = {}


def register(task, **kwargs) -> JobKind:
    """Make `task` a job with a page; returns its kind."""
    kind = JobKind(task_path=task.module_path, **kwargs)
    KINDS[kind.task_path] = kind
    return kind


def runs_inline(task) -> bool:
    """Whether tasks run inside the request that asks (TASKS_BACKEND=immediate): then there is
    no job page, the work is simply done."""
    return isinstance(task.get_backend(), ImmediateBackend)


def enqueue(task, user, *args, **kwargs) -> str:
    """Queue `task` for `user` (its first argument); return the job's id."""
    if task.module_path not in KINDS:
        raise ValueError("{} is not a registered job".format(task.module_path))
    return str(task.enqueue(user.pk, *args, **kwargs).id)


def changed_note(list_name: str, asked: int, found: int) -> str:
    """What a job that made a file from a list says when the list changed since it was asked
    for: the file follows the list as it is now."""
    return (
        "{} đã thay đổi từ lúc yêu cầu ({} dòng lúc yêu cầu, {} dòng lúc tạo tệp): tệp theo "
        "danh sách hiện tại.".format(list_name, asked, found)
    )


def rows_outcome(value) -> str:
    """What a finished file job says: its rows, and the change of its list if any."""
    said = "Đã xong: {} dòng. Có thể tải về.".format(value.get("rows", 0))
    return "{} {}".format(value["changed"], said) if value.get("changed") else said


def stored_file(data: bytes, extension: str, filename: str) -> dict:
    """Keep a job's file under MEDIA_ROOT/generated (web processes and workers share it) under
    a random name; return what the job's page offers: {"file", "filename"} (the name it is
    downloaded as)."""
    name = default_storage.save(
        "{}/{}.{}".format(FOLDER, uuid.uuid4().hex, extension), ContentFile(data)
    )
    return {"file": name, "filename": filename}


# Progress ------------------------------------------------------------------------------------


def progress_path(job_id) -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER / "jobs" / "{}.json".format(job_id)


def _write_json(path: Path, data: dict) -> None:
    """Write `data` whole or not at all: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(".{}.{}.tmp".format(path.name, threading.get_ident()))
    temporary.write_text(json.dumps(data), encoding="utf-8")
    os.replace(temporary, path)


class Progress:
    """A running job's progress: `set(done, total)` as it goes (cheap: kept in memory); a thread
    writes it to the job's progress file every JOB_PROGRESS_MS, also while the job waits on
    the database. Used as a context manager around the job's work; on failure it logs the
    reason. Where the task runs inline (no job page), nothing is written."""

    def __init__(self, context, *, total: int | None = None, step: str = ""):
        result = context.task_result
        self.job_id = str(result.id)
        self.title = result.task.name
        self.quiet = isinstance(result.task.get_backend(), ImmediateBackend)
        self.done, self.total, self.step = 0, total, step
        self._stop = threading.Event()
        self._thread = None

    def set(self, done: int, total: int | None = None, step: str | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        if step is not None:
            self.step = step

    def write(self) -> None:
        if self.quiet:
            return
        try:
            _write_json(
                progress_path(self.job_id),
                {"done": self.done, "total": self.total, "step": self.step, "at": time.time()},
            )
        except OSError:
            logger.warning("Job %s: progress not written", self.job_id, exc_info=True)

    def _beat(self):
        while not self._stop.wait(settings.JOB_PROGRESS_MS / 1000):
            self.write()

    def __enter__(self):
        self.write()
        if not self.quiet:
            self._thread = threading.Thread(target=self._beat, name="job-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, kind, error, traceback):
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        # A last beat, kept: django-tasks records the outcome only after the task returns, and
        # until then the page must not take a long job for an interrupted one. (The file goes
        # with the other generated files.)
        self.write()
        if error is not None:
            logger.warning("Job %s (%s) failed: %s", self.job_id, self.title, error,
                           exc_info=(kind, error, traceback))  # fmt: skip
        return False


# Reading a job ---------------------------------------------------------------------------------


@dataclass
class JobState:
    """What a job's page shows: derived when read from django-tasks' record and the progress
    file (nothing stored says "interrupted")."""

    job: DBTaskResult
    kind: JobKind
    status: str  # waiting, running, interrupted, ready, failed
    done: int = 0
    total: int | None = None
    step: str = ""
    reason: str = ""
    value: object = None

    @property
    def args(self) -> list:
        return self.job.args_kwargs.get("args", [])

    @property
    def title(self) -> str:
        return self.kind.title(self.args)

    @property
    def back(self) -> str:
        return self.kind.back(self.args)

    @property
    def finished(self) -> bool:
        return self.status in ("ready", "failed", "interrupted")

    @property
    def unattended(self) -> bool:
        """Waiting longer than a worker would leave it: no worker seems to be running."""
        waited = time.time() - self.job.enqueued_at.timestamp()
        return self.status == "waiting" and waited > settings.JOB_STALE_SECONDS

    @property
    def percent(self) -> int:
        if self.status in ("ready", "failed"):
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)

    @property
    def outcome(self) -> str:
        if self.kind.outcome is not None:
            return self.kind.outcome(self.value)
        return "Đã xong." + (" Có thể tải về." if self.has_file else "")

    @property
    def has_file(self) -> bool:
        return self.status == "ready" and isinstance(self.value, dict) and "file" in self.value


def failure_reason(job: DBTaskResult) -> str:
    """The failure said in Vietnamese: the message of a refusal written for the user, else
    where to look."""
    if job.exception_class_path in SAID_FAILURES:
        lines = job.traceback.strip().splitlines()
        last = lines[-1] if lines else ""
        return last.partition(": ")[2] or last
    return UNEXPECTED


def read_progress(job_id) -> tuple[dict, float | None]:
    """Return the progress file's data and its time (epoch seconds), or ({}, None)."""
    path = progress_path(job_id)
    try:
        return json.loads(path.read_text(encoding="utf-8")), path.stat().st_mtime
    except (OSError, ValueError):
        return {}, None


def state_of(job: DBTaskResult) -> JobState:
    kind = KINDS[job.task_path]
    if job.status == TaskResultStatus.READY:
        return JobState(job, kind, "waiting")
    if job.status == TaskResultStatus.SUCCESSFUL:
        return JobState(job, kind, "ready", value=job.return_value)
    if job.status == TaskResultStatus.FAILED:
        return JobState(job, kind, "failed", reason=failure_reason(job))
    data, beat = read_progress(job.pk)
    if beat is None and job.started_at is not None:
        beat = job.started_at.timestamp()
    silent = time.time() - beat if beat is not None else 0
    status = "interrupted" if silent > settings.JOB_STALE_SECONDS else "running"
    return JobState(job, kind, status, done=data.get("done", 0), total=data.get("total"),
                    step=data.get("step", ""))  # fmt: skip


def owned_job(request, job_id) -> JobState:
    """The user's own job, its right asked again; anyone else's is not found."""
    job = DBTaskResult.objects.filter(pk=job_id, task_path__in=list(KINDS)).first()
    args = job.args_kwargs.get("args", []) if job is not None else []
    if job is None or not args or args[0] != request.user.pk:
        raise Http404("Không có việc này.")
    kind = KINDS[job.task_path]
    if kind.check is not None:
        kind.check(request.user, args)
    return state_of(job)


def run_again(state: JobState) -> str:
    """Queue an interrupted or failed job's task again, with the same arguments; return the new
    job's id. The interrupted run wrote nothing (its transaction died with its worker)."""
    if state.status not in ("interrupted", "failed"):
        raise JobRefused("Việc này chưa dừng; không chạy lại.")
    task = state.job.task
    kwargs = state.job.args_kwargs.get("kwargs", {})
    return str(task.enqueue(*state.args, **kwargs).id)

"""Running queued background tasks inside the test, as one `manage.py db_worker` runs them."""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_queued():
    """Run every queued task in this process, as one `db_worker` would (no exclusive
    transaction: the tests' own transaction holds the database)."""
    worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                    startup_delay=False, max_tasks=None, worker_id="test")  # fmt: skip
    for job in DBTaskResult.objects.ready():
        job.claim(worker.worker_id)
        worker.run_task(job)

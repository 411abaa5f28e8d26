"""Background tasks of the to-do list (Django's Tasks framework; run by `manage.py db_worker`)."""

from datetime import date

from django_tasks import task

from thidua.todo.digest import send_digest_to


@task()
def send_digest(user_id: int, day: str) -> str:
    """Send one person's digest of the day (an ISO date); return what was done, in Vietnamese.
    A failure (server down, address refused) is raised: the task is recorded as failed, with
    the reason, and the next `send_reminders` enqueues the digest again."""
    return send_digest_to(user_id, date.fromisoformat(day))

"""The daily e-mail digest: each person's to-do items (items.py), one message a day, through
Django's e-mail (the SMTP settings come from the environment; thidua/settings.py).

Sent synchronously by `manage.py send_reminders`: django-tasks 0.12 brings no database backend
nor worker (they moved to the separate django-tasks-db, not installed), and a school's few hundred
messages take seconds.
"""

import contextlib
import smtplib
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.models import User
from thidua.todo.actions import (
    STALE_CLAIM,
    do_claim_reminder,
    do_mark_reminder_sent,
    do_release_reminder,
)
from thidua.todo.items import Item, todo_for
from thidua.todo.models import ReminderSent

#: What a server that is down, refuses the connection or drops it raises.
SERVER_ERRORS = (smtplib.SMTPException, OSError)


class ServerFailed(Exception):
    """The mail server could not be reached or refused to take the messages."""


@dataclass
class Outcome:
    sent: list[User] = field(default_factory=list)
    planned: list[tuple[User, EmailMessage]] = field(default_factory=list)
    invalid: list[User] = field(default_factory=list)
    refused: list[tuple[User, str]] = field(default_factory=list)


def recipients(today: date):
    """Active accounts of an organisation, with an address, who did not turn the digest off
    and were not sent one today, nor claimed by a run still sending (a claim left unsent for
    longer than STALE_CLAIM is a dead run's: the person is listed again)."""
    done_or_sending = ReminderSent.objects.filter(user=OuterRef("pk"), day=today).filter(
        Q(sent_at__isnull=False) | Q(claimed_at__gte=timezone.now() - STALE_CLAIM)
    )
    return (
        User.objects.filter(is_active=True, organization__isnull=False)
        .exclude(email="")
        .exclude(reminder_preference__email_digest=False)
        .exclude(Exists(done_or_sending))
        .select_related("person", "organization")
        .order_by("pk")
    )


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def message_for(user: User, items: list[Item], today: date) -> EmailMessage:
    """The digest in Vietnamese, every link absolute. It names what to do and where, never a
    ballot's content (a session's item says only how many wait for the member's vote)."""
    name = user.person.full_name if user.person_id else user.get_username()
    lines = [
        "Kính gửi đồng chí {},".format(name),
        "",
        "Hệ thống thi đua, khen thưởng của {} nhắc các việc cần đồng chí làm (ngày {}):".format(
            user.organization.name, today.strftime("%d/%m/%Y")
        ),
        "",
    ]
    for number, item in enumerate(items, 1):
        when = " ({})".format(item.when) if item.when else ""
        lines += ["{}. {}{}".format(number, item.text, when), "   " + absolute(item.url), ""]
    lines += [
        "Thư gửi tự động mỗi ngày có việc; xin đừng trả lời thư này.",
        "Thôi nhận thư nhắc việc: " + absolute(reverse("todo:preferences")),
    ]
    subject = "[thidua] {} việc cần làm ngày {}".format(len(items), today.strftime("%d/%m/%Y"))
    return EmailMessage(subject, "\n".join(lines), to=[user.email])


def send_digests(today: date, *, dry_run: bool = False) -> Outcome:
    """Send today's digests; claim each one before sending it and mark it sent at once, so a
    re-run does not send it again, two runs at the same instant send it once (the run that
    lost the claim skips the person), and a failure half way keeps what went out.

    Raises ServerFailed when the server is down or refuses the messages: what was sent before
    stays recorded, nothing after it is marked as sent. A server refusing one recipient is
    reported for that person and the others are still sent.
    """
    outcome = Outcome()
    connection = None
    try:
        for user in recipients(today):
            items = todo_for(user, today)
            if not items:
                continue
            try:
                validate_email(user.email)
            except ValidationError:
                outcome.invalid.append(user)
                continue
            message = message_for(user, items, today)
            if dry_run:
                outcome.planned.append((user, message))
                continue
            claim = do_claim_reminder(user, today, address=user.email, item_count=len(items))
            if claim is None:
                continue  # another run sends this one
            try:
                if connection is None:
                    connection = get_connection(fail_silently=False)
                    try:
                        connection.open()
                    except SERVER_ERRORS as exc:
                        connection = None
                        raise ServerFailed(_describe(exc)) from exc
                message.connection = connection
                try:
                    message.send()
                except smtplib.SMTPRecipientsRefused as exc:
                    do_release_reminder(claim)
                    outcome.refused.append((user, _describe(exc)))
                    continue
                except SERVER_ERRORS as exc:
                    raise ServerFailed(_describe(exc)) from exc
            except BaseException:
                do_release_reminder(claim)
                raise
            do_mark_reminder_sent(claim)
            outcome.sent.append(user)
    finally:
        if connection is not None:
            # The server gone after the last message leaves nothing unsent.
            with contextlib.suppress(*SERVER_ERRORS):
                connection.close()
    return outcome


def _describe(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            "{} bị từ chối ({} {})".format(address, code, _text(reply))
            for address, (code, reply) in exc.recipients.items()
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return "máy chủ trả lời {} {}".format(exc.smtp_code, _text(exc.smtp_error))
    return "{}: {}".format(type(exc).__name__, exc)


def _text(reply) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)

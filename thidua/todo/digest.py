"""The daily e-mail digest: each person's to-do items (items.py), one message a day, through
Django's e-mail (the SMTP settings come from the environment; thidua/settings.py).

`manage.py send_reminders` enqueues one background task per person (tasks.py); a worker
(`manage.py db_worker`) sends each one with send_digest_to.
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


@dataclass
class Plan:
    """Whose digest the day has: each person with items and a valid address, and the accounts
    whose address is invalid (reported, never sent)."""

    due: list[tuple[User, EmailMessage]] = field(default_factory=list)
    invalid: list[User] = field(default_factory=list)


def plan_digests(today: date) -> Plan:
    """Today's digests, written but not sent: what `send_reminders` enqueues (one task each)
    and what `--dry-run` prints."""
    plan = Plan()
    for user in recipients(today):
        items = todo_for(user, today)
        if not items:
            continue
        try:
            validate_email(user.email)
        except ValidationError:
            plan.invalid.append(user)
            continue
        plan.due.append((user, message_for(user, items, today)))
    return plan


class RecipientRefused(Exception):
    """The server refused this person's address; the others are still sent."""


def send_digest_to(user_id: int, today: date) -> str:
    """Send one person's digest of the day, as the background task does (thidua/todo/tasks.py).

    Re-reads everything when it runs, not when it was enqueued: a person who turned the digest
    off, lost their address, has nothing left to do or was sent the day's digest meanwhile is
    skipped and the reason returned. Claims the digest before sending it and marks it sent at
    once, so a task run twice (two runs of `send_reminders`, a task retried) sends it once; a
    worker killed between the claim and the mark leaves an unsent claim that the next run
    takes over after STALE_CLAIM.

    Raises ServerFailed when the server is down or refuses the message, RecipientRefused when
    it refuses the address; the claim is given up then, so a later run sends it.
    """
    user = recipients(today).filter(pk=user_id).first()
    if user is None:
        return (
            "Không gửi: tài khoản {} đã nhận thư ngày {}, đang được gửi, đã tắt thư nhắc việc "
            "hoặc không còn địa chỉ thư.".format(user_id, today.strftime("%d/%m/%Y"))
        )
    items = todo_for(user, today)
    if not items:
        return "Không gửi: {} không còn việc cần làm ngày {}.".format(
            user, today.strftime("%d/%m/%Y")
        )
    try:
        validate_email(user.email)
    except ValidationError:
        return "Không gửi: địa chỉ thư không hợp lệ của tài khoản {}: «{}».".format(
            user, user.email
        )
    claim = do_claim_reminder(user, today, address=user.email, item_count=len(items))
    if claim is None:
        return "Không gửi: thư của {} đang được một lượt khác gửi.".format(user)
    try:
        connection = get_connection(fail_silently=False)
        try:
            connection.open()
        except SERVER_ERRORS as exc:
            raise ServerFailed(_server_failed(exc)) from exc
        try:
            message = message_for(user, items, today)
            message.connection = connection
            try:
                message.send()
            except smtplib.SMTPRecipientsRefused as exc:
                raise RecipientRefused(
                    "Máy chủ thư từ chối người nhận {}: {}".format(user, _describe(exc))
                ) from exc
            except SERVER_ERRORS as exc:
                raise ServerFailed(_server_failed(exc)) from exc
        finally:
            # The server gone after the message was taken leaves nothing unsent.
            with contextlib.suppress(*SERVER_ERRORS):
                connection.close()
    except BaseException:
        do_release_reminder(claim)
        raise
    do_mark_reminder_sent(claim)
    return "Đã gửi thư nhắc việc {} việc cho {} <{}>.".format(len(items), user, user.email)


def _server_failed(exc: Exception) -> str:
    return (
        "Không gửi được thư qua máy chủ {}:{} ({}). Thư chưa gửi không được ghi là đã gửi; "
        "lần chạy sau sẽ gửi.".format(settings.EMAIL_HOST, settings.EMAIL_PORT, _describe(exc))
    )


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

"""A real SMTP server for a test (aiosmtpd on 127.0.0.1), with Django's SMTP backend pointed at
it: the reminders' digest goes through smtplib as it does in production."""

import email
import socket
from contextlib import contextmanager
from email.policy import default as default_policy

from aiosmtpd.controller import Controller


class Inbox:
    """aiosmtpd handler keeping every message; `refuse` makes it answer RCPT or DATA with an
    error, as a server refusing mail does; `accept` messages first when given (a server whose
    disk fills half way)."""

    def __init__(self, refuse=None, accept=0):
        self.messages, self.refuse, self.accept = [], refuse, accept

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse == "rcpt":
            return "550 5.1.1 Hộp thư không tồn tại"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse == "data" and len(self.messages) >= self.accept:
            return "554 5.7.1 Thư bị từ chối"
        self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(settings, refuse=None, accept=0):
    """Start an SMTP server on 127.0.0.1, point Django's SMTP backend at it (``settings``:
    pytest-django's fixture, restored after the test) and yield its Inbox."""
    inbox = Inbox(refuse, accept)
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_TIMEOUT = 5
    try:
        yield inbox
    finally:
        controller.stop()

"""A real SMTP server for the tests of the e-mail reminders: aiosmtpd on 127.0.0.1."""

import email
import socket
from email.policy import default as default_policy


class Inbox:
    """aiosmtpd handler keeping every message; `refuse` makes it answer RCPT or DATA with an
    error, as a server refusing mail does."""

    def __init__(self, refuse=None):
        self.messages, self.refuse = [], refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse == "rcpt":
            return "550 5.1.1 Hộp thư không tồn tại"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse == "data":
            return "554 5.7.1 Thư bị từ chối"
        self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]

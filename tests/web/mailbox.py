"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the tests that receive the system's mail."""
from __future__ import annotations

import socket
from contextlib import contextmanager
from email import message_from_bytes, policy


class Inbox:
    """What the server received: (recipients, message), in order; port: where it listens."""

    def __init__(self):
        self.messages = []
        self.port = 0

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"

    def to(self, address: str) -> list:
        return [message for rcpts, message in self.messages if address in rcpts]


@contextmanager
def smtp_server():
    """An Inbox listening on a free port of 127.0.0.1 while the block runs."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port
    try:
        yield inbox
    finally:
        controller.stop()

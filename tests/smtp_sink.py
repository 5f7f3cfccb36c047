"""An SMTP sink for tests (aiosmtpd): accepts every message, except that it
answers 451 or 550 to chosen addresses, and records what it accepted."""

import asyncio
import collections
import contextlib
import email
import socket
import threading

from aiosmtpd.controller import Controller


class Sink:
    """Accepts every message, except: addresses in `soft` get 451 that many
    times, addresses in `hard` always get 550. Records what it accepted."""

    def __init__(self, delay=0.0, pipelining=True):
        self.lock = threading.Lock()
        self.accepted = []  # (recipient, Message-ID, Content-Language)
        self.soft = {}
        self.hard = set()
        self.refused = collections.Counter()
        self.delay = delay
        self.pipelining = pipelining

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        # aiosmtpd reads commands in order, so it can take them pipelined:
        # advertising PIPELINING exercises the portal's pipelined sending.
        session.host_name = hostname
        if not self.pipelining:
            return responses
        return [*responses[:-1], "250-PIPELINING", responses[-1]]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            if address in self.hard:
                self.refused[address] += 1
                return "550 5.1.1 No such user"
            if self.soft.get(address, 0) > 0:
                self.soft[address] -= 1
                self.refused[address] += 1
                return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.accepted.append((recipient, message["Message-ID"], message["Content-Language"]))
        return "250 Accepted"

    def count(self):
        with self.lock:
            return len(self.accepted)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_sink(handler=None):
    """(handler, port) of an aiosmtpd server on a free loopback port."""
    handler = handler or Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()

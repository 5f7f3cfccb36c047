"""The batch transport against a real SMTP server (aiosmtpd), with and
without PIPELINING: accepted, 451 (transient) and 550 (permanent) answers,
and a server that went away."""

import socket

import pytest

from announcements import sending


@pytest.fixture(params=[True, False], ids=["pipelining", "one-command-at-a-time"])
def transport(request, sink, settings):
    handler, port = sink
    handler.pipelining = request.param
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    link = sending.SMTPTransport()
    yield link, handler
    link.close()


MESSAGE = b"Subject: hi\r\nMessage-ID: <1@example.org>\r\n\r\n.leading dot\r\nbody\r\n"


def test_accepted_451_and_550_are_told_apart(transport):
    link, handler = transport
    handler.soft = {"later@example.org": 1}
    handler.hard = {"gone@example.org"}
    link.send("news@example.org", "ok@example.org", MESSAGE)
    with pytest.raises(sending.Transient):
        link.send("news@example.org", "later@example.org", MESSAGE)
    with pytest.raises(sending.Permanent):
        link.send("news@example.org", "gone@example.org", MESSAGE)
    # The connection is still good after refusals, and the retry goes through.
    link.send("news@example.org", "later@example.org", MESSAGE)
    assert [(to, mid) for to, mid, _lang in handler.accepted] == [
        ("ok@example.org", "<1@example.org>"),
        ("later@example.org", "<1@example.org>"),
    ]
    assert link.pipelining is handler.pipelining


def test_a_lost_server_is_transient(transport, sink):
    link, _handler = transport
    link.send("news@example.org", "ok@example.org", MESSAGE)
    link.connection.sock.shutdown(socket.SHUT_RDWR)  # the server is gone
    with pytest.raises(sending.Transient):
        link.send("news@example.org", "ok@example.org", MESSAGE)
    link.send("news@example.org", "ok@example.org", MESSAGE)  # reconnects

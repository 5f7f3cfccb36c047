"""Sending one batch: claim rows, send each over one SMTP connection, sort
the outcomes, record them in a few updates, and hand over to the next batch.

Outcomes, per message:
- accepted: sent;
- 5xx to RCPT (this address is refused): failed for good, a hard bounce;
- 4xx, a lost connection, a timeout: tried again later, up to a limit;
- the relay cannot be reached or refuses the login: nothing is charged to
  the recipients; their rows wait and the batch stops;
- 5xx to MAIL FROM or DATA, or a refused login: every message would fail the
  same way; the campaign is paused with the relay's answer, for a sender to
  resume once it is put right.

The transport is plain smtplib when Django's SMTP backend is configured (one
connection per batch, messages as pre-built bytes, pipelined when the server
offers it), and Django's configured backend otherwise (files or the console
with `make run`, memory in tests)."""

import contextlib
import email
import smtplib
import ssl
import time
import uuid
from email.utils import formatdate

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone

from announcements import services, tokens
from announcements.models import Campaign, Edition
from announcements.rendering import MessageFactory

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


class Transient(Exception):
    """This message: try again later (4xx, a lost connection, a timeout)."""


class Permanent(Exception):
    """This address is refused (5xx to RCPT): never retried."""


class Unreachable(Exception):
    """No message can go now: the relay cannot be reached. Nobody's fault."""


class Refused(Exception):
    """The relay refuses the sender, the message or the login: stop the campaign."""


def classify(error: Exception) -> Exception:
    text = f"{type(error).__name__}: {error}"[:500]
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code = next(iter(error.recipients.values()))[0]
        return Permanent(text) if 500 <= code < 600 else Transient(text)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return Refused(text)
    if isinstance(error, smtplib.SMTPResponseException):
        # MAIL FROM or DATA: the sender or the message, not this address.
        return Refused(text) if 500 <= error.smtp_code < 600 else Transient(text)
    return Transient(text)


def _ssl_context():
    context = ssl.create_default_context()
    if settings.EMAIL_SSL_CERTFILE:
        context.load_cert_chain(settings.EMAIL_SSL_CERTFILE, settings.EMAIL_SSL_KEYFILE)
    return context


class SMTPTransport:
    def __init__(self):
        self.connection = None
        self.pipelining = False

    def open(self):
        """Connect (TLS certificates checked, as Django's backend does) and log in."""
        try:
            if settings.EMAIL_USE_SSL:
                connection = smtplib.SMTP_SSL(
                    settings.EMAIL_HOST,
                    settings.EMAIL_PORT,
                    timeout=settings.EMAIL_TIMEOUT,
                    context=_ssl_context(),
                )
            else:
                connection = smtplib.SMTP(
                    settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=settings.EMAIL_TIMEOUT
                )
            if settings.EMAIL_USE_TLS:
                connection.starttls(context=_ssl_context())
            if settings.EMAIL_HOST_USER:
                connection.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
            connection.ehlo_or_helo_if_needed()
        except smtplib.SMTPAuthenticationError as error:
            raise Refused(f"{type(error).__name__}: {error}"[:500]) from error
        except (smtplib.SMTPException, OSError) as error:
            raise Unreachable(f"{type(error).__name__}: {error}"[:500]) from error
        self.connection = connection
        self.pipelining = connection.has_extn("pipelining")

    def send(self, sender: str, recipient: str, message: bytes) -> None:
        if self.connection is None:
            self.open()
        try:
            if self.pipelining and recipient.isascii():
                self._pipelined(sender, recipient, message)
            else:
                self.connection.sendmail(sender, [recipient], message)
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            self.close(quit=False)
            raise classify(error) from error
        except smtplib.SMTPException as error:
            if getattr(error, "smtp_code", None) == 421:  # the server is closing the connection
                self.close(quit=False)
            raise classify(error) from error

    def _pipelined(self, sender: str, recipient: str, message: bytes) -> None:
        """MAIL, RCPT and DATA in one write, their three answers read after
        (RFC 2920), then the message: two round trips instead of four."""
        connection = self.connection
        connection.send(
            f"MAIL FROM:{smtplib.quoteaddr(sender)}\r\nRCPT TO:{smtplib.quoteaddr(recipient)}\r\nDATA\r\n".encode()
        )
        mail, rcpt, data = connection.getreply(), connection.getreply(), connection.getreply()
        if mail[0] != 250 or rcpt[0] not in (250, 251) or data[0] != 354:
            if data[0] == 354:  # the server took DATA anyway: end an empty message
                connection.send(b".\r\n")
                connection.getreply()
            with contextlib.suppress(smtplib.SMTPException):
                connection.rset()
            if mail[0] != 250:
                raise smtplib.SMTPSenderRefused(mail[0], mail[1], sender)
            if rcpt[0] not in (250, 251):
                raise smtplib.SMTPRecipientsRefused({recipient: rcpt})
            raise smtplib.SMTPDataError(*data)
        body = smtplib._quote_periods(message)
        if not body.endswith(b"\r\n"):
            body += b"\r\n"
        connection.send(body + b".\r\n")
        code, answer = connection.getreply()
        if code != 250:
            raise smtplib.SMTPDataError(code, answer)

    def close(self, quit=True):
        if self.connection is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                if quit:
                    self.connection.quit()
                else:
                    self.connection.close()
        self.connection = None


class RawEmail(EmailMessage):
    """Pre-built bytes handed to a Django mail backend (file, console, memory)."""

    def __init__(self, sender, recipient, raw: bytes):
        self.raw = raw
        parsed = email.message_from_bytes(raw)
        text = next(p for p in parsed.walk() if p.get_content_type() == "text/plain")
        super().__init__(
            subject=str(email.header.make_header(email.header.decode_header(parsed["Subject"]))),
            body=text.get_payload(decode=True).decode("utf-8"),
            from_email=sender,
            to=[recipient],
            headers={k: v for k, v in parsed.items() if k.startswith("List-") or k == "Message-ID"},
        )
        self.parsed = parsed

    def message(self, **kwargs):
        return self.parsed


class DjangoTransport:
    def __init__(self):
        self.connection = get_connection(fail_silently=False)

    def send(self, sender, recipient, message: bytes) -> None:
        try:
            self.connection.send_messages([RawEmail(sender, recipient, message)])
        except smtplib.SMTPException as error:
            raise classify(error) from error
        except OSError as error:
            raise Unreachable(f"{type(error).__name__}: {error}"[:500]) from error

    def close(self):
        with contextlib.suppress(Exception):
            self.connection.close()


def transport():
    return SMTPTransport() if settings.EMAIL_BACKEND == SMTP_BACKEND else DjangoTransport()


class RateLimiter:
    """At most PORTAL_LIST_RATE messages a second across every worker (0: no
    limit), counted in the shared cache in one-second windows."""

    def __init__(self, rate: int, clock=time.time, sleep=time.sleep):
        self.rate, self.clock, self.sleep = rate, clock, sleep

    def wait(self) -> None:
        if not self.rate:
            return
        while True:
            now = self.clock()
            key = f"announcements:rate:{int(now)}"
            cache.add(key, 0, timeout=5)
            try:
                count = cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=5)
                count = 1
            if count <= self.rate:
                return
            self.sleep(max(0.001, 1 - (now % 1)))


def send_batch(campaign_id: int, generation: int | None = None) -> dict:
    """One batch of one generation of the campaign's chains. Returns its
    figures; queues the next batch of the same chain while there is work.

    Whatever happens, the outcomes known so far are recorded and the rows not
    tried go back to the queue. A batch stops early, before half the claim
    timeout, so that the beat task never takes back rows a live batch holds."""
    campaign = Campaign.objects.filter(pk=campaign_id).only("state", "generation").first()
    if campaign is None or campaign.state != Campaign.State.SENDING:
        return {"sent": 0, "stopped": True}
    if generation is not None and generation != campaign.generation:
        return {"sent": 0, "stopped": True}  # a newer chain took over (resume, restart)
    generation = campaign.generation
    claim = uuid.uuid4()
    rows = services.claim_batch(campaign_id=campaign_id, size=settings.PORTAL_LIST_BATCH_SIZE, claim=claim)
    if not rows:
        if services.finish_if_done(campaign_id):
            return {"sent": 0, "claimed": 0, "finished": True}
        due = services.next_due(campaign_id)
        if due is not None:
            wait = max(1, int((due - timezone.now()).total_seconds()) + 1)
            Campaign.objects.filter(pk=campaign_id).update(heartbeat_at=timezone.now())
            services.enqueue_batch(campaign_id, generation, countdown=min(wait, 3600))
        return {"sent": 0, "claimed": 0}
    factories = {
        e.language: MessageFactory(e, campaign_id) for e in Edition.objects.filter(campaign_id=campaign_id)
    }
    limiter = RateLimiter(settings.PORTAL_LIST_RATE)
    deadline = time.monotonic() + settings.PORTAL_LIST_CLAIM_TIMEOUT / 2
    link = transport()
    date = formatdate(usegmt=True)
    sent, transient, permanent, deferred = [], {}, {}, {}
    tried = set()
    stop = None
    try:
        for row in rows:
            if time.monotonic() > deadline:
                break
            factory = factories.get(row["language"]) or factories[settings.LANGUAGE_CODE]
            token = tokens.manage_token_for(row["subscriber_id"], row["subscriber__key"])
            recipient, message = factory.build(
                email=row["subscriber__email"], subscriber_id=row["subscriber_id"], token=token, date=date
            )
            limiter.wait()
            tried.add(row["id"])
            try:
                link.send(factory.from_email, recipient, message)
            except Permanent as error:
                permanent[row["id"]] = (row["attempts"], str(error))
            except Transient as error:
                transient[row["id"]] = (row["attempts"], str(error))
            except (Unreachable, Refused) as error:
                deferred[row["id"]] = str(error)
                stop = error
                break
            else:
                sent.append(row["id"])
    finally:
        link.close()
        untouched = [row["id"] for row in rows if row["id"] not in tried]
        if isinstance(stop, Unreachable):  # the others wait too, or other chains would hammer the relay
            deferred.update({delivery_id: str(stop) for delivery_id in untouched})
            untouched = []
        services.record_results(
            campaign_id=campaign_id,
            claim=claim,
            sent=sent,
            transient=transient,
            permanent=permanent,
            deferred=deferred,
            untouched=untouched,
        )
    if isinstance(stop, Refused):
        services.pipeline_pause(campaign_id=campaign_id, error=str(stop))
        return {"sent": len(sent), "claimed": len(rows), "paused": str(stop)}
    if isinstance(stop, Unreachable):
        # The relay is down: the rows wait PORTAL_LIST_RETRY_SECONDS, and so does the chain.
        services.enqueue_batch(campaign_id, generation, countdown=settings.PORTAL_LIST_RETRY_SECONDS)
        return {"sent": len(sent), "claimed": 0, "deferred": len(deferred)}
    services.enqueue_batch(campaign_id, generation)
    return {
        "sent": len(sent),
        "claimed": len(rows),
        "transient": len(transient),
        "permanent": len(permanent),
    }

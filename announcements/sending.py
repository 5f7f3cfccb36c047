"""Sending one batch: claim rows, send each over one SMTP connection, sort
the outcomes (sent, transient failure to retry, permanent failure), record
them in a few updates, and hand over to the next batch.

The transport is plain smtplib when Django's SMTP backend is configured (one
connection per batch, messages as pre-built bytes), and Django's configured
backend otherwise (files or the console with `make run`, memory in tests)."""

import contextlib
import email
import smtplib
import time
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
    """Try again later: 4xx, a lost connection, a timeout."""


class Permanent(Exception):
    """Never retried: 5xx."""


def classify(error: Exception) -> Exception:
    code = None
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code = next(iter(error.recipients.values()))[0]
    elif isinstance(error, smtplib.SMTPResponseException):
        code = error.smtp_code
    text = f"{type(error).__name__}: {error}"[:500]
    if code is not None and 500 <= code < 600:
        return Permanent(text)
    return Transient(text)


class SMTPTransport:
    def __init__(self):
        self.connection = None
        self.pipelining = False

    def open(self):
        cls = smtplib.SMTP_SSL if settings.EMAIL_USE_SSL else smtplib.SMTP
        connection = cls(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=settings.EMAIL_TIMEOUT)
        if settings.EMAIL_USE_TLS:
            connection.starttls()
        if settings.EMAIL_HOST_USER:
            connection.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
        self.connection = connection

    def send(self, sender: str, recipient: str, message: bytes) -> None:
        if self.connection is None:
            self.open()
            self.connection.ehlo_or_helo_if_needed()
            self.pipelining = self.connection.has_extn("pipelining")
        try:
            if self.pipelining and recipient.isascii():
                self._pipelined(sender, recipient, message)
            else:
                self.connection.sendmail(sender, [recipient], message)
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            self.close(quit=False)
            raise classify(error) from error
        except smtplib.SMTPException as error:
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
            try:
                if quit:
                    self.connection.quit()
                else:
                    self.connection.close()
            except (smtplib.SMTPException, OSError):
                pass
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

    def close(self):
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


def send_batch(campaign_id: int) -> dict:
    """One batch. Returns its figures; queues the next batch while there is work."""
    campaign = Campaign.objects.filter(pk=campaign_id).only("state").first()
    if campaign is None or campaign.state != Campaign.State.SENDING:
        return {"sent": 0, "stopped": True}
    rows = services.claim_batch(campaign_id=campaign_id, size=settings.PORTAL_LIST_BATCH_SIZE)
    if not rows:
        if services.finish_if_done(campaign_id):
            return {"sent": 0, "finished": True}
        due = services.next_due(campaign_id)
        if due is not None:
            wait = max(1, int((due - timezone.now()).total_seconds()) + 1)
            services.enqueue_batch(campaign_id, countdown=min(wait, 3600))
        return {"sent": 0}
    factories = {
        e.language: MessageFactory(e, campaign_id) for e in Edition.objects.filter(campaign_id=campaign_id)
    }
    limiter = RateLimiter(settings.PORTAL_LIST_RATE)
    link = transport()
    date = formatdate()
    sent, transient, permanent = [], {}, {}
    try:
        for row in rows:
            factory = factories.get(row["language"]) or factories[settings.LANGUAGE_CODE]
            token = tokens.manage_token_for(row["subscriber_id"], row["subscriber__key"])
            recipient, message = factory.build(
                email=row["subscriber__email"], subscriber_id=row["subscriber_id"], token=token, date=date
            )
            limiter.wait()
            try:
                link.send(factory.from_email, recipient, message)
            except Permanent as error:
                permanent[row["id"]] = (row["attempts"], str(error))
            except Transient as error:
                transient[row["id"]] = (row["attempts"], str(error))
            else:
                sent.append(row["id"])
    except (OSError, smtplib.SMTPException) as error:  # could not even connect
        done = set(sent) | set(transient) | set(permanent)
        for row in rows:
            if row["id"] not in done:
                transient[row["id"]] = (row["attempts"], f"{type(error).__name__}: {error}"[:500])
    finally:
        link.close()
    services.record_results(campaign_id=campaign_id, sent=sent, transient=transient, permanent=permanent)
    services.enqueue_batch(campaign_id)
    return {"sent": len(sent), "transient": len(transient), "permanent": len(permanent)}

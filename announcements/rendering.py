"""A campaign's mail: each language rendered once (subject, plain text,
HTML), then for each recipient only the address, the links with their token
and the Message-ID change. The message bytes are assembled from pre-encoded
pieces, so a batch spends its time on SMTP, not on building MIME trees."""

import base64
import re
from email.header import Header
from email.utils import formatdate

from django.conf import settings
from django.core.mail.message import sanitize_address
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags

from announcements.models import Edition

MANAGE = "%%manage_url%%"
UNSUBSCRIBE = "%%unsubscribe_url%%"
HREF = re.compile(r'(href|src)="/(?!/)')


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def edition_pages(source, languages) -> dict:
    """{language: the page to send}: the translation when it is published, up
    to date and open to everyone, else the English page. One lookup for all."""
    from localization.pages import UP_TO_DATE, states_for

    others = [code for code in languages if code != settings.LANGUAGE_CODE]
    states = states_for([source], others) if others else {}
    pages = {}
    for code in languages:
        state = states.get((source.pk, code))
        translated = state.translated_page if state and state.status == UP_TO_DATE else None
        usable = (
            translated is not None and translated.live and not translated.get_view_restrictions().exists()
        )
        pages[code] = translated.specific if usable else source
    return pages


def render_edition(campaign, language: str, page=None) -> Edition:
    """The edition of `campaign` in `language` (not saved): what the preview
    shows and what is sent. `page`: the page to send, when already looked up."""
    source = campaign.page.specific
    page = page or edition_pages(source, [language])[language]
    web_url = site_url() + page.url if page.url.startswith("/") else page.full_url
    context = {
        "page": page,
        "language": language,
        "fallback": page.pk == source.pk and language != settings.LANGUAGE_CODE,
        "web_url": web_url,
        "archive_url": f"{site_url()}/{language}/announcements/",
        "manage_url": MANAGE,
        "unsubscribe_url": UNSUBSCRIBE,
        "site_url": site_url(),
        "list_name": settings.PORTAL_LIST_NAME,
    }
    with translation.override(language):
        html = HREF.sub(rf'\1="{site_url()}/', render_to_string("announcements/mail/campaign.html", context))
        body_text = _text(render_to_string("announcements/mail/campaign_body.html", context))
        text = render_to_string("announcements/mail/campaign.txt", {**context, "body_text": body_text})
    return Edition(
        campaign=campaign,
        language=language,
        page=page,
        subject=str(page.title),
        text=text,
        html=html,
        web_url=web_url,
    )


def _text(html: str) -> str:
    """Readable plain text from the page body's HTML: paragraphs kept, tags dropped."""
    html = re.sub(r"(?i)<br\s*/?>", "\n", html)
    html = re.sub(r"(?i)</(p|h[1-6]|li|blockquote|figure|div)>", "\n\n", html)
    html = re.sub(r'(?i)<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', lambda m: f"{m[2]} ({_absolute(m[1])})", html)
    text = strip_tags(html)
    from html import unescape

    lines = [" ".join(line.split()) for line in unescape(text).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _absolute(url: str) -> str:
    return site_url() + url if url.startswith("/") and not url.startswith("//") else url


def render_editions(campaign) -> list[Edition]:
    """Render and store every configured language once, as sending starts."""
    Edition.objects.filter(campaign=campaign).delete()
    pages = edition_pages(campaign.page.specific, [code for code, _name in settings.LANGUAGES])
    editions = [render_edition(campaign, code, page) for code, page in pages.items()]
    return Edition.objects.bulk_create(editions)


def _b64(data: bytes) -> bytes:
    return base64.encodebytes(data).replace(b"\n", b"\r\n")


# base64 lines hold 57 bytes: a body cut at a multiple of 57 encodes as the
# same lines in two pieces as in one.
LINE = 57
MANAGE_B, UNSUBSCRIBE_B = MANAGE.encode(), UNSUBSCRIBE.encode()


class _Part:
    """A text or HTML body whose per-recipient links sit near its end: what
    comes before the first of them is encoded once, only the rest per recipient."""

    def __init__(self, text: str):
        data = text.encode("utf-8")
        found = [i for i in (data.find(MANAGE_B), data.find(UNSUBSCRIBE_B)) if i >= 0]
        cut = (min(found) // LINE) * LINE if found else len(data) // LINE * LINE
        self.head = _b64(data[:cut])
        self.tail = data[cut:]

    def encode(self, manage: bytes, unsubscribe: bytes) -> bytes:
        return self.head + _b64(self.tail.replace(MANAGE_B, manage).replace(UNSUBSCRIBE_B, unsubscribe))


def _phrase(name: str) -> str:
    """A display name for a header: encoded when not ASCII, quoted otherwise."""
    name = " ".join(name.split())
    if not name.isascii():
        return Header(name, "utf-8").encode(linesep="\r\n")
    return '"' + name.replace("\\", "").replace('"', "") + '"'


class MessageFactory:
    """Builds one recipient's message bytes from an edition."""

    def __init__(self, edition: Edition, campaign_id: int):
        self.campaign_id = campaign_id
        self.language = edition.language
        self.from_email = sanitize_address(settings.PORTAL_LIST_FROM_EMAIL, "utf-8")
        self.domain = settings.PORTAL_LIST_DOMAIN
        self.site = site_url()
        subject = edition.subject.replace("\r", " ").replace("\n", " ")
        if not subject.isascii() or len(subject) > 70:
            subject = Header(subject, "utf-8").encode(linesep="\r\n")
        self.text = _Part(edition.text)
        self.html = _Part(edition.html)
        self.boundary = f"=_announcement_{campaign_id}_{edition.language}"
        self.head = (
            f"From: {self.from_email}\r\n"
            f"Subject: {subject}\r\n"
            f"MIME-Version: 1.0\r\n"
            f"List-Id: {_phrase(settings.PORTAL_LIST_NAME)} <{settings.PORTAL_LIST_ID}>\r\n"
            f"List-Post: NO\r\n"
            f"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
            f"Precedence: list\r\n"
            f"Auto-Submitted: auto-generated\r\n"
            f"Content-Language: {edition.language}\r\n"
            f'Content-Type: multipart/alternative; boundary="{self.boundary}"\r\n'
        ).encode()
        self.text_head = (
            f"--{self.boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Transfer-Encoding: base64\r\n\r\n"
        ).encode()
        self.html_head = (
            f"\r\n--{self.boundary}\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"Content-Transfer-Encoding: base64\r\n\r\n"
        ).encode()
        self.tail = f"\r\n--{self.boundary}--\r\n".encode()

    def message_id(self, subscriber_id: int) -> str:
        """The same for every attempt at one delivery: a resend after a crash is recognisable."""
        return f"<announcement.{self.campaign_id}.{subscriber_id}@{self.domain}>"

    def build(
        self,
        *,
        email: str,
        subscriber_id: int,
        token: str,
        date: str | None = None,
        message_id: str | None = None,
    ) -> tuple[str, bytes]:
        """(envelope recipient, message bytes). `message_id`: instead of the delivery's own (tests)."""
        # Addresses are stored validated and lower-cased: plain ASCII needs no more work.
        to = (
            email
            if email.isascii() and not any(c in email for c in '\r\n<>,"')
            else sanitize_address(email, "utf-8")
        )
        manage = f"{self.site}/{self.language}/announcements/manage/{token}/"
        unsubscribe = f"{self.site}/{self.language}/announcements/unsubscribe/{token}/"
        links = manage.encode(), unsubscribe.encode()
        mailto = f"mailto:{settings.PORTAL_LIST_UNSUBSCRIBE_MAILTO}?subject=unsubscribe%20{token}"
        headers = (
            f"To: {to}\r\n"
            f"Date: {date or formatdate(usegmt=True)}\r\n"
            f"Message-ID: {message_id or self.message_id(subscriber_id)}\r\n"
            f"List-Unsubscribe: <{unsubscribe}>,\r\n <{mailto}>\r\n"
            "\r\n"
        ).encode()
        return to, b"".join(
            (
                self.head,
                headers,
                self.text_head,
                self.text.encode(*links),
                self.html_head,
                self.html.encode(*links),
                self.tail,
            )
        )

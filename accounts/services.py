"""Writes for accounts: language preference and outgoing mail."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import get_supported_language_variant

from portal.cache import content_changed


def supported_language(code: str | None) -> str:
    try:
        return get_supported_language_variant(code or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def language_for_email(email: str, *, fallback: str | None) -> str:
    """The language of the account that owns this address, else the fallback."""
    User = get_user_model()
    preferred = User.objects.filter(email__iexact=email).values_list("preferred_language", flat=True).first()
    return supported_language(preferred or fallback)


def _sync_wagtail_profile(user) -> None:
    """Wagtail's admin and its moderation mails read their own profile field."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    if profile.preferred_language != user.preferred_language:
        profile.preferred_language = user.preferred_language
        profile.save(update_fields=["preferred_language"])


def user_set_language(*, user, language: str) -> None:
    if not user.is_authenticated:
        return
    language = supported_language(language)
    with transaction.atomic():
        if user.preferred_language != language:
            user.preferred_language = language
            user.save(update_fields=["preferred_language"])
        _sync_wagtail_profile(user)


def user_update_profile(
    *,
    user,
    first_name: str,
    last_name: str,
    preferred_language: str,
    public_name: str | None = None,
    thank_publicly: bool | None = None,
):
    fields = ["first_name", "last_name", "preferred_language"]
    with transaction.atomic():
        changed_wall = thank_publicly is not None and (
            thank_publicly != user.thank_publicly or (user.thank_publicly and public_name != user.public_name)
        )
        user.first_name = first_name
        user.last_name = last_name
        user.preferred_language = supported_language(preferred_language)
        if public_name is not None:
            user.public_name = public_name.strip()
            fields.append("public_name")
        if thank_publicly is not None:
            user.thank_publicly = thank_publicly
            fields.append("thank_publicly")
        user.save(update_fields=fields)
        _sync_wagtail_profile(user)
        if changed_wall:
            # The contributors wall is a public page.
            content_changed()
    return user


def message_to_payload(message: EmailMessage) -> dict:
    alternatives = [[content, mimetype] for content, mimetype in getattr(message, "alternatives", [])]
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": alternatives,
        "content_subtype": message.content_subtype,
    }


def payload_to_message(payload: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    message.content_subtype = payload["content_subtype"]
    return message


def queue_templated_email(*, template_prefix: str, to: list[str], language: str, context: dict) -> None:
    """Render `<prefix>_subject.txt` and `<prefix>_message.txt` in the
    recipient's language and send them through Celery after commit."""
    with translation.override(supported_language(language)):
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        body = render_to_string(f"{template_prefix}_message.txt", context)
    queue_email(EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to))


def mail_users(*, users, template_prefix: str, context: dict) -> None:
    """One mail per person, each in their own language."""
    for user in users:
        queue_templated_email(
            template_prefix=template_prefix,
            to=[user.email],
            language=user.preferred_language,
            context={**context, "recipient": user},
        )


def queue_email(message: EmailMessage) -> None:
    """Send a rendered message from a Celery worker once the transaction commits."""
    from accounts.tasks import send_email

    payload = message_to_payload(message)
    transaction.on_commit(lambda: send_email.delay(payload=payload))

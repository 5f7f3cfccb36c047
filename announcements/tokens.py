"""Signed links for subscribers, so that nobody needs to sign in.

- confirm: in the confirmation mail, expires after PORTAL_LIST_CONFIRM_DAYS;
- manage: in every list mail (preferences and one-click unsubscribe); it
  does not expire, since old mails must keep working.

Both carry the subscriber's id and key: a new key voids every earlier link."""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "announcements.confirm"
MANAGE_SALT = "announcements.manage"


class Invalid(Exception):
    pass


class Expired(Exception):
    pass


def _value(subscriber) -> str:
    return f"{subscriber.pk}.{subscriber.key}"


def confirm_token(subscriber) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(_value(subscriber))


def manage_token(subscriber) -> str:
    return manage_token_for(subscriber.pk, subscriber.key)


def manage_token_for(pk: int, key: str) -> str:
    """The same token without loading the subscriber (the sending loop has id and key)."""
    return signing.Signer(salt=MANAGE_SALT).sign(f"{pk}.{key}")


def _subscriber(value: str):
    from announcements.models import Subscriber

    pk, _dot, key = value.partition(".")
    if not pk.isdigit() or not key:
        raise Invalid
    subscriber = Subscriber.objects.filter(pk=int(pk)).first()
    if subscriber is None or subscriber.key != key:
        raise Invalid
    return subscriber


def from_confirm_token(token: str):
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(
            token, max_age=settings.PORTAL_LIST_CONFIRM_DAYS * 86400
        )
    except signing.SignatureExpired:
        raise Expired from None
    except signing.BadSignature:
        raise Invalid from None
    return _subscriber(value)


def from_manage_token(token: str):
    try:
        value = signing.Signer(salt=MANAGE_SALT).unsign(token)
    except signing.BadSignature:
        raise Invalid from None
    return _subscriber(value)

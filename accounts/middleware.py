import re

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from allauth.mfa.models import Authenticator

from accounts.roles import is_privileged


class UserLanguageMiddleware:
    """A signed-in member's preferred language decides where an unprefixed URL
    (such as "/") leads; a language in the URL always wins. Runs before
    LocaleMiddleware, which reads the language cookie we fill in here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_language:
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = user.preferred_language
        return self.get_response(request)


def has_mfa(user) -> bool:
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


class PrivilegedMFAMiddleware:
    """Moderators, administrators, reviewers, translators and staff must set up a
    second factor before any admin or review page opens (allauth has no such
    setting: see its issue #3649)."""

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def patterns(self):
        return [re.compile(p) for p in settings.PORTAL_MFA_REQUIRED_PATHS]

    def __call__(self, request):
        if self.requires_mfa(request):
            messages.warning(
                request,
                _(
                    "Your role gives you access to moderation and administration pages. "
                    "Set up two-factor authentication to open them."
                ),
            )
            with translation.override(
                getattr(request.user, "preferred_language", None) or settings.LANGUAGE_CODE
            ):
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    def requires_mfa(self, request) -> bool:
        if not any(p.match(request.path_info) for p in self.patterns):
            return False
        user = request.user
        return is_privileged(user) and not has_mfa(user)

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import LanguageForm, ProfileForm


def admin_login_redirect(request, default_next="/admin/"):
    """Wagtail's and Django's login forms are closed: visitors go to allauth.

    A signed-in person who lands here was sent by an admin that refused
    them: sending them to the login page would bounce straight back (allauth
    returns signed-in users to `next`), so they get the 403 page instead."""
    if request.user.is_authenticated:
        raise PermissionDenied
    next_url = request.GET.get("next") or default_next
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = default_next
    return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


def frontend_login_redirect(request):
    """Wagtail's login form for private pages: also allauth's job."""
    return admin_login_redirect(request, default_next="/")


@csrf_exempt
@require_POST
def switch_language(request):
    """Switch the interface language and stay on the same page.

    Exempt from CSRF on purpose: the form is in every page's header, and a
    token there would make public pages impossible to cache. The worst a
    forged request can do is change someone's interface language."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Unknown language."))
    language = form.cleaned_data["language"]
    next_url = form.cleaned_data["next"] or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(translate_url(next_url, language))
    services.user_set_language(user=request.user, language=language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
        httponly=False,
    )
    return response


@login_required
def profile(request):
    form = ProfileForm.for_user(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.user_update_profile(user=request.user, **form.cleaned_data)
        with translation.override(user.preferred_language):
            messages.success(request, _("Your profile has been saved."))
            return redirect(reverse("account_profile"))
    return render(request, "account/profile.html", {"form": form})

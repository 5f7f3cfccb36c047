"""The public side of the announcements list: subscribing (double opt-in),
confirming, the preferences page reached from every mail by its signed link,
one-click unsubscribe (RFC 8058), a member's own subscription, and the web
archive of sent issues."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from announcements import selectors, services, tokens
from announcements.forms import LanguageForm, SubscribeForm
from announcements.models import Subscriber
from portal import ratelimit


def archive(request):
    """Sent issues, newest first, each linking to the web version in the reader's language."""
    paginator = Paginator(selectors.archive(get_language()), 20)
    return TemplateResponse(
        request,
        "announcements/archive.html",
        {"page_obj": paginator.get_page(request.GET.get("page")), "form": SubscribeForm(auto_id="list-%s")},
    )


# The subscribe box sits on cached public pages, which carry no CSRF token:
# the worst a forged request can do is send a confirmation mail, which
# changes nothing until its reader confirms.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def subscribe(request):
    form = SubscribeForm(request.POST or None, auto_id="list-%s")
    status = 200
    if request.method == "POST":
        if form.is_bot():
            return redirect("announcements:thanks")
        if form.is_valid():
            if not ratelimit.hit(request, "list_subscribe"):
                form.add_error(None, _("Too many requests from your address. Please try again in an hour."))
                status = 429
            else:
                services.subscribe(email=form.cleaned_data["email"], language=form.cleaned_data["language"])
                return redirect("announcements:thanks")
        else:
            status = 400
    return TemplateResponse(request, "announcements/subscribe.html", {"form": form}, status=status)


def thanks(request):
    return TemplateResponse(request, "announcements/thanks.html")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button (mail scanners follow links); POST confirms."""
    try:
        subscriber = tokens.from_confirm_token(token)
    except tokens.Expired:
        return TemplateResponse(
            request, "announcements/link_problem.html", {"problem": "expired"}, status=410
        )
    except tokens.Invalid:
        return TemplateResponse(
            request, "announcements/link_problem.html", {"problem": "invalid"}, status=404
        )
    if subscriber.state == Subscriber.State.CONFIRMED:
        return TemplateResponse(
            request,
            "announcements/confirmed.html",
            {"already": True, "manage_token": tokens.manage_token(subscriber)},
        )
    if request.method == "POST":
        services.confirm(subscriber=subscriber)
        return TemplateResponse(
            request,
            "announcements/confirmed.html",
            {"already": False, "manage_token": tokens.manage_token(subscriber)},
        )
    return TemplateResponse(request, "announcements/confirm.html", {"subscriber": subscriber})


def _from_manage_token(request, token):
    try:
        return tokens.from_manage_token(token), None
    except tokens.Invalid:
        return None, TemplateResponse(
            request, "announcements/link_problem.html", {"problem": "invalid"}, status=404
        )


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    """Preferences without signing in: language, unsubscribe, resubscribe."""
    subscriber, problem = _from_manage_token(request, token)
    if problem:
        return problem
    form = LanguageForm(initial={"language": subscriber.language})
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "unsubscribe":
            services.unsubscribe(subscriber=subscriber)
            messages.success(request, _("You are unsubscribed. No more announcements will reach you."))
        elif action == "resubscribe":
            services.resubscribe(subscriber=subscriber)
            messages.success(request, _("Welcome back: you are subscribed again."))
        elif action == "language":
            form = LanguageForm(request.POST)
            if form.is_valid():
                services.set_language(subscriber=subscriber, language=form.cleaned_data["language"])
                messages.success(request, _("Saved: the next mails come in this language."))
            else:
                return _manage_page(request, subscriber, form, token, status=400)
        else:
            messages.error(request, _("Choose what to change."))
        return redirect("announcements:manage", token=token)
    return _manage_page(request, subscriber, form, token)


def _manage_page(request, subscriber, form, token, status=200):
    return TemplateResponse(
        request,
        "announcements/manage.html",
        {"subscriber": subscriber, "form": form, "token": token},
        status=status,
    )


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """RFC 8058: a POST (from the mail client, with no cookie and no CSRF
    token) unsubscribes at once; a GET only shows a page with a button, since
    link scanners follow every link in a mail."""
    subscriber, problem = _from_manage_token(request, token)
    if problem:
        return problem
    if request.method == "POST":
        services.unsubscribe(subscriber=subscriber)
        return TemplateResponse(request, "announcements/unsubscribed.html", {"token": token})
    return TemplateResponse(
        request, "announcements/unsubscribe.html", {"subscriber": subscriber, "token": token}
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def mine(request):
    """A member's own subscription, with the account's (verified) address."""
    user = request.user
    subscriber = services.member_subscription(user)
    form = LanguageForm(
        request.POST or None,
        initial={
            "language": subscriber.language if subscriber else user.preferred_language or get_language()
        },
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "unsubscribe" and subscriber:
            services.unsubscribe(subscriber=subscriber)
            messages.success(request, _("You are unsubscribed. No more announcements will reach you."))
            return redirect("announcements:mine")
        if action == "subscribe" and form.is_valid():
            try:
                services.member_subscribe(user=user, language=form.cleaned_data["language"])
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("Saved: you receive the announcements in this language."))
            return redirect("announcements:mine")
        if action not in ("unsubscribe", "subscribe"):
            messages.error(request, _("Choose what to change."))
            return redirect("announcements:mine")
    return TemplateResponse(
        request,
        "announcements/mine.html",
        {"subscriber": subscriber, "form": form},
        status=400 if form.errors else 200,
    )

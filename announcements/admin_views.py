"""Campaigns and subscribers in the Wagtail admin.

`announcements.send_campaign` (moderators and administrators, migrations
0002_roles) opens everything here: create a campaign from a published news
update, preview it in each language, send a test to oneself, schedule it or
send it now, pause, resume or cancel it, and watch its progress live."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from announcements import rendering, selectors, services
from announcements.forms import ScheduleForm, TestSendForm, language_choices
from announcements.models import Campaign, Subscriber

C = Campaign.State
PER_PAGE = 50


def _require(request):
    if not services.may_send(request.user):
        raise PermissionDenied


def campaign_list(request):
    _require(request)
    campaigns = Paginator(Campaign.objects.select_related("page", "created_by"), PER_PAGE).get_page(
        request.GET.get("p")
    )
    return TemplateResponse(
        request,
        "announcements/admin/campaign_list.html",
        {"campaigns": campaigns, "counts": selectors.subscriber_counts(), "pages": _sendable_pages()},
    )


def _sendable_pages():
    """Published English news updates, newest first, for the "new campaign" form."""
    from wagtail.models import Locale

    from news.models import NewsPage

    return NewsPage.objects.live().filter(locale=Locale.get_default()).order_by("-date", "-pk")[:50]


def campaign_create(request):
    _require(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    from wagtail.models import Page

    page_id = request.POST.get("page", "")
    page = Page.objects.filter(pk=int(page_id)).first() if page_id.isdigit() else None
    if page is None:
        messages.error(request, _("Choose a published news update."))
        return redirect("announcements_admin:campaigns")
    try:
        campaign = services.campaign_create(page=page, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("announcements_admin:campaigns")
    return redirect("announcements_admin:campaign", pk=campaign.pk)


# Lazy: looked up in the reader's language when shown, not at import.
MOVE_LABELS = {
    C.SENDING: gettext_lazy("Send now"),
    C.PAUSED: gettext_lazy("Pause"),
    C.CANCELLED: gettext_lazy("Cancel the campaign"),
    C.DRAFT: gettext_lazy("Unschedule"),
}


def campaign_detail(request, pk):
    _require(request)
    campaign = get_object_or_404(Campaign.objects.select_related("page", "created_by"), pk=pk)
    moves = [
        (to, _("Resume") if to == C.SENDING and campaign.state == C.PAUSED else MOVE_LABELS[to])
        for to in (C.SENDING, C.PAUSED, C.DRAFT, C.CANCELLED)
        if to in services.CAMPAIGN_MOVES[C(campaign.state)]
    ]
    return TemplateResponse(
        request,
        "announcements/admin/campaign_detail.html",
        {
            "campaign": campaign,
            "moves": moves,
            "may_schedule": C.SCHEDULED in services.CAMPAIGN_MOVES[C(campaign.state)],
            "schedule_form": ScheduleForm(
                initial={"scheduled_at": campaign.scheduled_at and timezone.localtime(campaign.scheduled_at)}
            ),
            "test_form": TestSendForm(initial={"language": request.user.preferred_language or "en"}),
            "progress": selectors.progress(campaign),
            "languages": language_choices(),
            "editions": {e.language: e for e in campaign.editions.all()},
        },
    )


def campaign_move(request, pk):
    _require(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    campaign = get_object_or_404(Campaign, pk=pk)
    to = request.POST.get("to", "")
    scheduled_at = None
    if to == C.SCHEDULED:
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Enter a date and time."))
            return redirect("announcements_admin:campaign", pk=pk)
        scheduled_at = form.cleaned_data["scheduled_at"]
    if to not in C.values:
        messages.error(request, _("Choose what should happen to the campaign."))
        return redirect("announcements_admin:campaign", pk=pk)
    try:
        services.campaign_move(campaign=campaign, to=to, actor=request.user, scheduled_at=scheduled_at)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Done."))
    return redirect("announcements_admin:campaign", pk=pk)


def campaign_test(request, pk):
    """Send the campaign, in one language, to oneself."""
    _require(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    campaign = get_object_or_404(Campaign, pk=pk)
    form = TestSendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the languages offered."))
        return redirect("announcements_admin:campaign", pk=pk)
    try:
        services.test_send(campaign=campaign, language=form.cleaned_data["language"], user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("A test is on its way to %(email)s.") % {"email": request.user.email})
    return redirect("announcements_admin:campaign", pk=pk)


def campaign_preview(request, pk, language):
    """The HTML part as a subscriber reading `language` gets it (shown in a sandboxed frame)."""
    _require(request)
    campaign = get_object_or_404(Campaign, pk=pk)
    if language not in dict(language_choices()):
        raise Http404
    edition = campaign.editions.filter(language=language).first() or rendering.render_edition(
        campaign, language
    )
    response = HttpResponse(edition.html)
    response["Content-Security-Policy"] = "default-src 'none'; img-src * data:; style-src 'unsafe-inline'"
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


@never_cache
def campaign_progress(request, pk):
    """The figures the progress bar polls while a campaign is sending."""
    _require(request)
    campaign = get_object_or_404(Campaign, pk=pk)
    return JsonResponse(selectors.progress(campaign))


def subscriber_list(request):
    _require(request)
    queryset = Subscriber.objects.all()
    state = request.GET.get("state", "")
    language = request.GET.get("language", "")
    query = request.GET.get("q", "").strip()
    if state in Subscriber.State.values:
        queryset = queryset.filter(state=state)
    if language in dict(language_choices()):
        queryset = queryset.filter(language=language)
    if query:
        queryset = queryset.filter(Q(email__icontains=query))
    page = Paginator(queryset.order_by("email"), PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "announcements/admin/subscriber_list.html",
        {
            "subscribers": page,
            "states": Subscriber.State.choices,
            "languages": language_choices(),
            "selected": {"state": state, "language": language, "q": query},
            "counts": selectors.subscriber_counts(),
        },
    )

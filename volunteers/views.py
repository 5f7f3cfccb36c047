"""Public pages: get involved, team pages, the participation form, "My
participation" (with the data export and account deletion) and the leads'
application queue."""

import json
import time

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from allauth.account.decorators import reauthentication_required

from portal import ratelimit
from volunteers import selectors, services
from volunteers.forms import DecisionForm, DeleteAccountForm, ParticipationForm
from volunteers.models import Application, ApplicationState, Volunteer

DRAFT_KEY = "volunteers:draft"
DRAFT_TIME_KEY = "volunteers:draft-time"
DRAFT_SECONDS = 3600


def get_involved(request):
    return TemplateResponse(request, "volunteers/get_involved.html", {"teams": selectors.teams_with_counts()})


def team(request, slug):
    found = selectors.team_by_slug(slug)
    if found is None:
        raise Http404
    mine = None
    if request.user.is_authenticated:
        mine = Application.objects.filter(user=request.user, team=found).first()
    return TemplateResponse(
        request,
        "volunteers/team.html",
        {
            "team": found,
            # Public names only (or first names): team pages are public.
            "leads": [
                u.public_name or u.first_name for u in found.leads.all() if u.public_name or u.first_name
            ],
            "mine": mine,
            "can_decide": services.can_decide(request.user, found),
        },
    )


def _as_querydict(draft: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in draft.items():
        data.setlist(key, values)
    return data


def join(request):
    """The participation form. A visitor fills it in first; it is kept in their
    session while they sign up, and shown again, filled in, once they are in."""
    user = request.user
    volunteer = applications = None
    if user.is_authenticated:
        volunteer = Volunteer.objects.filter(user=user).prefetch_related("languages").first()
        applications = selectors.my_applications(user)
    draft = request.session.get(DRAFT_KEY)
    if draft and time.time() - request.session.get(DRAFT_TIME_KEY, 0) > DRAFT_SECONDS:
        # An hour-old draft on a shared browser is someone else's: forget it.
        request.session.pop(DRAFT_KEY, None)
        draft = None
    if request.method == "POST":
        form = ParticipationForm(request.POST)
    elif draft and user.is_authenticated:
        form = ParticipationForm(_as_querydict(draft))
        messages.info(
            request, _("We kept what you typed before signing up. Check it and send the form to finish.")
        )
    elif draft:
        form = ParticipationForm(_as_querydict(draft))
    else:
        initial = ParticipationForm.initial_for(volunteer, user, applications or [])
        chosen = selectors.joinable_teams().filter(slug=request.GET.get("team", "")).first()
        if chosen is not None and chosen.pk not in initial.get("teams", []):
            initial["teams"] = [*initial.get("teams", []), chosen.pk]  # "Join <team>" on a team page
        form = ParticipationForm(initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_bot():
            return redirect("volunteers:get_involved")
        if form.is_valid():
            if not ratelimit.hit(request, "volunteer_register"):
                form.add_error(
                    None, _("Too many registrations from your address. Please try again in an hour.")
                )
                status = 429
            elif not user.is_authenticated:
                request.session[DRAFT_TIME_KEY] = time.time()
                request.session[DRAFT_KEY] = {
                    key: request.POST.getlist(key)
                    for key in request.POST
                    if key not in ("csrfmiddlewaretoken",)
                }
                messages.info(
                    request,
                    _("Almost there: create your account (or sign in), and your answers will be waiting."),
                )
                return redirect(
                    f"{reverse('account_signup')}?{urlencode({'next': reverse('volunteers:join')})}"
                )
            else:
                try:
                    services.volunteer_register(user=user, data=form.cleaned_data)
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    request.session.pop(DRAFT_KEY, None)
                    messages.success(request, _("Thank you for volunteering! Your registration is saved."))
                    return redirect("volunteers:me")
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return TemplateResponse(
        request,
        "volunteers/join.html",
        {"form": form, "editing": volunteer is not None},
        status=status,
    )


@login_required
def me(request):
    volunteer = Volunteer.objects.filter(user=request.user).prefetch_related("languages").first()
    return TemplateResponse(
        request,
        "volunteers/me.html",
        {
            "volunteer": volunteer,
            "applications": selectors.my_applications(request.user),
            "led_teams": list(request.user.led_teams.all()),
        },
    )


@login_required
def withdraw(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    application = get_object_or_404(Application, pk=pk, user=request.user)
    try:
        services.volunteer_withdraw(application=application, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("You withdrew from %(team)s.") % {"team": application.team.name})
    return redirect("volunteers:me")


@login_required
def my_data(request):
    data = services.my_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="my-data-{timezone.localdate().isoformat()}.json"'
    )
    return response


@login_required
@reauthentication_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=request.user)
        logout(request)
        messages.success(
            request, _("Your account is deleted, and your personal data with it. Goodbye, and thank you.")
        )
        return redirect("/")
    return TemplateResponse(request, "volunteers/delete_account.html", {"form": form})


# --- Leads --------------------------------------------------------------------


def _team_for_lead(request, slug):
    found = selectors.team_by_slug(slug)
    if found is None:
        raise Http404
    if not request.user.is_authenticated or not services.can_decide(request.user, found):
        raise PermissionDenied
    return found


@login_required
def lead_queue(request, slug):
    team = _team_for_lead(request, slug)
    applications = selectors.lead_queue(team)
    for application in applications:
        if application.state in (ApplicationState.PENDING, ApplicationState.WAITLISTED):
            application.form = DecisionForm(application=application, prefix=f"a{application.pk}")
    return TemplateResponse(
        request,
        "volunteers/lead_queue.html",
        {"team": team, "applications": applications, "not_sure": selectors.not_sure_volunteers()},
    )


@login_required
def decide(request, slug, pk):
    team = _team_for_lead(request, slug)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    application = get_object_or_404(Application, pk=pk, team=team)
    form = DecisionForm(request.POST, application=application, prefix=f"a{application.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("volunteers:lead_queue", slug=team.slug)
    try:
        services.application_decide(
            application=application,
            to=form.cleaned_data["decision"],
            lead=request.user,
            note=form.cleaned_data["note"],
            translator_languages=form.cleaned_data.get("translator_languages") or [],
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Decision saved; the volunteer is told by email."))
    return redirect("volunteers:lead_queue", slug=team.slug)

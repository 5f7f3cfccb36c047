"""Volunteers in the Wagtail admin: the application list (filters, search,
bulk decisions, CSV export), the interest dashboard and the teams."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.forms import members_by_email
from portal.csv_export import to_csv
from volunteers import charts, selectors, services
from volunteers.forms import ApplicationFilterForm, BulkForm
from volunteers.models import Team

PER_PAGE = 50


def _require(request, *perms):
    if not all(request.user.has_perm(f"volunteers.{perm}") for perm in perms):
        raise PermissionDenied


def _filters(form) -> dict:
    if not form.is_valid():
        return {}
    return {k: v for k, v in form.cleaned_data.items() if v not in ("", None)}


def application_list(request):
    _require(request, "view_application")
    if request.method == "POST":
        return _bulk(request)
    form = ApplicationFilterForm(request.GET or None)
    filters = _filters(form)
    applications = selectors.admin_applications(**filters)
    if request.GET.get("export") == "csv":
        _require(request, "export_volunteers")
        return _csv(request, applications, filters)
    page = Paginator(applications, PER_PAGE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    query.pop("export", None)
    return TemplateResponse(
        request,
        "volunteers/admin/application_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "countries": selectors.countries(),
            "can_change": request.user.has_perm("volunteers.change_application"),
            "can_export": request.user.has_perm("volunteers.export_volunteers"),
        },
    )


def _bulk(request):
    _require(request, "change_application")
    back = reverse("volunteers_admin:applications") + "?" + request.POST.get("query", "")
    if not all(v.isdigit() and len(v) < 19 for v in request.POST.getlist("applications")):
        messages.error(request, _("Select at least one application."))
        return redirect(back)
    form = BulkForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect(back)
    moved, refused = services.applications_bulk_decide(
        applications=form.cleaned_data["applications"], to=form.cleaned_data["action"], user=request.user
    )
    if moved:
        messages.success(
            request, _("%(count)s applications updated; the volunteers are told by email.") % {"count": moved}
        )
    for reason in refused:
        messages.warning(request, _("Not changed: %(reason)s") % {"reason": reason})
    return redirect(back)


def _csv(request, applications, filters):
    rows = []
    for a in applications:
        v = getattr(a.user, "volunteer", None)
        rows.append(
            [
                a.created_at.strftime("%Y-%m-%d"),
                a.team.name_en,
                a.get_state_display(),
                v.display_name if v else "",
                a.user.email if v else "",
                v.country if v else "",
                v.timezone if v else "",
                " ".join(lang.code for lang in v.languages.all()) if v else "",
                ", ".join(v.skills) if v else "",
                v.hours_per_week if v else "",
                "yes" if v and v.contact_ok else "no",
            ]
        )
    header = [
        _("Applied"), _("Team"), _("Status"), _("Display name"), _("Email"), _("Country or region"),
        _("Time zone"), _("Languages"), _("Skills"), _("Hours per week"), _("May be contacted"),
    ]  # fmt: skip
    services.export_record(user=request.user, filters={k: str(v) for k, v in filters.items()}, rows=len(rows))
    response = HttpResponse(to_csv([str(h) for h in header], rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="volunteers-{timezone.localdate().isoformat()}.csv"'
    )
    return response


SERIES = [gettext_lazy("Applied"), gettext_lazy("Approved"), gettext_lazy("Active")]


def dashboard(request):
    _require(request, "view_application")
    data = selectors.dashboard()
    names = dict(settings.LANGUAGES)
    team_chart = charts.bar_chart(
        slug="teams",
        title=_("Interest per team"),
        series=[str(s) for s in SERIES],
        rows=[(name, [applied, approved, active]) for name, applied, approved, active in data.teams],
        summary=_(
            "Applications per team (withdrawn ones left out), approved members, and members who signed in lately."
        ),
    )
    weeks_chart = charts.bar_chart(
        slug="weeks",
        title=_("Sign-ups per week"),
        series=[_("Volunteers")],
        rows=[(monday.strftime("%Y-%m-%d"), [n]) for monday, n in data.weeks],
        summary=_("New volunteer registrations in each of the last 12 weeks (weeks start on Monday)."),
    )
    languages_chart = charts.bar_chart(
        slug="languages",
        title=_("Languages spoken"),
        series=[_("Volunteers")],
        rows=[(str(names.get(code, code)), [n]) for code, n in data.languages],
        summary=_("How many volunteers speak each of the portal's languages."),
    )
    regions_chart = charts.bar_chart(
        slug="timezones",
        title=_("Time zones"),
        series=[_("Volunteers")],
        rows=[(region, [n]) for region, n in data.regions],
        summary=_("Volunteers by time zone region."),
    )
    return TemplateResponse(
        request,
        "volunteers/admin/dashboard.html",
        {"data": data, "charts": [team_chart, weeks_chart, languages_chart, regions_chart]},
    )


# --- Teams ----------------------------------------------------------------------


class TeamForm(forms.ModelForm):
    lead_emails = forms.CharField(
        label=gettext_lazy("Leads"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Email addresses of members, separated by commas. They join the Team leads role."
        ),
    )

    class Meta:
        model = Team
        fields = [
            "name_en",
            "slug",
            "description_en",
            "how_to_join_en",
            "join_policy",
            "asks_languages",
            "sort_order",
        ]
        labels = {
            "name_en": gettext_lazy("Name (English)"),
            "description_en": gettext_lazy("Description (English)"),
            "how_to_join_en": gettext_lazy("How to join (English)"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_en"].required = True
        if self.instance.pk:
            self.initial["lead_emails"] = ", ".join(self.instance.leads.values_list("email", flat=True))

    def clean_lead_emails(self):
        return members_by_email(self.cleaned_data["lead_emails"])


def team_list(request):
    _require(request, "view_team")
    return TemplateResponse(
        request,
        "volunteers/admin/team_list.html",
        {"teams": selectors.teams_with_counts(), "can_add": request.user.has_perm("volunteers.add_team")},
    )


def team_edit(request, pk=None):
    team = get_object_or_404(Team, pk=pk) if pk else Team()
    _require(request, "change_team" if pk else "add_team")
    form = TeamForm(request.POST or None, instance=team)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            team = form.save()
            services.team_lead_set(team=team, users=form.cleaned_data["lead_emails"], actor=request.user)
        messages.success(request, _("Team “%(name)s” saved.") % {"name": team.name_en})
        return redirect("volunteers_admin:teams")
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    return TemplateResponse(
        request, "volunteers/admin/team_form.html", {"form": form, "team": team if pk else None}
    )

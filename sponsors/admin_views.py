"""Sponsors in the Wagtail admin: sponsors, levels and inquiries.

Permissions (granted to roles in migrations/0002_roles.py, docs/roles.md):
view_sponsor to list and open sponsors, add/change/delete_sponsor to edit,
publish_sponsor to show or hide one on public pages (moderators' review),
export_sponsors for the CSV exports, view/change_sponsorshipinquiry for
inquiries, and the level permissions for levels."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sponsors import selectors, services
from sponsors.forms import (
    InquiryFilterForm,
    InquiryMoveForm,
    LevelForm,
    SponsorFilterForm,
    SponsorForm,
)
from sponsors.models import InquiryState, Sponsor, SponsorLevel, SponsorshipInquiry

PER_PAGE = 50


def _require(request, *perms):
    if not all(request.user.has_perm(f"sponsors.{perm}") for perm in perms):
        raise PermissionDenied


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("p"))


def _csv_response(content: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response


def _filters(form):
    """Valid filters, or none: a bad value shows its error and an unfiltered list."""
    if form.is_valid():
        return form.cleaned_data
    return {}


# --- Sponsors ---------------------------------------------------------------


def sponsor_list(request):
    _require(request, "view_sponsor")
    form = SponsorFilterForm(request.GET or None)
    data = _filters(form)
    sponsors = selectors.sponsor_list(
        q=data.get("q", ""),
        level=data["level"].pk if data.get("level") else None,
        kind=data.get("kind", ""),
        status=data.get("status", ""),
        contacts=request.user.has_perm("sponsors.change_sponsor"),
    )
    if request.GET.get("export") == "csv":
        _require(request, "export_sponsors")
        return _csv_response(selectors.sponsors_csv(sponsors), "sponsors")
    page = _page(request, sponsors)
    today = timezone.localdate()
    for sponsor in page.object_list:
        sponsor.status_code, sponsor.status_label = selectors.sponsor_status(sponsor, today)
    query = request.GET.copy()
    query.pop("p", None)
    query["export"] = "csv"
    return TemplateResponse(
        request,
        "sponsors/admin/sponsor_list.html",
        {
            "form": form,
            "page": page,
            "export_query": query.urlencode(),
            "can_add": request.user.has_perm("sponsors.add_sponsor"),
            "can_export": request.user.has_perm("sponsors.export_sponsors"),
        },
    )


def sponsor_create(request):
    _require(request, "add_sponsor")
    inquiry = None
    if request.GET.get("inquiry") or request.POST.get("inquiry"):
        _require(request, "view_sponsorshipinquiry")
        inquiry = get_object_or_404(
            SponsorshipInquiry, pk=_int(request.GET.get("inquiry") or request.POST.get("inquiry"))
        )
        if inquiry.state != InquiryState.AGREED or hasattr(inquiry, "sponsor"):
            messages.error(request, _("Only an agreed inquiry without a sponsor can become a sponsor."))
            return redirect("sponsors_admin:inquiry", inquiry.pk)
    initial = {}
    if inquiry:
        initial = {
            "name": inquiry.organisation,
            "kinds": inquiry.kinds,
            "contact_name": inquiry.contact_name,
            "contact_email": inquiry.contact_email,
            "contact_language": inquiry.language,
        }
    form = SponsorForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            sponsor = services.sponsor_save(
                sponsor=form.save(commit=False),
                user=request.user,
                logo_upload=form.cleaned_data.get("logo_upload"),
                inquiry=inquiry,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Sponsor “%(name)s” created. A moderator reviews it before it shows on public pages.")
                % {"name": sponsor.name},
            )
            return redirect("sponsors_admin:sponsor", sponsor.pk)
    return TemplateResponse(
        request,
        "sponsors/admin/sponsor_form.html",
        {"form": form, "inquiry": inquiry, "sponsor": None, "levels_exist": SponsorLevel.objects.exists()},
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def sponsor_detail(request, pk):
    """Edit a sponsor (change_sponsor) or review it (view_sponsor), and publish or hide it (publish_sponsor)."""
    _require(request, "view_sponsor")
    sponsor = get_object_or_404(Sponsor.objects.select_related("level", "logo", "inquiry"), pk=pk)
    can_change = request.user.has_perm("sponsors.change_sponsor")
    form = None
    if can_change:
        form = SponsorForm(request.POST or None, request.FILES or None, instance=sponsor)
        if request.method == "POST" and form.is_valid():
            services.sponsor_save(
                sponsor=form.save(commit=False),
                user=request.user,
                logo_upload=form.cleaned_data.get("logo_upload"),
            )
            messages.success(request, _("Sponsor “%(name)s” saved.") % {"name": sponsor.name})
            return redirect("sponsors_admin:sponsor", sponsor.pk)
    elif request.method == "POST":
        raise PermissionDenied
    status_code, status_label = selectors.sponsor_status(sponsor)
    return TemplateResponse(
        request,
        "sponsors/admin/sponsor_detail.html",
        {
            "sponsor": sponsor,
            "form": form,
            "status_code": status_code,
            "status_label": status_label,
            "can_publish": request.user.has_perm("sponsors.publish_sponsor"),
            "can_delete": request.user.has_perm("sponsors.delete_sponsor"),
            "public_url": reverse("sponsors"),
        },
    )


def sponsor_publish(request, pk):
    _require(request, "publish_sponsor")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    sponsor = get_object_or_404(Sponsor, pk=pk)
    public = request.POST.get("public") == "1"
    services.sponsor_publish(sponsor=sponsor, user=request.user, public=public)
    if public:
        messages.success(request, _("“%(name)s” is shown on the public pages.") % {"name": sponsor.name})
    else:
        messages.success(request, _("“%(name)s” is hidden from the public pages.") % {"name": sponsor.name})
    return redirect("sponsors_admin:sponsor", sponsor.pk)


def sponsor_delete(request, pk):
    _require(request, "delete_sponsor")
    sponsor = get_object_or_404(Sponsor, pk=pk)
    if request.method == "POST":
        name = sponsor.name
        services.sponsor_delete(sponsor=sponsor, user=request.user)
        messages.success(request, _("Sponsor “%(name)s” deleted.") % {"name": name})
        return redirect("sponsors_admin:sponsors")
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return TemplateResponse(request, "sponsors/admin/sponsor_delete.html", {"sponsor": sponsor})


# --- Levels -----------------------------------------------------------------


def level_list(request):
    _require(request, "view_sponsorlevel")
    return TemplateResponse(
        request,
        "sponsors/admin/level_list.html",
        {
            "levels": selectors.levels_with_counts(),
            "can_add": request.user.has_perm("sponsors.add_sponsorlevel"),
            "can_change": request.user.has_perm("sponsors.change_sponsorlevel"),
        },
    )


def level_edit(request, pk=None):
    level = get_object_or_404(SponsorLevel, pk=pk) if pk else SponsorLevel()
    _require(request, "change_sponsorlevel" if pk else "add_sponsorlevel")
    form = LevelForm(request.POST or None, instance=level)
    if request.method == "POST" and form.is_valid():
        services.level_save(level=form.save(commit=False), user=request.user)
        messages.success(request, _("Level “%(name)s” saved.") % {"name": form.instance.name_en})
        return redirect("sponsors_admin:levels")
    return TemplateResponse(
        request,
        "sponsors/admin/level_form.html",
        {
            "form": form,
            "level": level if pk else None,
            "can_delete": pk and request.user.has_perm("sponsors.delete_sponsorlevel"),
        },
    )


def level_delete(request, pk):
    _require(request, "delete_sponsorlevel")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    level = get_object_or_404(SponsorLevel, pk=pk)
    try:
        services.level_delete(level=level, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("sponsors_admin:level", level.pk)
    messages.success(request, _("Level deleted."))
    return redirect("sponsors_admin:levels")


# --- Inquiries --------------------------------------------------------------


def inquiry_list(request):
    _require(request, "view_sponsorshipinquiry")
    form = InquiryFilterForm(request.GET or None)
    data = _filters(form)
    inquiries = selectors.inquiry_list(
        q=data.get("q", ""),
        state=data.get("state", ""),
        received_from=data.get("received_from"),
        received_to=data.get("received_to"),
    )
    if request.GET.get("export") == "csv":
        _require(request, "export_sponsors")
        return _csv_response(selectors.inquiries_csv(inquiries), "sponsorship-inquiries")
    query = request.GET.copy()
    query.pop("p", None)
    query["export"] = "csv"
    return TemplateResponse(
        request,
        "sponsors/admin/inquiry_list.html",
        {
            "form": form,
            "page": _page(request, inquiries),
            "counts": selectors.inquiry_counts(),
            "states": InquiryState.choices,
            "export_query": query.urlencode(),
            "can_export": request.user.has_perm("sponsors.export_sponsors"),
        },
    )


def inquiry_detail(request, pk):
    _require(request, "view_sponsorshipinquiry")
    inquiry = get_object_or_404(SponsorshipInquiry, pk=pk)
    allowed = services.INQUIRY_MOVES[InquiryState(inquiry.state)]
    can_change = request.user.has_perm("sponsors.change_sponsorshipinquiry")
    form = InquiryMoveForm(request.POST or None, allowed=allowed) if can_change and allowed else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                event = services.inquiry_move(
                    inquiry=inquiry,
                    to=form.cleaned_data["to"],
                    user=request.user,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(
                    request,
                    _("The inquiry is now “%(state)s”.") % {"state": InquiryState(event.new_state).label},
                )
            return redirect("sponsors_admin:inquiry", inquiry.pk)
    sponsor = Sponsor.objects.filter(inquiry=inquiry).first()
    return TemplateResponse(
        request,
        "sponsors/admin/inquiry_detail.html",
        {
            "inquiry": inquiry,
            "events": inquiry.events.select_related("actor"),
            "form": form,
            "sponsor": sponsor,
            "can_create_sponsor": inquiry.state == InquiryState.AGREED
            and sponsor is None
            and request.user.has_perm("sponsors.add_sponsor"),
        },
    )

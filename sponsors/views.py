"""The public side: the sponsors page, "Become a sponsor" and the contributors wall."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal import ratelimit
from sponsors import selectors, services
from sponsors.forms import InquiryForm


def sponsors_page(request):
    return TemplateResponse(request, "sponsors/sponsors.html", {"levels": selectors.sponsors_by_level()})


@require_http_methods(["GET", "POST"])
def inquiry(request):
    form = InquiryForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_bot():
            return redirect("sponsor_inquiry_thanks")
        if form.is_valid():
            # Only complete inquiries count: a person correcting mistakes is never locked out.
            if not ratelimit.hit(request, "sponsor_inquiry"):
                form.add_error(None, _("Too many inquiries from your address. Please try again in an hour."))
                status = 429
            else:
                data = form.cleaned_data
                services.inquiry_submit(
                    organisation=data["organisation"],
                    contact_name=data["contact_name"],
                    contact_email=data["contact_email"],
                    kinds=data["kinds"],
                    message=data["message"],
                    language=translation.get_language(),
                )
                return redirect("sponsor_inquiry_thanks")
    return TemplateResponse(request, "sponsors/inquiry.html", {"form": form}, status=status)


def inquiry_thanks(request):
    return TemplateResponse(request, "sponsors/inquiry_thanks.html")


def contributors(request):
    return TemplateResponse(request, "sponsors/contributors.html", {"groups": selectors.contributors_wall()})

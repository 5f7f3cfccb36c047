from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

from accounts.roles import translator_languages
from localization import selectors, services
from localization.fields import records_by_object, source_hash, source_value, translatable_models
from localization.forms import RecordTranslationForm
from localization.pages import changed_strings


def _require_language(request, language):
    if language not in translator_languages(request.user):
        raise PermissionDenied


def workspace(request):
    if not translator_languages(request.user):
        raise PermissionDenied
    data = selectors.workspace(
        request.user,
        language=request.GET.get("language") or None,
        status=request.GET.get("status") or None,
        kind=request.GET.get("kind") or None,
    )
    return TemplateResponse(
        request,
        "localization/workspace.html",
        {
            **data,
            "statuses": [(s, selectors.STATUS_LABELS[s]) for s in selectors.STATUSES],
            "selected": {k: request.GET.get(k, "") for k in ("language", "status", "kind")},
            "all_languages": [
                (c, n) for c, n in settings.LANGUAGES if c in translator_languages(request.user)
            ],
        },
    )


def _english_page(page_id):
    """A published English page: drafts (not yet approved) are never translated."""
    page = get_object_or_404(Page, pk=page_id, locale=Locale.get_default(), live=True)
    return page.specific


def page_start(request, page_id, language):
    _require_language(request, language)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    source_page = _english_page(page_id)
    if source_page.has_translation(Locale.objects.get(language_code=language)):
        messages.info(request, _("This page already has a translation; you can continue it."))
        return redirect("localization:workspace")
    translated = services.page_translation_start(
        source_page=source_page, language=language, user=request.user
    )
    messages.success(request, _("Translation started. Translate the strings, then publish."))
    return redirect("wagtailadmin_pages:edit", translated.pk)


def page_sync(request, page_id, language):
    _require_language(request, language)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    source_page = _english_page(page_id)
    translated = source_page.get_translation_or_none(Locale.objects.get(language_code=language))
    if translated is None:
        raise Http404
    services.page_translation_sync(source_page=source_page, language=language, user=request.user)
    messages.success(
        request,
        _(
            "The new English text is ready to translate. Readers keep the current translation until you publish."
        ),
    )
    return redirect("wagtailadmin_pages:edit", translated.pk)


def page_changes(request, page_id, language):
    _require_language(request, language)
    source_page = _english_page(page_id)
    translated = source_page.get_translation_or_none(Locale.objects.get(language_code=language))
    return TemplateResponse(
        request,
        "localization/page_changes.html",
        {
            "source_page": source_page,
            "translated": translated,
            "language": language,
            "changes": changed_strings(source_page),
        },
    )


def record(request, content_type_id, object_id, language):
    _require_language(request, language)
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model not in translatable_models():
        raise Http404
    try:
        obj = get_object_or_404(model, pk=object_id)
    except (ValueError, ValidationError):
        raise Http404 from None
    form = RecordTranslationForm(request.POST or None, obj=obj, language=language)
    if request.method == "POST" and form.is_valid():
        services.field_translation_save(
            obj=obj, language=language, values=form.cleaned_data, user=request.user
        )
        messages.success(request, _("Translation saved."))
        return redirect(reverse("localization:workspace") + f"?language={language}")
    records = records_by_object(model, [obj.pk]).get(str(obj.pk), {})
    changed = []
    for name, bound in ((n, form[n]) for n in form.fields):
        previous = records.get((name, language))
        english = source_value(obj, name)
        if previous is not None and previous.source_hash != source_hash(english):
            changed.append({"field": bound.label, "before": previous.source_text, "after": english})
    return TemplateResponse(
        request,
        "localization/record.html",
        {
            "form": form,
            "obj": obj,
            "language": language,
            "language_name": dict(settings.LANGUAGES)[language],
            "model_name": model._meta.verbose_name,
            "changed": changed,
        },
    )

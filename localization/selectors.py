"""The translator workspace's matrix: content × language → status and action."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from wagtail.models import Locale, Page

from accounts.roles import translator_languages
from localization import fields as record_fields
from localization.pages import IN_PROGRESS, MISSING, OUT_OF_DATE, UP_TO_DATE, states_for

STATUS_LABELS = {
    MISSING: _("Missing"),
    IN_PROGRESS: _("In progress"),
    UP_TO_DATE: _("Up to date"),
    OUT_OF_DATE: _("Out of date"),
}
STATUSES = [OUT_OF_DATE, MISSING, IN_PROGRESS, UP_TO_DATE]


@dataclass
class Cell:
    language: str
    status: str
    action_label: str
    action_url: str
    post: bool = False  # the action is a form POST (it creates or updates something)
    progress: tuple[int, int] | None = None
    changes_url: str = ""

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


@dataclass
class Row:
    kind: str
    kind_label: str
    label: str
    source_url: str
    cells: list[Cell] = field(default_factory=list)


def _page_rows(languages):
    default_locale = Locale.get_default()
    pages = list(Page.objects.filter(locale=default_locale, depth__gt=1).live().order_by("path").specific())
    states = states_for(pages, languages)
    rows = []
    for page in pages:
        row = Row(
            kind="page",
            kind_label=str(page.specific_class._meta.verbose_name),
            label=page.get_admin_display_title(),
            source_url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
        )
        for code in languages:
            state = states[(page.pk, code)]
            row.cells.append(_page_cell(page, code, state))
        rows.append(row)
    return rows


def _page_cell(page, code, state):
    if state.status == MISSING:
        return Cell(
            code,
            MISSING,
            str(_("Translate")),
            reverse("localization:page_start", args=[page.pk, code]),
            post=True,
        )
    edit_url = (
        reverse("wagtailadmin_pages:edit", args=[state.translated_page.pk]) if state.translated_page else ""
    )
    changes_url = reverse("localization:page_changes", args=[page.pk, code])
    if state.status == OUT_OF_DATE and state.needs_sync:
        return Cell(
            code,
            OUT_OF_DATE,
            str(_("Update from English")),
            reverse("localization:page_sync", args=[page.pk, code]),
            post=True,
            changes_url=changes_url,
        )
    if state.status == OUT_OF_DATE:
        return Cell(code, OUT_OF_DATE, str(_("Translate the changes")), edit_url, changes_url=changes_url)
    if state.status == IN_PROGRESS:
        return Cell(code, IN_PROGRESS, str(_("Continue")), edit_url, progress=state.progress)
    return Cell(code, UP_TO_DATE, str(_("Edit")), edit_url)


def _source_label(obj) -> str:
    """A record's name as translators know it: in English, the source language."""
    with override(settings.LANGUAGE_CODE):
        return str(obj)


def _record_rows(languages):
    rows = []
    for model in record_fields.translatable_models():
        content_type = ContentType.objects.get_for_model(model)
        objects = list(model.objects.all())
        records = record_fields.records_by_object(model, [o.pk for o in objects])
        for obj in objects:
            row = Row(
                kind="record",
                kind_label=str(model._meta.verbose_name),
                label=_source_label(obj),
                source_url="",
            )
            for code in languages:
                status = record_fields.record_status(obj, code, records.get(str(obj.pk), {}))
                label = {MISSING: _("Translate"), OUT_OF_DATE: _("Update"), IN_PROGRESS: _("Continue")}.get(
                    status, _("Edit")
                )
                row.cells.append(
                    Cell(
                        code,
                        status,
                        str(label),
                        reverse("localization:record", args=[content_type.pk, obj.pk, code]),
                    )
                )
            rows.append(row)
    return rows


def workspace(user, *, language=None, status=None, kind=None):
    languages = translator_languages(user)
    if language in languages:
        languages = [language]
    rows = []
    if kind in (None, "page"):
        rows += _page_rows(languages)
    if kind in (None, "record"):
        rows += _record_rows(languages)
    if status in STATUSES:
        rows = [r for r in rows if any(c.status == status for c in r.cells)]
    totals = {code: dict.fromkeys(STATUSES, 0) for code in languages}
    for row in rows:
        for cell in row.cells:
            totals[cell.language][cell.status] += 1
    names = dict(settings.LANGUAGES)
    return {
        "languages": [(code, names[code]) for code in languages],
        "rows": rows,
        "totals": [(code, names[code], totals[code]) for code in languages],
    }


def out_of_date_count(user) -> int:
    """Translations in the user's languages whose English original changed
    (dashboard); cached per set of languages until content changes."""
    from django.core.cache import cache

    from portal.cache import content_version

    languages = translator_languages(user)
    if not languages:
        return 0
    key = f"localization:out-of-date:{content_version()}:{','.join(languages)}"
    count = cache.get(key)
    if count is None:
        data = workspace(user, status=OUT_OF_DATE)
        count = sum(1 for row in data["rows"] for cell in row.cells if cell.status == OUT_OF_DATE)
        cache.set(key, count, 600)
    return count

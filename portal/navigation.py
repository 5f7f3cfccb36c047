"""The main navigation. Each entry names a URL, or a function that finds one;
an entry appears once the feature providing it exists, so the header never
links to a dead page."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _news_url():
    from news.selectors import news_index_url

    return news_index_url(get_language())


MAIN_NAV = [
    (_news_url, _("News")),
    ("volunteers:get_involved", _("Get involved")),
    ("sigs:directory", _("SIGs")),
    ("sponsors", _("Sponsors")),
]


def _resolve(target):
    if callable(target):
        return target()
    try:
        return reverse(target)
    except NoReverseMatch:
        return None


def main_nav(current_path: str):
    items = []
    for target, label in MAIN_NAV:
        url = _resolve(target)
        if url:
            items.append({"url": url, "label": label, "current": current_path.startswith(url)})
    return items

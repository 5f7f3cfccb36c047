"""The main navigation. Each entry names a URL; an entry appears once the
feature providing that URL exists, so the header never links to a dead page."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

MAIN_NAV = [
    ("news", _("News")),
    ("get_involved", _("Get involved")),
    ("sig_directory", _("SIGs")),
    ("sponsors", _("Sponsors")),
]


def main_nav(current_path: str):
    items = []
    for url_name, label in MAIN_NAV:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "current": current_path.startswith(url)})
    return items

import datetime
import itertools

from wagtail.models import Locale

from news.models import NewsIndexPage, NewsPage, Topic
from portal.demo import ensure_home_page

_counter = itertools.count(1)


def make_home():
    return ensure_home_page()


def make_site():
    """The home page as `make run` creates it, with the locales, the root
    collection and the Wagtail root page it needs: what data migrations make
    and a transactional test (browser, integration) has flushed away."""
    from django.conf import settings

    from wagtail.models import Collection, Page

    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    if Collection.get_first_root_node() is None:
        # Images and documents are filed in a collection (made by Wagtail's migrations).
        Collection.add_root(name="Root")
    if Page.get_first_root_node() is None:
        Page.add_root(
            instance=Page(
                title="Root", slug="root", locale=Locale.objects.get(language_code=settings.LANGUAGE_CODE)
            )
        )
    return ensure_home_page()


def make_index(home=None):
    home = home or make_home()
    index = NewsIndexPage.objects.filter(locale=home.locale).first()
    if index is None:
        index = NewsIndexPage(title="News", slug="news")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def make_update(
    index, *, title=None, date=None, topics=(), summary="A short summary.", body=None, publish=True
):
    n = next(_counter)
    page = NewsPage(
        title=title or f"Update {n}",
        slug=f"update-{n}",
        date=date or datetime.date(2026, 10, 1) + datetime.timedelta(days=n),
        summary=summary,
        author="Core team",
        body=body or [{"type": "paragraph", "value": f"<p>Body text {n}.</p>"}],
        live=publish,
    )
    index.add_child(instance=page)
    page.topics.set(Topic.objects.filter(slug__in=topics))
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def translate(page, language, mapping=None, *, publish=True, capture=None):
    """Translate a page with wagtail-localize. wagtail-localize publishes on
    commit: pass pytest-django's django_capture_on_commit_callbacks as capture."""
    from news.demo import _translate

    locale = Locale.objects.get(language_code=language)
    if capture is None:
        return _translate(page, locale, mapping or {}, publish=publish)
    with capture(execute=True):
        translated = _translate(page, locale, mapping or {}, publish=publish)
    return translated

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from news.blocks import NewsBodyBlock
from portal.fallback import TranslationContextMixin, TranslationFallbackMixin

PAGE_SIZE = 10


class Topic(models.Model):
    """A section of the community update. The set is fixed (created by a
    migration); translators translate the names in the workspace."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=80)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class NewsIndexPage(TranslationFallbackMixin, TranslationContextMixin, RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    # --- reading -----------------------------------------------------------
    def _render_listing(self, request, *, topic=None, year=None, month=None):
        from news import selectors

        updates = selectors.news_for_index(self, topic=topic, year=year, month=month)
        paginator = Paginator(updates, PAGE_SIZE, allow_empty_first_page=True)
        try:
            page_number = int(request.GET.get("page", "1"))
            listing = paginator.page(page_number)
        except (ValueError, PageNotAnInteger, EmptyPage):
            raise Http404 from None
        listing.object_list = selectors.in_language(listing.object_list, self)
        context = {
            "updates": listing,
            "paginator": paginator,
            "topic": topic,
            "year": year,
            "month": month,
            "topics": selectors.topics(),
            "archive": selectors.archive_months(self),
        }
        return self.render(request, context_overrides=context)

    @path("")
    def listing(self, request):
        return self._render_listing(request)

    @path("topic/<slug:slug>/")
    def by_topic(self, request, slug):
        from news import selectors

        topic = selectors.topic_or_none(slug)
        if topic is None:
            raise Http404
        return self._render_listing(request, topic=topic)

    @re_path(r"^(?P<year>\d{4})/$")
    def by_year(self, request, year):
        year = int(year)
        if not 1990 <= year <= timezone.now().year + 1:
            raise Http404
        return self._render_listing(request, year=year)

    @re_path(r"^(?P<year>\d{4})/(?P<month>\d{1,2})/$")
    def by_month(self, request, year, month):
        year, month = int(year), int(month)
        if not (1990 <= year <= timezone.now().year + 1 and 1 <= month <= 12):
            raise Http404
        return self._render_listing(request, year=year, month=month)

    @path("feed/<str:kind>/")
    def feed(self, request, kind):
        from news.feeds import feed_response

        return feed_response(request, self, kind=kind, topic_slug=None)

    @path("topic/<slug:slug>/feed/<str:kind>/")
    def topic_feed(self, request, slug, kind):
        from news.feeds import feed_response

        return feed_response(request, self, kind=kind, topic_slug=slug)

    @path("search/")
    def search(self, request):
        from news import selectors
        from news.forms import SearchForm

        form = SearchForm(request.GET or None)
        results = None
        if form.is_valid():
            results = selectors.search_news(self, form.cleaned_data["q"])
        return self.render(
            request,
            context_overrides={"search_form": form, "results": results, "query": form.data.get("q", "")},
            template="news/news_search.html",
        )


class NewsPage(TranslationFallbackMixin, TranslationContextMixin, Page):
    date = models.DateField(_("publication date"), default=datetime.date.today)
    summary = models.TextField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences, used in listings, search results, feeds and link previews."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_alt = models.CharField(
        _("hero image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )
    body = StreamField(NewsBodyBlock(), verbose_name=_("body"))
    topics = ParentalManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="pages")
    author = models.CharField(_("author"), max_length=120, blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("author"),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("About this update"),
        ),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_alt")], heading=_("Hero image")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.FilterField("locale_id"),
    ]
    # Dates, authors, images and topics are the same in every language.
    override_translatable_fields = [
        SynchronizedField("date"),
        SynchronizedField("author"),
        SynchronizedField("hero_image"),
        SynchronizedField("topics"),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news update")
        verbose_name_plural = _("news updates")

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_alt.strip():
            raise ValidationError({"hero_alt": _("Describe the hero image for people who cannot see it.")})

    def get_context(self, request, *args, **kwargs):
        from news import selectors

        context = super().get_context(request, *args, **kwargs)
        context["page_topics"] = selectors.page_topics(self)
        # The news index at the reader's address (also when this page is an
        # English fallback), without loading the parent page.
        context["index_url"] = request.path.rstrip("/").rsplit("/", 1)[0] + "/"
        return context

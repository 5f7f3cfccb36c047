"""Demo news for `make run`: a news index in every language and three
community updates in every state the translator workspace knows:
one translated fully into Spanish, one partly into German (not yet
published), one translated into French whose English original changed since."""

import datetime

from django.db import transaction

from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from news.models import NewsIndexPage, NewsPage, Topic

INDEX_TITLES = {
    "es": ("Noticias", "Las novedades de la comunidad, en tu idioma."),
    "fr": ("Actualités", "Les nouvelles de la communauté, dans votre langue."),
    "it": ("Notizie", "Le novità della comunità, nella tua lingua."),
    "de": ("Neuigkeiten", "Die Neuigkeiten der Community, in deiner Sprache."),
    "zh-hans": ("新闻", "社区的最新动态，以你的语言呈现。"),
    "af": ("Nuus", "Die gemeenskap se nuus, in jou taal."),
    "el": ("Νέα", "Τα νέα της κοινότητας, στη γλώσσα σας."),
    "tr": ("Haberler", "Topluluğun haberleri, sizin dilinizde."),
}
HOME_TEXT = {
    "es": (
        "Inicio",
        "Construye la distribución con nosotros",
        "Una distribución Linux empresarial, abierta y dirigida por la comunidad. Lee las noticias, únete a un equipo, propón un grupo de interés especial o apoya el proyecto.",
        "Somos una comunidad nueva, y todo lo que ves aquí lo construyen voluntarios. Regístrate para seguir el trabajo, ayudar a un equipo o traducir nuestras novedades.",
    ),
    "fr": (
        "Accueil",
        "Construisez la distribution avec nous",
        "Une distribution Linux d’entreprise, ouverte et portée par sa communauté. Lisez les actualités, rejoignez une équipe, proposez un groupe d’intérêt spécial ou soutenez le projet.",
        "Nous sommes une nouvelle communauté, et tout ici est construit par des bénévoles. Inscrivez-vous pour suivre le travail, aider une équipe ou traduire nos actualités.",
    ),
    "it": (
        "Home",
        "Costruisci la distribuzione con noi",
        "Una distribuzione Linux enterprise aperta e guidata dalla comunità. Leggi le notizie, unisciti a un team, proponi un gruppo di interesse speciale o sostieni il progetto.",
        "Siamo una comunità nuova e tutto ciò che vedi è costruito da volontari. Registrati per seguire il lavoro, aiutare un team o tradurre le nostre notizie.",
    ),
    "de": (
        "Start",
        "Bau die Distribution mit uns",
        "Eine offene, von der Community getragene Enterprise-Linux-Distribution. Lies die Neuigkeiten, tritt einem Team bei, schlag eine Special Interest Group vor oder unterstütze das Projekt.",
        "Wir sind eine neue Community, und alles hier bauen Freiwillige. Registriere dich, um die Arbeit zu verfolgen, einem Team zu helfen oder unsere Neuigkeiten zu übersetzen.",
    ),
    "zh-hans": (
        "首页",
        "和我们一起打造这个发行版",
        "一个开放的、由社区运营的企业级 Linux 发行版。阅读新闻、加入团队、提议特别兴趣小组或支持本项目。",
        "我们是一个新社区，这里的一切都由志愿者建设。注册后即可关注工作进展、帮助团队或翻译我们的动态。",
    ),
    "af": (
        "Tuis",
        "Bou die distribusie saam met ons",
        "’n Oop, gemeenskapsgedrewe ondernemings-Linux-distribusie. Lees die nuus, sluit by ’n span aan, stel ’n spesiale belangegroep voor of ondersteun die projek.",
        "Ons is ’n nuwe gemeenskap, en alles hier word deur vrywilligers gebou. Registreer om die werk te volg, ’n span te help of ons nuus te vertaal.",
    ),
    "el": (
        "Αρχική",
        "Χτίστε τη διανομή μαζί μας",
        "Μια ανοιχτή, κοινοτική διανομή Linux για επιχειρήσεις. Διαβάστε τα νέα, γίνετε μέλος μιας ομάδας, προτείνετε μια ομάδα ειδικού ενδιαφέροντος ή στηρίξτε το έργο.",
        "Είμαστε μια νέα κοινότητα και ό,τι βλέπετε εδώ το φτιάχνουν εθελοντές. Εγγραφείτε για να παρακολουθείτε τη δουλειά, να βοηθήσετε μια ομάδα ή να μεταφράσετε τα νέα μας.",
    ),
    "tr": (
        "Ana sayfa",
        "Dağıtımı bizimle birlikte inşa edin",
        "Açık, topluluk tarafından yönetilen kurumsal bir Linux dağıtımı. Haberleri okuyun, bir ekibe katılın, bir özel ilgi grubu önerin ya da projeyi destekleyin.",
        "Yeni bir topluluğuz ve buradaki her şey gönüllüler tarafından inşa ediliyor. Çalışmaları takip etmek, bir ekibe yardım etmek veya haberlerimizi çevirmek için kaydolun.",
    ),
}


def _p(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def _h(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


UPDATES = [
    {
        "slug": "community-update-first-weeks",
        "title": "Community update: our first weeks",
        "date": datetime.date(2026, 10, 5),
        "author": "The core team",
        "summary": "Thousands of you signed up in a few days. Here is what the teams have built since, and what comes next.",
        "topics": ["infrastructure", "release-engineering", "community", "sponsors"],
        "body": [
            _p(
                "When we announced the project, we hoped for a few dozen helpers. Within days, hundreds of people had registered as volunteers. Thank you."
            ),
            _h("Infrastructure"),
            _p("The build system runs on donated hardware, with mirrors on three continents."),
            _h("Release Engineering and Packaging"),
            _p("Packages are rebuilding from source, and the first test images boot."),
            {
                "type": "timeline",
                "value": {
                    "heading": "Road to the first release",
                    "milestones": [
                        {
                            "title": "Build system online",
                            "status": "done",
                            "target_date": "2026-09-20",
                            "description": "Builders and signing keys in place.",
                        },
                        {
                            "title": "First installable image",
                            "status": "in_progress",
                            "target_date": "2026-11-15",
                            "description": "Testing on real hardware.",
                        },
                        {
                            "title": "General availability",
                            "status": "planned",
                            "target_date": "2027-02-01",
                            "description": "",
                        },
                    ],
                },
            },
            _h("Sponsors"),
            _p("Our thanks to the companies that gave hardware, cloud instances and engineers."),
        ],
    },
    {
        "slug": "sigs-and-localization",
        "title": "Special Interest Groups and translations",
        "date": datetime.date(2026, 10, 19),
        "author": "Community team",
        "summary": "How to propose a Special Interest Group, and how translators bring every update to their language.",
        "topics": ["sigs", "localization", "community"],
        "body": [
            _h("SIGs"),
            _p("Special Interest Groups extend the distribution without changing its core."),
            _h("Localization"),
            _p("Translators now have a workspace that shows what to translate next."),
        ],
    },
    {
        "slug": "security-and-legal-update",
        "title": "Security and legal update",
        "date": datetime.date(2026, 11, 2),
        "author": "Security team",
        "summary": "Our security response process and the legal foundation's first steps.",
        "topics": ["security", "legal", "web"],
        "body": [
            _h("Security"),
            _p("Report vulnerabilities privately; we answer within two working days."),
            _h("Legal"),
            _p("The foundation's bylaws are drafted and open for comment."),
            _h("Web"),
            _p("This portal now serves news in nine languages."),
        ],
    },
]

# Translations of the demo updates' strings (English text → translation).
TRANSLATIONS = {
    ("community-update-first-weeks", "es"): {
        "Community update: our first weeks": "Novedades de la comunidad: nuestras primeras semanas",
        "Thousands of you signed up in a few days. Here is what the teams have built since, and what comes next.": "Miles de personas os registrasteis en pocos días. Esto es lo que los equipos han construido desde entonces y lo que viene.",
        "When we announced the project, we hoped for a few dozen helpers. Within days, hundreds of people had registered as volunteers. Thank you.": "Cuando anunciamos el proyecto, esperábamos unas pocas docenas de personas. En pocos días, cientos se habían registrado como voluntarias. Gracias.",
        "Infrastructure": "Infraestructura",
        "The build system runs on donated hardware, with mirrors on three continents.": "El sistema de compilación funciona en hardware donado, con réplicas en tres continentes.",
        "Release Engineering and Packaging": "Ingeniería de versiones y empaquetado",
        "Packages are rebuilding from source, and the first test images boot.": "Los paquetes se recompilan desde el código fuente y las primeras imágenes de prueba ya arrancan.",
        "Road to the first release": "Camino a la primera versión",
        "Build system online": "Sistema de compilación en marcha",
        "Builders and signing keys in place.": "Compiladores y claves de firma listos.",
        "First installable image": "Primera imagen instalable",
        "Testing on real hardware.": "Pruebas en hardware real.",
        "General availability": "Disponibilidad general",
        "Sponsors": "Patrocinadores",
        "Our thanks to the companies that gave hardware, cloud instances and engineers.": "Gracias a las empresas que han aportado hardware, instancias en la nube e ingenieros.",
        "community-update-first-weeks": "community-update-first-weeks",
    },
    ("sigs-and-localization", "de"): {
        "Special Interest Groups and translations": "Special Interest Groups und Übersetzungen",
        "SIGs": "SIGs",
        "Special Interest Groups extend the distribution without changing its core.": "Special Interest Groups erweitern die Distribution, ohne ihren Kern zu verändern.",
    },
    ("security-and-legal-update", "fr"): {
        "Security and legal update": "Point sur la sécurité et le juridique",
        "Our security response process and the legal foundation's first steps.": "Notre processus de réponse aux incidents de sécurité et les premiers pas de la fondation juridique.",
        "Security": "Sécurité",
        "Report vulnerabilities privately; we answer within two working days.": "Signalez les vulnérabilités en privé ; nous répondons sous deux jours ouvrés.",
        "Legal": "Juridique",
        "The foundation's bylaws are drafted and open for comment.": "Les statuts de la fondation sont rédigés et ouverts aux commentaires.",
        "Web": "Web",
        "This portal now serves news in nine languages.": "Ce portail publie désormais les actualités en neuf langues.",
        "security-and-legal-update": "security-and-legal-update",
    },
}


def _translate_strings(source, locale, mapping):
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        text = segment.string.data
        if text in mapping:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": mapping[text],
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )


def _translate(page, locale, mapping, *, publish):
    # One transaction per page: wagtail-localize publishes the translation
    # when the transaction commits, from the page object it holds; children
    # added later in the same transaction would be lost from its tree counts.
    with transaction.atomic():
        source, _ = TranslationSource.get_or_create_from_instance(page)
        translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
        _translate_strings(source, locale, mapping)
        translation.save_target(publish=publish)
    return page.get_translation(locale)


def _home_mapping(code, home):
    title, hero_title, hero_text, intro = HOME_TEXT[code]
    english_intro = (
        "We are a new community, and everything here is built by volunteers. "
        "Sign up to follow the work, help a team or translate our updates."
    )
    return {home.title: title, home.hero_title: hero_title, home.hero_text: hero_text, english_intro: intro}


def ensure_news(home) -> NewsIndexPage:
    """Idempotent; not one transaction (see _translate)."""
    index = NewsIndexPage.objects.filter(locale=home.locale).first()
    if index is None:
        index = NewsIndexPage(
            title="News", slug="news", intro="<p>Updates from the community, in your language.</p>"
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        for data in UPDATES:
            page = NewsPage(
                title=data["title"],
                slug=data["slug"],
                date=data["date"],
                author=data["author"],
                summary=data["summary"],
                body=data["body"],
            )
            index.add_child(instance=page)
            page.topics.set(Topic.objects.filter(slug__in=data["topics"]))
            page.save_revision().publish()
        home.refresh_from_db()
    _ensure_locale_trees(home, index)
    _ensure_update_translations(index)
    return index


def _ensure_locale_trees(home, index):
    """Every language gets its home page and news index, translated."""
    for code, (title, intro) in INDEX_TITLES.items():
        locale = Locale.objects.get(language_code=code)
        if home.has_translation(locale) and index.has_translation(locale):
            continue
        _translate(home, locale, _home_mapping(code, home), publish=True)
        _translate(
            index,
            locale,
            {"News": title, "Updates from the community, in your language.": intro},
            publish=True,
        )


def _ensure_update_translations(index):
    pages = {p.slug: p for p in NewsPage.objects.child_of(index)}
    for (slug, code), mapping in TRANSLATIONS.items():
        page = pages.get(slug)
        locale = Locale.objects.get(language_code=code)
        if page is None or page.has_translation(locale):
            continue
        if code == "de":  # partly translated, not published: "in progress"
            _translate(page, locale, mapping, publish=False)
        elif code == "fr":  # translated, then the English original changed: "out of date"
            _translate(page, locale, mapping, publish=True)
            page.summary = page.summary + " Updated with the bylaws comment period."
            page.save_revision().publish()
        else:
            _translate(page, locale, mapping, publish=True)

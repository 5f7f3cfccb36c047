import datetime

from django.utils import timezone

import pytest

from sponsors import selectors
from sponsors.models import LogoSize
from tests.factories import (
    LogoFactory,
    MemberFactory,
    PublicSponsorFactory,
    SponsorFactory,
    SponsorLevelFactory,
    TranslatorFactory,
)

pytestmark = pytest.mark.django_db


def _names(groups):
    return [(g.name, [s.name for s in g.sponsors]) for g in groups]


def test_sponsors_are_grouped_by_level_in_level_order_then_by_name():
    gold = SponsorLevelFactory(name_en="Gold", sort_order=10)
    bronze = SponsorLevelFactory(name_en="Bronze", sort_order=30)
    silver = SponsorLevelFactory(name_en="Silver", sort_order=20)
    PublicSponsorFactory(name="Zeta", level=gold)
    PublicSponsorFactory(name="Alpha", level=gold)
    PublicSponsorFactory(name="Beta", level=bronze)
    PublicSponsorFactory(name="Gamma", level=silver)
    SponsorLevelFactory(name_en="Empty", sort_order=5)

    groups = selectors.sponsors_by_level()

    assert _names(groups) == [("Gold", ["Alpha", "Zeta"]), ("Silver", ["Gamma"]), ("Bronze", ["Beta"])]


def test_an_unapproved_sponsor_never_shows(client):
    level = SponsorLevelFactory()
    SponsorFactory(name="Not Yet Reviewed", level=level, logo=LogoFactory())
    PublicSponsorFactory(name="Reviewed", level=level, logo=LogoFactory())

    page = client.get("/en/sponsors/").content.decode()

    assert "Reviewed" in page
    assert "Not Yet Reviewed" not in page
    assert [s.name for s in selectors.home_strip()] == ["Reviewed"]


def test_a_sponsor_shows_from_its_start_date():
    today = timezone.localdate()
    PublicSponsorFactory(name="Later", start_date=today + datetime.timedelta(days=1))
    PublicSponsorFactory(name="Today", start_date=today)

    assert [s.name for s in selectors.visible_sponsors(today)] == ["Today"]


def test_an_ended_sponsor_stays_for_the_grace_period_then_disappears(settings):
    settings.PORTAL_SPONSOR_GRACE_DAYS = 10
    today = timezone.localdate()
    start = today - datetime.timedelta(days=400)
    PublicSponsorFactory(
        name="Ended 10 days ago", start_date=start, end_date=today - datetime.timedelta(days=10)
    )
    PublicSponsorFactory(
        name="Ended 11 days ago", start_date=start, end_date=today - datetime.timedelta(days=11)
    )
    PublicSponsorFactory(name="Open-ended", start_date=start, end_date=None)

    assert sorted(s.name for s in selectors.visible_sponsors(today)) == ["Ended 10 days ago", "Open-ended"]
    tomorrow = today + datetime.timedelta(days=1)
    assert sorted(s.name for s in selectors.visible_sponsors(tomorrow)) == ["Open-ended"]


def test_the_grace_period_is_configurable(settings):
    today = timezone.localdate()
    PublicSponsorFactory(
        name="Ended",
        start_date=today - datetime.timedelta(days=100),
        end_date=today - datetime.timedelta(days=3),
    )
    settings.PORTAL_SPONSOR_GRACE_DAYS = 2
    assert selectors.visible_sponsors(today) == []
    settings.PORTAL_SPONSOR_GRACE_DAYS = 3
    assert [s.name for s in selectors.visible_sponsors(today)] == ["Ended"]


def test_sponsors_page_shows_levels_and_acknowledgements_in_the_readers_language(client):
    level = SponsorLevelFactory(name_en="Principal sponsors", name_es="Patrocinadores principales")
    PublicSponsorFactory(
        name="Northwind",
        level=level,
        acknowledgement_en="Hosts our build farm.",
        acknowledgement_es="Aloja nuestra granja de compilación.",
    )
    PublicSponsorFactory(name="Contoso", level=level, acknowledgement_en="Gave servers.")

    english = client.get("/en/sponsors/").content.decode()
    spanish = client.get("/es/sponsors/").content.decode()

    assert "Principal sponsors" in english and "Hosts our build farm." in english
    assert "Patrocinadores principales" in spanish
    assert "Aloja nuestra granja de compilación." in spanish
    assert "Hosts our build farm." not in spanish
    # Not translated yet: English, marked as such for screen readers.
    assert 'lang="en">Gave servers.' in spanish


def test_logos_are_served_as_renditions_sized_by_level(client):
    large = SponsorLevelFactory(logo_size=LogoSize.LARGE, sort_order=1)
    small = SponsorLevelFactory(logo_size=LogoSize.SMALL, sort_order=2)
    PublicSponsorFactory(name="Big", level=large, logo=LogoFactory(width=1200, height=600))
    PublicSponsorFactory(name="Little", level=small, logo=LogoFactory(width=1200, height=600))

    groups = selectors.sponsors_by_level()

    big, little = groups[0].sponsors[0], groups[1].sponsors[0]
    assert (big.logo_img.width, big.logo_img.height) == (640, 320)
    assert (little.logo_img.width, little.logo_img.height) == (300, 150)
    page = client.get("/en/sponsors/").content.decode()
    assert big.logo_img.url in page and little.logo_img.url in page
    assert big.logo.file.url not in page  # never the original upload


def test_empty_sponsors_page_invites_the_first_sponsor(client):
    page = client.get("/en/sponsors/").content.decode()
    assert "No sponsors are listed yet." in page
    assert "/en/sponsors/become-a-sponsor/" in page


def test_home_page_shows_the_sponsor_strip_in_english_and_spanish(client, home, spanish_tree):
    PublicSponsorFactory(name="Northwind", logo=LogoFactory())

    for language in ("en", "es"):
        page = client.get(f"/{language}/").content.decode()
        assert 'alt="Northwind"' in page, language
        assert f'href="/{language}/sponsors/"' in page


def test_home_page_has_no_strip_without_public_sponsors(client, home):
    SponsorFactory(name="Hidden", logo=LogoFactory())
    page = client.get("/en/").content.decode()
    assert "sponsor-strip" not in page


# --- The contributors wall ---------------------------------------------------


def test_contributors_wall_shows_only_people_who_opted_in_grouped_by_role(client):
    TranslatorFactory(first_name="Lucía", last_name="Gómez", thank_publicly=True)
    TranslatorFactory(first_name="Hidden", last_name="Translator", thank_publicly=False)
    MemberFactory(public_name="Kim the tester", thank_publicly=True)
    MemberFactory(
        first_name="", last_name="", public_name="", thank_publicly=True, email="noname@example.org"
    )

    groups = selectors.contributors_wall()
    page = client.get("/en/sponsors/contributors/").content.decode()

    assert [(g.label, g.names) for g in groups] == [
        ("Translators – Español", ["Lucía Gómez"]),
        ("Community members", ["Kim the tester"]),
    ]
    assert "Lucía Gómez" in page and "Kim the tester" in page
    assert "Hidden" not in page
    assert "noname@example.org" not in page


def test_contributors_wall_groups_volunteers_by_their_teams(client):
    from tests.factories import ApplicationFactory, TeamFactory

    infra = TeamFactory(name_en="Infrastructure", name_es="Infraestructura", sort_order=1)
    web = TeamFactory(name_en="Web", sort_order=2)
    ada = MemberFactory(public_name="Ada", thank_publicly=True)
    ApplicationFactory(user=ada, team=infra, state="approved")
    ApplicationFactory(user=ada, team=web, state="approved")
    bo = MemberFactory(public_name="Bo", thank_publicly=True)
    ApplicationFactory(user=bo, team=web, state="pending")  # not a member yet

    groups = [(g.label, g.names) for g in selectors.contributors_wall()]

    assert groups == [("Infrastructure", ["Ada"]), ("Web", ["Ada"]), ("Community members", ["Bo"])]
    assert "Infraestructura" in client.get("/es/sponsors/contributors/").content.decode()


def test_contributors_wall_is_translated(client):
    MemberFactory(public_name="Kim", thank_publicly=True)
    page = client.get("/es/sponsors/contributors/").content.decode()
    assert "Miembros de la comunidad" in page


def test_empty_contributors_wall_says_so(client):
    page = client.get("/en/sponsors/contributors/").content.decode()
    assert "Nobody has asked to be thanked here yet." in page


def test_member_opts_in_to_the_wall_from_their_profile(client):
    member = MemberFactory(first_name="Ada", last_name="L")
    client.force_login(member)

    response = client.post(
        "/en/accounts/profile/",
        {
            "first_name": "Ada",
            "last_name": "L",
            "preferred_language": "en",
            "public_name": "Ada",
            "thank_publicly": "on",
        },
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.thank_publicly and member.public_name == "Ada"
    assert "Ada" in client.get("/en/sponsors/contributors/").content.decode()


def test_opting_in_without_any_name_is_refused(client):
    member = MemberFactory(first_name="", last_name="")
    client.force_login(member)

    response = client.post(
        "/en/accounts/profile/",
        {
            "first_name": "",
            "last_name": "",
            "preferred_language": "en",
            "public_name": " ",
            "thank_publicly": "on",
        },
    )

    assert response.status_code == 200
    assert "Give a public name" in response.content.decode()
    member.refresh_from_db()
    assert not member.thank_publicly


def test_sitemap_lists_the_sponsor_pages_in_every_language(client):
    content = client.get("/sitemap.xml").content.decode()

    for language in ("en", "es", "zh-hans"):
        assert f"http://testserver/{language}/sponsors/</loc>" in content
        assert f"http://testserver/{language}/sponsors/contributors/</loc>" in content
    # x-default: the unprefixed address, which sends each reader to their language.
    assert 'hreflang="x-default" href="http://testserver/sponsors/"' in content
    assert client.get("/sponsors/").status_code == 302

"""Sponsor pages run a fixed number of queries, however many sponsors there are."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories import (
    InquiryFactory,
    LogoFactory,
    MemberFactory,
    PublicSponsorFactory,
    SponsorFactory,
    SponsorLevelFactory,
    TranslatorFactory,
)
from tests.sponsors.conftest import login

pytestmark = pytest.mark.django_db


def _count(client, url):
    client.get(url)  # warm up: renditions are made once, on the first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _sponsors(count):
    levels = [SponsorLevelFactory(sort_order=i) for i in range(3)]
    for i in range(count):
        PublicSponsorFactory(level=levels[i % 3], logo=LogoFactory(), kinds=["money", "hardware"])
    SponsorFactory()  # not public


@pytest.mark.parametrize("url", ["/en/sponsors/", "/es/sponsors/"])
def test_sponsors_page_query_count_is_flat(client, url):
    _sponsors(1)
    one = _count(client, url)
    _sponsors(39)
    forty = _count(client, url)
    assert one == forty
    assert forty <= 6


def test_home_strip_query_count_is_flat(client, home):
    _sponsors(1)
    one = _count(client, "/en/")
    _sponsors(39)
    assert _count(client, "/en/") == one


def test_contributors_wall_query_count_is_flat(client):
    MemberFactory(public_name="One", thank_publicly=True)
    one = _count(client, "/en/sponsors/contributors/")
    from tests.factories import ApplicationFactory, TeamFactory

    teams = [TeamFactory() for _ in range(3)]
    for i in range(20):
        TranslatorFactory(public_name=f"T{i}", thank_publicly=True)
        member = MemberFactory(public_name=f"M{i}", thank_publicly=True)
        ApplicationFactory(user=member, team=teams[i % 3], state="approved")
    assert _count(client, "/en/sponsors/contributors/") == one


@pytest.mark.parametrize("url", ["/admin/sponsors/", "/admin/sponsors/inquiries/"])
def test_admin_lists_query_count_is_flat(client, url):
    from tests.factories import AdministratorFactory

    login(client, AdministratorFactory())
    _sponsors(1)
    InquiryFactory()
    one = _count(client, url)
    _sponsors(39)
    for _ in range(39):
        InquiryFactory()
    assert _count(client, url) == one

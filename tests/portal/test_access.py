"""The access table (portal/access.py) against the URLconf and against the app.

1. Every resolvable URL pattern is covered by the table, and every entry of
   the table still matches a pattern.
2. Every entry is requested as a visitor, a member and each role; what happens
   must be what the table says. Routes covered only by a prefix rule are
   requested as a visitor and as a member, who must both be kept out.
3. A privileged user without an authenticator is sent to set one up.

Known deviations are listed in KNOWN_ISSUES: they fail today and are marked
xfail(strict=True), so fixing one makes the suite say so.
"""

import re
import uuid
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test.client import RedirectCycleError
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern, RegexPattern
from django.utils import translation

from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction, Site

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

from accounts import roles
from announcements.tokens import confirm_token, manage_token
from news.models import Topic
from portal import access
from portal.access import ACCESS, PREFIXES, Access
from tests.factories import (
    AdministratorFactory,
    ApplicationFactory,
    InquiryFactory,
    MemberFactory,
    ModeratorFactory,
    ReviewerFactory,
    SponsorFactory,
    SuperuserFactory,
    TeamLeadFactory,
    TranslatorFactory,
    give_totp,
)
from tests.factories.announcements import CampaignFactory, SubscriberFactory
from tests.factories.news import make_index, make_update
from tests.factories.sigs import CommentFactory, InReviewProposalFactory, SigFactory
from volunteers.models import Team

SUPERUSER = "superuser"


@dataclass(frozen=True)
class Role:
    name: str
    group: str | None  # the role key in portal/access.py; None for a plain member
    factory: object
    factory_kwargs: tuple = ()

    @property
    def admin(self):
        return self.group == SUPERUSER or self.group in access.ADMIN_ROLES

    def make_user(self, *, mfa=None):
        """The role's user; by default with an authenticator when the role needs one."""
        user = self.factory(**dict(self.factory_kwargs))
        if mfa is None:
            mfa = self.admin or roles.is_privileged(user)
        if mfa:
            give_totp(user)
            RecoveryCodes.activate(user)
        return user


ROLES = {
    role.name: role
    for role in [
        Role("member", None, MemberFactory),
        Role("moderator", access.MODERATORS, ModeratorFactory),
        Role("administrator", access.ADMINISTRATORS, AdministratorFactory),
        Role("sig_reviewer", access.SIG_REVIEWERS, ReviewerFactory),
        Role("translator", access.TRANSLATORS, TranslatorFactory),
        Role("team_lead", access.TEAM_LEADS, TeamLeadFactory),
        Role("editor", access.EDITORS, MemberFactory, (("groups", ["Editors"]),)),
        Role("superuser", SUPERUSER, SuperuserFactory),
    ]
}
AUDIENCES = ["anonymous", *ROLES]

# Known access problems: each entry fails today in the way described and is
# marked xfail(strict=True), so fixing one makes the suite say so. (The admin
# login loop and Wagtail's front-end login form were fixed; none is open now.)
KNOWN_ISSUES: dict = {}


# --- Walking the URLconf ----------------------------------------------------


def walk(patterns=None, prefix=""):
    """Every URL pattern as a route in portal/access.py's notation."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern):
            part = "<lang>/"
        else:
            part = str(pattern.pattern)
            if isinstance(pattern.pattern, RegexPattern):
                part = part.removeprefix("^").removesuffix("$")
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + part)
        else:
            yield prefix + part


ROUTES = sorted(set(walk()))
ARGUMENTS = re.compile(r"[<>()\[\]{}*+?.|\\]")
CONVERTER_VALUES = {"int": "1", "uuid": str(uuid.UUID(int=1))}


def plain_url(route):
    """The URL of a route without arguments, else None."""
    path = route.replace("<lang>/", "en/", 1)
    return None if ARGUMENTS.search(path) else "/" + path


def filled_url(route):
    """A URL for a route whose arguments are all path converters, else None."""
    path = route.replace("<lang>/", "en/", 1)
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: CONVERTER_VALUES.get(m.group(1), "x"), path)
    return None if ARGUMENTS.search(path) else "/" + path


def test_every_url_pattern_is_in_the_access_table():
    missing = [route for route in ROUTES if access.rule_for(route) is None]
    assert missing == [], "add these routes to portal/access.py:\n" + "\n".join(missing)


def test_every_access_table_entry_matches_a_url_pattern():
    routes = set(ROUTES)
    stale = [route for route in ACCESS if route not in routes]
    assert stale == [], "no such URL pattern any more; remove from portal/access.py:\n" + "\n".join(stale)
    unused = [prefix for prefix in PREFIXES if not any(r.startswith(prefix) for r in routes - set(ACCESS))]
    assert unused == []


def test_every_entry_can_be_requested():
    needs_sample = [r for r, rule in ACCESS.items() if not rule.sample and plain_url(r) is None]
    assert needs_sample == [], "these routes take arguments: give them a sample URL"


@pytest.mark.django_db
def test_admin_roles_are_the_groups_with_admin_access():
    with_access = {
        access.TRANSLATORS if g.name.startswith(roles.TRANSLATORS_PREFIX) else g.name
        for g in Group.objects.filter(
            permissions__codename="access_admin", permissions__content_type__app_label="wagtailadmin"
        )
    }
    assert with_access == set(access.ADMIN_ROLES)


# --- Requesting the table ---------------------------------------------------


@pytest.fixture
def sample_objects(settings, tmp_path):
    """Objects that the `{name}` placeholders of sample URLs refer to."""
    # Wagtail serves documents from a file on disk.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = str(tmp_path)
    public = CommentFactory()
    page = Site.objects.get(is_default_site=True).root_page
    page_restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="sample"
    )
    collection_restriction = CollectionViewRestriction.objects.create(
        collection=Collection.get_first_root_node().add_child(name="Private"),
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="sample",
    )
    sponsor = SponsorFactory()
    application = ApplicationFactory()
    document = Document.objects.create(title="Sample", file=ContentFile(b"sample", name="sample.txt"))
    return {
        "page": page.pk,
        "page_restriction": page_restriction.pk,
        "collection_restriction": collection_restriction.pk,
        "document": document.pk,
        "document_filename": document.filename,
        "topic_type": ContentType.objects.get_for_model(Topic).pk,
        "topic": Topic.objects.first().pk,
        "sponsor": sponsor.pk,
        "sponsor_level": sponsor.level_id,
        "inquiry": InquiryFactory().pk,
        "team": application.team_id,
        "team_slug": application.team.slug,
        "application": application.pk,
        "proposal": InReviewProposalFactory().pk,
        "sig_slug": SigFactory().slug,
        "public_proposal": public.proposal_id,
        "confirm_token": confirm_token(SubscriberFactory(state="pending")),
        "manage_token": manage_token(SubscriberFactory()),
        "campaign": CampaignFactory(page=make_update(make_index(page))).pk,
        "comment": public.pk,
    }


def url_for(route, rule, request):
    url = rule.sample or plain_url(route)
    if "{" in url:
        url = url.format(**request.getfixturevalue("sample_objects"))
    return url


def target_path(target):
    if target.startswith("/"):
        return target
    with translation.override("en"):
        return reverse(target)


def login_path():
    return target_path(access.ACCOUNT_LOGIN)


def may_open(rule, audience):
    """What the table says: may `audience` open a page with this rule?"""
    if rule.access in (Access.PUBLIC, Access.REDIRECT, Access.POST_ONLY):
        return True
    if rule.access is Access.SIGNED_OUT:
        return audience == "anonymous"
    if audience == "anonymous":
        return False
    role = ROLES[audience]
    if rule.access is Access.MEMBER:
        return True
    if rule.access is Access.PROPOSER:
        return False
    if rule.access is Access.REVIEW:
        return role.group in (SUPERUSER, access.MODERATORS, access.ADMINISTRATORS, access.SIG_REVIEWERS)
    if rule.access is Access.SIG_LEADER:
        return role.group in (SUPERUSER, access.MODERATORS, access.ADMINISTRATORS)
    if rule.access is Access.TEAM_LEAD:
        return role.group in (SUPERUSER, access.MODERATORS, access.ADMINISTRATORS, access.TEAM_LEADS)
    if role.group == SUPERUSER:
        return True
    if rule.access is Access.ADMIN:
        return role.admin and (rule.roles is None or role.group in rule.roles)
    return False


def is_outcome(response, expected):
    if isinstance(expected, int):
        return response.status_code == expected
    return response.status_code in (301, 302) and urlsplit(response["Location"]).path == target_path(expected)


def describe(response):
    if response.status_code in (301, 302):
        return f"{response.status_code} -> {response['Location']}"
    return str(response.status_code)


def final_url(response):
    return response.request["PATH_INFO"], parse_qs(response.request.get("QUERY_STRING", ""))


def assert_may_open(client, url, rule):
    response = client.get(url)
    assert any(is_outcome(response, ok) for ok in rule.ok), (
        f"{url}: expected one of {rule.ok}, got {describe(response)}"
    )


def assert_visitor_kept_out(client, url, rule):
    if rule.anonymous != access.ACCOUNT_LOGIN:
        response = client.get(url)
        assert is_outcome(response, rule.anonymous), f"{url}: got {describe(response)}"
        return
    response = client.get(url, follow=True)
    path, query = final_url(response)
    assert (response.status_code, path) == (200, login_path()), f"{url}: ended at {path}"
    assert query.get("next"), f"{url}: the login page does not know where to return"


def assert_user_turned_away(client, url):
    """A 403, or a redirect (chain) to another page that is not the login form."""
    try:
        response = client.get(url, follow=True)
    except RedirectCycleError:
        pytest.fail(f"{url}: redirect loop")
    path, _query = final_url(response)
    if response.status_code == 403:
        return
    assert response.redirect_chain, f"{url}: opened with {response.status_code}"
    assert response.status_code == 200, f"{url}: ended at {path} with {response.status_code}"
    assert path not in (url, login_path()), f"{url}: ended at {path}"


def known_issue(route, rule, audience):
    return KNOWN_ISSUES.get(route)


def matrix():
    for route, rule in ACCESS.items():
        for audience in AUDIENCES:
            mark = known_issue(route, rule, audience)
            yield pytest.param(route, audience, id=f"{route} as {audience}", marks=[mark] if mark else [])


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "audience"), list(matrix()))
def test_access_matches_the_table(client, request, route, audience):
    rule = ACCESS[route]
    url = url_for(route, rule, request)
    if audience != "anonymous":
        user = ROLES[audience].make_user()
        client.force_login(user)
        if rule.access is Access.TEAM_LEAD and ROLES[audience].group == access.TEAM_LEADS:
            # The team lead of the table leads the sample team.
            Team.objects.get(slug=request.getfixturevalue("sample_objects")["team_slug"]).leads.add(user)
    if may_open(rule, audience):
        assert_may_open(client, url, rule)
    elif audience == "anonymous":
        assert_visitor_kept_out(client, url, rule)
    else:
        assert_user_turned_away(client, url)


PREFIX_ONLY = [(route, url) for route in ROUTES if route not in ACCESS and (url := filled_url(route))]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "url"), PREFIX_ONLY, ids=[route for route, _url in PREFIX_ONLY])
def test_prefix_routes_keep_visitors_and_members_out(client, route, url):
    rule = access.rule_for(route)
    assert_visitor_kept_out(client, url, rule)
    client.force_login(MemberFactory())
    response = client.get(url)
    assert response.status_code in (302, 403), f"{url}: a member got {describe(response)}"
    if response.status_code == 302:
        assert urlsplit(response["Location"]).path != url


# --- MFA for privileged roles -----------------------------------------------

MFA_PAGES = [route for route, rule in ACCESS.items() if rule.access in access.MFA_REQUIRED]


def mfa_matrix():
    for route in MFA_PAGES:
        for name, role in ROLES.items():
            if role.admin:
                yield pytest.param(route, name, id=f"{route} as {name}")


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "audience"), list(mfa_matrix()))
def test_privileged_user_without_authenticator_is_sent_to_mfa_setup(client, request, route, audience):
    rule = ACCESS[route]
    client.force_login(ROLES[audience].make_user(mfa=False))
    response = client.get(url_for(route, rule, request))
    assert is_outcome(response, "mfa_activate_totp"), describe(response)

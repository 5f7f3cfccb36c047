"""Who may open which URL: one table for the whole portal (docs/roles.md).

tests/portal/test_access.py walks every URL pattern Django can resolve and
fails on a pattern this table does not cover, or on an entry that no longer
matches a pattern; then it requests the entries as a visitor, a plain member
and each role, and compares what happens with what the table says.

Notation of the keys ("routes")
-------------------------------
A route is the concatenation of the pattern strings from the root URLconf down
to the view, exactly as Django prints them, with two changes:

* ``<lang>/`` stands for the language prefix that ``i18n_patterns`` adds
  (``/en/``, ``/es/`` ...), so ``"<lang>/accounts/login/"`` is ``/en/accounts/login/``;
* the anchors ``^`` and ``$`` of ``re_path()`` patterns are dropped, so
  Django's ``^confirm-email/(?P<key>[-:\\w]+)/$`` inside ``accounts/`` reads
  ``"<lang>/accounts/confirm-email/(?P<key>[-:\\w]+)/"``.

Path converters (``<int:pk>``) and regular expressions stay as they are. A
route that takes arguments needs a ``sample`` URL to be requested; ``{name}``
in a sample is filled in by the test from objects it creates (see
``sample_objects`` in the test). When two patterns print the same route (the
portal's redirect in front of the admin's own login form), one entry covers
both: the first one is the one Django serves.

A later feature adds one line per pattern it adds (or relies on the
``PREFIXES`` rule when its pages live inside the Wagtail admin).
"""

from dataclasses import dataclass
from enum import StrEnum

from accounts import roles


class Access(StrEnum):
    """Who may open a URL. Every level but PUBLIC, REDIRECT and POST_ONLY turns
    the others away: a visitor to the login page, a signed-in user elsewhere
    (a 403 page, or a redirect to a page they may open)."""

    PUBLIC = "anyone, signed in or not"
    SIGNED_OUT = "visitors: allauth's forms for signing in; a signed-in user is sent on"
    MEMBER = "any signed-in user"
    TEAM_LEAD = (
        "the leads of the team in the URL, moderators and administrators (volunteers.services.can_decide)"
    )
    REVIEW = "SIG reviewers, moderators and administrators; for a proposal's pages also its proposer and co-leaders"
    PROPOSER = "the proposal's proposer only (no role opens it)"
    SIG_LEADER = "the leaders of the SIG in the URL, moderators and administrators"
    ADMIN = "Wagtail admin: wagtailadmin.access_admin and an authenticator"
    SUPERUSER = "Django admin: staff superusers (manage.py createsuperuser) with an authenticator"
    REDIRECT = "anyone: the URL only forwards, to `ok`"
    POST_ONLY = "not a page: GET is refused (405); the POST is tested with its feature"


# Levels whose pages open only once a privileged user has an authenticator
# (accounts.middleware.PrivilegedMFAMiddleware, settings.PORTAL_MFA_REQUIRED_PATHS).
MFA_REQUIRED = {Access.ADMIN, Access.SUPERUSER}

# Roles, named by their group. Translators are eight groups, one per language.
MODERATORS = roles.MODERATORS
ADMINISTRATORS = roles.ADMINISTRATORS
SIG_REVIEWERS = roles.SIG_REVIEWERS
TEAM_LEADS = roles.TEAM_LEADS
TRANSLATORS = "Translators"
EDITORS = "Editors"  # Wagtail's own group, created by its first migrations

# Roles that hold wagtailadmin.access_admin. Superusers hold every permission.
ADMIN_ROLES = frozenset({MODERATORS, ADMINISTRATORS, SIG_REVIEWERS, TRANSLATORS, EDITORS})
# Inside the admin Wagtail's own permissions decide; a role that may not open a
# page is sent back to the dashboard. `roles=` on an ADMIN rule lists the roles
# (besides superusers) that may; SUPERUSERS_ONLY when none may.
SUPERUSERS_ONLY: tuple[str, ...] = ()
CONTENT_ROLES = (MODERATORS, ADMINISTRATORS, EDITORS)


@dataclass(frozen=True)
class Rule:
    access: Access
    # URL to request; needed when the route has arguments.
    sample: str = ""
    # What a user who may open it gets: a status code, or a redirect to a URL
    # name (reversed in English) or to a path.
    ok: tuple[int | str, ...] = (200,)
    # ADMIN only: the roles that get past Wagtail's own permissions (None: all).
    roles: tuple[str, ...] | None = None
    # Where a visitor is sent when the level keeps them out.
    anonymous: str = "account_login"
    note: str = ""


A = Access
ACCOUNT_LOGIN = "account_login"
REAUTHENTICATE = "account_reauthenticate"

ACCESS: dict[str, Rule] = {
    # --- The portal -------------------------------------------------------
    "healthz": Rule(A.PUBLIC, note="JSON for load balancers"),
    "sitemap.xml": Rule(
        A.PUBLIC, sample="/sitemap.xml", note="every page in every language, with hreflang alternates"
    ),
    "media/<path:path>": Rule(
        A.PUBLIC,
        sample="/media/none.txt",
        ok=(404,),
        note="served only with DEBUG (make run); in production by the proxy",
    ),
    "language/": Rule(A.POST_ONLY, ok=(405,), note="the language switcher form posts here"),
    "<lang>/accounts/profile/": Rule(A.MEMBER),
    # The admins' own password forms are closed: every way in goes through allauth.
    "admin/login/": Rule(
        A.SIGNED_OUT,
        ok=(ACCOUNT_LOGIN,),
        note="shadows Wagtail's login form; a signed-in user refused by the admin gets 403",
    ),
    "admin/password_reset/.*": Rule(
        A.REDIRECT, sample="/admin/password_reset/", ok=("account_reset_password",)
    ),
    "django-admin/login/": Rule(
        A.SIGNED_OUT,
        ok=(ACCOUNT_LOGIN,),
        note="shadows Django's login form; a signed-in user refused by the admin gets 403",
    ),
    # --- allauth: signing in ----------------------------------------------
    "<lang>/accounts/login/": Rule(A.SIGNED_OUT),
    "<lang>/accounts/signup/": Rule(A.SIGNED_OUT),
    "<lang>/accounts/login/code/confirm/": Rule(
        A.SIGNED_OUT, ok=(ACCOUNT_LOGIN,), note="a step of a login in progress; without one, back to login"
    ),
    "<lang>/accounts/2fa/authenticate/": Rule(
        A.SIGNED_OUT, ok=(ACCOUNT_LOGIN,), note="the second step of a login in progress"
    ),
    "<lang>/accounts/logout/": Rule(
        A.MEMBER, anonymous="/", note="GET asks to confirm; signing out is a POST"
    ),
    "<lang>/accounts/inactive/": Rule(A.PUBLIC),
    "<lang>/accounts/confirm-email/": Rule(A.PUBLIC, note="'we sent you a link'"),
    "<lang>/accounts/confirm-email/(?P<key>[-:\\w]+)/": Rule(
        A.PUBLIC, sample="/en/accounts/confirm-email/not-a-key/", note="a wrong key shows an error page"
    ),
    "<lang>/accounts/password/reset/": Rule(A.PUBLIC),
    "<lang>/accounts/password/reset/done/": Rule(A.PUBLIC),
    "<lang>/accounts/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/": Rule(
        A.PUBLIC,
        sample="/en/accounts/password/reset/key/0-not-a-key/",
        note="a wrong key shows an error page",
    ),
    "<lang>/accounts/password/reset/key/done/": Rule(A.PUBLIC),
    # --- allauth: the member's own account --------------------------------
    "<lang>/accounts/email/": Rule(A.MEMBER),
    "<lang>/accounts/password/change/": Rule(A.MEMBER),
    "<lang>/accounts/password/set/": Rule(
        A.MEMBER, ok=("account_change_password",), note="who has a password changes it instead"
    ),
    "<lang>/accounts/reauthenticate/": Rule(A.MEMBER),
    "<lang>/accounts/sessions/": Rule(A.MEMBER),
    "<lang>/accounts/2fa/": Rule(A.MEMBER),
    "<lang>/accounts/2fa/reauthenticate/": Rule(
        A.MEMBER, ok=(200, REAUTHENTICATE), note="without an authenticator: the password instead"
    ),
    "<lang>/accounts/2fa/totp/activate/": Rule(
        A.MEMBER, ok=(REAUTHENTICATE,), note="asks for the password again first"
    ),
    "<lang>/accounts/2fa/totp/deactivate/": Rule(
        A.MEMBER, ok=(REAUTHENTICATE, 404), note="404 for a member without TOTP"
    ),
    "<lang>/accounts/2fa/recovery-codes/": Rule(
        A.MEMBER, ok=(REAUTHENTICATE, 404), note="404 for a member without recovery codes"
    ),
    "<lang>/accounts/2fa/recovery-codes/generate/": Rule(A.MEMBER, ok=(REAUTHENTICATE,)),
    "<lang>/accounts/2fa/recovery-codes/download/": Rule(
        A.MEMBER, ok=(REAUTHENTICATE, 404), note="404 for a member without recovery codes"
    ),
    "<lang>/accounts/2fa/webauthn/": Rule(A.MEMBER),
    "<lang>/accounts/2fa/webauthn/add/": Rule(A.MEMBER, ok=(REAUTHENTICATE,)),
    "<lang>/accounts/2fa/webauthn/reauthenticate/": Rule(
        A.MEMBER, ok=(REAUTHENTICATE,), note="without a security key: the password instead"
    ),
    "<lang>/accounts/2fa/webauthn/keys/<int:pk>/edit/": Rule(
        A.MEMBER, sample="/en/accounts/2fa/webauthn/keys/0/edit/", ok=(REAUTHENTICATE,)
    ),
    "<lang>/accounts/2fa/webauthn/keys/<int:pk>/remove/": Rule(
        A.MEMBER, sample="/en/accounts/2fa/webauthn/keys/0/remove/", ok=(REAUTHENTICATE,)
    ),
    # --- Wagtail: the public site -------------------------------------------
    "<lang>/((?:[\\w\\-]+/)*)": Rule(
        A.PUBLIC, sample="/en/", note="page serving; private pages ask to sign in"
    ),
    "<lang>/_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": Rule(
        A.PUBLIC, sample="/en/_util/authenticate_with_password/{page_restriction}/{page}/"
    ),
    "<lang>/_util/login/": Rule(
        A.SIGNED_OUT, ok=(ACCOUNT_LOGIN,), note="Wagtail's login form for private pages goes through allauth"
    ),
    "documents/(\\d+)/(.*)": Rule(A.PUBLIC, sample="/documents/{document}/{document_filename}"),
    "documents/authenticate_with_password/<int:restriction_id>/": Rule(
        A.PUBLIC, sample="/documents/authenticate_with_password/{collection_restriction}/"
    ),
    # --- Wagtail admin: the exceptions to the PREFIXES rule, and samples ------
    "admin/sprite/": Rule(A.PUBLIC, note="the admin's icons"),
    "admin/jsi18n/": Rule(A.PUBLIC, note="the admin's JavaScript translations"),
    # Wagtail's password reset, shadowed by the portal's redirect above.
    "admin/password_reset/": Rule(A.REDIRECT, ok=("account_reset_password",)),
    "admin/password_reset/done/": Rule(A.REDIRECT, ok=("account_reset_password",)),
    "admin/password_reset/complete/": Rule(A.REDIRECT, ok=("account_reset_password",)),
    "admin/password_reset/confirm/<uidb64>/<token>/": Rule(
        A.REDIRECT, sample="/admin/password_reset/confirm/x/y/", ok=("account_reset_password",)
    ),
    "admin/": Rule(A.ADMIN, note="the dashboard"),
    "admin/account/": Rule(A.ADMIN),
    "admin/logout/": Rule(
        A.REDIRECT, ok=("account_logout",), note="Wagtail's sign-out is replaced by allauth's (POST)"
    ),
    "admin/.*/": Rule(
        A.ADMIN,
        sample="/admin/no-such-page/",
        ok=(404,),
        note="unknown admin URLs: not found (portal.middleware keeps LocaleMiddleware from redirecting them)",
    ),
    "admin/pages/": Rule(A.ADMIN, roles=CONTENT_ROLES),
    "admin/images/": Rule(A.ADMIN, roles=CONTENT_ROLES),
    "admin/documents/": Rule(A.ADMIN, roles=CONTENT_ROLES),
    "admin/forms/": Rule(A.ADMIN, roles=CONTENT_ROLES),
    "admin/reports/site-history/": Rule(A.ADMIN),
    "admin/reports/locked/": Rule(A.ADMIN, roles=(MODERATORS, ADMINISTRATORS)),
    "admin/localize/reports/translations/": Rule(A.ADMIN),
    "admin/users/": Rule(A.ADMIN, roles=(ADMINISTRATORS,)),
    "admin/groups/": Rule(A.ADMIN, roles=SUPERUSERS_ONLY),
    "admin/locales/": Rule(A.ADMIN, roles=(ADMINISTRATORS,)),
    "admin/sites/": Rule(A.ADMIN, roles=(ADMINISTRATORS,)),
    "admin/redirects/": Rule(A.ADMIN, roles=(ADMINISTRATORS,)),
    "admin/workflows/list/": Rule(A.ADMIN, roles=(ADMINISTRATORS,)),
    "admin/collections/": Rule(A.ADMIN, roles=SUPERUSERS_ONLY),
    # --- Django admin: samples ---------------------------------------------
    "django-admin/": Rule(A.SUPERUSER),
    "django-admin/logout/": Rule(A.SUPERUSER, ok=(405,), note="signing out is a POST"),
    "django-admin/password_change/": Rule(A.SUPERUSER),
    "django-admin/jsi18n/": Rule(A.SUPERUSER),
    "django-admin/auth/group/": Rule(A.SUPERUSER),
    "django-admin/mfa/authenticator/": Rule(A.SUPERUSER),
    "django-admin/(?P<url>.*)": Rule(A.SUPERUSER, sample="/django-admin/no-such-page/", ok=(404,)),
}

# Every other route under these prefixes. The test requests each of them that
# it can build a URL for as a visitor and as a member (both must be kept out);
# the ACCESS entries above are the samples it checks role by role.
# The translator workspace (localization app): translators, moderators and
# administrators; everyone else with admin access is refused with 403.
TRANSLATION_ROLES = (MODERATORS, ADMINISTRATORS, TRANSLATORS)
ACCESS.update(
    {
        "admin/translations/": Rule(A.ADMIN, roles=TRANSLATION_ROLES, note="the translator workspace"),
        "admin/translations/page/<int:page_id>/<str:language>/start/": Rule(
            A.ADMIN,
            sample="/admin/translations/page/{page}/es/start/",
            ok=(405,),
            roles=TRANSLATION_ROLES,
            note="POST only; limited to the translator's languages",
        ),
        "admin/translations/page/<int:page_id>/<str:language>/sync/": Rule(
            A.ADMIN,
            sample="/admin/translations/page/{page}/es/sync/",
            ok=(405,),
            roles=TRANSLATION_ROLES,
            note="POST only; limited to the translator's languages",
        ),
        "admin/translations/page/<int:page_id>/<str:language>/changes/": Rule(
            A.ADMIN,
            sample="/admin/translations/page/{page}/es/changes/",
            roles=TRANSLATION_ROLES,
            note="what changed in an English page since translators last received it",
        ),
        "admin/translations/record/<int:content_type_id>/<str:object_id>/<str:language>/": Rule(
            A.ADMIN,
            sample="/admin/translations/record/{topic_type}/{topic}/es/",
            roles=TRANSLATION_ROLES,
            note="limited to the translator's languages",
        ),
    }
)

# Sponsors (sponsors app). Public pages, then the admin: administrators run
# sponsorships; moderators review sponsors and decide what is public.
SPONSOR_REVIEW_ROLES = (MODERATORS, ADMINISTRATORS)
SPONSOR_ADMIN_ROLES = (ADMINISTRATORS,)
ACCESS.update(
    {
        "<lang>/sponsors/": Rule(A.PUBLIC, note="sponsors by level, in the reader's language"),
        "<lang>/sponsors/become-a-sponsor/": Rule(A.PUBLIC, note="the inquiry form: rate limit and honeypot"),
        "<lang>/sponsors/become-a-sponsor/thanks/": Rule(A.PUBLIC),
        "<lang>/sponsors/contributors/": Rule(A.PUBLIC, note="people who opted in to be thanked"),
        "admin/sponsors/": Rule(A.ADMIN, roles=SPONSOR_REVIEW_ROLES, note="CSV export: administrators only"),
        "admin/sponsors/add/": Rule(A.ADMIN, roles=SPONSOR_ADMIN_ROLES),
        "admin/sponsors/<int:pk>/": Rule(
            A.ADMIN,
            sample="/admin/sponsors/{sponsor}/",
            roles=SPONSOR_REVIEW_ROLES,
            note="administrators edit; moderators review and publish",
        ),
        "admin/sponsors/<int:pk>/publish/": Rule(
            A.ADMIN,
            sample="/admin/sponsors/{sponsor}/publish/",
            ok=(405,),
            roles=SPONSOR_REVIEW_ROLES,
            note="POST only: show or hide on public pages",
        ),
        "admin/sponsors/<int:pk>/delete/": Rule(
            A.ADMIN,
            sample="/admin/sponsors/{sponsor}/delete/",
            roles=SPONSOR_ADMIN_ROLES,
            note="asks to confirm",
        ),
        "admin/sponsors/levels/": Rule(A.ADMIN, roles=SPONSOR_REVIEW_ROLES),
        "admin/sponsors/levels/add/": Rule(A.ADMIN, roles=SPONSOR_ADMIN_ROLES),
        "admin/sponsors/levels/<int:pk>/": Rule(
            A.ADMIN, sample="/admin/sponsors/levels/{sponsor_level}/", roles=SPONSOR_ADMIN_ROLES
        ),
        "admin/sponsors/levels/<int:pk>/delete/": Rule(
            A.ADMIN,
            sample="/admin/sponsors/levels/{sponsor_level}/delete/",
            ok=(405,),
            roles=SPONSOR_ADMIN_ROLES,
            note="POST only; refused while the level has sponsors",
        ),
        "admin/sponsors/inquiries/": Rule(A.ADMIN, roles=SPONSOR_ADMIN_ROLES, note="CSV export included"),
        "admin/sponsors/inquiries/<int:pk>/": Rule(
            A.ADMIN, sample="/admin/sponsors/inquiries/{inquiry}/", roles=SPONSOR_ADMIN_ROLES
        ),
    }
)

# Volunteers (volunteers app): public team pages, the participation form,
# "My participation", the leads' queue; the admin area for moderators and
# administrators.
VOLUNTEER_STAFF = (MODERATORS, ADMINISTRATORS)
ACCESS.update(
    {
        "<lang>/volunteers/": Rule(A.PUBLIC, note="Get involved: the teams"),
        "<lang>/volunteers/join/": Rule(
            A.PUBLIC, note="visitors fill it in, then sign up; their answers wait in the session"
        ),
        "<lang>/volunteers/me/": Rule(A.MEMBER, note="My participation"),
        "<lang>/volunteers/me/data.json": Rule(
            A.MEMBER, sample="/en/volunteers/me/data.json", note="everything the portal holds about me"
        ),
        "<lang>/volunteers/me/delete/": Rule(
            A.MEMBER,
            ok=(REAUTHENTICATE,),
            note="asks for the password again first (allauth), then to confirm with the email address",
        ),
        "<lang>/volunteers/me/applications/<int:pk>/withdraw/": Rule(
            A.MEMBER,
            sample="/en/volunteers/me/applications/{application}/withdraw/",
            ok=(405,),
            note="POST only",
        ),
        "<lang>/volunteers/teams/<slug:slug>/": Rule(A.PUBLIC, sample="/en/volunteers/teams/{team_slug}/"),
        "<lang>/volunteers/teams/<slug:slug>/applications/": Rule(
            A.TEAM_LEAD, sample="/en/volunteers/teams/{team_slug}/applications/", note="the leads' queue"
        ),
        "<lang>/volunteers/teams/<slug:slug>/applications/<int:pk>/decide/": Rule(
            A.TEAM_LEAD,
            sample="/en/volunteers/teams/{team_slug}/applications/{application}/decide/",
            ok=(405,),
            note="POST only",
        ),
        "admin/volunteers/": Rule(A.ADMIN, roles=VOLUNTEER_STAFF, note="applications; CSV export is logged"),
        "admin/volunteers/dashboard/": Rule(A.ADMIN, roles=VOLUNTEER_STAFF, note="the interest dashboard"),
        "admin/volunteers/teams/": Rule(A.ADMIN, roles=VOLUNTEER_STAFF),
        "admin/volunteers/teams/add/": Rule(A.ADMIN, roles=VOLUNTEER_STAFF),
        "admin/volunteers/teams/<int:pk>/": Rule(
            A.ADMIN, sample="/admin/volunteers/teams/{team}/", roles=VOLUNTEER_STAFF
        ),
    }
)

# SIG proposals (sigs app): members propose; reviewers and moderators review and decide.
ACCESS.update(
    {
        "<lang>/sigs/proposals/": Rule(A.MEMBER, note="My SIG proposals"),
        "<lang>/sigs/proposals/new/": Rule(A.MEMBER, note="the proposal form"),
        "<lang>/sigs/proposals/<int:pk>/": Rule(A.REVIEW, sample="/en/sigs/proposals/{proposal}/"),
        "<lang>/sigs/proposals/<int:pk>/edit/": Rule(
            A.PROPOSER, sample="/en/sigs/proposals/{proposal}/edit/", note="drafts and changes requested"
        ),
        "<lang>/sigs/proposals/<int:pk>/move/": Rule(
            A.REVIEW, sample="/en/sigs/proposals/{proposal}/move/", ok=(405,), note="POST only"
        ),
        "<lang>/sigs/proposals/<int:pk>/review/": Rule(
            A.REVIEW, sample="/en/sigs/proposals/{proposal}/review/", ok=(405,), note="POST only"
        ),
        "<lang>/sigs/proposals/<int:pk>/confirm/": Rule(
            A.REVIEW, sample="/en/sigs/proposals/{proposal}/confirm/", ok=(405,), note="POST only; co-leaders"
        ),
        "<lang>/sigs/proposals/<int:pk>/questions/": Rule(
            A.REVIEW,
            sample="/en/sigs/proposals/{proposal}/questions/",
            ok=(405,),
            note="POST only: the private thread",
        ),
        "<lang>/sigs/proposals/<int:pk>/comments/open/": Rule(
            A.REVIEW,
            sample="/en/sigs/proposals/{proposal}/comments/open/",
            ok=(405,),
            note="POST only; moderators open the public comment period",
        ),
        "<lang>/sigs/proposals/<int:pk>/public/": Rule(
            A.PUBLIC,
            sample="/en/sigs/proposals/{public_proposal}/public/",
            note="once a comment period was opened (404 before); signed-in members comment",
        ),
        "<lang>/sigs/proposals/<int:pk>/comments/<int:comment_pk>/hide/": Rule(
            A.MEMBER,
            sample="/en/sigs/proposals/{public_proposal}/comments/{comment}/hide/",
            ok=(405,),
            note="POST only; moderators",
        ),
        "<lang>/sigs/review/": Rule(A.REVIEW, note="the review queue"),
        "<lang>/sigs/": Rule(A.PUBLIC, note="the SIG directory: active SIGs"),
        "<lang>/sigs/<slug:slug>/": Rule(A.PUBLIC, sample="/en/sigs/{sig_slug}/", note="a SIG's page"),
        "<lang>/sigs/<slug:slug>/join/": Rule(
            A.MEMBER, sample="/en/sigs/{sig_slug}/join/", ok=(405,), note="POST only: join or leave"
        ),
        "<lang>/sigs/<slug:slug>/manage/": Rule(
            A.SIG_LEADER,
            sample="/en/sigs/{sig_slug}/manage/",
            note="checklist, requests, members; moderators also retire",
        ),
    }
)

# The announcements list (announcements app): subscribing and the links in
# mails open without an account; campaigns are for moderators and administrators.
LIST_SENDERS = (MODERATORS, ADMINISTRATORS)
ACCESS.update(
    {
        "<lang>/announcements/": Rule(A.PUBLIC, note="the web archive of sent issues, with a subscribe box"),
        "<lang>/announcements/subscribe/": Rule(
            A.PUBLIC, note="the subscribe form (the boxes on the home, news pages and footer post here)"
        ),
        "<lang>/announcements/subscribe/thanks/": Rule(A.PUBLIC, note="the same answer whatever the address"),
        "<lang>/announcements/confirm/<str:token>/": Rule(
            A.PUBLIC,
            sample="/en/announcements/confirm/{confirm_token}/",
            note="signed, expiring link; GET shows a button, POST confirms",
        ),
        "<lang>/announcements/manage/<str:token>/": Rule(
            A.PUBLIC, sample="/en/announcements/manage/{manage_token}/", note="preferences by signed link"
        ),
        "<lang>/announcements/unsubscribe/<str:token>/": Rule(
            A.PUBLIC,
            sample="/en/announcements/unsubscribe/{manage_token}/",
            note="GET asks; POST (RFC 8058 one-click, no cookie or CSRF token) unsubscribes",
        ),
        "<lang>/announcements/me/": Rule(A.MEMBER, note="a member's own subscription"),
        "admin/announcements/": Rule(A.ADMIN, roles=LIST_SENDERS, note="campaigns"),
        "admin/announcements/new/": Rule(A.ADMIN, roles=LIST_SENDERS, ok=(405,), note="POST only"),
        "admin/announcements/<int:pk>/": Rule(
            A.ADMIN, sample="/admin/announcements/{campaign}/", roles=LIST_SENDERS, note="preview, test, send"
        ),
        "admin/announcements/<int:pk>/move/": Rule(
            A.ADMIN, sample="/admin/announcements/{campaign}/move/", roles=LIST_SENDERS, ok=(405,)
        ),
        "admin/announcements/<int:pk>/test/": Rule(
            A.ADMIN, sample="/admin/announcements/{campaign}/test/", roles=LIST_SENDERS, ok=(405,)
        ),
        "admin/announcements/<int:pk>/preview/<str:language>/": Rule(
            A.ADMIN, sample="/admin/announcements/{campaign}/preview/es/", roles=LIST_SENDERS
        ),
        "admin/announcements/<int:pk>/progress.json": Rule(
            A.ADMIN, sample="/admin/announcements/{campaign}/progress.json", roles=LIST_SENDERS
        ),
        "admin/announcements/subscribers/": Rule(A.ADMIN, roles=LIST_SENDERS),
    }
)

PREFIXES: dict[str, Rule] = {
    "admin/": Rule(A.ADMIN, note="Wagtail wraps every admin view in its access_admin check"),
    "django-admin/": Rule(A.SUPERUSER, note="Django's AdminSite checks is_staff on every view"),
}


def rule_for(route: str) -> Rule | None:
    """The rule covering `route`: its own entry, else its prefix's."""
    if route in ACCESS:
        return ACCESS[route]
    for prefix, rule in PREFIXES.items():
        if route.startswith(prefix):
            return rule
    return None

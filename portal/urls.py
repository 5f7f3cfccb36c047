from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as account_views
from portal import routing, sitemaps, views

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

# The admins have no password forms of their own: every way in goes through
# allauth (MFA, rate limits). These redirects come before the admin URLs.
admin_login_redirects = [
    path("admin/login/", account_views.admin_login_redirect, name="wagtailadmin_login_redirect"),
    re_path(
        r"^admin/password_reset/.*$",
        RedirectView.as_view(pattern_name="account_reset_password", permanent=False),
        name="wagtailadmin_password_reset_redirect",
    ),
    path("django-admin/login/", account_views.admin_login_redirect, name="djangoadmin_login_redirect"),
    # Wagtail's sign-out answers GET by dropping the session cookie: use allauth's (POST).
    path(
        "admin/logout/",
        RedirectView.as_view(pattern_name="account_logout", permanent=False),
        name="wagtailadmin_logout_redirect",
    ),
]

urlpatterns = [
    *admin_login_redirects,
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("language/", account_views.switch_language, name="switch_language"),
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
]

urlpatterns += i18n_patterns(
    path("accounts/profile/", account_views.profile, name="account_profile"),
    path("accounts/", include("allauth.urls")),
    path("sponsors/", include("sponsors.urls")),
    path("volunteers/", include("volunteers.urls")),
    path("sigs/", include("sigs.urls")),
    path("announcements/", include("announcements.urls")),
    # Wagtail's front-end URLs (wagtail.urls), without its password login form.
    path("_util/login/", account_views.frontend_login_redirect, name="wagtail_frontend_login_redirect"),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        wagtail_views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    # Page serving with a route cache (portal/routing.py); comes last.
    re_path(r"^((?:[\w\-]+/)*)$", routing.serve, name="wagtail_serve"),
    prefix_default_language=True,
)

if settings.PORTAL_BENCH_FLOOR:
    # The benchmark's floor: a bare view in the same process (bench/pages.py).
    urlpatterns.append(path("bench/floor/", views.bench_floor, name="bench_floor"))

# Uploaded media: served here only with DEBUG (make run); in production the
# reverse proxy or shared storage serves MEDIA_URL (docs/operations.md).
urlpatterns.append(path("media/<path:path>", views.media_in_development, name="media_in_development"))

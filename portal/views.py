from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from portal.selectors import worker_status


def _error(request, template, status):
    return render(request, template, status=status)


def bad_request(request, exception=None):
    return _error(request, "errors/400.html", 400)


def permission_denied(request, exception=None):
    return _error(request, "errors/403.html", 403)


def page_not_found(request, exception=None):
    return _error(request, "errors/404.html", 404)


@requires_csrf_token
def server_error(request):
    # Rendered without context processors or database access: whatever broke
    # the request may break them too.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def csrf_failure(request, reason=""):
    return _error(request, "errors/403_csrf.html", 403)


@never_cache
def healthz(request):
    """For load balancers and monitoring: the process answers, the database
    responds, and when a Celery worker last proved it was alive."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    worker = worker_status()
    last_seen = worker["last_seen"].isoformat() if worker["last_seen"] else None
    return JsonResponse({"status": "ok", "worker": worker["state"], "worker_last_seen": last_seen})


_FLOOR_HTML = "<!DOCTYPE html><html><body>" + ("<p>" + "x" * 96 + "</p>\n") * 196 + "</body></html>"


def bench_floor(request):
    """A bare view returning 20 KB of static HTML: the benchmark's floor."""
    from django.http import HttpResponse

    return HttpResponse(_FLOOR_HTML)


def media_in_development(request, path):
    from django.conf import settings
    from django.http import Http404
    from django.views.static import serve

    if not settings.DEBUG:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)

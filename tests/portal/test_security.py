import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import ModeratorFactory, give_totp

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _directives(header: str) -> dict[str, str]:
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/en/", "/en/accounts/login/", "/en/accounts/signup/", "/en/no-such-page/"])
def test_public_pages_carry_a_strict_content_security_policy(client, path):
    from portal.demo import ensure_home_page

    ensure_home_page()
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    directives = _directives(policy)
    assert directives["object-src"] == "object-src 'none'"
    assert directives["base-uri"] == "base-uri 'none'"
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert directives["script-src"] == "script-src 'self'"
    assert directives["style-src"] == "style-src 'self'"


def test_public_pages_have_no_inline_script_or_style(client):
    from portal.demo import ensure_home_page

    ensure_home_page()
    for path in ["/en/", "/en/accounts/login/", "/en/accounts/signup/", "/en/accounts/password/reset/"]:
        body = client.get(path).content.decode()
        assert "<script>" not in body and "<style" not in body and " style=" not in body, path
        assert "http://" not in body.replace("http://testserver", "").replace("http://www.w3.org", ""), path


def test_admin_has_its_own_policy_and_can_be_framed_by_itself(client):
    user = ModeratorFactory()
    give_totp(user)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    directives = _directives(response["Content-Security-Policy"])
    assert directives["frame-ancestors"] == "frame-ancestors 'self'"
    assert directives["object-src"] == "object-src 'none'"
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_404_page_is_styled_and_translated(client):
    response = client.get("/de/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Seite nicht gefunden" in body
    assert 'href="/static/css/portal.css"' in body


def test_csrf_failure_page_is_friendly(client):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post("/es/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
    assert "formulario" in response.content.decode().lower()


@pytest.mark.parametrize(("language", "text"), [("en", "Something went wrong"), ("de", '<html lang="de">')])
def test_500_page_renders_without_context_and_in_the_active_language(rf, language, text):
    from django.utils import translation

    from portal.views import server_error

    with translation.override(language):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert text in response.content.decode()


def _run_production(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    for name in ("CACHE_URL", "REDIS_URL", "SITE_URL", "EMAIL_URL"):
        env.pop(name, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "ALLOWED_HOSTS": "portal.example.org",
            "CACHE_URL": "redis://127.0.0.1:6379/1",
            "SITE_URL": "https://portal.example.org",
            "EMAIL_URL": "smtp+tls://portal:secret@smtp.example.org:587",
        }
    )
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _run_production({})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_refuse_a_short_secret_key():
    result = _run_production({"SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("missing", ["CACHE_URL", "SITE_URL", "EMAIL_URL"])
def test_production_settings_refuse_to_start_without_shared_services(missing):
    result = _run_production({"SECRET_KEY": "x" * 64, missing: ""})
    assert result.returncode != 0
    assert f"{missing}" in result.stderr


def test_production_settings_start_with_a_secret_key():
    result = _run_production({"SECRET_KEY": "x" * 64})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"

"""Browser tests: Playwright for Python driving Debian's Chromium against
pytest-django's live server (a thread of this process, so `mailoutbox` sees the
mails the server sends).

Find elements by role and accessible name or label, as a person would: the
templates' classes and markup change without notice.

In CI (the CI environment variable set) a browser that cannot start fails the
tests; elsewhere a missing /usr/bin/chromium skips them with the reason.
"""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"
TIMEOUT_MS = 10_000


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def cannot_run(reason: str):
    if in_ci():
        pytest.fail(f"{reason} (CI is set: browser tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item: `new_context` saves screenshots when a test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def browser(request):
    """One Chromium for all browser tests.

    Playwright's sync API keeps an asyncio loop running in this thread while it
    is started, and next to a running loop Django refuses database access
    (SynchronousOnlyOperation) unless DJANGO_ALLOW_ASYNC_UNSAFE is set. It is
    set for the loop's lifetime only, not for the rest of the test session.
    """
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import expect, sync_playwright
    except ImportError as exc:
        cannot_run(f"Playwright for Python is not installed: {exc}")
    if not Path(CHROMIUM).exists():
        cannot_run(f"{CHROMIUM} is missing (apt-get install chromium)")

    # Create the test database before the loop starts, in the ordinary way: with
    # a running loop, asgiref hands this thread other connection objects.
    request.getfixturevalue("django_db_setup")

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            pytest.fail(f"Chromium ({CHROMIUM}) did not start: {exc}", pytrace=False)
        expect.set_options(timeout=TIMEOUT_MS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site_url(live_server, transactional_db) -> str:
    """The live server's address, e.g. http://localhost:41234.

    The database is flushed after each browser test (and by any transactional
    test before), so fixtures create what a test needs instead of relying on
    data from migrations."""
    return live_server.url


@pytest.fixture
def home_page(site_url):
    """The portal's front page, as `make run` creates it, with the locales and
    the Wagtail root page it needs."""
    from tests.factories.news import make_site

    return make_site()


@pytest.fixture
def new_context(browser, site_url, request):
    """Open a fresh browser profile (its own cookies): `new_context(locale="es-ES")`.

    On failure, a screenshot and the HTML of every page it opened go to test-results/."""
    contexts = []

    def open_context(**options):
        options.setdefault("locale", "en-GB")
        context = browser.new_context(base_url=site_url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield open_context

    failed = any(
        getattr(getattr(request.node, f"report_{when}", None), "failed", False) for when in ("setup", "call")
    )
    for n, context in enumerate(contexts):
        if failed:
            save_screenshots(request.node.nodeid, n, context)
        context.close()


def save_screenshots(nodeid: str, n: int, context) -> None:
    RESULTS_DIR.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", nodeid).strip("_")
    for m, page in enumerate(context.pages):
        path = RESULTS_DIR / f"{name}-{n}-{m}"
        try:
            page.screenshot(path=f"{path}.png", full_page=True)
            Path(f"{path}.html").write_text(page.content())
        except Exception as exc:  # the page may have crashed: the test's own error matters more
            print(f"no screenshot of {page.url}: {exc}")
        else:
            print(f"screenshot of {page.url}: {path}.png (and .html)")


@pytest.fixture
def page(new_context):
    """A page in a fresh English-speaking browser profile."""
    return new_context().new_page()

"""Browser journeys: Playwright (Python) driving Debian's Chromium at /usr/bin/chromium.

pytest-playwright's fixtures expect a downloaded browser, which this project cannot fetch,
so the browser is launched here. Tests are skipped with the reason when Chromium is missing;
`make test` installs it first."""

import os
import shutil

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls of the test body
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class OneRequestAtATime(WSGIServer):
    """The live server, answering one request at a time, in its own thread.

    On SQLite the tests' database lives in memory, so Django gives the live server the test's
    own connection, and its threaded server shares that one connection between requests. A
    page's parallel requests (the admin's autocompletes) then used it at the same time, and
    SQLite failed one at random ("bad parameter or other API misuse"). That thread already
    has the test's connections, so the override is not needed here."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def _live_server_one_request_at_a_time():
    # Session-scoped like pytest-django's live_server, and autouse so it is set first.
    original = LiveServerThread.server_class
    LiveServerThread.server_class = OneRequestAtATime
    yield
    LiveServerThread.server_class = original


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: run `make test`, or apt-get install chromium"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()

"""Shared fixtures: people, organisations, query-count helpers and the browser harness."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread
from django.test.utils import CaptureQueriesContext

from tests.factories import PersonFactory, StaffFactory, make_organization

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# tests themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() == "true"


class JoiningLiveServer(ThreadedWSGIServer):
    """The live server, whose request threads never outlive a test.

    Django's server runs each request in a daemon thread that nobody waits for. A page
    closed at the end of a test (or one that keeps polling, like the live hall) then leaves
    a request running into the next test's database, and at the end of the session that
    thread closes the shared SQLite connection after the server gave it back — an unhandled
    exception in a thread. Here the browser fixtures wait until no request is running, and
    closing the server joins the last ones.
    """

    daemon_threads = False
    block_on_close = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.idle = threading.Condition()
        self.running = 0

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        with self.idle:
            self.running += 1
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self.idle:
                self.running -= 1
                self.idle.notify_all()

    def wait_until_idle(self, timeout: float = 30) -> None:
        with self.idle:
            self.idle.wait_for(lambda: self.running == 0, timeout)


LiveServerThread.server_class = JoiningLiveServer


def wait_for_requests(live_server: Any) -> None:
    """Let the requests the browser started finish before the test's data goes away."""
    httpd = getattr(live_server.thread, "httpd", None)
    if isinstance(httpd, JoiningLiveServer):
        httpd.wait_until_idle()


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE_PATH = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


def pytest_sessionstart(session: pytest.Session) -> None:
    from django.conf import settings

    # WhiteNoise looks into STATIC_ROOT when the first request comes; the tests serve static
    # files from the apps (no collectstatic), and an empty directory is what it then finds.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)

    engine = settings.DATABASES["default"]["ENGINE"]
    if IN_CI and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        assert engine.endswith("postgresql"), "CI asked for PostgreSQL but got " + engine


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """pytest-django's test databases, with the sessions that outlived their tests ended
    before the database is dropped.

    With ``CONN_MAX_AGE`` a thread keeps its PostgreSQL connection open until it closes it;
    a request thread of the live server, a thread of a concurrency test, or the connection
    of a context that Playwright's greenlets switched away from can leave one idle. PostgreSQL
    refuses to drop a database with a session on it ("is being accessed by other users"),
    which would turn a green run into an error at the very end.
    """
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for alias in connections:
            database = connections[alias]
            if database.vendor != "postgresql":
                continue
            with database.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            database.close()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request in /en/ leaves English active in the thread; the next test starts in German."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person(db: Any) -> Any:
    return PersonFactory()


@pytest.fixture
def staff(db: Any) -> Any:
    return StaffFactory()


@pytest.fixture
def organization(db: Any, person: Any) -> Any:
    """A published organisation whose admin is ``person``."""
    return make_organization(
        admin=person,
        name="Haus der Kulturen Leipzig",
        city="Leipzig",
        federal_state="SN",
        postal_code="04109",
    )


@pytest.fixture(scope="module")
def policy_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    """The world of the policy matrices (``tests/policy_matrix.py``), built once per test
    module inside a transaction that is rolled back after it; each test runs in a savepoint
    within it."""
    from django.db import transaction

    from tests.policy_matrix import build_world

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@contextmanager
def max_queries(limit: int) -> Iterator[CaptureQueriesContext]:
    """Assert that the block runs at most ``limit`` SQL queries; shows them when it does not."""
    with CaptureQueriesContext(connection) as context:
        yield context
    executed = len(context.captured_queries)
    if executed > limit:
        listing = "\n".join(q["sql"][:300] for q in context.captured_queries)
        pytest.fail(f"{executed} queries, at most {limit} allowed:\n{listing}")


@pytest.fixture
def assert_max_queries() -> Any:
    return max_queries


# --- Browser ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (make test installs it from Debian)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright

    # Assertions wait for the page's own state (a reload it does by itself, a script that
    # fills a region) as long as actions do; on a loaded machine five seconds is too short.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


OUTSIDE_THIS_MACHINE = re.compile(r"^https?://(?!localhost[:/]|127\.0\.0\.1[:/]|\[::1\][:/])")


def offline(context: Any) -> None:
    """Refuse requests that leave the machine (map tiles, say) at once: there is no network
    here, and a request left hanging would hold the page's load event until a timeout."""
    context.route(OUTSIDE_THIS_MACHINE, lambda route: route.abort())


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    offline(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
    wait_for_requests(live_server)


@pytest.fixture
def new_context(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """Browser contexts of several people in one test, all closed (and their requests
    finished) when it ends."""
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        context = browser.new_context(base_url=live_server.url, **options)
        offline(context)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    wait_for_requests(live_server)


@pytest.fixture
def phone_page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    offline(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
    wait_for_requests(live_server)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """WCAG 2.1 A and AA violations on the current page, found by axe-core from npm."""
    if not AXE_PATH.exists():
        pytest.fail(f"{AXE_PATH} is missing: run `npm install` (make test does)")
    page.evaluate(AXE_PATH.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(
                    n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }"""
    )
    return list(result)


@pytest.fixture
def assert_accessible() -> Any:
    def check(page: Any) -> None:
        violations = axe_violations(page)
        assert violations == [], (
            f"axe-core found WCAG 2.1 A/AA violations on {page.url}: "
            + "\n".join(
                f"{v['id']} ({v['impact']}): {v['help']}\n  " + "\n  ".join(v["nodes"])
                for v in violations
            )
        )

    return check

"""Shared fixtures: people, organisations, query-count helpers and the browser harness."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PersonFactory, StaffFactory, make_organization

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# tests themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE_PATH = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


def pytest_sessionstart(session: pytest.Session) -> None:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if IN_CI and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        assert engine.endswith("postgresql"), "CI asked for PostgreSQL but got " + engine


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
    from playwright.sync_api import sync_playwright

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

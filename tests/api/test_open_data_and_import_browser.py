"""In a real browser: the open-data page and the spreadsheet import pass axe-core, the API
docs render from packaged assets under the site's CSP with no outside request, and a staff
member uploads, checks and starts an import that the task worker then runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command

from tests.factories import StaffFactory, make_organization
from verbund.organizations.models import ImportJob, Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page: Any, live_server: Any, person: Any) -> None:
    session = SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session.save()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key or "",
                "url": live_server.url,
            }
        ]
    )


def test_open_data_page_is_accessible(page: Any, assert_accessible: Any) -> None:
    make_organization(name="Verein Rostock", city="Rostock", federal_state="MV")
    for language in ("de", "ar"):
        page.goto(f"/{language}/open-data/")
        assert page.locator("h1").count() == 1
        assert_accessible(page)
    page.goto("/de/")
    page.locator("footer a[href='/de/open-data/']").click()
    page.wait_for_url("**/de/open-data/")


def test_api_docs_render_offline_under_the_csp(page: Any, live_server: Any) -> None:
    outside: list[str] = []
    violations: list[str] = []

    def only_this_server(route: Any) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_server)
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text and "script" in message.text
            else None
        ),
    )
    page.goto("/api/v1/docs")
    page.locator(".opblock-summary-path", has_text="/api/v1/organisations.geojson").wait_for()
    assert outside == []
    assert violations == []


def test_staff_imports_a_spreadsheet_in_the_browser(
    page: Any, live_server: Any, assert_accessible: Any, tmp_path: Path
) -> None:
    make_organization(name="Frauenverband Görlitz", city="Görlitz", federal_state="SN")
    _log_in(page, live_server, StaffFactory())
    upload = tmp_path / "mitglieder.csv"
    upload.write_bytes(
        "Name;Ort;Sprachen\r\nFrauenverband Görlitz;Görlitz;Russisch\r\n"
        "Elternnetzwerk Fürth;Fürth;Türkisch, Griechisch\r\n".encode("cp1252")
    )
    page.goto("/de/organisations/")
    page.get_by_role("link", name="Import from a spreadsheet").or_(
        page.locator("a[href='/de/organisations/import/']")
    ).first.click()
    assert_accessible(page)
    page.locator("input[type=file]").set_input_files(str(upload))
    page.locator("form.stacked-form button[type=submit]").click()
    page.locator("table.import-mapping").wait_for()
    assert_accessible(page)
    assert page.locator("table.import-duplicates tbody tr").count() == 1
    page.locator("table.import-duplicates select").select_option("update")
    page.locator("button[value=start]").click()
    page.locator("progress, .import-counts").first.wait_for()
    assert_accessible(page)

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    # The page polls by itself (no reload): the counts appear when the worker is done.
    page.locator(".import-counts").wait_for()
    assert ImportJob.objects.get().state == "done"
    assert Organization.objects.count() == 2
    furth = Organization.objects.get(city="Fürth")
    assert sorted(furth.language_links.values_list("code", flat=True)) == ["el", "tr"]
    assert page.locator("a[download]").count() == 1

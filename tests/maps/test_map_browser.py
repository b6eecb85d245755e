"""The map in a real browser, offline: tile requests fail, markers must still be there.

The embed test plays a foreign website: a plain HTML page served by its own small server on
another port (another origin) that pastes both snippets from "Add this map to your website".
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.maps.conftest import NetworkFixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TILES = re.compile(r"tile\.openstreetmap\.org")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def foreign_site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Another website: a static file server on 127.0.0.1 (the live server is "localhost")."""
    root = tmp_path / "foreign"
    root.mkdir()
    handler = functools.partial(QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()
    server.server_close()


@pytest.fixture
def offline_context(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.route(TILES, lambda route: route.abort())
    yield context
    context.close()


def marker_titles(scope: Any) -> set[str]:
    markers = scope.locator(".leaflet-marker-icon.vm-marker")
    return {markers.nth(i).get_attribute("title") for i in range(markers.count())}


def test_a_foreign_website_shows_exactly_the_members_of_one_network(
    offline_context: Any,
    live_server: Any,
    mv_network: NetworkFixture,
    foreign_site: tuple[str, Path],
) -> None:
    page = offline_context.new_page()
    page.set_default_timeout(15_000)
    # The snippets exactly as the builder hands them out.
    page.goto(f"/en/map/embed/?network={mv_network.network.slug}&lang=en&height=420")
    script_snippet = page.locator("#script-snippet").input_value()
    iframe_snippet = page.locator("#iframe-snippet").input_value()
    assert live_server.url in script_snippet and "<verbund-map" in script_snippet
    assert "<noscript>" in script_snippet and iframe_snippet.startswith("<iframe ")

    origin, root = foreign_site
    (root / "index.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Partners</title>"
        "<style>img { max-width: 100%; } body { font: 14px serif; }</style></head><body>"
        f"<h1>Our partners</h1><section id='script-variant'>{script_snippet}</section>"
        f"<section id='frame-variant'>{iframe_snippet}</section></body></html>",
        encoding="utf-8",
    )
    foreign_errors: list[str] = []
    page.on("pageerror", lambda error: foreign_errors.append(str(error)))
    page.goto(f"{origin}/index.html")
    assert page.evaluate("location.origin") != live_server.url

    # Script and custom element: drawn into the foreign page itself.
    element = page.locator("#script-variant verbund-map")
    page.locator("#script-variant verbund-map[data-markers]").wait_for(state="attached")
    assert element.get_attribute("data-markers") == "3"
    assert marker_titles(page.locator("#script-variant")) == mv_network.member_names
    assert element.evaluate("e => e.shadowRoot.querySelectorAll('.vm-list li').length") == 3

    # The frame: the embed page on the platform's origin inside the foreign page.
    frame = page.frame_locator("#frame-variant iframe")
    frame.locator("verbund-map[data-markers]").wait_for()
    assert frame.locator("verbund-map").get_attribute("data-markers") == "3"
    assert marker_titles(frame.locator("body")) == mv_network.member_names
    assert foreign_errors == []

    # A popup names the organisation, its kind and languages, and links to its profile.
    schwerin = page.locator("#script-variant .vm-marker[title='Elternnetzwerk Schwerin']")
    schwerin.click()
    popup = page.locator("#script-variant .vm-popup")
    popup.wait_for()
    assert "Parents' network" in popup.inner_text() and "Arabic" in popup.inner_text()
    link = popup.locator("a.vm-popup-name").get_attribute("href") or ""
    assert link.startswith(live_server.url + "/en/organisations/")


def test_a_filter_state_map_on_a_foreign_site_shows_only_matching_organisations(
    offline_context: Any,
    live_server: Any,
    mv_network: NetworkFixture,
    foreign_site: tuple[str, Path],
) -> None:
    origin, root = foreign_site
    (root / "parents.html").write_text(
        "<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'><title>Eltern</title></head>"
        f"<body><script src='{live_server.url}/static/maps/verbund-map.js' defer></script>"
        "<verbund-map kind='parents' lang='de' height='300'></verbund-map></body></html>",
        encoding="utf-8",
    )
    page = offline_context.new_page()
    page.goto(f"{origin}/parents.html")
    page.locator("verbund-map[data-markers]").wait_for(state="attached")
    assert marker_titles(page) == {"Elternnetzwerk Schwerin", "Elterninitiative Berlin"}


def test_a_map_whose_data_fails_says_so_in_its_own_language(
    offline_context: Any, live_server: Any, foreign_site: tuple[str, Path]
) -> None:
    origin, root = foreign_site
    (root / "broken.html").write_text(
        "<!DOCTYPE html><html lang='tr'><head><meta charset='utf-8'><title>Harita</title></head>"
        f"<body><script src='{live_server.url}/static/maps/verbund-map.js' defer></script>"
        f"<verbund-map src='{live_server.url}/embed/no-such-data.geojson' lang='tr'>"
        "</verbund-map></body></html>",
        encoding="utf-8",
    )
    page = offline_context.new_page()
    page.goto(f"{origin}/broken.html")
    page.locator("verbund-map[data-error]").wait_for(state="attached")
    assert page.locator("verbund-map .vm-status").inner_text() == "Harita yüklenemedi."


def test_the_map_page_is_accessible_and_its_list_moves_the_map(
    offline_context: Any, mv_network: NetworkFixture, assert_accessible: Any
) -> None:
    page = offline_context.new_page()
    page.goto(f"/de/map/?network={mv_network.network.slug}")
    page.locator("verbund-map[data-markers]").wait_for(state="attached")
    assert marker_titles(page) == mv_network.member_names
    # Without tiles the markers sit on the plain background of the map.
    assert page.locator(".leaflet-tile-loaded").count() == 0
    assert_accessible(page)

    card = page.locator(".map-list [data-organisation]", has_text="Kulturverein Greifswald")
    card.get_by_role("button").click()
    popup = page.locator(".vm-popup")
    popup.wait_for()
    assert "Kulturverein Greifswald" in popup.inner_text()
    assert "is-shown" in (card.get_attribute("class") or "")

    # And the other way round: opening a marker marks its organisation in the list.
    page.reload()
    page.locator("verbund-map[data-markers]").wait_for(state="attached")
    page.locator("verbund-map .vm-marker[title='Elternnetzwerk Schwerin']").click()
    page.locator(".map-list .is-shown", has_text="Elternnetzwerk Schwerin").wait_for()
    assert page.locator(".map-list .is-shown").count() == 1


def test_the_whole_map_the_builder_and_the_embed_page_are_accessible(
    offline_context: Any, mv_network: NetworkFixture, assert_accessible: Any
) -> None:
    page = offline_context.new_page()
    page.goto("/de/map/")
    page.locator("verbund-map[data-markers]").wait_for(state="attached")
    assert page.locator("verbund-map").get_attribute("data-markers") == "6"
    assert_accessible(page)
    page.goto("/de/map/embed/")
    assert_accessible(page)
    page.goto(f"/embed/map/?network={mv_network.network.slug}&lang=ar")
    page.locator("verbund-map[data-markers]").wait_for(state="attached")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page)


def test_an_admin_places_the_pin_by_clicking_the_map(
    offline_context: Any,
    live_server: Any,
    organization: Any,
    person: Any,
    assert_accessible: Any,
) -> None:
    client = Client()
    client.force_login(person)
    offline_context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = offline_context.new_page()
    page.goto(f"/en/organisations/{organization.slug}/edit/")
    pin_map = page.locator("#pin-map")
    pin_map.wait_for()
    assert_accessible(page)
    before = page.locator("input[name=latitude]").input_value()
    box = pin_map.bounding_box()
    pin_map.click(position={"x": box["width"] / 2 + 60, "y": box["height"] / 2 + 40})
    after = page.locator("input[name=latitude]").input_value()
    assert after and after != before
    page.locator("form.stacked-form button[type=submit].primary").click()
    page.wait_for_load_state()
    organization.refresh_from_db()
    assert f"{organization.latitude:.6f}" == after
    assert organization.pin_source.source == "manual"


def test_with_many_organisations_the_map_loads_clusters_and_markers_per_view(
    offline_context: Any, mv_network: NetworkFixture, settings: Any
) -> None:
    settings.VERBUND_MAP_MARKER_LIMIT = 2
    page = offline_context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/en/map/")
    page.locator("verbund-map[data-markers='6']").wait_for(state="attached")
    page.locator("verbund-map .vm-cluster").first.wait_for()
    assert page.locator("verbund-map .vm-marker").count() < 6
    assert any("bbox=" in url for url in requests)

    # The list brings any organisation onto the map, loading its part of the map.
    card = page.locator(".map-list [data-organisation]", has_text="Kulturverein Greifswald")
    card.get_by_role("button").click()
    popup = page.locator(".vm-popup")
    popup.wait_for()
    assert "Kulturverein Greifswald" in popup.inner_text()

"""The map page, the embed routes, the widget's data, the snippet builder and the pin form."""

from __future__ import annotations

import gzip
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from tests.factories import make_organization
from tests.maps.conftest import NetworkFixture
from verbund.maps.geocoding import Source, locate_offline
from verbund.maps.models import PinSource
from verbund.organizations.taxonomy import Kind, Visibility

pytestmark = pytest.mark.django_db

DATA_URL = "/embed/organisations.geojson"


def names(response: Any) -> set[str]:
    return {f["properties"]["name"] for f in response.json()["features"]}


def csp_directives(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


# --- Marker data ------------------------------------------------------------------------------


def test_the_data_of_a_network_map_are_exactly_its_published_members(
    client: Client, mv_network: NetworkFixture, assert_max_queries: Any
) -> None:
    with assert_max_queries(6):
        response = client.get(
            DATA_URL,
            {"network": mv_network.network.slug, "lang": "en"},
            HTTP_ORIGIN="https://verein.example",
        )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert names(response) == mv_network.member_names
    data = response.json()
    assert data["type"] == "FeatureCollection"
    schwerin = next(f for f in data["features"] if f["properties"]["city"] == "Schwerin")
    assert schwerin["properties"]["kind_label"] == "Parents' network"
    assert schwerin["properties"]["languages"] == ["Arabic"]
    assert schwerin["properties"]["url"].startswith("/en/organisations/")
    longitude, latitude = schwerin["geometry"]["coordinates"]
    assert abs(latitude - 53.63) < 0.1 and abs(longitude - 11.41) < 0.1
    assert data["verbund"]["count"] == 3
    assert data["verbund"]["labels"]["list"] == "List of organisations"


def test_markers_follow_the_directory_filters_and_the_organisation(
    client: Client, mv_network: NetworkFixture
) -> None:
    parents = client.get(DATA_URL, {"kind": Kind.PARENTS_NETWORK})
    assert names(parents) == {"Elternnetzwerk Schwerin", "Elterninitiative Berlin"}
    in_mv_speaking_arabic = client.get(DATA_URL, {"state": "MV", "language": "ar"})
    assert names(in_mv_speaking_arabic) == {"Elternnetzwerk Schwerin"}
    one = mv_network.members[2]
    assert names(client.get(DATA_URL, {"organisation": one.slug})) == {one.name}
    assert names(client.get(DATA_URL, {"q": "Greifswald"})) == {"Kulturverein Greifswald"}


def test_an_unknown_network_is_not_found(client: Client, db: Any) -> None:
    response = client.get(
        DATA_URL, {"network": "no-such-network"}, HTTP_ORIGIN="https://verein.example"
    )
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get("/embed/map/", {"network": "no-such-network"}).status_code == 404


def test_a_hand_placed_pin_of_a_hidden_address_is_shown_only_at_the_postal_code(
    client: Client, db: Any
) -> None:
    hidden = make_organization(
        name="Frauentreff",
        postal_code="18055",
        city="Rostock",
        federal_state="MV",
        address_visibility=Visibility.MEMBERS,
        latitude=Decimal("54.091234"),
        longitude=Decimal("12.139876"),
    )
    assert PinSource.objects.get(organization=hidden).source == Source.MANUAL
    feature = client.get(DATA_URL).json()["features"][0]
    centre = locate_offline("18055")
    assert centre is not None
    assert feature["geometry"]["coordinates"] == [float(centre.longitude), float(centre.latitude)]


# --- Pages and their headers ------------------------------------------------------------------


def test_the_map_page_shows_the_filtered_list_and_allows_only_the_tile_server(
    client: Client, mv_network: NetworkFixture
) -> None:
    response = client.get("/de/map/", {"kind": Kind.PARENTS_NETWORK})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<verbund-map [^>]*kind="parents"', html)
    assert "Elternnetzwerk Schwerin" in html and "Elterninitiative Berlin" in html
    assert "Kulturverein Greifswald" not in html
    assert response["X-Frame-Options"] == "DENY"
    directives = csp_directives(response)
    assert directives["frame-ancestors"] == ["'none'"]
    assert "https://tile.openstreetmap.org" in directives["img-src"]
    assert directives["script-src"] == ["'self'"]


def test_the_map_page_of_a_network_lists_its_members(
    client: Client, mv_network: NetworkFixture
) -> None:
    response = client.get("/en/map/", {"network": mv_network.network.slug})
    html = response.content.decode()
    for member in mv_network.members:
        assert member.name in html
    assert "Nachbarschaftshilfe Stralsund" not in html
    assert "Entwurf Wismar" not in html


def test_only_the_embed_page_may_be_framed_by_other_websites(
    client: Client, mv_network: NetworkFixture
) -> None:
    embed = client.get("/embed/map/", {"network": mv_network.network.slug, "lang": "en"})
    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed
    assert csp_directives(embed)["frame-ancestors"] == ["*"]
    html = embed.content.decode()
    assert f'network="{mv_network.network.slug}"' in html
    for member in mv_network.members:  # the list without JavaScript
        assert member.name in html
    for path in [
        "/de/map/",
        "/de/map/embed/",
        "/de/organisations/",
        f"/de/organisations/{mv_network.network.slug}/",
    ]:
        response = client.get(path)
        assert response["X-Frame-Options"] == "DENY", path
        assert csp_directives(response)["frame-ancestors"] == ["'none'"], path


def test_the_builder_writes_both_snippets_for_the_chosen_network(
    client: Client, mv_network: NetworkFixture
) -> None:
    slug = mv_network.network.slug
    response = client.get(
        "/en/map/embed/", {"network": slug, "lang": "de", "height": "380", "kind": "", "zoom": "9"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"/embed/map/?network={slug}&amp;amp;zoom=9&amp;amp;height=380&amp;amp;lang=de" in html
    assert "&lt;iframe src=&quot;http://testserver/embed/map/?network=" in html
    assert "height=&quot;380&quot;" in html
    assert (
        f"&lt;verbund-map network=&quot;{slug}&quot; zoom=&quot;9&quot; lang=&quot;de&quot;" in html
    )
    assert "http://testserver/static/maps/verbund-map.js" in html
    assert "&lt;noscript&gt;&lt;a href=&quot;http://testserver/de/map/?network=" in html
    assert 'id="embed-preview"' in html


def test_the_builder_explains_bad_input_and_keeps_it(client: Client, db: Any) -> None:
    response = client.get("/en/map/embed/", {"height": "50", "city": "Rostock", "latitude": "54.1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ensure this value is greater than or equal to 200." in html
    assert "Give both latitude and longitude, or neither." in html
    assert 'value="Rostock"' in html
    assert "embed-preview" not in html


# --- Size budget ------------------------------------------------------------------------------


def _gzipped(path: str) -> int:
    found = finders.find(path)
    assert found, f"{path} is not a static file"
    return len(gzip.compress(Path(str(found)).read_bytes(), compresslevel=9))


def test_the_embed_stays_within_its_size_budget(client: Client, db: Any) -> None:
    """The files the embed page loads, read from its HTML and from the widget script."""
    html = client.get("/embed/map/", {"lang": "de"}).content.decode()
    loaded = [
        url.removeprefix("/static/") for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    ]
    widget = Path(str(finders.find("maps/verbund-map.js"))).read_text(encoding="utf-8")
    loaded += re.findall(r'"((?:xstatic|maps)/[\w./-]+\.(?:css|js))"', widget)
    loaded = sorted(set(loaded))
    assert "xstatic/leaflet/leaflet.js" in loaded and "maps/verbund-map.css" in loaded
    own = sum(_gzipped(p) for p in loaded if p.startswith("maps/"))
    page = len(gzip.compress(html.encode(), compresslevel=9))
    whole = page + sum(_gzipped(p) for p in loaded)
    assert own <= 60 * 1024, f"the widget's own files are {own} bytes gzipped"
    assert whole <= 150 * 1024, f"the whole embed is {whole} bytes gzipped"


# --- The pin on the edit form -----------------------------------------------------------------


def _form_data(organization: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "name": organization.name,
        "kind": organization.kind,
        "city": organization.city,
        "postal_code": organization.postal_code,
        "federal_state": organization.federal_state,
        "address_visibility": "public",
        "website_visibility": "public",
        "email_visibility": "public",
        "phone_visibility": "public",
        "social_links_visibility": "public",
        "latitude": str(organization.latitude or ""),
        "longitude": str(organization.longitude or ""),
    }
    data.update(changes)
    return data


def test_an_admin_places_the_pin_by_typing_coordinates(
    client: Client, organization: Any, person: Any
) -> None:
    client.force_login(person)
    url = reverse("organizations:edit", kwargs={"slug": organization.slug})
    page = client.get(url)
    assert 'name="latitude"' in page.content.decode() and 'id="pin-map"' in page.content.decode()
    assert "https://tile.openstreetmap.org" in csp_directives(page)["img-src"]

    response = client.post(
        url, _form_data(organization, latitude="51,339700", longitude="12.374100")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    organization.refresh_from_db()
    assert (organization.latitude, organization.longitude) == (
        Decimal("51.339700"),
        Decimal("12.374100"),
    )
    assert organization.pin_source.source == Source.MANUAL


def test_a_pin_needs_both_coordinates_inside_germany(
    client: Client, organization: Any, person: Any
) -> None:
    client.force_login(person)
    url = reverse("organizations:edit", kwargs={"slug": organization.slug}).replace("/de/", "/en/")
    only_one = client.post(url, _form_data(organization, latitude="51.3", longitude=""))
    assert only_one.status_code == 400
    assert "Give both latitude and longitude, or leave both empty." in only_one.content.decode()
    abroad = client.post(url, _form_data(organization, latitude="40.4", longitude="-3.7"))
    assert abroad.status_code == 400
    assert "This latitude is not in Germany" in abroad.content.decode()
    assert 'value="40.4"' in abroad.content.decode() or 'value="40,4"' in abroad.content.decode()


def test_the_form_refuses_a_state_that_does_not_contain_the_postal_code(
    client: Client, organization: Any, person: Any
) -> None:
    client.force_login(person)
    url = reverse("organizations:edit", kwargs={"slug": organization.slug}).replace("/de/", "/en/")
    # 04109 is Leipzig: Saxony, although the region 04 also reaches into two other states.
    response = client.post(url, _form_data(organization, federal_state="TH"))
    assert response.status_code == 400
    assert "The postal code 04109 is not in" in response.content.decode()


# --- Many organisations: clusters from the server ---------------------------------------------


def test_beyond_the_marker_limit_the_data_are_clusters_until_the_view_is_small(
    client: Client, mv_network: NetworkFixture, settings: Any
) -> None:
    settings.VERBUND_MAP_MARKER_LIMIT = 2
    overview = client.get(DATA_URL, {"zoom": "6"}).json()
    assert overview["verbund"]["mode"] == "clusters"
    assert overview["verbund"]["count"] == 6
    assert all(f["properties"]["cluster"] for f in overview["features"])
    assert sum(f["properties"]["count"] for f in overview["features"]) == 6
    (south, west), (north, east) = overview["verbund"]["bounds"]
    assert south < 52.6 < 54.2 < north and west < 11.5 < 13.3 < east

    # Around Schwerin only one organisation is in view: it comes as a marker with its name.
    schwerin = client.get(DATA_URL, {"bbox": "11.0,53.4,11.8,53.8", "zoom": "10"}).json()
    assert schwerin["verbund"]["mode"] == "view"
    assert names_of(schwerin) == {"Elternnetzwerk Schwerin"}

    # Street level over the whole state still holds more than the limit: finer clusters.
    fine = client.get(DATA_URL, {"bbox": "10.5,52.0,14.5,54.8", "zoom": "12"}).json()
    assert fine["verbund"]["mode"] == "clusters"
    assert len(fine["features"]) > len(overview["features"])


def test_bad_bbox_and_zoom_values_are_ignored(
    client: Client, mv_network: NetworkFixture, settings: Any
) -> None:
    settings.VERBUND_MAP_MARKER_LIMIT = 2
    for bbox in ["x", "1,2,3", "20,60,10,50", "-200,0,0,10"]:
        response = client.get(DATA_URL, {"bbox": bbox, "zoom": "eleven"})
        assert response.status_code == 200
        assert response.json()["verbund"]["mode"] == "clusters"


def names_of(data: dict[str, Any]) -> set[str]:
    return {f["properties"]["name"] for f in data["features"]}


def test_a_profile_links_to_its_own_map_and_widget(client: Client, organization: Any) -> None:
    html = client.get(f"/en/organisations/{organization.slug}/").content.decode()
    assert f'href="/en/map/?organisation={organization.slug}"' in html
    assert f'href="/en/map/embed/?organisation={organization.slug}"' in html
    map_page = client.get("/en/map/", {"organisation": organization.slug}).content.decode()
    assert f'organisation="{organization.slug}"' in map_page
    assert organization.name in map_page


def test_the_shared_map_page_follows_changes_to_the_registry(
    client: Client, organization: Any, django_capture_on_commit_callbacks: Any
) -> None:
    assert "Neuer Verein Rostock" not in client.get("/en/map/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        make_organization(name="Neuer Verein Rostock", city="Rostock", federal_state="MV")
    assert "Neuer Verein Rostock" in client.get("/en/map/").content.decode()

"""Search engines find every public page in every language: robots.txt names the sitemap
index, the index names one sitemap per language, each entry has absolute addresses and its
alternates in all seven languages plus x-default (checked against the sitemap protocol's
rules as an XML schema, with xmlschema); the pages themselves carry the same canonical and
hreflang links, and profiles describe themselves to link previews as an organisation."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
import xmlschema
from django.conf import settings as django_settings
from django.test import Client

from tests.factories import PersonFactory, make_organization
from tests.networks.helpers import accepted
from verbund.organizations.taxonomy import Status

SITE = "https://verbund.example"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
SCHEMA = xmlschema.XMLSchema(Path(__file__).with_name("schemas") / "sitemap.xsd")
LANGUAGES = [code for code, _name in django_settings.LANGUAGES]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _public_address(settings: Any) -> None:
    settings.SITE_URL = SITE


@pytest.fixture
def registry(db: Any) -> dict[str, Any]:
    coordinator = PersonFactory()
    network = make_organization(admin=coordinator, name="Netzwerk Ost", kind="local_network")
    member = make_organization(
        admin=PersonFactory(), name="Kulturverein Mitte", city="Dresden", federal_state="SN"
    )
    accepted(coordinator, network, member)
    draft = make_organization(name="Entwurf e. V.", status=Status.DRAFT)
    return {"network": network, "member": member, "draft": draft}


def _xml(content: bytes, root: str) -> ElementTree.Element:
    SCHEMA.validate(content.decode())  # raises with the first rule broken
    tree = ElementTree.fromstring(content)  # noqa: S314 - our own answer, just validated
    assert tree.tag == f"{{{NS['sm']}}}{root}"
    return tree


def _path(url: str) -> str:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == SITE
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_robots_txt_names_the_sitemap_index() -> None:
    text = Client().get("/robots.txt").content.decode()
    assert re.search(rf"^Sitemap: {re.escape(SITE)}/sitemap\.xml$", text, re.MULTILINE)


def test_one_sitemap_per_language_with_alternates(registry: dict[str, Any]) -> None:
    client = Client()
    response = client.get("/sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    index = _xml(response.content, "sitemapindex")
    locations = [loc.text or "" for loc in index.findall("sm:sitemap/sm:loc", NS)]
    assert [_path(loc) for loc in locations] == [f"/sitemap-{code}.xml" for code in LANGUAGES]

    listed: dict[str, set[str]] = {}
    for code, location in zip(LANGUAGES, locations, strict=True):
        urlset = _xml(client.get(_path(location)).content, "urlset")
        paths = set()
        for url in urlset.findall("sm:url", NS):
            loc = url.findtext("sm:loc", namespaces=NS) or ""
            path = _path(loc)
            assert path.startswith(f"/{code}/")
            alternates = {
                link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
            }
            assert set(alternates) == {*LANGUAGES, "x-default"}
            assert alternates[code] == loc  # an entry lists itself among its alternates
            assert alternates["x-default"] == alternates["de"]
            for other in LANGUAGES:
                assert _path(alternates[other] or "").startswith(f"/{other}/")
            paths.add(path)
        listed[code] = paths

    german = listed["de"]
    for page in ("/de/", "/de/organisations/", "/de/map/", "/de/map/embed/", "/de/networks/"):
        assert page in german
    assert "/de/open-data/" in german
    assert f"/de/organisations/{registry['member'].slug}/" in german
    assert f"/de/networks/{registry['network'].slug}/" in german
    assert f"/de/organisations/{registry['draft'].slug}/" not in german
    assert f"/ar/organisations/{registry['member'].slug}/" in listed["ar"]
    # Every page listed is there to be found.
    for path in german:
        assert client.get(path).status_code == 200, path


def test_a_sitemap_of_an_unknown_language_or_page_is_not_found() -> None:
    assert Client().get("/sitemap-xx.xml").status_code == 404
    assert Client().get("/sitemap-de.xml?p=9").status_code == 404


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []
        self.meta: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "link":
            self.links.append(values)
        if tag == "meta" and "property" in values:
            self.meta.append((values["property"], values.get("content", "")))


def _head(html: bytes) -> _Head:
    parser = _Head()
    parser.feed(html.decode())
    return parser


def _seo(html: bytes) -> tuple[str, dict[str, str]]:
    head = _head(html)
    [canonical] = [link["href"] for link in head.links if link.get("rel") == "canonical"]
    alternates = {
        link["hreflang"]: link["href"] for link in head.links if link.get("rel") == "alternate"
    }
    return canonical, alternates


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        ("/de/", "/de/"),
        ("/tr/organisations/", "/tr/organisations/"),
        # Stray parameters go, filters stay in their stable order.
        (
            "/de/organisations/?utm_source=x&state=SN&kind=migrant",
            "/de/organisations/?kind=migrant&state=SN",
        ),
        ("/ar/map/?state=SN&junk=1", "/ar/map/?state=SN"),
        ("/en/map/embed/?lang=en", "/en/map/embed/"),
        ("/de/networks/", "/de/networks/"),
        ("/fa/open-data/", "/fa/open-data/"),
        ("/de/accounts/login/?next=/de/me/", "/de/accounts/login/"),
    ],
)
def test_pages_name_their_canonical_address_and_their_languages(
    registry: dict[str, Any], path: str, canonical: str
) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    found, alternates = _seo(response.content)
    assert found == SITE + canonical
    assert set(alternates) == {*LANGUAGES, "x-default"}
    language = canonical.split("/")[1]
    assert alternates[language] == found
    assert alternates["x-default"] == SITE + "/de/" + canonical.split("/", 2)[2]
    assert alternates["uk"] == SITE + "/uk/" + canonical.split("/", 2)[2]


def test_profiles_and_network_pages_too(registry: dict[str, Any]) -> None:
    slug = registry["member"].slug
    found, alternates = _seo(Client().get(f"/ru/organisations/{slug}/").content)
    assert found == f"{SITE}/ru/organisations/{slug}/"
    assert alternates["de"] == f"{SITE}/de/organisations/{slug}/"
    network = registry["network"].slug
    found, _alternates = _seo(Client().get(f"/en/networks/{network}/").content)
    assert found == f"{SITE}/en/networks/{network}/"


def test_an_error_page_names_no_canonical_address() -> None:
    response = Client().get("/de/organisations/gibt-es-nicht/")
    assert response.status_code == 404
    assert not [link for link in _head(response.content).links if link.get("rel") == "canonical"]


def test_a_profile_is_an_organisation_to_link_previews(registry: dict[str, Any]) -> None:
    slug = registry["member"].slug
    meta = _head(Client().get(f"/de/organisations/{slug}/").content).meta
    properties = dict(meta)
    assert properties["og:type"] == "website"
    assert properties["og:url"] == f"{SITE}/de/organisations/{slug}/"
    assert properties["og:locale"] == "de_DE"
    alternates = [content for name, content in meta if name == "og:locale:alternate"]
    assert sorted(alternates) == ["ar_SY", "en_US", "fa_IR", "ru_RU", "tr_TR", "uk_UA"]
    arabic = dict(_head(Client().get(f"/ar/organisations/{slug}/").content).meta)
    assert arabic["og:locale"] == "ar_SY"
    for locale in [properties["og:locale"], *alternates]:
        assert re.fullmatch(r"[a-z]{2}_[A-Z]{2}", locale)

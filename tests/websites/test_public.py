"""The public site: every page type answers without cookies and without anything from another
host; drafts, scheduled posts and switched-off sites are not served; Arabic is right to left
with a note where a text falls back to German; the Impressum warns only the administrators;
the Atom feed and the sitemap are read with a feed parser and the sitemap protocol's schema."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import feedparser
import pytest
import xmlschema
from django.test import Client
from django.utils import timezone

from tests.factories import PersonFactory, make_organization
from verbund.core.actors import OPERATOR
from verbund.networks import services as network_services
from verbund.websites import services

pytestmark = pytest.mark.django_db
SCHEMA = xmlschema.XMLSchema(Path(__file__).parents[1] / "site" / "schemas" / "sitemap.xsd")
RESOURCE = re.compile(r"""(?:src|href|action|content)\s*=\s*["']([^"']+)["']|url\(([^)]+)\)""")


@pytest.fixture
def filled(website: Any, site_admin: Any) -> Any:
    services.save_page(
        site_admin,
        website,
        {
            "kind": "about",
            "title": {"de": "Über uns", "ar": "من نحن"},
            "body": {"de": "Wir sind **seit 2017** da."},
            "status": "published",
        },
    )
    services.save_post(
        site_admin,
        website,
        {
            "title": {"de": "Sommerfest im Hof", "ar": "مهرجان الصيف"},
            "body": {"de": "Alle sind eingeladen.", "ar": "الجميع مدعوون."},
            "status": "published",
            "publish_at": timezone.now() - datetime.timedelta(hours=1),
        },
    )
    network_services.add_member(OPERATOR, website.organization, make_organization(name="Mitglied"))
    board = network_services.save_body(
        OPERATOR, website.organization, {"kind": "board", "name": "Vorstand", "is_public": True}
    )
    network_services.save_seat(OPERATOR, board, {"role": "chair", "holder_name": "Amal Haddad"})
    return website


PAGE_TYPES = [
    "/de/s/kulturbruecke/",
    "/de/s/kulturbruecke/p/uber-uns/",
    "/de/s/kulturbruecke/news/",
    "/de/s/kulturbruecke/news/sommerfest-im-hof/",
    "/de/s/kulturbruecke/team/",
    "/de/s/kulturbruecke/events/",
    "/de/s/kulturbruecke/members/",
    "/de/s/kulturbruecke/impressum/",
    "/de/s/kulturbruecke/privacy/",
    "/de/s/kulturbruecke/news/subscribe/",
    "/de/s/kulturbruecke/contact/",
    "/de/s/kulturbruecke/news/feed.atom",
    "/de/s/kulturbruecke/sitemap.xml",
]


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_cookie_and_nothing_from_another_host(filled: Any, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200, path
    assert "Set-Cookie" not in response.headers
    assert not response.cookies
    html = response.content.decode()
    if path.endswith((".atom", ".xml")):
        return
    for match in RESOURCE.finditer(html):
        url = (match.group(1) or match.group(2) or "").strip("'\"")
        if url.startswith(("http://", "https://", "//")):
            # Absolute addresses only to ourselves (canonical, hreflang, og:url) or schema.org's
            # vocabulary name inside JSON-LD, never a resource of another host.
            assert url.startswith(("http://testserver/", "https://schema.org")), url
    # Scripts only from our own static files (the forms' proof-of-work), none inline.
    for source in re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", html):
        assert source.startswith("/static/"), source
    assert not re.search(r"<script(?![^>]*\s(src|type=\"application/ld\+json\"))", html)


def test_a_signed_in_admin_gets_no_cookie_from_a_site_page_either(
    filled: Any, site_admin: Any
) -> None:
    client = Client()
    client.force_login(site_admin)
    client.cookies.clear()
    response = client.get("/de/s/kulturbruecke/news/")
    assert "Set-Cookie" not in response.headers


def test_the_pages_show_the_profile_team_members_and_news(filled: Any) -> None:
    home = Client().get("/de/s/kulturbruecke/").content.decode()
    assert "Sommerfest im Hof" in home and '"@type": "Organization"' in home
    assert 'hreflang="ar"' in home and 'property="og:title"' in home
    assert "Amal Haddad" in Client().get("/de/s/kulturbruecke/team/").content.decode()
    assert "Mitglied" in Client().get("/de/s/kulturbruecke/members/").content.decode()
    post = Client().get("/de/s/kulturbruecke/news/sommerfest-im-hof/").content.decode()
    assert '"@type": "NewsArticle"' in post and "Alle sind eingeladen." in post


def test_arabic_is_right_to_left_and_a_fallback_says_so(filled: Any) -> None:
    post = Client().get("/ar/s/kulturbruecke/news/sommerfest-im-hof/").content.decode()
    assert '<html lang="ar" dir="rtl">' in post
    assert "الجميع مدعوون." in post and "note" not in post.split("<main", 1)[1].split("</main")[0]
    about = Client().get("/ar/s/kulturbruecke/p/uber-uns/").content.decode()
    assert "من نحن" in about
    assert 'class="note"' in about and 'lang="de" dir="ltr"' in about


def test_drafts_scheduled_posts_and_switched_off_sites_are_not_served(
    filled: Any, site_admin: Any
) -> None:
    services.save_post(site_admin, filled, {"title": {"de": "Geheim"}, "status": "draft"})
    services.save_post(
        site_admin,
        filled,
        {
            "title": {"de": "Morgen"},
            "status": "published",
            "publish_at": timezone.now() + datetime.timedelta(days=1),
        },
    )
    client = Client()
    assert client.get("/de/s/kulturbruecke/news/geheim/").status_code == 404
    assert client.get("/de/s/kulturbruecke/news/morgen/").status_code == 404
    assert "Morgen" not in client.get("/de/s/kulturbruecke/news/").content.decode()
    assert "Morgen" not in client.get("/de/s/kulturbruecke/news/feed.atom").content.decode()
    services.save_site(site_admin, filled.organization, {"enabled": False})
    assert client.get("/de/s/kulturbruecke/").status_code == 404
    assert client.get("/de/s/kulturbruecke/news/feed.atom").status_code == 404
    assert client.get("/de/s/nobody-here/").status_code == 404


def test_the_members_page_is_only_for_networks(website: Any) -> None:
    assert Client().get("/de/s/kulturbruecke/members/").status_code == 404


def test_impressum_warns_the_admins_and_only_them(website: Any, site_admin: Any) -> None:
    services.save_site(site_admin, website.organization, {"responsible_person": ""})
    anonymous = Client().get("/de/s/kulturbruecke/impressum/").content.decode()
    assert "Amtsgericht Rostock, VR 1234" in anonymous and 'role="alert"' not in anonymous
    stranger = Client()
    stranger.force_login(PersonFactory())
    assert 'role="alert"' not in stranger.get("/de/s/kulturbruecke/impressum/").content.decode()
    admin = Client()
    admin.force_login(site_admin)
    page = admin.get("/en/s/kulturbruecke/impressum/").content.decode()
    assert 'role="alert"' in page and "person responsible for the content" in page


def test_the_feed_reads_in_a_feed_parser(filled: Any) -> None:
    parsed = feedparser.parse(Client().get("/ar/s/kulturbruecke/news/feed.atom").content)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Kulturbrücke Rostock e.V."
    [entry] = parsed.entries
    assert entry.title == "مهرجان الصيف"
    assert entry.link == "http://testserver/ar/s/kulturbruecke/news/sommerfest-im-hof/"
    assert "الجميع مدعوون." in entry.content[0].value


def test_the_sitemap_is_valid_and_names_every_language(filled: Any) -> None:
    body = Client().get("/de/s/kulturbruecke/sitemap.xml").content
    SCHEMA.validate(body)
    text = body.decode()
    assert "<loc>http://testserver/de/s/kulturbruecke/news/sommerfest-im-hof/</loc>" in text
    assert 'hreflang="ar" href="http://testserver/ar/s/kulturbruecke/p/uber-uns/"' in text


def test_every_site_page_type_is_valid_html(filled: Any, tmp_path: Path) -> None:
    """The W3C Nu HTML Checker over every site page type, in German and Arabic."""
    import json
    import subprocess

    from tests.site.test_valid_html import VNU, _java, _problems

    java = _java()
    files = []
    for path in PAGE_TYPES:
        if path.endswith((".atom", ".xml")):
            continue
        for language in ("de", "ar"):
            localised = path.replace("/de/", f"/{language}/", 1)
            response = Client().get(localised)
            assert response.status_code == 200, localised
            target = tmp_path / (localised.strip("/").replace("/", "_") + ".html")
            target.write_text(response.content.decode(), encoding="utf-8")
            files.append(target)
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    report = json.loads(result.stderr or result.stdout)
    assert not [m for m in report["messages"] if m.get("type") == "non-document-error"]
    problems = _problems(report)
    assert problems == [], "\n".join(problems)


def test_the_news_list_asks_the_same_number_of_queries_for_more_posts(
    filled: Any, site_admin: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries_run:
            assert Client().get("/de/s/kulturbruecke/news/").status_code == 200
        return len(queries_run.captured_queries)

    before = count()
    for number in range(5):
        services.save_post(
            site_admin, filled, {"title": {"de": f"Meldung {number}"}, "status": "published"}
        )
    assert count() == before

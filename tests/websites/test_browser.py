"""The site editor on a phone: an administrator writes a news post in German and Arabic,
previews it, schedules it a few seconds ahead; before its time it is on neither the site nor
the feed, after it it is on both, in German and in Arabic right to left. Every public page
type passes axe-core."""

from __future__ import annotations

import datetime
import re
from typing import Any
from urllib.parse import urlsplit

import feedparser
import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from tests.factories import PersonFactory, make_organization
from tests.networks.helpers import run_worker
from verbund.core.actors import OPERATOR
from verbund.networks import services as network_services
from verbund.websites import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def logged_in(new_context: Any, live_server: Any, person: Any) -> Any:
    client = Client()
    client.force_login(person)
    context = new_context(**PHONE, locale="de-DE")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def test_a_scheduled_post_in_german_and_arabic_appears_on_site_and_feed(
    new_context: Any, live_server: Any, assert_accessible: Any
) -> None:
    admin = PersonFactory(display_name="Dilan Admin")
    org = make_organization(
        admin=admin, name="Kulturbrücke Rostock", slug="kulturbruecke", city="Rostock"
    )
    services.save_site(admin, org, {"enabled": True})
    page = logged_in(new_context, live_server, admin)
    page.goto("/de/s/kulturbruecke/edit/")
    page.get_by_role("link", name="Neuigkeit schreiben").click()
    page.get_by_label("Titel (Deutsch)").fill("Sommerfest im Hof")
    page.get_by_label("Text in Markdown (Deutsch)").fill("Alle sind **eingeladen**.")
    page.get_by_label("Titel (Arabisch)").fill("مهرجان الصيف")
    page.get_by_label("Text in Markdown (Arabisch)").fill("الجميع **مدعوون**.")
    page.get_by_label("Status").select_option("published")
    at = timezone.localtime(timezone.now() + datetime.timedelta(seconds=6))
    page.get_by_label("veröffentlichen am").fill(at.strftime("%Y-%m-%dT%H:%M:%S"))
    page.get_by_role("button", name="Vorschau").click()
    expect(page.locator(".preview strong").first).to_have_text("eingeladen")
    expect(page.locator('.preview article[lang="ar"]')).to_have_attribute("dir", "rtl")
    assert_accessible(page)
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("geplant")).to_be_visible()

    visitor = new_context(**PHONE, locale="ar").new_page()
    visitor.goto("/de/s/kulturbruecke/news/")
    expect(visitor.get_by_text("Sommerfest im Hof")).to_have_count(0)
    feed = feedparser.parse(visitor.request.get("/de/s/kulturbruecke/news/feed.atom").body())
    assert feed.entries == []

    wait = (at - timezone.localtime(timezone.now())).total_seconds() + 0.5
    visitor.wait_for_timeout(max(0.0, wait) * 1000)
    visitor.goto("/de/s/kulturbruecke/news/")
    visitor.get_by_role("link", name="Sommerfest im Hof").click()
    expect(visitor.locator("main strong")).to_have_text("eingeladen")
    assert visitor.evaluate("document.cookie") == ""
    assert_accessible(visitor)
    visitor.goto("/ar/s/kulturbruecke/news/")
    expect(visitor.locator("html")).to_have_attribute("dir", "rtl")
    visitor.get_by_role("link", name="مهرجان الصيف").click()
    expect(visitor.locator("main strong")).to_have_text("مدعوون")
    assert_accessible(visitor)
    feed = feedparser.parse(visitor.request.get("/ar/s/kulturbruecke/news/feed.atom").body())
    assert [e.title for e in feed.entries] == ["مهرجان الصيف"]


def test_every_site_page_type_is_accessible(
    new_context: Any, live_server: Any, assert_accessible: Any
) -> None:
    admin = PersonFactory()
    org = make_organization(
        admin=admin, name="Netzwerk Küste", slug="kueste", kind="umbrella", email="k@kueste.example"
    )
    website = services.save_site(admin, org, {"enabled": True, "accent_color": "#7a1f3d"})
    services.save_page(
        admin,
        website,
        {
            "kind": "history",
            "title": {"de": "Geschichte"},
            "body": {"de": "## 2017\n\nGegründet.\n\n| Jahr | Was |\n|---|---|\n| 2017 | Start |"},
            "status": "published",
        },
    )
    services.save_post(
        admin, website, {"title": {"de": "Neu"}, "body": {"de": "Text"}, "status": "published"}
    )
    network_services.add_member(OPERATOR, org, make_organization(name="Mitgliedsverein"))
    board = network_services.save_body(
        OPERATOR, org, {"kind": "board", "name": "Vorstand", "is_public": True}
    )
    network_services.save_seat(OPERATOR, board, {"role": "chair", "holder_name": "Amal Haddad"})
    page = new_context(**PHONE).new_page()
    for language in ("de", "ar"):
        for path in (
            "",
            "p/geschichte/",
            "news/",
            "news/neu/",
            "team/",
            "events/",
            "members/",
            "impressum/",
            "privacy/",
            "contact/",
            "news/subscribe/",
        ):
            page.goto(f"/{language}/s/kueste/{path}")
            expect(page.locator("h1")).to_be_visible()
            assert_accessible(page)


def path_of(body: str, pattern: str) -> str:
    """The path of the first link in an e-mail (its host is the configured site address)."""
    found = re.search(pattern, body)
    assert found, body
    return urlsplit(found.group(0)).path


def test_a_post_with_an_image_reaches_confirmed_subscribers_at_its_time(
    new_context: Any, live_server: Any, assert_accessible: Any, tmp_path: Any
) -> None:
    admin = PersonFactory(display_name="Dilan Admin")
    org = make_organization(
        admin=admin, name="Kulturbrücke Rostock", slug="kulturbruecke", email="post@kb.example"
    )
    services.save_site(admin, org, {"enabled": True})

    # A reader subscribes on a phone, in Arabic, and confirms from the e-mail.
    reader = new_context(**PHONE, locale="ar").new_page()
    reader.set_default_timeout(20_000)
    reader.goto("/ar/s/kulturbruecke/news/")
    reader.locator("#subscribe-form input[name=email]").fill("leser@example.org")
    expect(reader.locator("#subscribe-form")).to_have_attribute("data-pow", "solved")
    reader.locator("#subscribe-form button[type=submit]").click()
    expect(reader.locator("#subscribe-asked")).to_be_visible()
    assert_accessible(reader)
    run_worker()
    confirmation = next(m for m in mail.outbox if m.to == ["leser@example.org"])
    reader.goto(path_of(confirmation.body, r"https?://\S+"))
    reader.locator("main form button[type=submit]").click()
    expect(reader.locator("#subscribed")).to_be_visible()
    assert reader.evaluate("document.cookie") == ""

    # The editor writes the post with an image on a phone and schedules it.
    photo = tmp_path / "fest.jpg"
    Image.new("RGB", (2400, 1600), (30, 90, 160)).save(photo, format="JPEG")
    editor = logged_in(new_context, live_server, admin)
    editor.goto("/de/s/kulturbruecke/edit/news/new/")
    editor.get_by_label("Titel (Deutsch)").fill("Sommerfest im Hof")
    editor.get_by_label("Text in Markdown (Deutsch)").fill("Alle sind eingeladen.")
    editor.get_by_label("Titel (Arabisch)").fill("مهرجان الصيف")
    editor.get_by_label("Text in Markdown (Arabisch)").fill("الجميع مدعوون.")
    editor.locator("input[name=image]").set_input_files(str(photo))
    editor.get_by_label("Beschreibung des Bildes (Deutsch)").fill("Tanz im Hof")
    editor.get_by_label("Beschreibung des Bildes (Arabisch)").fill("رقص في الفناء")
    editor.get_by_label("Status").select_option("published")
    at = timezone.localtime(timezone.now() + datetime.timedelta(seconds=8))
    editor.get_by_label("veröffentlichen am").fill(at.strftime("%Y-%m-%dT%H:%M:%S"))
    editor.get_by_role("button", name="Speichern").click()
    editor.get_by_role("link", name="Sommerfest im Hof").click()
    expect(editor.locator("#send-heading")).to_be_visible()
    editor.get_by_role("button", name="An die Abonnent*innen senden").click()
    expect(editor.locator("main")).to_contain_text("Der Beitrag geht an 1 Abonnent*in.")
    mail.outbox.clear()
    run_worker()  # before its time: the delivery waits
    assert mail.outbox == []

    wait = (at - timezone.localtime(timezone.now())).total_seconds() + 0.5
    reader.wait_for_timeout(max(0.0, wait) * 1000)
    run_worker()
    [news] = mail.outbox
    assert news.to == ["leser@example.org"] and news.subject == "مهرجان الصيف"
    reader.goto(path_of(news.body, r"https?://\S+/news/\S+"))
    expect(reader.locator("html")).to_have_attribute("dir", "rtl")
    image = reader.locator("main figure img")
    expect(image).to_have_attribute("alt", "رقص في الفناء")
    assert reader.evaluate("document.querySelector('main figure img').naturalWidth") == 1600
    assert_accessible(reader)

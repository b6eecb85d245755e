"""Editing in the browser's forms (without a browser): preview renders sanitised and saves
nothing, saving keeps what was typed on a mistake, and every path of a stranger is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.factories import PersonFactory, make_organization
from verbund.websites import queries, services

pytestmark = pytest.mark.django_db


def _client(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_preview_shows_sanitised_html_and_saves_nothing(website: Any, site_admin: Any) -> None:
    response = _client(site_admin).post(
        "/de/s/kulturbruecke/edit/news/new/",
        {
            "title_de": "Vorschau",
            "body_de": "**fett**<script>alert(1)</script>",
            "status": "published",
            "preview": "1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<strong>fett</strong>" in html
    assert "<script>alert(1)" not in html
    assert queries.posts_of(website).count() == 0


def test_saving_a_post_and_a_mistake_keeps_the_text(website: Any, site_admin: Any) -> None:
    client = _client(site_admin)
    response = client.post(
        "/de/s/kulturbruecke/edit/news/new/",
        {"title_de": "", "body_de": "Mein langer Text", "status": "draft", "save": "1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mein langer Text" in html and "mindestens einer Sprache" in html
    response = client.post(
        "/de/s/kulturbruecke/edit/news/new/",
        {"title_de": "Fest", "title_ar": "مهرجان", "status": "published", "save": "1"},
    )
    assert response.status_code == 302
    post = queries.posts_of(website).get()
    assert post.title == {"de": "Fest", "ar": "مهرجان"}


def test_a_stranger_is_refused_on_every_editor_path(website: Any, site_admin: Any) -> None:
    post = services.save_post(site_admin, website, {"title": {"de": "Fest"}})
    page = services.save_page(site_admin, website, {"title": {"de": "Über uns"}})
    services.save_post(site_admin, website, {"body": {"de": "neu"}}, post)
    revision = queries.revisions_of(post).last()
    stranger = PersonFactory()
    make_organization(admin=stranger, name="Fremder Verein")
    client = _client(stranger)
    for path in (
        "/de/s/kulturbruecke/edit/",
        "/de/s/kulturbruecke/edit/news/new/",
        f"/de/s/kulturbruecke/edit/news/{post.pk}/",
        f"/de/s/kulturbruecke/edit/pages/{page.pk}/",
    ):
        assert client.get(path).status_code == 403, path
        assert client.post(path, {"title_de": "X", "status": "published"}).status_code == 403
    restore = f"/de/s/kulturbruecke/edit/revisions/{revision.pk}/restore/"
    assert client.post(restore).status_code == 403
    post.refresh_from_db()
    assert post.body == {"de": "neu"}
    assert Client().get("/de/s/kulturbruecke/edit/").status_code == 302  # to the login


def test_another_sites_post_is_not_edited_through_our_address(
    website: Any, site_admin: Any
) -> None:
    other_admin = PersonFactory()
    other = make_organization(admin=other_admin, name="Anderer Verein", slug="anderer")
    other_site = services.save_site(other_admin, other, {"enabled": True})
    foreign = services.save_post(other_admin, other_site, {"title": {"de": "Fremd"}})
    client = _client(site_admin)
    assert client.get(f"/de/s/kulturbruecke/edit/news/{foreign.pk}/").status_code == 404


def test_an_editor_writes_but_does_not_see_the_settings(website: Any, site_admin: Any) -> None:
    from verbund.organizations import services as organization_services

    editor = PersonFactory()
    organization_services.add_person(site_admin, website.organization, editor, "editor")
    client = _client(editor)
    page = client.get("/de/s/kulturbruecke/edit/")
    assert page.status_code == 200 and 'name="register_court"' not in page.content.decode()
    assert client.post("/de/s/kulturbruecke/edit/", {"enabled": ""}).status_code == 403
    website.refresh_from_db()
    assert website.enabled


def test_the_admin_switches_the_site_on_from_the_form(association: Any, site_admin: Any) -> None:
    client = _client(site_admin)
    response = client.post(
        "/de/s/kulturbruecke/edit/",
        {"enabled": "on", "main_language": "de", "accent_color": "#ffff00"},
    )
    assert response.status_code == 200 and "zu hell" in response.content.decode()
    response = client.post(
        "/de/s/kulturbruecke/edit/",
        {"enabled": "on", "main_language": "de", "accent_color": "#1d4f91"},
    )
    assert response.status_code == 302
    assert Client().get("/de/s/kulturbruecke/").status_code == 200

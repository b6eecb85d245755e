"""A committee member drafts a demands catalogue in the browser, a member comments on a
paragraph, the second version is compared, adopted and published; a visitor finds version 2
with its PDF on the network's public page. Public pages pass axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.documents.conftest import World
from tests.documents.test_documents import VERSION_1, VERSION_2
from tests.meetings.test_browser import _log_in
from tests.networks.helpers import run_worker
from verbund.documents.models import Comment, Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_demands_catalogue_from_draft_to_publication(
    world: World, page: Any, browser: Any, live_server: Any, assert_accessible: Any
) -> None:
    _log_in(page, world.alice)
    page.goto(f"/de/documents/organisation/{world.network.slug}/new/")
    page.locator("#id_kind").select_option("demands")
    page.locator("#id_title").fill("Forderungskatalog Bildung")
    page.locator("#id_body").select_option(str(world.committee.pk))
    page.locator("#id_text").fill(VERSION_1)
    page.locator("main form.stacked-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/de/documents/\d+/$"))
    document = Document.objects.get()
    page.locator("#status-form button[value=consultation]").click()
    page.wait_for_load_state()

    member = browser.new_context(base_url=live_server.url, locale="de-DE")
    member_page = member.new_page()
    _log_in(member_page, world.bora)
    member_page.goto(f"/de/documents/{document.pk}/versions/1/")
    member_page.locator("#id_paragraph").select_option("3")
    member_page.locator("#comment-form #id_text").fill("Bitte „auf Augenhöhe“ ergänzen.")
    member_page.locator("#comment-form button[type=submit]").click()
    member_page.wait_for_url(re.compile(r"/versions/1/#paragraph-3$"))
    assert "auf Augenhöhe" in member_page.locator("#paragraph-3").inner_text()
    assert_accessible(member_page)
    member.close()
    assert Comment.objects.get().paragraph == 3

    page.goto(f"/de/documents/{document.pk}/versions/new/")
    page.locator("#id_text").fill(VERSION_2)
    page.locator("#id_note").fill("Kommentare eingearbeitet")
    page.locator("main form.stacked-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/de/documents/{document.pk}/$"))
    page.locator("#compare-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/compare/\?old=1&new=2"))
    assert page.locator("#diff ins").count() >= 2
    assert page.locator("#diff del").count() >= 1
    assert_accessible(page)
    page.goto(f"/de/documents/{document.pk}/")
    page.locator("#status-form button[value=adopted]").click()
    page.wait_for_load_state()
    assert page.locator("#publish").count() == 0  # the committee does not publish
    page.locator("form[action$='/accounts/logout/'] button").click()

    _log_in(page, world.coordinator)
    page.goto(f"/de/documents/{document.pk}/")
    page.locator("#publish").click()
    page.wait_for_load_state()
    run_worker()

    visitor = browser.new_context(base_url=live_server.url, locale="de-DE")
    visitor_page = visitor.new_page()
    visitor_page.goto(f"/de/organisations/{world.network.slug}/")
    assert "Forderungskatalog Bildung" in visitor_page.locator("#published-documents").inner_text()
    assert_accessible(visitor_page)
    visitor_page.locator("#published-documents a").first.click()
    visitor_page.wait_for_url(re.compile(rf"/de/documents/{document.pk}/$"))
    assert "Herkunftssprachlicher Unterricht" in visitor_page.locator("main").inner_text()
    assert visitor_page.locator("#document-pdf").inner_text().endswith(" 2)")
    assert_accessible(visitor_page)
    response = visitor_page.request.get(f"/de/documents/{document.pk}/document.pdf")
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    visitor.close()

"""A visitor in a real browser: searches the directory, narrows it with a facet, opens a
profile and reads it in Arabic, right to left."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.conftest import offline
from tests.factories import make_organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registry() -> dict[str, Any]:
    return {
        "youth": make_organization(
            name="Jugendforum Leipzig",
            phone="+49 341 1234567",
            city="Leipzig",
            federal_state="SN",
            postal_code="04109",
            themes=["youth"],
            languages=["ar", "de"],
            description={"de": "Jugendarbeit in Leipzig.", "ar": "عمل الشباب في لايبزيغ."},
        ),
        "culture": make_organization(
            name="Kulturhaus Leipzig",
            city="Leipzig",
            federal_state="SN",
            postal_code="04103",
            themes=["culture"],
            languages=["tr"],
        ),
        "elsewhere": make_organization(
            name="Elternnetzwerk Hamburg",
            city="Hamburg",
            federal_state="HH",
            postal_code="20095",
            kind="parents",
            themes=["youth"],
        ),
    }


def _result_names(page: Any) -> list[str]:
    return sorted(page.locator(".cards .card h3 a").all_inner_texts())


def test_search_then_facet_keeps_the_filter_state_in_the_url(page: Any, registry: Any) -> None:
    page.goto("/de/organisations/")
    assert len(_result_names(page)) == 3
    page.get_by_role("searchbox").fill("Leipzig")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url(re.compile(r"q=Leipzig"))
    assert _result_names(page) == ["Jugendforum Leipzig", "Kulturhaus Leipzig"]
    # The search box still shows what was searched for.
    assert page.get_by_role("searchbox").input_value() == "Leipzig"

    page.locator(".facets a[href*='theme=youth']").click()
    page.wait_for_url(re.compile(r"theme=youth"))
    query = parse_qs(urlparse(page.url).query)
    assert query == {"q": ["Leipzig"], "theme": ["youth"]}
    assert _result_names(page) == ["Jugendforum Leipzig"]
    selected = page.locator(".facets a[aria-current='true']")
    assert selected.count() == 1 and "theme=youth" not in (selected.get_attribute("href") or "")

    # The URL alone brings the same result back, e.g. when shared or bookmarked.
    page.goto(page.url)
    assert _result_names(page) == ["Jugendforum Leipzig"]

    # A new search from the box keeps the chosen facet.
    page.get_by_role("searchbox").fill("Jugendforum")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url(re.compile(r"q=Jugendforum"))
    assert parse_qs(urlparse(page.url).query)["theme"] == ["youth"]


def test_open_a_profile_and_switch_to_arabic(page: Any, registry: Any) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/de/organisations/?q=Jugendforum")
    page.get_by_role("link", name="Jugendforum Leipzig").click()
    slug = registry["youth"].slug
    page.wait_for_url(f"**/de/organisations/{slug}/")
    assert page.locator("h1").inner_text().startswith("Jugendforum Leipzig")
    assert page.locator("html").get_attribute("dir") == "ltr"
    ltr_brand = page.locator(".brand").bounding_box()
    ltr_nav = page.locator(".main-nav").bounding_box()
    assert ltr_brand["x"] < ltr_nav["x"]

    page.locator(".language-nav a[lang='ar']").click()
    page.wait_for_url(f"**/ar/organisations/{slug}/")
    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text().startswith("Jugendforum Leipzig")
    assert "عمل الشباب في لايبزيغ." in page.locator(".description").inner_text()
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # Mirrored: the brand now sits to the right of the main navigation, at the right edge.
    rtl_brand = page.locator(".brand").bounding_box()
    rtl_nav = page.locator(".main-nav").bounding_box()
    assert rtl_brand["x"] > rtl_nav["x"]
    width = page.evaluate("document.documentElement.clientWidth")
    assert rtl_brand["x"] + rtl_brand["width"] > width / 2
    # Phone numbers keep their digit groups in order inside right-to-left text.
    phone = page.locator("address a[href^='tel:']")
    assert phone.inner_text() == "0341 1234567"
    assert phone.evaluate("a => getComputedStyle(a).direction") == "ltr"
    # The language switcher marks the current language.
    assert page.locator(".language-nav a[aria-current]").get_attribute("lang") == "ar"


def test_switching_language_keeps_the_filters(page: Any, registry: Any) -> None:
    page.goto("/de/organisations/?q=Leipzig&theme=youth")
    page.locator(".language-nav a[lang='en']").click()
    page.wait_for_url(re.compile(r"/en/organisations/"))
    assert parse_qs(urlparse(page.url).query) == {"q": ["Leipzig"], "theme": ["youth"]}
    assert _result_names(page) == ["Jugendforum Leipzig"]
    assert page.locator("html").get_attribute("lang") == "en"


def test_directory_works_on_a_phone_without_sideways_scrolling(
    phone_page: Any, registry: Any
) -> None:
    for path in ("/de/organisations/", f"/ar/organisations/{registry['youth'].slug}/"):
        phone_page.goto(path)
        overflow = phone_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path


@pytest.fixture
def many(registry: Any) -> None:
    for number in range(25):
        make_organization(
            name=f"Beratungsverein {number} Leipzig",
            city="Leipzig",
            federal_state="SN",
            themes=["youth", "culture", "sport"],
            languages=["de", "ar", "tr", "fa", "ru", "uk"],
        )


def _top(page: Any, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None
    return float(box["y"])


def test_on_a_phone_the_results_come_first_and_the_filters_open_on_request(
    phone_page: Any, many: None, assert_accessible: Any
) -> None:
    phone_page.goto("/de/organisations/?theme=youth")
    height = phone_page.viewport_size["height"]
    # The first result is on the first screen, above the filters, which start collapsed.
    assert _top(phone_page, ".cards .card") < height
    filters = phone_page.locator("details#filters")
    expect(filters).not_to_have_attribute("open", "")
    assert _top(phone_page, "details#filters") > _top(phone_page, ".cards .card")
    assert_accessible(phone_page)
    # "Filter the results" opens them and a facet narrows the list.
    phone_page.locator(".filters-link a[href='#filters']").click()
    expect(filters).to_have_attribute("open", "")
    phone_page.locator(".facets a[href*='city=Hamburg']").click()
    phone_page.wait_for_url(re.compile(r"city=Hamburg"))
    assert _result_names(phone_page) == ["Elternnetzwerk Hamburg"]
    assert_accessible(phone_page)


def test_the_skip_link_leads_to_the_results(phone_page: Any, many: None) -> None:
    phone_page.goto("/de/organisations/")
    for _ in range(60):
        phone_page.keyboard.press("Tab")
        if phone_page.evaluate("document.activeElement.className") == "skip-results":
            break
    link = phone_page.locator("a.skip-results")
    expect(link).to_be_focused()
    expect(link).to_be_visible()
    phone_page.keyboard.press("Enter")
    phone_page.wait_for_url(re.compile(r"#results$"))
    expect(phone_page.locator("#results")).to_be_focused()


def test_on_a_phone_without_javascript_results_still_come_first(
    browser: Any, live_server: Any, many: None
) -> None:
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        java_script_enabled=False,
    )
    offline(context)
    page = context.new_page()
    try:
        page.goto("/de/organisations/")
        assert _top(page, ".cards .card") < 844
        # Without the script the filters stay open, after the results, and still work.
        assert _top(page, "details#filters") > _top(page, ".cards .card")
        page.locator(".facets a[href*='city=Hamburg']").click()
        page.wait_for_url(re.compile(r"city=Hamburg"))
        assert _result_names(page) == ["Elternnetzwerk Hamburg"]
    finally:
        context.close()


def test_on_a_wide_screen_the_filters_stand_beside_the_results(page: Any, many: None) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/de/organisations/")
    expect(page.locator("details#filters")).to_have_attribute("open", "")
    facets = page.locator("details#filters").bounding_box()
    results = page.locator("#results").bounding_box()
    assert facets is not None and results is not None
    assert facets["x"] < results["x"]
    assert abs(facets["y"] - results["y"]) < 40

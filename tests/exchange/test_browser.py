"""The exchange in a real browser on a phone-sized screen: association A posts a need for a
room on Tuesday evenings, association B's room offer is matched and explained, A asks for a
slot, B accepts, both see the booking in their calendars, and a second overlapping request
is refused with a clear message. The public pages pass axe-core, also right to left."""

from __future__ import annotations

import datetime
from typing import Any

import icalendar
import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from tests.exchange.conftest import Circle, make_post, next_weekday

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


def test_a_room_for_tuesday_evenings_is_found_booked_and_in_both_calendars(
    new_context: Any, live_server: Any, assert_accessible: Any
) -> None:
    circle = Circle()
    offer = make_post(
        circle.b_admin,
        circle.b,
        title="Gemeinschaftsraum im Bildungshaus",
        languages=["ar", "de"],
        weekdays=[1, 3],
        time_from=datetime.time(17),
        time_to=datetime.time(22),
        capacity=30,
        step_free=True,
    )
    start = next_weekday(1, 18)
    local = timezone.localtime(start)

    a = logged_in(new_context, live_server, circle.a_admin)
    a.goto("/de/exchange/new/?direction=need")
    assert_accessible(a)
    a.locator("#id_kind").select_option("room")
    a.locator("#id_title").fill("Raum für den Elternabend")
    a.locator("#id_capacity").fill("20")
    a.locator("input[name=weekdays][value='1']").check()
    a.locator("#id_time_from").fill("18:00")
    a.locator("#id_time_to").fill("21:00")
    a.locator("input[name=languages][value=ar]").check()
    a.get_by_role("button", name="Speichern").click()
    expect(a.locator("h1")).to_have_text("Raum für den Elternabend")
    match = a.locator("#matches .match").first
    expect(match).to_contain_text("Gemeinschaftsraum im Bildungshaus")
    expect(match.locator(".explanation")).to_contain_text("spricht Arabisch")
    expect(match.locator(".explanation")).to_contain_text("frei dienstags")
    expect(match.locator(".explanation")).to_contain_text("km entfernt")
    assert a.evaluate("document.documentElement.scrollWidth") <= 390

    match.get_by_role("link", name="Gemeinschaftsraum im Bildungshaus").click()
    expect(a.locator("h1")).to_have_text("Gemeinschaftsraum im Bildungshaus")
    a.locator("#booking-form #id_starts_at").fill(local.strftime("%Y-%m-%dT%H:%M"))
    a.locator("#booking-form #id_ends_at").fill(
        (local + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    )
    a.get_by_role("button", name="Diese Zeit anfragen").click()
    expect(a.locator(".messages")).to_contain_text("Ihre Anfrage wurde gesendet.")
    expect(a.locator("#bookings")).to_contain_text("Angefragt")

    b = logged_in(new_context, live_server, circle.b_admin)
    b.goto("/de/exchange/requests/")
    b.get_by_role("link", name="Gemeinschaftsraum im Bildungshaus").click()
    expect(b.locator("#messages")).to_contain_text("Wir möchten den Raum")
    b.get_by_role("button", name="Buchung annehmen").click()
    expect(b.locator(".messages")).to_contain_text("Die Buchung ist angenommen")
    expect(b.locator("#bookings")).to_contain_text("Angenommen")

    for page, organisation, summary in (
        (a, circle.a, "Gemeinschaftsraum im Bildungshaus bei Bildungshaus Beirut"),
        (b, circle.b, "Gemeinschaftsraum im Bildungshaus: gebucht von Kulturverein Anadolu"),
    ):
        page.goto(f"/de/exchange/calendar/{organisation.slug}/")
        expect(page.locator("#calendar")).to_contain_text("Gemeinschaftsraum im Bildungshaus")
        expect(page.locator("#calendar")).to_contain_text("Angenommen")
        feed = page.locator("#feed-link").get_attribute("href")
        assert feed
        body = page.request.get(feed).body()
        [event] = icalendar.Calendar.from_ical(body).walk("VEVENT")
        assert str(event["summary"]) == summary
        assert event.decoded("dtstart") == start

    c = logged_in(new_context, live_server, circle.c_admin)
    c.goto(f"/de/exchange/{offer.pk}/")
    later = local + datetime.timedelta(hours=1)
    c.locator("#booking-form #id_starts_at").fill(later.strftime("%Y-%m-%dT%H:%M"))
    c.locator("#booking-form #id_ends_at").fill(
        (later + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    )
    c.get_by_role("button", name="Diese Zeit anfragen").click()
    expect(c.locator("#form-errors")).to_contain_text("Der Raum ist am")
    expect(c.locator("#form-errors")).to_contain_text("bereits gebucht")
    expect(c.locator("#form-errors")).to_contain_text("Wählen Sie eine andere Zeit.")
    # What was typed is kept.
    expect(c.locator("#booking-form #id_starts_at")).to_have_value(later.strftime("%Y-%m-%dT%H:%M"))


@pytest.mark.parametrize("language", ["de", "ar"])
def test_public_exchange_pages_are_accessible(
    phone_page: Any, assert_accessible: Any, language: str
) -> None:
    circle = Circle()
    post = make_post(
        circle.a_admin, circle.a, capacity=20, step_free=True, weekdays=[1], languages=["ar"]
    )
    page = phone_page
    page.goto(f"/{language}/exchange/")
    if language == "ar":
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("h1")).to_have_text("العروض والاحتياجات")
    expect(page.locator("#posts")).to_contain_text(post.title)
    assert_accessible(page)
    page.goto(f"/{language}/exchange/?kind=room&language=ar")
    assert_accessible(page)
    page.goto(f"/{language}/exchange/{post.pk}/")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

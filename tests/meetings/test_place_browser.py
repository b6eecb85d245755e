"""The meeting page's map in a real browser, offline: tile requests fail, the pin is there."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.meetings.conftest import World, meeting_data
from tests.meetings.test_browser import _log_in
from verbund.meetings import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TILES = re.compile(r"tile\.openstreetmap\.org")


def test_the_meeting_page_shows_one_pin_at_the_place(
    world: World, page: Any, assert_accessible: Any
) -> None:
    meeting = services.schedule_meeting(
        world.coordinator,
        world.network,
        meeting_data(place="Haus der Vereine, Musterweg 1, 04315 Leipzig"),
    )
    page.context.route(TILES, lambda route: route.abort())
    _log_in(page, world.alice)
    page.goto(f"/de/meetings/{meeting.pk}/")

    place_map = page.locator("#place-map")
    place_map.wait_for(state="visible")
    markers = place_map.locator(".leaflet-marker-icon.pin-marker")
    markers.first.wait_for()
    assert markers.count() == 1
    assert markers.first.get_attribute("title") == meeting.place
    # The pin sits in the middle of the map: the map is centred on the place.
    box = place_map.bounding_box()
    pin = markers.first.bounding_box()
    assert abs(pin["x"] + pin["width"] / 2 - (box["x"] + box["width"] / 2)) < 3
    assert abs(pin["y"] + pin["height"] - (box["y"] + box["height"] / 2)) < 3
    assert page.locator("#meeting-place").inner_text().startswith(meeting.place)
    assert_accessible(page)


def test_the_coordinator_sees_the_pin_editor_on_the_meeting_form(
    world: World, page: Any, assert_accessible: Any
) -> None:
    meeting = services.schedule_meeting(world.coordinator, world.network, meeting_data())
    page.context.route(TILES, lambda route: route.abort())
    _log_in(page, world.coordinator)
    page.goto(f"/de/meetings/{meeting.pk}/edit/")
    page.locator("#pin-map .leaflet-marker-icon").wait_for()
    latitude = page.locator(".pin-latitude")
    assert latitude.input_value().replace(",", ".") == f"{meeting.latitude:.6f}"
    pin_map = page.locator("#pin-map")
    width = pin_map.bounding_box()["width"]
    pin_map.click(position={"x": width - 40, "y": 40})  # clicking moves the pin (not on zoom)
    assert float(latitude.input_value()) > float(meeting.latitude)  # upper right: further north
    assert_accessible(page)

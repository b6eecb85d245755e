"""iCalendar files and feeds parse with the icalendar library and carry what calendar
programs need: UID, DTSTART with its time zone, RRULE for recurring meetings."""

from __future__ import annotations

from typing import Any

import icalendar
import pytest
from django.test import Client

from tests.meetings.conftest import World, meeting_data
from verbund.meetings import services

pytestmark = pytest.mark.django_db


def _events(content: bytes) -> list[Any]:
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    events = list(calendar.walk("VEVENT"))
    if events:
        timezones = calendar.walk("VTIMEZONE")
        assert [str(t["TZID"]) for t in timezones] == ["Europe/Berlin"]
    return events


def _check_event(event: Any, meeting: Any) -> None:
    assert str(event["UID"]).startswith(str(meeting.uid))
    start = event["DTSTART"]
    assert start.params["TZID"] == "Europe/Berlin"
    assert start.dt.hour == 18
    assert event["DTEND"].dt > start.dt
    assert str(event["URL"]).endswith(f"/meetings/{meeting.pk}/")
    assert "DTSTAMP" in event


def test_the_ics_of_a_weekly_meeting(world: World) -> None:
    meeting = services.schedule_meeting(world.coordinator, world.network, meeting_data())
    client = Client()
    client.force_login(world.coordinator)
    response = client.get(f"/de/meetings/{meeting.pk}/meeting.ics")
    assert response["Content-Type"].startswith("text/calendar")
    [event] = _events(response.content)
    _check_event(event, meeting)
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert "Eisenbahnstraße" in str(event["LOCATION"])
    assert b"TZID=Europe/Berlin" in response.content


def test_a_one_off_meeting_has_no_rrule(world: World) -> None:
    meeting = services.schedule_meeting(
        world.coordinator, world.network, meeting_data(recurrence="", format="online", place="")
    )
    client = Client()
    client.force_login(world.coordinator)
    [event] = _events(client.get(f"/de/meetings/{meeting.pk}/meeting.ics").content)
    _check_event(event, meeting)
    assert "RRULE" not in event
    assert str(event["LOCATION"]) == "https://meet.example.org/netzwerk"


def test_person_network_and_body_feeds(world: World) -> None:
    weekly = services.schedule_meeting(world.coordinator, world.network, meeting_data())
    committee = services.schedule_meeting(
        world.coordinator,
        world.network,
        meeting_data(title="Ausschusssitzung", body=world.committee, recurrence=""),
    )
    services.invite(world.coordinator, weekly)
    services.invite(world.coordinator, committee)
    anonymous = Client()

    alice_feed = services.calendar_feed(world.alice)
    mine = _events(anonymous.get(f"/de/meetings/feeds/{alice_feed.token}/me.ics").content)
    assert sorted(str(e["SUMMARY"]) for e in mine) == ["Ausschusssitzung", "Koordinierungstreffen"]
    for event in mine:
        _check_event(event, weekly if str(event["SUMMARY"]) != "Ausschusssitzung" else committee)

    bora_feed = services.calendar_feed(world.bora)
    network_feed = anonymous.get(
        f"/de/meetings/feeds/{bora_feed.token}/network/{world.network.slug}.ics"
    )
    # The committee is internal: the network's members area sees it (networks.policy).
    assert sorted(str(e["SUMMARY"]) for e in _events(network_feed.content)) == [
        "Ausschusssitzung",
        "Koordinierungstreffen",
    ]
    # Bora is not invited to the committee: his own feed has only the network meeting.
    bora_own = _events(anonymous.get(f"/de/meetings/feeds/{bora_feed.token}/me.ics").content)
    assert [str(e["SUMMARY"]) for e in bora_own] == ["Koordinierungstreffen"]

    body_feed = anonymous.get(
        f"/de/meetings/feeds/{alice_feed.token}/body/{world.committee.pk}.ics"
    )
    [event] = _events(body_feed.content)
    assert "RRULE" not in event
    outsider_feed = services.calendar_feed(world.outsider)
    assert (
        anonymous.get(
            f"/de/meetings/feeds/{outsider_feed.token}/body/{world.committee.pk}.ics"
        ).status_code
        == 404
    )


def test_the_network_page_offers_the_feeds(world: World) -> None:
    client = Client()
    client.force_login(world.bora)
    page = client.get(f"/de/meetings/network/{world.network.slug}/").content.decode()
    token = services.calendar_feed(world.bora).token
    assert f"/meetings/feeds/{token}/network/{world.network.slug}.ics" in page
    assert f"/meetings/feeds/{token}/body/{world.committee.pk}.ics" in page


def test_feeds_refuse_unknown_tokens_and_other_networks(world: World) -> None:
    services.schedule_meeting(world.coordinator, world.network, meeting_data())
    anonymous = Client()
    assert (
        anonymous.get(
            f"/de/meetings/feeds/not-a-token/network/{world.network.slug}.ics"
        ).status_code
        == 404
    )
    outsider_feed = services.calendar_feed(world.outsider)
    assert (
        anonymous.get(
            f"/de/meetings/feeds/{outsider_feed.token}/network/{world.network.slug}.ics"
        ).status_code
        == 404
    )
    assert _events(anonymous.get(f"/de/meetings/feeds/{outsider_feed.token}/me.ics").content) == []


def test_a_renewed_feed_address_replaces_the_old_one(world: World) -> None:
    old = services.calendar_feed(world.alice).token
    new = services.renew_calendar_feed(world.alice).token
    anonymous = Client()
    assert anonymous.get(f"/de/meetings/feeds/{old}/me.ics").status_code == 404
    assert anonymous.get(f"/de/meetings/feeds/{new}/me.ics").status_code == 200

"""The place of a meeting on the map, and signed e-mail links that expire."""

from __future__ import annotations

import datetime
import time
from decimal import Decimal
from typing import Any

import pytest
from django.core import signing
from django.test import Client, override_settings
from django.utils import timezone

from tests.meetings.conftest import World, meeting_data
from verbund.maps.geocoding import Source
from verbund.meetings import services
from verbund.meetings.models import ActionItem, Invitation, Meeting
from verbund.meetings.taxonomy import Response, TaskStatus

pytestmark = pytest.mark.django_db

LEIPZIG_04315 = "Haus der Vereine, Musterweg 1, 04315 Leipzig"


def _signed_days_ago(days: int, value: Any, salt: str) -> str:
    """A token exactly as ``signing.dumps`` makes it, but stamped ``days`` ago."""

    class PastSigner(signing.TimestampSigner):
        def timestamp(self) -> str:
            return signing.b62_encode(int(time.time()) - days * 24 * 3600)

    return PastSigner(salt=salt).sign_object(value)


def _client_for(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


# --- The place on the map ---------------------------------------------------------------------


def test_the_place_is_located_from_its_postal_code_or_its_city(world: World) -> None:
    by_code = services.schedule_meeting(
        world.coordinator, world.network, meeting_data(place=LEIPZIG_04315)
    )
    assert by_code.location_source == Source.POSTAL_CODE
    assert Decimal("51.2") < by_code.latitude < Decimal("51.5")
    assert Decimal("12.2") < by_code.longitude < Decimal("12.6")

    by_city = services.schedule_meeting(world.coordinator, world.network, meeting_data())
    assert by_city.location_source == Source.CITY  # "…, Leipzig" has no postal code
    assert by_city.latitude is not None

    online = services.schedule_meeting(
        world.coordinator, world.network, meeting_data(format="online", place="")
    )
    assert (online.latitude, online.longitude, online.location_source) == (None, None, "")


def test_a_changed_place_moves_the_pin_unless_it_was_placed_by_hand(world: World) -> None:
    meeting = services.schedule_meeting(
        world.coordinator, world.network, meeting_data(place=LEIPZIG_04315)
    )
    services.update_meeting(world.coordinator, meeting, {"place": "Rathaus, 50667 Köln"})
    meeting.refresh_from_db()
    assert Decimal("50.8") < meeting.latitude < Decimal("51.1")  # followed the place

    client = _client_for(world.coordinator)
    form = client.get(f"/en/meetings/{meeting.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "starts_at"}
    data.update(
        body="",
        starts_at=timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
        latitude="50.95",
        longitude="6.96",
    )
    response = client.post(f"/en/meetings/{meeting.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    meeting.refresh_from_db()
    assert (meeting.latitude, meeting.longitude) == (Decimal("50.95"), Decimal("6.96"))
    assert meeting.location_source == Source.MANUAL

    services.update_meeting(world.coordinator, meeting, {"place": "Rathaus, 50668 Köln"})
    meeting.refresh_from_db()
    assert (meeting.latitude, meeting.longitude) == (Decimal("50.95"), Decimal("6.96"))


def test_coordinates_outside_germany_are_explained_and_kept(world: World) -> None:
    meeting = services.schedule_meeting(world.coordinator, world.network, meeting_data())
    client = _client_for(world.coordinator)
    response = client.post(
        f"/en/meetings/{meeting.pk}/edit/",
        {
            "title": meeting.title,
            "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 90,
            "format": "in_person",
            "place": meeting.place,
            "latitude": "40.4",
            "longitude": "12.4",
        },
    )
    assert response.status_code == 200
    assert "This latitude is not in Germany" in response.content.decode()
    assert 'value="40.4"' in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).latitude == meeting.latitude


def test_the_meeting_page_shows_the_map_and_allows_only_the_tile_server(world: World) -> None:
    meeting = services.schedule_meeting(
        world.coordinator, world.network, meeting_data(place=LEIPZIG_04315)
    )
    response = _client_for(world.alice).get(f"/en/meetings/{meeting.pk}/")
    page = response.content.decode()
    assert 'id="place-map"' in page
    assert f'data-latitude="{meeting.latitude}"' in page
    assert LEIPZIG_04315 in page  # the address stays as text
    assert "meetings/place-map.js" in page
    img_src = next(
        part for part in response["Content-Security-Policy"].split(";") if "img-src" in part
    )
    assert "https://tile.openstreetmap.org" in img_src

    online = services.schedule_meeting(
        world.coordinator, world.network, meeting_data(format="online", place="")
    )
    page = _client_for(world.alice).get(f"/en/meetings/{online.pk}/").content.decode()
    assert 'id="place-map"' not in page
    assert "leaflet.js" not in page


# --- Signed links expire ----------------------------------------------------------------------


def _invitation(world: World, **overrides: Any) -> Invitation:
    meeting = services.schedule_meeting(world.coordinator, world.network, meeting_data(**overrides))
    services.invite(world.coordinator, meeting)
    return Invitation.objects.get(meeting=meeting, person=world.alice)


def _assert_expired(response: Any) -> None:
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert "/en/accounts/login/" in response.content.decode()


def test_an_answer_link_works_until_thirty_days_after_a_single_meeting(world: World) -> None:
    past = timezone.now() - datetime.timedelta(days=29)
    recent = _invitation(world, recurrence="", starts_at=past)
    path = f"/en/meetings/rsvp/{services.rsvp_token(recent)}/"
    assert Client().post(path, {"response": "yes"}).status_code == 200
    assert Invitation.objects.get(pk=recent.pk).response == Response.YES

    old = _invitation(world, recurrence="", starts_at=past - datetime.timedelta(days=2))
    path = f"/en/meetings/rsvp/{services.rsvp_token(old)}/"
    _assert_expired(Client().get(path))
    _assert_expired(Client().post(path, {"response": "no"}))
    assert Invitation.objects.get(pk=old.pk).response == old.response  # nothing changed


def test_an_answer_link_of_a_series_lasts_until_its_last_sitting(world: World) -> None:
    ended = _invitation(
        world,
        starts_at=timezone.now() - datetime.timedelta(days=120),
        repeat_until=timezone.localdate() - datetime.timedelta(days=31),
    )
    _assert_expired(Client().get(f"/en/meetings/rsvp/{services.rsvp_token(ended)}/"))

    running = _invitation(
        world,
        starts_at=timezone.now() - datetime.timedelta(days=120),
        repeat_until=timezone.localdate() - datetime.timedelta(days=20),
    )
    assert Client().get(f"/en/meetings/rsvp/{services.rsvp_token(running)}/").status_code == 200


def test_an_answer_link_of_an_open_ended_series_lasts_a_year_and_a_month(world: World) -> None:
    invitation = _invitation(world)  # weekly, no end date
    young = _signed_days_ago(390, invitation.pk, services.RSVP_SALT)
    assert Client().get(f"/en/meetings/rsvp/{young}/").status_code == 200
    old = _signed_days_ago(400, invitation.pk, services.RSVP_SALT)
    _assert_expired(Client().post(f"/en/meetings/rsvp/{old}/", {"response": "yes"}))
    assert Invitation.objects.get(pk=invitation.pk).response == invitation.response


def _task(world: World) -> ActionItem:
    return services.create_action_item(
        world.coordinator,
        world.network,
        {"title": "Protokoll verteilen", "assignee": world.alice, "due_on": timezone.localdate()},
    )


def test_a_done_link_lasts_ninety_days(world: World) -> None:
    item = _task(world)
    payload = {"a": item.pk, "p": world.alice.pk}
    old = _signed_days_ago(91, payload, services.DONE_SALT)
    _assert_expired(Client().get(f"/en/meetings/tasks/done/{old}/"))
    _assert_expired(Client().post(f"/en/meetings/tasks/done/{old}/"))
    assert ActionItem.objects.get(pk=item.pk).status == TaskStatus.OPEN

    young = _signed_days_ago(89, payload, services.DONE_SALT)
    assert Client().post(f"/en/meetings/tasks/done/{young}/").status_code == 200
    assert ActionItem.objects.get(pk=item.pk).status == TaskStatus.DONE


def test_the_lifetime_of_done_links_is_a_setting(world: World) -> None:
    item = _task(world)
    path = f"/en/meetings/tasks/done/{services.done_token(item, world.alice)}/"
    with override_settings(VERBUND_TASK_LINK_AGE=datetime.timedelta(seconds=-1)):
        _assert_expired(Client().post(path))
    assert ActionItem.objects.get(pk=item.pk).status == TaskStatus.OPEN
    assert Client().post(path).status_code == 200
    assert ActionItem.objects.get(pk=item.pk).status == TaskStatus.DONE

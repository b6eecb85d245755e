"""Scheduling, invitations with signed answer links, reminders through the real worker."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.meetings.conftest import BERLIN, World, local, meeting_data
from tests.networks.helpers import run_worker
from verbund.core.models import AuditEntry
from verbund.meetings import queries, services
from verbund.meetings.models import Invitation
from verbund.meetings.taxonomy import Response

pytestmark = pytest.mark.django_db


def _rsvp_path(message: Any) -> str:
    match = re.search(r"https?://[^/\s]+(/\w\w/meetings/rsvp/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_a_coordinator_schedules_a_weekly_hybrid_meeting(world: World) -> None:
    meeting = services.schedule_meeting(world.coordinator, world.network, meeting_data())
    assert meeting.rrule == {"FREQ": "WEEKLY"}
    assert AuditEntry.objects.filter(action="meeting.scheduled", target_id=str(meeting.pk)).exists()
    starts = queries.occurrences(meeting, timezone.now(), limit=3)
    assert [s - starts[0] for s in starts] == [datetime.timedelta(days=7 * i) for i in range(3)]
    assert all(s.hour == 18 for s in starts)


def test_weekly_meetings_keep_their_local_time_across_daylight_saving() -> None:
    from verbund.meetings.models import Meeting

    meeting = Meeting(starts_at=local(2026, 3, 19, 18), recurrence="weekly")
    starts = queries.occurrences(meeting, local(2026, 3, 18), limit=3)
    assert [(s.day, s.hour) for s in starts] == [(19, 18), (26, 18), (2, 18)]
    assert starts[1].utcoffset() == datetime.timedelta(hours=1)
    assert starts[2].utcoffset() == datetime.timedelta(hours=2)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"format": "in_person", "place": ""}, "place"),
        ({"format": "online", "online_link": ""}, "online_link"),
        ({"recurrence": "", "repeat_until": datetime.date(2030, 1, 1)}, "repeat_until"),
    ],
)
def test_incomplete_meetings_are_explained(
    world: World, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.schedule_meeting(world.coordinator, world.network, meeting_data(**overrides))
    assert field in error.value.message_dict


def test_only_the_people_running_the_network_schedule(world: World) -> None:
    for person in (world.alice, world.outsider):
        with pytest.raises(PermissionDenied):
            services.schedule_meeting(person, world.network, meeting_data())


def test_a_body_of_another_network_is_refused(world: World) -> None:
    from verbund.networks import services as network_services

    foreign = network_services.save_body(
        world.outsider, world.member_a.__class__.objects.get(name="Verein C"), {"kind": "board"}
    )
    with pytest.raises(ValidationError):
        services.schedule_meeting(world.coordinator, world.network, meeting_data(body=foreign))


# The real worker closes its database connection: only a committed test sees it.
@pytest.mark.django_db(transaction=True)
def test_invitations_go_to_the_members_and_answers_need_no_login(world: World) -> None:
    meeting = services.schedule_meeting(world.coordinator, world.network, meeting_data())
    services.add_agenda_item(
        world.coordinator, meeting, {"title": "Begrüßung", "planned_minutes": 10}
    )
    assert services.invite(world.coordinator, meeting) == 3
    assert services.invite(world.coordinator, meeting) == 0  # nobody twice
    run_worker()
    invited = sorted(m.to[0] for m in mail.outbox)
    assert invited == [
        "alice@verein-a.example",
        "bora@verein-b.example",
        "koordination@netz.example",
    ]
    assert "mitglied@anders.example" not in invited
    to_alice = next(m for m in mail.outbox if m.to == ["alice@verein-a.example"])
    assert "Begrüßung" in to_alice.body
    assert to_alice.attachments[0][0] == "meeting.ics"

    anonymous = Client()
    path = _rsvp_path(to_alice)
    assert anonymous.get(path).status_code == 200
    response = anonymous.post(path, {"response": "yes"})
    assert response.status_code == 200
    assert Invitation.objects.get(meeting=meeting, person=world.alice).response == Response.YES
    assert anonymous.post(path[:-5] + "xx/", {"response": "no"}).status_code == 404


# The real worker closes its database connection: only a committed test sees it.
@pytest.mark.django_db(transaction=True)
def test_the_reminder_goes_out_through_the_worker_before_the_meeting(world: World) -> None:
    soon = timezone.now().astimezone(BERLIN) + datetime.timedelta(hours=5)
    meeting = services.schedule_meeting(
        world.coordinator, world.network, meeting_data(starts_at=soon, recurrence="")
    )
    services.invite(world.coordinator, meeting)
    services.respond(world.bora, meeting.invitations.get(person=world.bora), "no")
    run_worker()
    reminders = [m for m in mail.outbox if m.extra_headers["X-Verbund-Notice"] == "reminder"]
    assert sorted(m.to[0] for m in reminders) == [
        "alice@verein-a.example",
        "koordination@netz.example",
    ]


# The real worker closes its database connection: only a committed test sees it.
@pytest.mark.django_db(transaction=True)
def test_a_weekly_reminder_queues_the_next_one(world: World) -> None:
    soon = timezone.now().astimezone(BERLIN) + datetime.timedelta(hours=5)
    meeting = services.schedule_meeting(
        world.coordinator, world.network, meeting_data(starts_at=soon)
    )
    services.invite(world.coordinator, meeting)
    run_worker()
    waiting = DBTaskResult.objects.filter(status="READY", task_path__endswith="remind_meeting")
    assert waiting.count() == 1
    next_week = soon + datetime.timedelta(days=7) - services.REMINDER_BEFORE
    assert abs(waiting.get().run_after - next_week) < datetime.timedelta(seconds=1)


def test_a_committee_meeting_invites_the_seat_holders(world: World) -> None:
    meeting = services.schedule_meeting(
        world.coordinator, world.network, meeting_data(body=world.committee)
    )
    assert list(queries.invitable_people(meeting)) == [world.alice]


def test_agenda_items_keep_their_order(world: World) -> None:
    meeting = services.schedule_meeting(world.coordinator, world.network, meeting_data())
    first = services.add_agenda_item(world.coordinator, meeting, {"title": "Eins"})
    services.add_agenda_item(world.coordinator, meeting, {"title": "Zwei", "owner": world.bora})
    services.move_agenda_item(world.coordinator, first, 1)
    assert [i.title for i in meeting.agenda_items.all()] == ["Zwei", "Eins"]
    with pytest.raises(PermissionDenied):
        services.add_agenda_item(world.alice, meeting, {"title": "Drei"})
    client = Client()
    client.force_login(world.alice)
    path = f"/de/meetings/{meeting.pk}/agenda/{first.pk}/move/"
    assert client.post(path, {"remove": "1"}).status_code == 403
    client.force_login(world.coordinator)
    client.post(path, {"remove": "1"})
    assert [i.title for i in meeting.agenda_items.all()] == ["Zwei"]


def test_a_changed_time_is_noticed_and_a_cancelled_meeting_shows_in_the_calendar(
    world: World,
) -> None:
    import icalendar

    from verbund.notifications.models import Notification

    meeting = services.schedule_meeting(world.coordinator, world.network, meeting_data())
    services.invite(world.coordinator, meeting)
    later = meeting.starts_at + datetime.timedelta(hours=1)
    services.update_meeting(world.coordinator, meeting, {"starts_at": later})
    assert (
        Notification.objects.filter(person=world.alice, title__contains="Koordinierungs").count()
        == 2
    )
    with pytest.raises(PermissionDenied):
        services.cancel_meeting(world.alice, meeting)
    services.cancel_meeting(world.coordinator, meeting)
    client = Client()
    client.force_login(world.alice)
    [event] = icalendar.Calendar.from_ical(
        client.get(f"/de/meetings/{meeting.pk}/meeting.ics").content
    ).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 2
    assert meeting not in queries.upcoming_for(world.alice)


def test_minutes_default_to_the_latest_sitting_of_a_series() -> None:
    from verbund.meetings.models import Meeting

    weekly = Meeting(starts_at=local(2026, 10, 1, 18), recurrence="weekly")
    assert queries.last_start(weekly, local(2026, 10, 20, 12)).date() == datetime.date(2026, 10, 15)
    assert queries.last_start(weekly, local(2026, 9, 1)).date() == datetime.date(2026, 10, 1)
    once = Meeting(starts_at=local(2026, 10, 1, 18))
    assert queries.last_start(once, local(2026, 12, 1)).date() == datetime.date(2026, 10, 1)

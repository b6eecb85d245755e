"""Every .ics the platform writes, read by two calendar parsers that did not write it.

``icalendar`` (with the VTIMEZONE turned into a tzinfo by icalendar itself and the RRULE
expanded by dateutil) and ``vobject`` (which builds its own tzinfo from the VTIMEZONE with
``dateutil.tz.tzical``) must agree on every sitting of a weekly meeting across a change of
summer time: the same local wall-clock time and the same instant in UTC. Invitations carry
``METHOD:REQUEST`` with organiser and attendee, cancellations ``METHOD:CANCEL``, feeds and
downloads ``METHOD:PUBLISH``.
"""

from __future__ import annotations

import datetime
from typing import Any

import icalendar
import pytest
import vobject
from dateutil import rrule
from django.core import mail
from django.test import Client

from tests.meetings.conftest import World, local, meeting_data
from tests.networks.helpers import run_worker
from verbund.meetings import ical, services

UTC = datetime.UTC

# Weekly on Thursdays at 18:00 in Berlin; summer time starts on Sunday 28 March 2027 and
# ends on Sunday 31 October 2027.
SPRING = (local(2027, 3, 18, 18), datetime.date(2027, 4, 15))
AUTUMN = (local(2027, 10, 14, 18), datetime.date(2027, 11, 11))
EXPECTED_UTC = {
    SPRING: [(3, 18, 17), (3, 25, 17), (4, 1, 16), (4, 8, 16), (4, 15, 16)],
    AUTUMN: [(10, 14, 16), (10, 21, 16), (10, 28, 16), (11, 4, 17), (11, 11, 17)],
}


def _by_icalendar(content: bytes) -> tuple[str, list[tuple[datetime.datetime, datetime.datetime]]]:
    calendar = icalendar.Calendar.from_ical(content)
    [zone] = calendar.walk("VTIMEZONE")
    tz = zone.to_tz()  # icalendar's reading of our VTIMEZONE, not the system's zone data
    [event] = calendar.walk("VEVENT")
    start = event["DTSTART"]
    assert start.params["TZID"] == "Europe/Berlin"
    dtstart = start.dt.replace(tzinfo=None).replace(tzinfo=tz)
    rule = rrule.rrulestr(event["RRULE"].to_ical().decode(), dtstart=dtstart)
    return str(calendar["METHOD"]), [
        (when.replace(tzinfo=None), when.astimezone(UTC).replace(tzinfo=None)) for when in rule
    ]


def _by_vobject(content: bytes) -> tuple[str, list[tuple[datetime.datetime, datetime.datetime]]]:
    calendar = vobject.readOne(content.decode("utf-8"))
    event = calendar.vevent
    return calendar.method.value, [
        (when.replace(tzinfo=None), when.astimezone(UTC).replace(tzinfo=None))
        for when in event.getrruleset()
    ]


def _agree(content: bytes, period: tuple[datetime.datetime, datetime.date]) -> str:
    method, by_icalendar = _by_icalendar(content)
    other_method, by_vobject = _by_vobject(content)
    assert method == other_method
    assert by_icalendar == by_vobject
    start = period[0]
    assert [local_time.time() for local_time, _utc in by_icalendar] == [start.time()] * 5
    assert [(u.month, u.day, u.hour) for _l, u in by_icalendar] == EXPECTED_UTC[period]
    return method


def _check_zone(content: bytes) -> None:
    text = content.decode()
    assert "RDATE" not in text
    zone = icalendar.Calendar.from_ical(content).walk("VTIMEZONE")[0]
    daylight = zone.walk("DAYLIGHT")[0]
    standard = zone.walk("STANDARD")[0]
    assert daylight["DTSTART"].dt == datetime.datetime(1970, 3, 29, 2, 0)
    assert daylight["RRULE"] == {"FREQ": ["YEARLY"], "BYMONTH": [3], "BYDAY": ["-1SU"]}
    assert (daylight["TZOFFSETFROM"].td, daylight["TZOFFSETTO"].td) == (
        datetime.timedelta(hours=1),
        datetime.timedelta(hours=2),
    )
    assert standard["DTSTART"].dt == datetime.datetime(1970, 10, 25, 3, 0)
    assert standard["RRULE"] == {"FREQ": ["YEARLY"], "BYMONTH": [10], "BYDAY": ["-1SU"]}
    assert (standard["TZOFFSETFROM"].td, standard["TZOFFSETTO"].td) == (
        datetime.timedelta(hours=2),
        datetime.timedelta(hours=1),
    )


def _weekly(world: World, period: tuple[datetime.datetime, datetime.date]) -> Any:
    start, until = period
    return services.schedule_meeting(
        world.coordinator,
        world.network,
        meeting_data(
            body=world.committee, starts_at=start, repeat_until=until, recurrence="weekly"
        ),
    )


def _calendar_parts(message: Any) -> tuple[bytes, str]:
    [(content, mimetype)] = [a for a in message.alternatives if a[1].startswith("text/calendar")]
    [attachment] = message.attachments
    assert attachment[0] == "meeting.ics"
    assert attachment[1] == content
    return content.encode() if isinstance(content, str) else content, mimetype


@pytest.mark.parametrize("period", [SPRING, AUTUMN], ids=["spring", "autumn"])
@pytest.mark.django_db(transaction=True)  # the real worker sends the e-mails
def test_every_ics_reads_the_same_in_both_parsers(world: World, period: Any) -> None:
    meeting = _weekly(world, period)
    services.invite(world.coordinator, meeting)
    run_worker()
    client = Client()
    client.force_login(world.alice)
    outputs = {"download": client.get(f"/de/meetings/{meeting.pk}/meeting.ics").content}
    feed = services.calendar_feed(world.alice).token
    outputs["person feed"] = Client().get(f"/de/meetings/feeds/{feed}/me.ics").content
    outputs["body feed"] = (
        Client().get(f"/de/meetings/feeds/{feed}/body/{world.committee.pk}.ics").content
    )
    coordinator_feed = services.calendar_feed(world.coordinator).token
    outputs["network feed"] = (
        Client()
        .get(f"/de/meetings/feeds/{coordinator_feed}/network/{world.network.slug}.ics")
        .content
    )
    to_alice = next(m for m in mail.outbox if m.to == [world.alice.email])
    outputs["invitation"], mimetype = _calendar_parts(to_alice)
    assert mimetype == "text/calendar; method=REQUEST"

    mail.outbox.clear()
    services.cancel_meeting(world.coordinator, meeting)
    run_worker()
    cancelled = next(m for m in mail.outbox if m.to == [world.alice.email])
    assert cancelled.extra_headers["X-Verbund-Notice"] == "cancellation"
    outputs["cancellation"], mimetype = _calendar_parts(cancelled)
    assert mimetype == "text/calendar; method=CANCEL"

    methods = {}
    for name, content in outputs.items():
        _check_zone(content)
        methods[name] = _agree(content, period)
    assert methods == {
        "download": "PUBLISH",
        "person feed": "PUBLISH",
        "body feed": "PUBLISH",
        "network feed": "PUBLISH",
        "invitation": "REQUEST",
        "cancellation": "CANCEL",
    }


@pytest.mark.django_db(transaction=True)  # the real worker sends the e-mails
def test_invitations_ask_for_an_answer_and_cancellations_remove_the_meeting(
    world: World,
) -> None:
    meeting = _weekly(world, SPRING)
    services.invite(world.coordinator, meeting)
    run_worker()
    to_alice = next(m for m in mail.outbox if m.to == [world.alice.email])
    request, _mimetype = _calendar_parts(to_alice)

    for reader in ("icalendar", "vobject"):
        if reader == "icalendar":
            event = icalendar.Calendar.from_ical(request).walk("VEVENT")[0]
            organizer, attendee = event["ORGANIZER"], event["ATTENDEE"]
            organizer_params, attendee_params = organizer.params, attendee.params
            organizer, attendee = str(organizer), str(attendee)
            sequence = int(event["SEQUENCE"])
        else:
            event = vobject.readOne(request.decode()).vevent
            organizer, attendee = event.organizer.value, event.attendee.value
            organizer_params = {k: v[0] for k, v in event.organizer.params.items()}
            attendee_params = {k: v[0] for k, v in event.attendee.params.items()}
            sequence = int(event.sequence.value)
        assert organizer.lower().startswith("mailto:")
        assert organizer_params["CN"] == world.network.name
        # Only the recipient: the others invited are not shown to each other.
        assert attendee == f"mailto:{world.alice.email}"
        assert attendee_params["RSVP"] == "TRUE"
        assert attendee_params["PARTSTAT"] == "NEEDS-ACTION"
        assert attendee_params["CN"] == str(world.alice)
    assert request.decode().count("ATTENDEE") == 1

    services.respond(world.alice, meeting.invitations.get(person=world.alice), "yes")
    mail.outbox.clear()
    services.cancel_meeting(world.coordinator, meeting)
    run_worker()
    # Everyone who had an invitation hears of it once, with the cancelling file.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        i.person.email for i in meeting.invitations.all()
    )
    cancelled = next(m for m in mail.outbox if m.to == [world.alice.email])
    assert "Ausschuss" in cancelled.subject or meeting.title in cancelled.subject
    content, _mimetype = _calendar_parts(cancelled)
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) > sequence
    assert str(event["UID"]) == str(icalendar.Calendar.from_ical(request).walk("VEVENT")[0]["UID"])
    assert event["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert vobject.readOne(content.decode()).vevent.status.value == "CANCELLED"


def test_other_zones_get_rules_or_their_transitions() -> None:
    new_york = ical.vtimezone("America/New_York").to_ical().decode()
    assert "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3" in new_york
    assert "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11" in new_york
    tehran = icalendar.Calendar.from_ical(
        b"BEGIN:VCALENDAR\r\n" + ical.vtimezone("Asia/Tehran").to_ical() + b"END:VCALENDAR\r\n"
    )
    [standard] = tehran.walk("STANDARD")
    assert standard["TZOFFSETTO"].td == datetime.timedelta(hours=3, minutes=30)
    assert not tehran.walk("DAYLIGHT")

"""iCalendar (RFC 5545) files of meetings, built with the icalendar library.

Three kinds of file leave here:

* feeds and the download of one meeting (``calendar``): ``METHOD:PUBLISH``, every meeting
  as it stands, cancelled ones with ``STATUS:CANCELLED``;
* the invitation attached to the e-mail (``invitation_request``): ``METHOD:REQUEST`` with the
  recipient as ``ATTENDEE;RSVP=TRUE``, so mail programs offer accept and decline (RFC 5546);
* the cancellation (``cancellation``): ``METHOD:CANCEL`` for the same UID and a higher
  SEQUENCE, so the calendar program removes the meeting.

Each file carries the site's time zone as a VTIMEZONE with one STANDARD and one DAYLIGHT
component whose RRULEs come from the rule the tz database states for today (the POSIX TZ
string at the end of the zone's TZif file), as calendar programs expect, not a list of
every past change.
"""

from __future__ import annotations

import datetime
import importlib.resources
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from verbund.meetings.models import Invitation, Meeting
from verbund.meetings.taxonomy import Format, Response

# What an answer given on the site means as an attendee's participation status (RFC 5545).
PARTSTAT: dict[str, str] = {
    Response.PENDING: "NEEDS-ACTION",
    Response.YES: "ACCEPTED",
    Response.NO: "DECLINED",
    Response.MAYBE: "TENTATIVE",
}


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "verbund.localhost"


def _location(meeting: Meeting) -> str:
    if meeting.format == Format.ONLINE:
        return meeting.online_link
    if meeting.format == Format.HYBRID and meeting.online_link:
        return f"{meeting.place} / {meeting.online_link}" if meeting.place else meeting.online_link
    return meeting.place


def organizer(meeting: Meeting) -> icalendar.vCalAddress:
    """The network, at the address the platform sends from: mail programs answer an
    invitation there; the answer that counts is given through the link in the e-mail."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or f"noreply@{_host()}"
    value = icalendar.vCalAddress(f"mailto:{address}")
    value.params["CN"] = meeting.organization.name
    return value


def attendee(invitation: Invitation, *, rsvp: bool) -> icalendar.vCalAddress:
    addressee = invitation.addressee
    value = icalendar.vCalAddress(f"mailto:{addressee.email}")
    value.params["CN"] = str(addressee)
    value.params["CUTYPE"] = "INDIVIDUAL"
    value.params["ROLE"] = "REQ-PARTICIPANT"
    value.params["PARTSTAT"] = PARTSTAT.get(invitation.response, "NEEDS-ACTION")
    value.params["RSVP"] = "TRUE" if rsvp else "FALSE"
    return value


def event(meeting: Meeting) -> icalendar.Event:
    url = absolute(reverse("meetings:detail", kwargs={"pk": meeting.pk}, urlconf=None))
    item = icalendar.Event()
    item.add("uid", f"{meeting.uid}@{_host()}")
    item.add("dtstamp", timezone.now())
    item.add("sequence", meeting.sequence)
    # Local wall-clock time with its zone, so a weekly meeting stays at 18:00 across DST.
    item.add("dtstart", timezone.localtime(meeting.starts_at))
    item.add("dtend", timezone.localtime(meeting.ends_at))
    item.add("summary", meeting.title)
    name = meeting.organization.name
    if meeting.body is not None:
        name = f"{meeting.body.display_name}, {name}"
    description = "\n\n".join(part for part in (name, meeting.description, url) if part)
    item.add("description", description)
    if location := _location(meeting):
        item.add("location", location)
    item.add("url", url)
    if meeting.rrule:
        item.add("rrule", meeting.rrule)
    item.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    item.add("organizer", organizer(meeting))
    return item


def _calendar(name: str, method: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Verbund//meetings//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal


def _finish(cal: icalendar.Calendar) -> bytes:
    if cal.walk("VEVENT"):
        cal.add_component(vtimezone(settings.TIME_ZONE))
        cal.subcomponents.insert(0, cal.subcomponents.pop())  # the zone before its events
    return bytes(cal.to_ical())


def calendar(meetings: Iterable[Meeting], name: str) -> bytes:
    """A feed or a download: published information, no request for an answer."""
    cal = _calendar(name, "PUBLISH")
    with translation.override(settings.LANGUAGE_CODE):
        for meeting in meetings:
            cal.add_component(event(meeting))
    return _finish(cal)


def invitation_request(invitation: Invitation) -> bytes:
    """The request for one person's answer, with only that person as attendee (the others
    invited are not told who else is)."""
    meeting = invitation.meeting
    cal = _calendar(meeting.title, "REQUEST")
    item = event(meeting)
    item.add("attendee", attendee(invitation, rsvp=True))
    cal.add_component(item)
    return _finish(cal)


def cancellation(invitation: Invitation) -> bytes:
    """The meeting (every sitting of a series) is called off for this person."""
    meeting = invitation.meeting
    cal = _calendar(meeting.title, "CANCEL")
    item = event(meeting)
    item["status"] = icalendar.vText("CANCELLED")
    item.add("attendee", attendee(invitation, rsvp=False))
    cal.add_component(item)
    return _finish(cal)


# --- The time zone ------------------------------------------------------------------------

_DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")
_POSIX = re.compile(
    r"^(?P<std><[^>]+>|[A-Za-z]{3,})(?P<std_offset>[-+]?\d{1,2}(?::\d{2}){0,2})"
    r"(?:(?P<dst><[^>]+>|[A-Za-z]{3,})(?P<dst_offset>[-+]?\d{1,2}(?::\d{2}){0,2})?"
    r",M(?P<start>\d{1,2}\.\d\.\d)(?:/(?P<start_time>[-+]?\d{1,3}(?::\d{2}){0,2}))?"
    r",M(?P<end>\d{1,2}\.\d\.\d)(?:/(?P<end_time>[-+]?\d{1,3}(?::\d{2}){0,2}))?)?$"
)


@dataclass(frozen=True)
class _Observance:
    name: str
    offset_from: datetime.timedelta
    offset_to: datetime.timedelta
    month: int = 0
    week: int = 0
    weekday: int = 0
    at: datetime.timedelta = datetime.timedelta(hours=2)


def _duration(text: str) -> datetime.timedelta:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * datetime.timedelta(hours=parts[0], minutes=parts[1], seconds=parts[2])


def _tzif(name: str) -> bytes:
    for directory in zoneinfo.TZPATH:
        path = Path(directory, name)
        if path.is_file():
            return path.read_bytes()
    resource = importlib.resources.files("tzdata.zoneinfo").joinpath(*name.split("/"))
    return resource.read_bytes()


def _posix_rule(name: str) -> str:
    """The zone's current rule: the POSIX TZ string of the TZif footer (RFC 8536, 3.3)."""
    data = _tzif(name)
    if not data.startswith(b"TZif") or data[4:5] < b"2":
        return ""
    return data.rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii")


def _observances(rule: str) -> list[_Observance] | None:
    match = _POSIX.match(rule)
    if match is None:
        return None
    standard = -_duration(match["std_offset"])  # POSIX counts west of Greenwich as positive
    std_name = match["std"].strip("<>")
    if not match["dst"]:
        return [_Observance(std_name, standard, standard)]
    daylight = (
        -_duration(match["dst_offset"])
        if match["dst_offset"]
        else standard + datetime.timedelta(hours=1)
    )
    observances = []
    for kind, name, before, after in (
        ("start", match["dst"].strip("<>"), standard, daylight),
        ("end", std_name, daylight, standard),
    ):
        month, week, weekday = (int(part) for part in match[kind].split("."))
        at = _duration(match[f"{kind}_time"] or "2")
        if not datetime.timedelta(0) <= at < datetime.timedelta(days=1):
            return None  # "Saturday at 24:00" is not a rule a plain BYDAY can say
        observances.append(
            _Observance(
                name,
                before,
                after,
                month,
                week,
                weekday,
                at,
            )
        )
    return observances


def _first_in_1970(item: _Observance) -> datetime.datetime:
    """The day the rule first matches in 1970, the conventional start of a VTIMEZONE rule."""
    first = datetime.date(1970, item.month, 1)
    # Python's weekday() is 0 for Monday; POSIX counts 0 for Sunday.
    shift = (item.weekday - (first.weekday() + 1) % 7) % 7
    day = first + datetime.timedelta(days=shift + 7 * (item.week - 1))
    while day.month != item.month:  # week 5 means "the last one"
        day -= datetime.timedelta(days=7)
    return datetime.datetime.combine(day, datetime.time()) + item.at


def vtimezone(name: str) -> icalendar.Timezone:
    """The VTIMEZONE of ``name`` as RRULEs (RFC 5545, 3.6.5); icalendar's own list of
    transitions only where the zone's rule is not one of the usual month/week/day kind."""
    observances = _observances(_posix_rule(name))
    if observances is None:
        fallback = icalendar.Timezone.from_tzinfo(zoneinfo.ZoneInfo(name))
        assert isinstance(fallback, icalendar.Timezone)
        return fallback
    zone = icalendar.Timezone()
    zone.add("tzid", name)
    for item in observances:
        daylight = item.offset_to > item.offset_from
        part: Any = icalendar.TimezoneDaylight() if daylight else icalendar.TimezoneStandard()
        part.add("tzname", item.name)
        part.add("tzoffsetfrom", item.offset_from)
        part.add("tzoffsetto", item.offset_to)
        if item.month:
            part.add("dtstart", _first_in_1970(item))
            week = -1 if item.week == 5 else item.week
            byday = f"{week}{_DAYS[item.weekday]}"
            part.add("rrule", {"FREQ": "YEARLY", "BYMONTH": item.month, "BYDAY": byday})
        else:
            part.add("dtstart", datetime.datetime(1970, 1, 1))
        zone.add_component(part)
    return zone

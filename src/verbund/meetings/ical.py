"""iCalendar (RFC 5545) files of meetings, built with the icalendar library."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from verbund.meetings.models import Meeting
from verbund.meetings.taxonomy import Format


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
    return item


def calendar(meetings: Iterable[Meeting], name: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Verbund//meetings//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    with translation.override(settings.LANGUAGE_CODE):
        for meeting in meetings:
            cal.add_component(event(meeting))
    cal.add_missing_timezones()
    return cal.to_ical()

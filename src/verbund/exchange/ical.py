"""iCalendar feeds of an organisation's room bookings: the rooms it lent and the rooms it
booked, accepted ones only, built with the icalendar library like the meetings' feeds (and
with their time zone, ``meetings.ical.vtimezone``)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from verbund.exchange.models import Booking
from verbund.meetings.ical import absolute, vtimezone
from verbund.organizations.models import Organization


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "verbund.localhost"


def event(booking: Booking, organisation: Organization) -> icalendar.Event:
    lender = booking.post.owner
    item = icalendar.Event()
    item.add("uid", f"booking-{booking.uid}@{_host()}")
    item.add("dtstamp", timezone.now())
    item.add("sequence", booking.sequence)
    item.add("dtstart", timezone.localtime(booking.starts_at))
    item.add("dtend", timezone.localtime(booking.ends_at))
    if organisation.pk == lender.pk:
        summary = _("%(room)s: booked by %(organisation)s") % {
            "room": booking.post.title,
            "organisation": booking.requester.name,
        }
    else:
        summary = _("%(room)s at %(organisation)s") % {
            "room": booking.post.title,
            "organisation": lender.name,
        }
    item.add("summary", summary)
    place = " ".join(p for p in (booking.post.postal_code, booking.post.city) if p)
    if place:
        item.add("location", place)
    url = absolute(booking.thread.get_absolute_url())
    item.add("url", url)
    item.add("description", "\n\n".join(p for p in (booking.note, url) if p))
    item.add("status", "CONFIRMED")
    return item


def calendar(bookings: Iterable[Booking], organisation: Organization) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Verbund//exchange//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    with translation.override(settings.LANGUAGE_CODE):
        cal.add("x-wr-calname", _("Room bookings of %(name)s") % {"name": organisation.name})
        cal.add("x-wr-timezone", settings.TIME_ZONE)
        for booking in bookings:
            cal.add_component(event(booking, organisation))
    if cal.walk("VEVENT"):
        cal.subcomponents.insert(0, vtimezone(settings.TIME_ZONE))
    return bytes(cal.to_ical())

"""Room bookings: a slot of a room offer, the owner's decision, no two accepted bookings
overlapping (the database's exclusion constraint on PostgreSQL, the service's check in its
transaction everywhere), and the iCalendar feed of both sides."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from typing import Any

import icalendar
import pytest
import vobject
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client

from tests.exchange.conftest import Circle, make_post, next_weekday
from verbund.exchange import queries, services
from verbund.exchange.models import Booking
from verbund.meetings import services as meeting_services

HOURS = datetime.timedelta(hours=2)


def room(circle: Circle) -> Any:
    return make_post(
        circle.b_admin,
        circle.b,
        title="Gemeinschaftsraum",
        weekdays=[1],
        time_from=datetime.time(17),
        time_to=datetime.time(22),
    )


def test_a_booking_is_requested_accepted_and_the_next_overlap_refused(circle: Circle) -> None:
    offer = room(circle)
    start = next_weekday(1, 18)
    booking = services.request_booking(circle.a_admin, offer, circle.a, start, start + HOURS)
    assert booking.state == "requested" and booking.thread.asker == circle.a
    with pytest.raises(PermissionDenied):
        services.accept_booking(circle.a_admin, booking)
    services.accept_booking(circle.b_admin, booking)
    with pytest.raises(ValidationError) as error:
        services.request_booking(
            circle.c_admin, offer, circle.c, start + datetime.timedelta(hours=1), start + 2 * HOURS
        )
    assert "bereits gebucht" in error.value.messages[0]
    # Right after it is free.
    services.request_booking(circle.c_admin, offer, circle.c, start + HOURS, start + 2 * HOURS)


def test_the_second_of_two_overlapping_requests_cannot_be_accepted(circle: Circle) -> None:
    offer = room(circle)
    start = next_weekday(1, 18)
    first = services.request_booking(circle.a_admin, offer, circle.a, start, start + HOURS)
    second = services.request_booking(
        circle.c_admin, offer, circle.c, start + datetime.timedelta(hours=1), start + 2 * HOURS
    )
    services.accept_booking(circle.b_admin, first)
    with pytest.raises(ValidationError) as error:
        services.accept_booking(circle.b_admin, second)
    assert "bereits gebucht" in error.value.messages[0]
    second.refresh_from_db()
    assert second.state == "requested"


def test_slots_outside_the_offer_are_refused(circle: Circle) -> None:
    offer = room(circle)
    wednesday = next_weekday(2, 18)
    with pytest.raises(ValidationError, match="Wochentag"):
        services.request_booking(circle.a_admin, offer, circle.a, wednesday, wednesday + HOURS)
    late = next_weekday(1, 21)
    with pytest.raises(ValidationError, match="nur zwischen"):
        services.request_booking(circle.a_admin, offer, circle.a, late, late + HOURS)
    with pytest.raises(PermissionDenied):
        need = make_post(circle.b_admin, circle.b, direction="need", title="Raum gesucht")
        services.request_booking(circle.a_admin, need, circle.a, late, late + HOURS)


def test_both_sides_get_the_booking_in_their_calendar_feed(circle: Circle) -> None:
    offer = room(circle)
    start = next_weekday(1, 18)
    booking = services.request_booking(circle.a_admin, offer, circle.a, start, start + HOURS)
    services.accept_booking(circle.b_admin, booking)
    services.request_booking(circle.c_admin, offer, circle.c, start + HOURS, start + 2 * HOURS)
    client = Client()
    for person, organisation, summary in (
        (circle.a_admin, circle.a, "Gemeinschaftsraum bei Bildungshaus Beirut"),
        (circle.b_admin, circle.b, "Gemeinschaftsraum: gebucht von Kulturverein Anadolu"),
    ):
        token = meeting_services.calendar_feed(person).token
        response = client.get(f"/de/exchange/feeds/{token}/{organisation.slug}.ics")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        parsed = icalendar.Calendar.from_ical(response.content)
        [event] = parsed.walk("VEVENT")
        assert str(event["summary"]) == summary
        assert event.decoded("dtstart") == start
        [other] = vobject.readComponents(response.content.decode())
        assert other.vevent.dtstart.value == start
        assert other.vevent.dtend.value == start + HOURS
    # Someone else's feed address does not open another organisation's calendar.
    token = meeting_services.calendar_feed(circle.c_admin).token
    assert client.get(f"/de/exchange/feeds/{token}/{circle.a.slug}.ics").status_code == 404


def test_the_calendar_page_lists_the_bookings(circle: Circle) -> None:
    offer = room(circle)
    start = next_weekday(1, 18)
    booking = services.request_booking(circle.a_admin, offer, circle.a, start, start + HOURS)
    services.accept_booking(circle.b_admin, booking)
    client = Client()
    client.force_login(circle.a_member)
    page = client.get(f"/de/exchange/calendar/{circle.a.slug}/")
    assert page.status_code == 200 and "Gemeinschaftsraum" in page.content.decode()
    client.force_login(circle.c_admin)
    assert client.get(f"/de/exchange/calendar/{circle.a.slug}/").status_code == 404


def test_the_bookings_query_count_is_fixed(circle: Circle, assert_max_queries: Any) -> None:
    offer = room(circle)
    for week in range(1, 6):
        start = next_weekday(1, 18, weeks=week)
        booking = services.request_booking(circle.a_admin, offer, circle.a, start, start + HOURS)
        services.accept_booking(circle.b_admin, booking)
    with assert_max_queries(1):
        assert len(queries.bookings_of(circle.a)) == 5


# --- PostgreSQL: the database decides -----------------------------------------------------------


def run_in_parallel(jobs: list[Callable[[], Any]]) -> list[Any]:
    barrier = threading.Barrier(len(jobs))
    outcomes: list[Any] = [None] * len(jobs)

    def worker(index: int) -> None:
        try:
            barrier.wait()
            outcomes[index] = jobs[index]()
        except Exception as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_overlapping_acceptances_at_once_exactly_one_wins() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one writer at a time anyway")
    circle = Circle()
    offer = room(circle)
    start = next_weekday(1, 18)
    requested = [
        services.request_booking(circle.a_admin, offer, circle.a, start, start + HOURS).pk,
        services.request_booking(
            circle.c_admin, offer, circle.c, start + datetime.timedelta(minutes=30), start + HOURS
        ).pk,
    ]

    def accept(pk: int) -> Callable[[], Any]:
        def job() -> Any:
            from verbund.accounts.models import User

            owner = User.objects.get(pk=circle.b_admin.pk)
            booking = queries.booking_or_none(pk)
            assert booking is not None
            return services.accept_booking(owner, booking)

        return job

    for _round in range(3):
        outcomes = run_in_parallel([accept(pk) for pk in requested])
        won = [o for o in outcomes if isinstance(o, Booking)]
        refused = [o for o in outcomes if isinstance(o, ValidationError)]
        assert len(won) == 1 and len(refused) == 1, outcomes
        assert "bereits gebucht" in refused[0].messages[0]
        assert Booking.objects.filter(state="accepted").count() == 1
        Booking.objects.filter(pk__in=requested).update(state="requested")


@pytest.mark.postgres_only
def test_the_exclusion_constraint_refuses_overlapping_rows(circle: Circle) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the constraint exists on PostgreSQL only")
    offer = room(circle)
    start = next_weekday(1, 18)
    first = services.request_booking(circle.a_admin, offer, circle.a, start, start + HOURS)
    second = services.request_booking(circle.c_admin, offer, circle.c, start, start + HOURS)
    Booking.objects.filter(pk=first.pk).update(state="accepted")
    with pytest.raises(IntegrityError, match="exchange_booking_no_overlap"), transaction.atomic():
        Booking.objects.filter(pk=second.pk).update(state="accepted")

"""The reads the meeting pages moved out of their views cost a fixed number of queries,
however many invitations, agenda items and minutes a meeting has."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tests.meetings.conftest import World, meeting_data
from verbund.meetings import queries, services

pytestmark = pytest.mark.django_db


def _meeting(world: World, minutes: int) -> Any:
    meeting = services.schedule_meeting(world.coordinator, world.network, meeting_data())
    for title in ("Sommerfest", "Haushalt", "Verschiedenes"):
        services.add_agenda_item(world.coordinator, meeting, {"title": title})
    services.invite(world.coordinator, meeting)
    for day in range(1, minutes + 1):
        services.start_minutes(world.coordinator, meeting, datetime.date(2026, 11, day))
    return meeting


@pytest.mark.parametrize("minutes", [1, 4])
def test_the_meeting_page_reads_do_not_grow_with_the_meeting(
    world: World, minutes: int, assert_max_queries: Any
) -> None:
    meeting = _meeting(world, minutes)
    with assert_max_queries(1):
        loaded = queries.meetings().get(pk=meeting.pk)
        assert loaded.organization.name and loaded.body is None
    with assert_max_queries(1):
        invitations = queries.invitations_of(meeting)
    assert invitations and all(i.person.email for i in invitations)
    with assert_max_queries(1):
        agenda = queries.agenda_of(meeting)
    assert [a.title for a in agenda] == ["Sommerfest", "Haushalt", "Verschiedenes"]
    # Drafts are for those who run the network: the coordinator sees them all, a member none.
    with assert_max_queries(4):
        assert len(queries.visible_minutes(world.coordinator, meeting)) == minutes
    with assert_max_queries(6):
        assert queries.visible_minutes(world.alice, meeting) == []


def test_a_calendar_feed_finds_its_owner_in_one_query(
    world: World, assert_max_queries: Any
) -> None:
    feed = services.calendar_feed(world.alice)
    with assert_max_queries(1):
        assert queries.feed_owner(feed.token) == world.alice
    with assert_max_queries(1):
        assert queries.feed_owner("no-such-token") is None
    with assert_max_queries(1):
        bodies = queries.bodies_of(world.network)
    assert [b.name for b in bodies] == ["Ausschuss Bildung"]

"""The reads of a conference cost a fixed number of queries, however many delegates, ballots,
proxies and conferences there are."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tests.assemblies.conftest import Hall, build_hall
from tests.factories import PersonFactory
from verbund.assemblies import policy, queries, services

pytestmark = pytest.mark.django_db


def _vote(hall: Hall) -> Any:
    poll = services.save_poll(hall.chair, hall.conference, {"kind": "vote", "title": "Antrag"})
    services.open_poll(hall.chair, poll)
    return poll


@pytest.mark.parametrize("delegates", [2, 6])
def test_ballots_turnout_and_tally_do_not_grow_with_the_hall(
    delegates: int, assert_max_queries: Any
) -> None:
    hall = build_hall(delegates)
    services.give_proxy(hall.person(1), hall.delegates[1], hall.delegates[0])
    poll = _vote(hall)
    for index in (0, *range(2, delegates)):
        services.cast_vote(hall.person(index), poll, {"choice": "yes"})
    with assert_max_queries(4):
        slots = queries.ballot_slots(hall.person(0), poll)
    assert {s.participant.pk for s in slots} == {hall.delegates[0].pk, hall.delegates[1].pk}
    with assert_max_queries(1):
        assert queries.turnout(poll) == delegates - 1
    with assert_max_queries(2):
        assert queries.entitled_weight(hall.conference) == delegates
    # While the poll is open the ballots are only in the ballot box; closing writes them out.
    assert queries.tally(poll)["weights"]["yes"] == 0
    services.close_poll(hall.chair, poll)
    with assert_max_queries(3):
        result = queries.tally(poll)
    assert result["weights"]["yes"] == delegates - 1  # the proxy ballot is not cast


@pytest.mark.parametrize("delegates", [2, 6])
def test_the_pages_of_a_conference_read_in_a_fixed_number_of_queries(
    delegates: int, assert_max_queries: Any
) -> None:
    hall = build_hall(delegates)
    giver, holder = hall.delegates[1], hall.delegates[0]
    services.give_proxy(giver.person, giver, holder)
    with assert_max_queries(2):
        proxies = queries.proxies_of(holder)
    assert proxies.given is None and [p.giver.person for p in proxies.held] == [giver.person]
    with assert_max_queries(1):
        holders = list(queries.proxy_holders(hall.conference, hall.delegates[-1]))
    assert holder in holders and giver not in holders
    assert all(h.person.pk and h.organization.pk for h in holders)  # selected with them
    with assert_max_queries(1):
        listed = queries.check_in_list(hall.conference)
    assert len(listed) == delegates + 1  # and the chair
    assert all(p.person.pk for p in listed)
    with assert_max_queries(1):
        named = list(queries.named_delegates(hall.conference, hall.members))
    assert len(named) == delegates
    with assert_max_queries(2):
        state = queries.live_state(hall.conference.pk)
    assert "polls" in state
    with assert_max_queries(0):  # from the shared cache within the second
        queries.live_state(hall.conference.pk)


def test_the_conference_list_asks_the_policy_without_a_query_per_conference(
    assert_max_queries: Any,
) -> None:
    hall = build_hall(1)
    for day in range(1, 6):
        services.save_conference(
            hall.coordinator,
            hall.network,
            {
                "title": f"Konferenz {day}",
                "starts_on": datetime.date(2026, 6, day),
                "ends_on": datetime.date(2026, 6, day),
                "place": "Rostock",
                "delegates_per_member": 1,
                "delegate_vote_weight": 1,
            },
        )
    visitor = PersonFactory()
    with assert_max_queries(3):
        listed = queries.visible_conferences(visitor)
    assert len(listed) == 6
    assert listed[0].title == "Konferenz 5"


def test_the_motion_page_reads_in_a_fixed_number_of_queries(assert_max_queries: Any) -> None:
    hall = build_hall(3)
    motion = services.submit_motion(
        hall.person(0), hall.conference, {"title": "Antrag", "text": "Eins.\n\nZwei."}
    )
    services.submit_amendment(hall.person(1), motion, 2, "Zwei, neu.")
    services.support_motion(hall.person(2), motion, True)
    with assert_max_queries(4):
        page = queries.motion_page(motion, hall.person(2))
    assert page.supporters == 1 and page.supported_by_viewer
    assert [a.submitted_by.pk for a in page.amendments] == [hall.person(1).pk]
    with assert_max_queries(2):
        represented = list(policy.represented_organizations(hall.member_admins[0], hall.conference))
    assert represented == [hall.members[0]]

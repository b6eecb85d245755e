"""Who may do what in the exchange: every function of ``exchange.policy`` against every role
of the shared world (``tests/policy_matrix.py``), with

* a public room offer, a members-only offer and a need of ``organization`` (posted by
  ``admin``), and a members-only offer of ``other_organization``;
* a request (thread) of ``other_organization`` about the public room offer, with a booking
  it asked for;
* a joint project led by ``organization`` to which ``other_organization`` is invited.

An organisation acts only through its administrators and editors; staff moderate but do not
act for anyone, and see a thread only when something in it was reported.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest

from tests.exchange.conftest import make_post, next_weekday
from tests.policy_matrix import (
    EVERYONE,
    MEMBERS_AREA,
    NOBODY,
    OWN_PEOPLE,
    RUNS_NETWORK,
    STAFF,
    Rule,
    World,
    check,
    contains,
    on,
    uncovered,
    with_changes,
)
from verbund.exchange import policy, services

NOT_DECISIONS = {
    "is_staff",
    "acting_ids",
    "own_ids",
    "forget_cached",
    "viewer_networks",
    "current",
    "side_of",
    "is_reported",
}
ACTS = frozenset({"operator", "editor", "admin"})
PEOPLE = EVERYONE - {"anonymous", "operator", "worker"}
SEES_MEMBERS_ONLY = STAFF | OWN_PEOPLE | {"coordinator", "office"}
THREAD = frozenset({"editor", "admin", "other_admin"})


@pytest.fixture(scope="module")
def exchange_world(policy_world: World) -> Iterator[World]:
    people = policy_world.people
    org, other = policy_world.organization, policy_world.other_organization
    room = make_post(people["admin"], org, weekdays=[1], title="Saal")
    members = make_post(
        people["admin"], org, kind="skill", skill="press", visibility="networks", title="Presse"
    )
    need = make_post(people["admin"], org, direction="need", title="Brauchen Raum")
    other_members = make_post(
        people["other_admin"], other, kind="equipment", visibility="networks", title="Beamer"
    )
    start = next_weekday(1, 18)
    booking = services.request_booking(
        people["other_admin"], room, other, start, start + datetime.timedelta(hours=2)
    )
    project = services.create_project(people["admin"], org, {"title": "Fest"}, [other])
    partners = {p.organization_id: p for p in project.partners.all()}
    discussion = services.start_discussion(
        people["admin"], policy_world.network, "rooms", "Räume im Winter", "Wer hat Platz?"
    )
    policy_world.objects.update(
        {
            "room": room,
            "members_offer": members,
            "need": need,
            "other_members_offer": other_members,
            "expired": with_changes(room, valid_until=datetime.date(2020, 1, 1)),
            "thread": booking.thread,
            "booking": booking,
            "project": project,
            "lead_partner": partners[org.pk],
            "other_partner": partners[other.pk],
            "discussion": discussion,
        }
    )
    yield policy_world


RULES = [
    Rule("can_act_for", ACTS),
    Rule(
        "can_act_for",
        frozenset({"operator", "other_admin"}),
        on("other_organization"),
        case="other",
    ),
    Rule("can_post", ACTS),
    Rule("can_post", frozenset({"operator"}), on("draft"), case="draft"),
    Rule("can_view_post", EVERYONE, on("room")),
    Rule("can_view_post", SEES_MEMBERS_ONLY, on("members_offer"), case="members only"),
    Rule(
        "can_view_post",
        STAFF | {"other_admin", "other_coordinator", "other_office"},
        on("other_members_offer"),
        case="other network",
    ),
    Rule("can_view_post", STAFF | OWN_PEOPLE, on("expired"), case="expired"),
    Rule(
        "visible_posts",
        SEES_MEMBERS_ONLY,
        lambda w: (),
        result=contains("members_offer"),
    ),
    Rule("can_edit_post", ACTS, on("room")),
    Rule(
        "can_edit_post",
        frozenset({"operator", "other_admin"}),
        on("other_members_offer"),
        case="other",
    ),
    Rule("can_see_matches", ACTS, on("need")),
    Rule("can_see_matches", NOBODY, on("room"), case="offer"),
    Rule("askable", frozenset({"other_admin"}), on("room"), result=contains("other_organization")),
    Rule(
        "can_request",
        frozenset({"operator", "other_admin"}),
        lambda w: (w.room, w.other_organization),
    ),
    Rule("can_request", NOBODY, lambda w: (w.room, w.organization), case="own"),
    Rule(
        "can_request",
        frozenset({"operator"}),
        lambda w: (w.members_offer, w.other_organization),
        case="members only to outsiders",
    ),
    Rule("can_request", NOBODY, lambda w: (w.expired, w.other_organization), case="expired"),
    Rule(
        "can_request_booking",
        frozenset({"operator", "other_admin"}),
        lambda w: (w.room, w.other_organization),
    ),
    Rule(
        "can_request_booking",
        NOBODY,
        lambda w: (w.other_members_offer, w.organization),
        case="not a room",
    ),
    Rule("can_view_thread", THREAD, on("thread")),
    Rule("can_write", THREAD, on("thread")),
    Rule(
        "can_write",
        NOBODY,
        lambda w: (with_changes(w.thread, hidden_at=w.thread.created_at),),
        case="hidden",
    ),
    Rule("can_set_state", frozenset({"editor", "admin"}), on("thread", "agreed")),
    Rule("can_set_state", THREAD, on("thread", "declined"), case="declined"),
    Rule("can_set_state", NOBODY, on("thread", "done"), case="done while open"),
    Rule(
        "can_set_state",
        THREAD,
        lambda w: (with_changes(w.thread, state="agreed"), "done"),
        case="done when agreed",
    ),
    Rule("can_report", PEOPLE, lambda w: ()),
    Rule("can_moderate", STAFF, lambda w: ()),
    Rule("can_decide_booking", ACTS, on("booking")),
    Rule(
        "can_decide_booking",
        NOBODY,
        lambda w: (with_changes(w.booking, state="accepted"),),
        case="decided",
    ),
    Rule("can_cancel_booking", ACTS | {"other_admin"}, on("booking")),
    Rule("can_view_bookings", frozenset({"operator"}) | OWN_PEOPLE),
    Rule("can_create_project", ACTS),
    Rule("can_view_project", frozenset({"operator", "other_admin"}) | OWN_PEOPLE, on("project")),
    Rule("can_edit_project", ACTS, on("project")),
    Rule("can_accept_partnership", frozenset({"operator", "other_admin"}), on("other_partner")),
    Rule("can_accept_partnership", NOBODY, on("lead_partner"), case="accepted"),
    Rule("can_add_contribution", ACTS, on("lead_partner")),
    Rule("can_add_contribution", NOBODY, on("other_partner"), case="not yet accepted"),
    Rule("can_view_space", MEMBERS_AREA, on("network")),
    Rule(
        "can_view_space",
        RUNS_NETWORK - {"coordinator", "office"}
        | {"other_coordinator", "other_office", "other_admin"},
        on("other_network"),
        case="other network",
    ),
    Rule(
        "can_view_space",
        NOBODY,
        lambda w: (with_changes(w.network, status="draft"),),
        case="draft network",
    ),
    Rule("can_write_in_space", MEMBERS_AREA - {"operator"}, on("network")),
    Rule("can_moderate_space", RUNS_NETWORK, on("network")),
    Rule("can_reply", MEMBERS_AREA - {"operator"}, on("discussion")),
    Rule(
        "can_reply",
        NOBODY,
        lambda w: (with_changes(w.discussion, hidden_at=w.discussion.created_at),),
        case="hidden",
    ),
]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_policy_matrix(rule: Rule, exchange_world: World, db: Any) -> None:
    check(policy, rule, exchange_world)


def test_staff_see_a_thread_only_when_it_was_reported(exchange_world: World, db: Any) -> None:
    message = exchange_world.thread.messages.first()
    services.report(exchange_world.people["admin"], "Beleidigung", message=message)
    check(
        policy,
        Rule("can_view_thread", THREAD | STAFF, on("thread"), case="reported"),
        exchange_world,
    )


def test_every_policy_function_has_its_row() -> None:
    assert not uncovered(policy, RULES, NOT_DECISIONS)

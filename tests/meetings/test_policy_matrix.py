"""Who may see and run meetings, minutes and action items: every function of
``meetings.policy`` against every role (``tests/policy_matrix.py``)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tests.meetings.conftest import meeting_data
from tests.policy_matrix import (
    MEMBERS_AREA,
    RUNS_NETWORK,
    Rule,
    World,
    check,
    on,
    uncovered,
    with_changes,
)
from verbund.meetings import policy, services


@pytest.fixture(scope="module")
def world(policy_world: World, django_db_blocker: Any) -> World:
    network = policy_world.network
    with django_db_blocker.unblock():
        meeting = services.schedule_meeting(
            policy_world.people["coordinator"],
            network,
            meeting_data(recurrence="", place="Rathaus, Rostock"),
        )
        # Someone from outside the network, invited as a guest.
        services.invite(policy_world.people["coordinator"], meeting, [policy_world.people["fresh"]])
        minutes = services.start_minutes(
            policy_world.people["coordinator"], meeting, datetime.date(2026, 3, 2)
        )
        item = services.create_action_item(
            policy_world.people["coordinator"],
            network,
            {"title": "Bericht schreiben", "assignee_organization": policy_world.organization},
        )
    policy_world.objects.update(
        {
            "meeting": meeting,
            "draft_minutes": minutes,
            "approved_minutes": with_changes(minutes, status="approved"),
            "action_item": item,
        }
    )
    return policy_world


# People with a session; the console does not read members' pages.
READERS = MEMBERS_AREA - {"operator"}
ATTENDEES = READERS | {"fresh"}

RULES = [
    Rule("can_schedule", RUNS_NETWORK, on("network")),
    Rule("can_view_meetings", READERS, on("network")),
    Rule("is_invited", {"fresh"}, on("meeting")),
    Rule("can_view_meeting", ATTENDEES, on("meeting")),
    Rule("can_manage_meeting", RUNS_NETWORK, on("meeting")),
    Rule("can_view_minutes", RUNS_NETWORK, on("draft_minutes"), case="draft"),
    Rule("can_view_minutes", RUNS_NETWORK | ATTENDEES, on("approved_minutes"), case="approved"),
    Rule("can_write_minutes", RUNS_NETWORK, on("draft_minutes"), case="draft"),
    Rule("can_write_minutes", set(), on("approved_minutes"), case="approved"),
    Rule("can_approve_minutes", RUNS_NETWORK, on("draft_minutes")),
    Rule("can_manage_action_items", RUNS_NETWORK, on("network")),
    # Handed to the member organisation: its administrator updates it.
    Rule("can_update_action_item", (RUNS_NETWORK - {"operator"}) | {"admin"}, on("action_item")),
    Rule("can_view_action_item", READERS, on("action_item")),
]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_policy_matrix(rule: Rule, world: World, db: Any) -> None:
    check(policy, rule, world)


def test_every_policy_function_has_its_row() -> None:
    assert not uncovered(policy, RULES)

"""Who may do what at conferences: every function of ``assemblies.policy`` against every role
(``tests/policy_matrix.py``). ``admin`` is the registered delegate of the member
organisation."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tests.policy_matrix import (
    ACCOUNTS,
    EVERYONE,
    MEMBERS_AREA,
    RUNS_NETWORK,
    Rule,
    World,
    check,
    contains,
    is_not_none,
    on,
    uncovered,
    with_changes,
)
from verbund.assemblies import policy, services


@pytest.fixture(scope="module")
def world(policy_world: World, django_db_blocker: Any) -> World:
    network, admin = policy_world.network, policy_world.people["admin"]
    with django_db_blocker.unblock():
        conference = services.save_conference(
            policy_world.people["coordinator"],
            network,
            {
                "title": "Mitgliederversammlung",
                "starts_on": datetime.date(2026, 5, 12),
                "ends_on": datetime.date(2026, 5, 12),
                "place": "Rostock",
                "delegates_per_member": 1,
                "delegate_vote_weight": 1,
            },
        )
        delegate = services.name_delegate(
            policy_world.people["coordinator"], conference, policy_world.organization, admin
        )
        vote = services.save_poll(
            policy_world.people["coordinator"], conference, {"kind": "vote", "title": "Antrag 1"}
        )
        election = services.save_poll(
            policy_world.people["coordinator"],
            conference,
            {
                "kind": "election",
                "title": "Ausschuss",
                "body": policy_world.committee_body,
                "seats": 1,
                "method": "per_seat",
            },
        )
        motion = services.submit_motion(
            admin, conference, {"title": "Antrag", "text": "Eins.\n\nZwei."}
        )
    policy_world.objects.update(
        {
            "conference": conference,
            "delegate": delegate,
            "vote": vote,
            "election": election,
            "motion": motion,
            "closed_named_vote": with_changes(vote, secret=False, status="closed"),
            "closed_secret_vote": with_changes(vote, secret=True, status="closed"),
            "referred_motion": with_changes(motion, referred_to_id=policy_world.committee_body.pk),
        }
    )
    return policy_world


# Not a decision: a cache of participants is emptied after a registration changes.
NOT_DECISIONS = {"forget_cached"}

RULES = [
    Rule("participant_of", {"admin"}, on("conference"), is_not_none),
    Rule("can_view_conference", EVERYONE, on("conference")),
    Rule("can_manage_conference", RUNS_NETWORK, on("conference")),
    Rule("can_create_conference", RUNS_NETWORK, on("network")),
    Rule("can_register", ACCOUNTS, on("conference")),
    Rule("can_chair", RUNS_NETWORK, on("conference")),
    Rule("can_run_poll", RUNS_NETWORK, on("vote")),
    Rule("can_check_in", RUNS_NETWORK, on("conference")),
    Rule(
        "can_name_delegates",
        RUNS_NETWORK | {"admin"},
        lambda world: (world.conference, world.organization),
    ),
    Rule("can_manage_proxy", RUNS_NETWORK | {"admin"}, on("delegate")),
    Rule("can_install_elected", RUNS_NETWORK, on("election")),
    Rule("can_install_elected", set(), on("vote"), case="a vote fills no seats"),
    Rule("can_view_poll", EVERYONE, on("vote")),
    Rule("can_see_named_ballots", RUNS_NETWORK | {"admin"}, on("closed_named_vote")),
    Rule("can_see_named_ballots", set(), on("closed_secret_vote"), case="secret"),
    Rule("can_see_named_ballots", set(), on("vote"), case="not closed"),
    Rule("can_request_to_speak", {"admin"}, on("conference")),
    Rule("can_submit_motion", MEMBERS_AREA - {"operator"}, on("conference")),
    Rule("can_support_motion", {"admin"}, on("conference")),
    Rule("can_manage_motions", RUNS_NETWORK, on("conference")),
    Rule("can_recommend", RUNS_NETWORK, on("motion")),
    Rule("can_recommend", RUNS_NETWORK | {"committee"}, on("referred_motion"), case="referred"),
    Rule("represented_organizations", {"admin"}, on("conference"), contains("organization")),
    Rule(
        "delegate_organizations",
        RUNS_NETWORK | {"admin"},
        on("conference"),
        contains("organization"),
    ),
    Rule("can_open_delegates", RUNS_NETWORK | {"admin"}, on("conference")),
    Rule("can_name_delegates_for_members", RUNS_NETWORK, on("conference")),
]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_policy_matrix(rule: Rule, world: World, db: Any) -> None:
    check(policy, rule, world)


def test_every_policy_function_has_its_row() -> None:
    assert not uncovered(policy, RULES, NOT_DECISIONS)

"""Who may see and work on documents: every function of ``documents.policy`` against every
role (``tests/policy_matrix.py``)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy_matrix import (
    EVERYONE,
    MEMBERS_AREA,
    RUNS_NETWORK,
    STAFF,
    Rule,
    World,
    alone,
    check,
    on,
    uncovered,
    with_changes,
)
from verbund.documents import policy, services


@pytest.fixture(scope="module")
def world(policy_world: World, django_db_blocker: Any) -> World:
    with django_db_blocker.unblock():
        draft = services.create_document(
            policy_world.people["coordinator"],
            policy_world.network,
            {"kind": "policy_paper", "title": "Positionspapier"},
            text="Erstens.\n\nZweitens.",
        )
    policy_world.objects.update(
        {
            "draft_document": draft,
            "consulted_document": with_changes(draft, status="consultation"),
            "published_document": with_changes(draft, status="published"),
        }
    )
    return policy_world


# Pages of people: the console has no session, so it reads no members' pages.
READERS = MEMBERS_AREA - {"operator"}
WRITERS = RUNS_NETWORK - {"operator"}

RULES = [
    Rule("runs", RUNS_NETWORK, on("network")),
    Rule("sits_in", {"committee"}, on("committee_body")),
    Rule("sees_every_document", STAFF, alone()),
    Rule("can_create", RUNS_NETWORK, on("network")),
    Rule(
        "can_create",
        RUNS_NETWORK | {"committee"},
        lambda world: (world.network, world.committee_body),
        case="in the committee",
    ),
    Rule("can_list", READERS, on("network")),
    Rule("can_view", WRITERS, on("draft_document"), case="draft"),
    Rule("can_view", READERS, on("consulted_document"), case="consultation"),
    Rule("can_view", EVERYONE, on("published_document"), case="published"),
    Rule("can_edit", RUNS_NETWORK, on("draft_document")),
    Rule("can_comment", WRITERS, on("draft_document"), case="draft"),
    Rule("can_comment", READERS, on("consulted_document"), case="consultation"),
    Rule("can_comment", set(), on("published_document"), case="published"),
    Rule("can_resolve_comments", RUNS_NETWORK, on("draft_document")),
    Rule("can_publish", RUNS_NETWORK, on("consulted_document")),
    Rule("can_start_documents", RUNS_NETWORK | {"committee"}, on("network")),
]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_policy_matrix(rule: Rule, world: World, db: Any) -> None:
    check(policy, rule, world)


def test_every_policy_function_has_its_row() -> None:
    assert not uncovered(policy, RULES)

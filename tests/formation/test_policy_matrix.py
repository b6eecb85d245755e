"""Who may see and run a network in formation: every function of ``formation.policy``
against every role (``tests/policy_matrix.py``)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy_matrix import (
    OWN_EDITORS,
    STAFF,
    Rule,
    World,
    alone,
    check,
    contains,
    on,
    uncovered,
)
from verbund.formation import policy, services


@pytest.fixture(scope="module")
def world(policy_world: World, django_db_blocker: Any) -> World:
    with django_db_blocker.unblock():
        policy_world.objects["formation"] = services.start_formation(
            policy_world.people["admin"],
            policy_world.organization,
            name="Netzwerk in Gründung",
            goal="Zusammenarbeit",
        )
    return policy_world


EDITORS = STAFF | OWN_EDITORS

RULES = [
    Rule("can_start", EDITORS),
    # The start form offers the organisations a person runs; staff run none of their own.
    Rule("initiators", OWN_EDITORS, alone(), contains("organization")),
    Rule("can_start_any", OWN_EDITORS | {"other_admin"}, alone()),
    Rule("can_manage", EDITORS, on("formation")),
    Rule("can_view", EDITORS, on("formation")),
]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_policy_matrix(rule: Rule, world: World, db: Any) -> None:
    check(policy, rule, world)


def test_every_policy_function_has_its_row() -> None:
    assert not uncovered(policy, RULES)

"""Who may read notices and set preferences: every function of ``notifications.policy``
against every role (``tests/policy_matrix.py``)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy_matrix import Rule, World, check, on, person, uncovered
from verbund.notifications import policy, services


@pytest.fixture(scope="module")
def world(policy_world: World, django_db_blocker: Any) -> World:
    with django_db_blocker.unblock():
        [notice] = services.notify([policy_world.people["member"]], "documents", "Neu", email=False)
    policy_world.objects["notice"] = notice
    return policy_world


RULES = [
    Rule("can_read", {"member"}, on("notice")),
    Rule("can_set_preferences", {"member"}, person("member")),
]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_policy_matrix(rule: Rule, world: World, db: Any) -> None:
    check(policy, rule, world)


def test_every_policy_function_has_its_row() -> None:
    assert not uncovered(policy, RULES)

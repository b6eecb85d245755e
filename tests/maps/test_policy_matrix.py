"""Who may do what on the map: every function of ``maps.policy`` against every role
(``tests/policy_matrix.py``)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy_matrix import OWN_EDITORS, STAFF, Rule, World, check, uncovered
from verbund.maps import policy

RULES = [
    # Editors, staff and the console place pins; the worker finishes an address change.
    Rule("can_geocode", STAFF | OWN_EDITORS | {"worker"}),
]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_policy_matrix(rule: Rule, policy_world: World, db: Any) -> None:
    check(policy, rule, policy_world)


def test_every_policy_function_has_its_row() -> None:
    assert not uncovered(policy, RULES)

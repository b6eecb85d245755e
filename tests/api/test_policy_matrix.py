"""Who may do what with the API: every function of ``api.policy`` against every role
(``tests/policy_matrix.py``)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy_matrix import STAFF, Rule, World, alone, check, uncovered
from verbund.api import policy

RULES = [Rule("can_manage_tokens", STAFF, alone())]
# Decided by the token a request carries, not by a person: tests/api/test_api.py.
BY_TOKEN = {"viewer_for", "is_public_caller", "rate_limit_key"}


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_policy_matrix(rule: Rule, policy_world: World, db: Any) -> None:
    check(policy, rule, policy_world)


def test_every_policy_function_has_its_row() -> None:
    assert not uncovered(policy, RULES, BY_TOKEN)

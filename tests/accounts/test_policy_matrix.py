"""Who may see and change people's accounts: every function of ``accounts.policy`` against
every role (``tests/policy_matrix.py``)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy_matrix import STAFF, Rule, World, alone, check, person, uncovered
from verbund.accounts import policy

SUPERUSERS = {"superuser", "operator"}

RULES = [
    Rule("is_superuser", SUPERUSERS, alone()),
    Rule("can_change_settings", {"member"}, person("member")),
    Rule("can_manage_people", STAFF, alone()),
    Rule("can_edit_person", STAFF, person("fresh"), case="someone without power"),
    Rule("can_edit_person", STAFF, person("staff"), case="staff themselves"),
    Rule("can_edit_person", SUPERUSERS, person("superuser"), case="a superuser"),
    Rule("can_grant_permissions", SUPERUSERS, alone()),
    Rule("can_make_demo_people", {"operator"}, alone()),
    Rule("can_manage_own_data", {"member"}, person("member"), case="their own"),
    Rule("can_manage_own_data", {"staff"}, person("staff"), case="not even staff for others"),
    # The world's staff have set up no authenticator app: they must, and nobody else needs to.
    Rule("needs_two_factor", {"staff", "superuser"}, alone()),
    Rule("has_two_factor", set(), alone()),
]

# With the production setting on, staff without an authenticator app are sent to set one up.
TWO_FACTOR_ON = [Rule("must_set_up_two_factor", {"staff", "superuser"}, alone())]


@pytest.mark.parametrize("rule", TWO_FACTOR_ON, ids=lambda rule: rule.id)
def test_staff_must_set_up_two_factor_when_required(
    rule: Rule, policy_world: World, db: Any, settings: Any
) -> None:
    settings.VERBUND_STAFF_TWO_FACTOR = True
    check(policy, rule, policy_world)


def test_nobody_must_set_up_two_factor_when_switched_off(
    policy_world: World, db: Any, settings: Any
) -> None:
    settings.VERBUND_STAFF_TWO_FACTOR = False
    check(policy, Rule("must_set_up_two_factor", set(), alone()), policy_world)


def test_an_authenticator_app_counts_as_the_second_factor(
    policy_world: World, db: Any, settings: Any
) -> None:
    from allauth.mfa.models import Authenticator

    settings.VERBUND_STAFF_TWO_FACTOR = True
    Authenticator.objects.create(
        user=policy_world.people["staff"], type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    check(policy, Rule("has_two_factor", {"staff"}, alone()), policy_world)
    check(policy, Rule("must_set_up_two_factor", {"superuser"}, alone()), policy_world)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_policy_matrix(rule: Rule, policy_world: World, db: Any) -> None:
    check(policy, rule, policy_world)


def test_every_policy_function_has_its_row() -> None:
    assert not uncovered(policy, RULES + TWO_FACTOR_ON)

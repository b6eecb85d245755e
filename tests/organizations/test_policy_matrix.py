"""Who may do what in the registry: every function of ``organizations.policy`` against every
role (``tests/policy_matrix.py``)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from tests.policy_matrix import (
    ACCOUNTS,
    EVERYONE,
    OWN_EDITORS,
    OWN_PEOPLE,
    STAFF,
    Rule,
    World,
    alone,
    check,
    contains,
    grant_entry,
    is_not_none,
    on,
    uncovered,
)
from verbund.organizations import policy
from verbund.organizations.taxonomy import Visibility

EDITORS = STAFF | OWN_EDITORS
ADMINS = STAFF | {"admin"}
# Coordinators (not office staff) of a network import spreadsheets; staff import anywhere.
IMPORTERS = STAFF | {"coordinator", "other_coordinator"}
# Own people, staff, and those who run the network the organisation actively belongs to.
MEMBERS_ONLY = STAFF | OWN_PEOPLE | {"coordinator", "office"}


def own_ids(world: World) -> tuple[Any, ...]:
    return ([world.organization.pk],)


def draft_ids(world: World) -> tuple[Any, ...]:
    return ([world.draft.pk],)


def own_ids_for_network(world: World) -> tuple[Any, ...]:
    return ([world.organization.pk], world.network)


def proposal_for_own(world: World) -> tuple[Any, ...]:
    return (SimpleNamespace(organization=world.organization),)


def job_of_the_coordinator(world: World) -> tuple[Any, ...]:
    return (SimpleNamespace(created_by_id=world.people["coordinator"].pk),)


def on_ids(visibility: str) -> Any:
    return lambda world: ([world.organization.pk], visibility)


RULES = [
    Rule("is_staff", STAFF, alone()),
    Rule("role_in", OWN_PEOPLE, result=is_not_none),
    Rule("is_member", OWN_PEOPLE),
    Rule("can_view", EVERYONE),
    Rule("can_view", STAFF | {"admin"}, on("draft"), case="draft"),
    Rule("can_edit", EDITORS),
    Rule("can_manage_people", ADMINS),
    Rule("can_view_history", ADMINS),
    Rule("can_create", ACCOUNTS | {"operator"}, alone()),
    Rule("can_request_publication", ADMINS),
    Rule("can_publish_directly", ADMINS),
    Rule("can_publish_directly", STAFF, on("draft"), case="first publication"),
    Rule("can_review", STAFF, alone()),
    Rule("can_verify", STAFF, alone()),
    Rule("can_see_members_only", MEMBERS_ONLY),
    Rule(
        "can_see_members_only",
        STAFF | {"other_admin", "other_coordinator", "other_office"},
        on("other_organization"),
        case="other organisation",
    ),
    Rule("can_place_pin", EDITORS | {"worker"}),
    Rule("can_see", EVERYONE, on("organization", Visibility.PUBLIC), case="public"),
    Rule("can_see", MEMBERS_ONLY, on("organization", Visibility.MEMBERS), case="members"),
    Rule("can_see", EDITORS, on("organization", Visibility.STAFF), case="staff"),
    Rule("can_import", IMPORTERS, alone()),
    Rule("can_export", IMPORTERS, alone()),
    Rule("must_name_network", {"coordinator", "other_coordinator"}, alone()),
    Rule("importable_networks", STAFF | {"coordinator"}, alone(), contains("network")),
    Rule("can_import_for", STAFF | {"coordinator"}, on("network")),
    Rule("can_import_for", STAFF, lambda world: (None,), case="the registry at large"),
    # An import row may name any organisation its importer may know exists; whether its
    # changes are written or only proposed is decided below.
    Rule("updatable_by_import", IMPORTERS, own_ids, contains("organization")),
    Rule("updatable_by_import", STAFF, draft_ids, contains("draft"), case="draft"),
    # Without the organisation's consent (a grant), only staff write an import's changes.
    Rule("updated_directly_by_import", STAFF, own_ids_for_network, contains("organization")),
    Rule("can_update_by_import", STAFF),
    Rule("can_use_import", STAFF | {"coordinator"}, job_of_the_coordinator),
    Rule("can_publish_without_review", STAFF, alone()),
    Rule("can_propose_changes", IMPORTERS),
    Rule("can_propose_changes", STAFF, on("draft"), case="draft"),
    Rule("can_view_proposals", ADMINS),
    Rule("can_decide_proposal", ADMINS, proposal_for_own),
    Rule("keeps_entry", set()),
    Rule("can_keep_entry", EDITORS),
    # Whether to invite or claim at all (the organisation has no administrator) the
    # services check; here the organisation has one, so nobody claims it.
    Rule("can_invite_to_take_over", STAFF),
    Rule("can_claim", set()),
    Rule("can_decide_claim", STAFF),
    Rule("seen_by", EVERYONE, on_ids(Visibility.PUBLIC), contains("organization"), case="public"),
    Rule(
        "seen_by",
        MEMBERS_ONLY,
        on_ids(Visibility.MEMBERS),
        contains("organization"),
        case="members",
    ),
    Rule("seen_by", EDITORS, on_ids(Visibility.STAFF), contains("organization"), case="staff"),
    Rule("visible_organizations", EVERYONE, alone(), contains("organization")),
    Rule("visible_organizations", STAFF | {"admin"}, alone(), contains("draft"), case="draft"),
]

# With a grant in force, the people who run the network keep the entry; coordinators (who
# import) also write their import's changes at once. Office staff edit but do not import.
KEEPERS = {"coordinator", "office"}
GRANTED = [
    Rule("keeps_entry", set(KEEPERS), case="granted"),
    Rule("can_invite_to_take_over", STAFF | KEEPERS, case="granted"),
    Rule("can_decide_claim", STAFF | KEEPERS, case="granted"),
    Rule("can_keep_entry", EDITORS | KEEPERS, case="granted"),
    Rule(
        "seen_by",
        EDITORS | KEEPERS,
        on_ids(Visibility.STAFF),
        contains("organization"),
        case="staff, granted",
    ),
    Rule(
        "updated_directly_by_import",
        STAFF | {"coordinator"},
        own_ids_for_network,
        contains("organization"),
        case="granted",
    ),
    Rule(
        "can_update_by_import",
        STAFF | {"coordinator"},
        lambda world: (world.organization, world.network),
        case="granted, for the network",
    ),
    # The grant is the network's: an import for no network (or another) only proposes.
    Rule("can_update_by_import", STAFF, on("organization"), case="granted, for no network"),
]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_policy_matrix(rule: Rule, policy_world: World, db: Any) -> None:
    check(policy, rule, policy_world)


@pytest.mark.parametrize("rule", GRANTED, ids=lambda rule: rule.id)
def test_policy_matrix_with_a_grant(rule: Rule, policy_world: World, db: Any) -> None:
    grant_entry(policy_world)
    check(policy, rule, policy_world)


def test_every_policy_function_has_its_row() -> None:
    # Facts about an organisation, not decisions for a person (see test_take_over.py).
    assert not uncovered(policy, RULES + GRANTED, {"has_administrator", "is_claimable"})

"""Who may do what in networks: every function of ``networks.policy`` against every role
(``tests/policy_matrix.py``). The rows are the rules of today; when membership consent
changes a rule, change its row here."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from tests.policy_matrix import (
    EVERYONE,
    MEMBERS_AREA,
    OWN_PEOPLE,
    RUNS_NETWORK,
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
    with_changes,
)
from verbund.networks import policy
from verbund.networks.models import EntryGrant, Membership
from verbund.networks.taxonomy import AddressSource, MembershipStatus
from verbund.organizations.taxonomy import Status

COORDINATES = STAFF | {"coordinator"}
# Not decisions: a cache of the answers above is emptied after a role changes.
NOT_DECISIONS = {"forget_cached_roles"}
# Facts about a network, not about an actor: tested on their own below.
NETWORK_FACTS = {"has_powers", "kept_by_network"}
RUNNERS = {"coordinator", "office"}


def draft_network(world: World) -> tuple[Any, ...]:
    return (with_changes(world.network, status=Status.DRAFT),)


def invitation(world: World, network: str = "network", member: str = "organization") -> Any:
    return Membership(
        network=getattr(world, network),
        member=getattr(world, member),
        status=MembershipStatus.INVITED,
    )


def grant(world: World, **moment: Any) -> tuple[Any, ...]:
    return (EntryGrant(organization=world.organization, network=world.network, **moment),)


def recipient(source: str, visible: bool) -> Any:
    return lambda world: (world.network, source, visible)


class PolicyWithKeywords:
    """``networks.policy`` with ``can_see_recipient``'s keyword given by position, so that
    the matrix can call it like the rest."""

    __name__ = policy.__name__

    def __getattr__(self, name: str) -> Any:
        if name == "can_see_recipient":
            return lambda user, network, source, visible: policy.can_see_recipient(
                user, network, source, field_visible=visible
            )
        return getattr(policy, name)


def own_ids(world: World) -> tuple[Any, ...]:
    return ([world.organization.pk],)


def contains_id(name: str) -> Any:
    """For a subquery of organisation ids."""

    def check(value: Any, world: World) -> bool:
        return getattr(world, name).pk in {row["organization_id"] for row in value}

    return check


RULES = [
    Rule("network_role", {"coordinator", "office"}, on("network"), is_not_none),
    Rule("is_coordinator", {"coordinator"}, on("network")),
    Rule("runs_network", RUNS_NETWORK, on("network")),
    Rule("is_committee_member", {"committee"}, on("network")),
    Rule("belongs_to_member", OWN_PEOPLE, on("network")),
    Rule("can_view_network", EVERYONE, on("network")),
    Rule("can_view_members_area", MEMBERS_AREA, on("network")),
    Rule(
        "can_view_members_area",
        STAFF | {"other_coordinator", "other_office", "other_admin"},
        on("other_network"),
        case="other network",
    ),
    Rule("can_manage_memberships", RUNS_NETWORK, on("network")),
    Rule("can_decide_applications", COORDINATES, on("network")),
    Rule("can_apply", STAFF | {"admin"}, on("organization")),
    Rule("can_manage_roles", COORDINATES, on("network")),
    Rule("can_manage_bodies", RUNS_NETWORK, on("network")),
    Rule("can_manage_bodies", STAFF | {"editor", "admin"}, on("organization"), case="member"),
    Rule("can_view_body", MEMBERS_AREA, on("committee_body")),
    Rule("can_mail", RUNS_NETWORK, on("network")),
    Rule("coordinates_network_of", {"coordinator", "office"}, on("organization")),
    Rule("coordinated_networks", {"coordinator"}, alone(), contains("network")),
    Rule("coordinates_any_network", {"coordinator", "other_coordinator"}, alone()),
    Rule(
        "members_of_coordinated_networks",
        {"coordinator"},
        own_ids,
        contains("organization"),
    ),
    # The own organisation is a member already; the other one, and the draft the admin
    # runs, may still apply.
    Rule("can_apply_to", {"admin", "other_admin"}, on("network")),
    # Consent: powers over members only while the network is published; the answer is the
    # member's administrators' alone.
    Rule("acts_for_members", RUNS_NETWORK, on("network")),
    Rule("acts_for_members", STAFF, draft_network, case="draft network"),
    Rule("can_name_delegates_for_members", RUNS_NETWORK, on("network")),
    Rule("can_name_delegates_for_members", STAFF, draft_network, case="draft network"),
    Rule("can_invite", RUNS_NETWORK, on("network")),
    Rule("can_record_membership", STAFF, on("network")),
    Rule("can_request_grant", RUNS_NETWORK, on("network")),
    Rule("can_request_grant", STAFF, draft_network, case="draft network"),
    Rule("can_view_consents", STAFF | {"admin"}, on("organization")),
    Rule("speaks_for", {"admin"}, on("organization")),
    Rule("speaks_for", {"other_admin"}, on("other_organization"), case="other organisation"),
    Rule("can_answer_invitation", {"admin"}, lambda world: (invitation(world, "other_network"),)),
    Rule(
        "can_answer_invitation",
        set(),
        lambda world: (with_changes(invitation(world), status=MembershipStatus.ACTIVE),),
        case="already answered",
    ),
    Rule(
        "can_withdraw_invitation",
        RUNS_NETWORK,
        lambda world: (invitation(world, member="other_organization"),),
    ),
    Rule("can_answer_grant", {"admin"}, lambda world: grant(world, requested_at=timezone.now())),
    Rule(
        "can_answer_grant",
        set(),
        lambda world: grant(world, granted_at=timezone.now()),
        case="already granted",
    ),
    Rule(
        "can_revoke_grant", STAFF | {"admin"}, lambda world: grant(world, granted_at=timezone.now())
    ),
    Rule(
        "can_revoke_grant",
        set(),
        lambda world: grant(world, requested_at=timezone.now()),
        case="only requested",
    ),
    Rule("can_see_recipient", RUNS_NETWORK, recipient(AddressSource.SEAT, False), case="seat"),
    Rule("can_see_recipient", EVERYONE, recipient(AddressSource.CONTACT, True), case="visible"),
    Rule("can_see_recipient", STAFF, recipient(AddressSource.CONTACT, False), case="hidden"),
    Rule("members_only_ids", RUNNERS, own_ids, contains("organization")),
    Rule(
        "members_only_ids",
        {"other_coordinator", "other_office"},
        lambda world: ([world.other_organization.pk],),
        contains("other_organization"),
        case="other network",
    ),
    Rule("kept_ids", set(), own_ids, contains("organization")),
    Rule("kept_query", set(), alone(), contains_id("organization")),
]

# With a grant in force, the people who run the (published) network keep the entry.
GRANTED = [
    Rule("kept_ids", RUNNERS, own_ids, contains("organization"), case="granted"),
    Rule("kept_query", RUNNERS, alone(), contains_id("organization"), case="granted"),
]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_policy_matrix(rule: Rule, policy_world: World, db: Any) -> None:
    check(PolicyWithKeywords(), rule, policy_world)  # type: ignore[arg-type]


@pytest.mark.parametrize("rule", GRANTED, ids=lambda rule: rule.id)
def test_policy_matrix_with_a_grant(rule: Rule, policy_world: World, db: Any) -> None:
    grant_entry(policy_world)
    check(policy, rule, policy_world)


def test_a_network_has_powers_only_while_published(policy_world: World, db: Any) -> None:
    network = policy_world.network
    assert policy.has_powers(network)
    assert not policy.has_powers(with_changes(network, status=Status.DRAFT))


def test_the_entries_a_network_keeps_are_those_granted_while_it_is_published(
    policy_world: World, db: Any
) -> None:
    network, organization = policy_world.network, policy_world.organization
    ids = [organization.pk, policy_world.other_organization.pk]
    assert policy.kept_by_network(network, ids) == set()
    grant_entry(policy_world)
    assert policy.kept_by_network(network, ids) == {organization.pk}
    assert policy.kept_by_network(with_changes(network, status=Status.DRAFT), ids) == set()
    assert policy.kept_by_network(policy_world.other_network, ids) == set()


def test_every_policy_function_has_its_row() -> None:
    assert not uncovered(policy, RULES + GRANTED, NOT_DECISIONS | NETWORK_FACTS)

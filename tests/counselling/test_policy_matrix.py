"""Who may do what in counselling: every function of ``counselling.policy`` against every
role of the shared world (``tests/policy_matrix.py``), with a centre in ``organization``:

* its lead is ``editor`` (the role given by ``admin``), its counsellor ``member`` (given by
  the lead), and ``member`` leads one open case there;
* a second centre in ``other_organization`` (``other_admin`` administers it) has no team.

Platform staff, superusers and the network's coordinators see no case: counselling data
belongs to the centre alone. The console (``operator``) sets centres up and writes demo
cases but never reads one.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.counselling.conftest import KEY_ONE
from tests.policy_matrix import (
    NOBODY,
    RUNS_NETWORK,
    Rule,
    World,
    check,
    on,
    uncovered,
    with_changes,
)
from verbund.core.actors import OPERATOR
from verbund.counselling import crypto, policy, services
from verbund.counselling.taxonomy import CaseStatus, ConsentKind, TeamRole

# Helpers the rules below use, and functions that take no actor.
NOT_DECISIONS = {
    "forget_cached_roles",
    "team_role",
    "is_team_member",
    "is_lead",
    "centres_of",
    "case_role",
    "administers",
}
TEAM = frozenset({"editor", "member"})
MANAGES_TEAM = frozenset({"operator", "editor", "admin"})
WRITES_CASES = frozenset({"operator", "editor", "member"})


@pytest.fixture(scope="module")
def counselling_world(
    policy_world: World, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    from django.conf import settings

    saved = (settings.COUNSELLING_KEYS, settings.COUNSELLING_FILES_ROOT)
    settings.COUNSELLING_KEYS = [KEY_ONE]
    settings.COUNSELLING_FILES_ROOT = Path(tmp_path_factory.mktemp("counselling-files"))
    crypto._keys_for.cache_clear()
    people = policy_world.people
    centre = services.create_centre(people["admin"], policy_world.organization, {"name": "Nord"})
    services.grant_role(people["admin"], centre, people["editor"], TeamRole.LEAD)
    services.grant_role(people["editor"], centre, people["member"], TeamRole.COUNSELLOR)
    other_centre = services.create_centre(
        OPERATOR, policy_world.other_organization, {"name": "Süd"}
    )
    today = datetime.date.today()
    case = services.open_case(
        people["member"],
        centre,
        {"grounds": ["racism"]},
        consents={ConsentKind.DOCUMENTATION: today, ConsentKind.STATISTICS: today},
    )
    policy_world.objects.update(
        {
            "centre": centre,
            "other_centre": other_centre,
            "case": case,
            "closed_case": with_changes(case, status=CaseStatus.CLOSED),
        }
    )
    yield policy_world
    settings.COUNSELLING_KEYS, settings.COUNSELLING_FILES_ROOT = saved
    crypto._keys_for.cache_clear()


RULES = [
    Rule("can_create_centre", frozenset({"operator", "admin"})),
    Rule(
        "can_create_centre",
        frozenset({"operator", "other_admin"}),
        on("other_organization"),
        case="other",
    ),
    Rule("can_manage_team", MANAGES_TEAM, on("centre")),
    Rule(
        "can_manage_team", frozenset({"operator", "other_admin"}), on("other_centre"), case="other"
    ),
    Rule("can_grant", MANAGES_TEAM, lambda w: (w.centre, w.people["member"])),
    # Nobody gives themselves a role: the lead cannot grant to the lead.
    Rule(
        "can_grant",
        frozenset({"operator", "admin"}),
        lambda w: (w.centre, w.people["editor"]),
        case="self",
    ),
    Rule("can_edit_centre", MANAGES_TEAM, on("centre")),
    Rule("can_view_team", MANAGES_TEAM | TEAM, on("centre")),
    Rule("works_in_counselling", TEAM, lambda w: ()),
    Rule("can_view_case", TEAM, on("case")),
    Rule("can_edit_case", WRITES_CASES, on("case")),
    Rule("can_edit_case", NOBODY, on("closed_case"), case="closed"),
    Rule("can_open_case", WRITES_CASES, on("centre")),
    Rule("can_open_case", frozenset({"operator"}), on("other_centre"), case="other"),
    Rule("can_assign", WRITES_CASES, on("case")),
    # ``can_be_assigned(person, centre)``: the role in the row is the person asked about.
    Rule("can_be_assigned", TEAM, on("centre")),
    Rule("can_view_access_log", frozenset({"editor"}), on("case")),
    Rule("can_export_case", TEAM, on("case")),
    Rule("can_refer", WRITES_CASES, lambda w: (w.case, {ConsentKind.REFERRAL})),
    Rule("can_refer", NOBODY, lambda w: (w.case, set()), case="without consent"),
    Rule("can_close", WRITES_CASES, on("case")),
    Rule("can_reopen", frozenset({"editor"}), on("closed_case")),
    Rule("can_reopen", NOBODY, on("case"), case="open"),
    Rule("can_run_retention", frozenset({"operator"}), lambda w: ()),
    Rule("can_rotate_keys", frozenset({"operator"}), lambda w: ()),
    Rule("can_triage", TEAM, on("centre")),
    Rule("can_view_centre_statistics", TEAM, on("centre")),
    Rule("can_view_network_statistics", RUNS_NETWORK, on("network")),
    Rule(
        "can_view_network_statistics",
        NOBODY,
        lambda w: (with_changes(w.network, status="draft"),),
        case="draft network",
    ),
]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_policy_matrix(rule: Rule, counselling_world: World, db: Any) -> None:
    check(policy, rule, counselling_world)


def test_can_view_report_follows_triage(counselling_world: World, db: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    report = services.submit_report(
        AnonymousUser(), counselling_world.centre, {"what": "Vorfall"}, language="de"
    ).report
    rule = Rule("can_view_report", TEAM, lambda w: (report,))
    check(policy, rule, counselling_world)


def test_functions_without_an_actor(counselling_world: World) -> None:
    assert policy.can_record_contact_details({ConsentKind.CONTACT})
    assert not policy.can_record_contact_details({ConsentKind.STATISTICS})
    centre = counselling_world.centre
    assert policy.can_receive_reports(with_changes(centre, accepts_reports=True))
    assert not policy.can_receive_reports(with_changes(centre, accepts_reports=False))


def test_every_policy_function_has_its_row() -> None:
    covered = {"can_view_report", "can_record_contact_details", "can_receive_reports"}
    assert not uncovered(policy, RULES, NOT_DECISIONS | covered)

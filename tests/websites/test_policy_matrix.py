"""Who may do what with a website: every function of ``websites.policy`` against every role
of the shared world, with a switched-on site of ``organization`` holding a live page, a draft
page and a post scheduled for tomorrow, and a site of ``draft`` (an unpublished entry).

Only the organisation's administrators (and staff, and the console) manage the site; its
administrators and editors write. Networks and other organisations have no say."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from tests.policy_matrix import (
    EVERYONE,
    OWN_EDITORS,
    RUNS_NETWORK,
    STAFF,
    Rule,
    World,
    check,
    on,
    uncovered,
)
from verbund.core.actors import OPERATOR
from verbund.websites import policy, services

WRITERS = STAFF | OWN_EDITORS
MANAGERS = STAFF | {"admin"}


@pytest.fixture(scope="module")
def site_world(policy_world: World) -> Iterator[World]:
    site = services.save_site(OPERATOR, policy_world.organization, {"enabled": True})
    hidden = services.save_site(OPERATOR, policy_world.draft, {"enabled": True})
    objects = policy_world.objects
    objects["site"] = site
    objects["hidden_site"] = hidden
    objects["off_site"] = services.save_site(
        OPERATOR, policy_world.other_organization, {"enabled": False}
    )
    objects["live_page"] = services.save_page(
        OPERATOR, site, {"title": {"de": "Über uns"}, "status": "published"}
    )
    objects["draft_page"] = services.save_page(OPERATOR, site, {"title": {"de": "Entwurf"}})
    objects["scheduled_post"] = services.save_post(
        OPERATOR,
        site,
        {
            "title": {"de": "Morgen"},
            "status": "published",
            "publish_at": timezone.now() + datetime.timedelta(days=1),
        },
    )
    objects["live_post"] = services.save_post(
        OPERATOR, site, {"title": {"de": "Heute"}, "status": "published"}
    )
    yield policy_world


OTHER_WRITERS = STAFF | {"other_admin"}
RULES = [
    Rule("can_manage_site", MANAGERS, on("organization")),
    Rule("can_manage_site", STAFF | {"other_admin"}, on("other_organization"), case="other"),
    Rule("can_write", WRITERS, on("organization")),
    Rule("can_write", OTHER_WRITERS, on("other_organization"), case="other"),
    Rule("can_view_site", EVERYONE, on("site")),
    Rule("can_view_site", STAFF | {"admin"}, on("hidden_site"), case="unpublished"),
    Rule("can_view_site", OTHER_WRITERS, on("off_site"), case="switched_off"),
    Rule("can_view_page", EVERYONE, on("live_page")),
    Rule("can_view_page", WRITERS, on("draft_page"), case="draft"),
    Rule("can_view_post", EVERYONE, on("live_post")),
    Rule("can_view_post", WRITERS, on("scheduled_post"), case="scheduled"),
    Rule("can_open_editor", WRITERS, on("organization")),
    Rule("can_verify_domain", STAFF, lambda w: ()),
    Rule("sees_impressum_warning", MANAGERS, on("site")),
    # A network's news post becomes a mailing for those who mail its members.
    Rule("can_mail_members", RUNS_NETWORK, on("network")),
    Rule("can_mail_members", set(), on("organization"), case="not a network"),
]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_policy_matrix(rule: Rule, site_world: World, db: Any) -> None:
    check(policy, rule, site_world)


def test_every_policy_function_has_its_row() -> None:
    assert not uncovered(policy, RULES, {"is_public"})


def test_is_public_needs_a_switched_on_site_of_a_published_organisation(
    site_world: World, db: Any
) -> None:
    assert policy.is_public(site_world.site)
    assert not policy.is_public(site_world.hidden_site)
    assert not policy.is_public(site_world.off_site)

"""Entries other apps write into an organisation's history read as words, not codes."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import make_organization
from verbund.networks import services as network_services
from verbund.organizations.taxonomy import Kind

pytestmark = pytest.mark.django_db


def test_a_membership_shows_in_the_members_history_with_labels_in_german(
    client: Any, staff: Any
) -> None:
    network = make_organization(name="Landesnetzwerk Beispiel", kind=Kind.STATE)
    member = make_organization(name="Kulturverein Beispiel")
    network_services.add_member(staff, network, member, reason="test")
    client.force_login(staff)

    html = client.get(
        reverse("organizations:history", kwargs={"slug": network.slug})
    ).content.decode()

    with translation.override("de"):
        action = translation.gettext("Member recorded by platform staff")
        since = translation.gettext("Member since")
    assert action != "Member recorded by platform staff"
    assert action in html
    assert since in html
    for code in ("membership.added", "active_since", ">full<"):
        assert code not in html

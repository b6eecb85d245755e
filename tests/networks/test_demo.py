"""The networks demo: an invitation waits for the demo organisation admin."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from verbund.accounts.models import User
from verbund.networks.models import Membership
from verbund.organizations.demo_data import MIGRANET, NEMO

pytestmark = pytest.mark.django_db


def test_seed_demo_leaves_an_invitation_for_the_demo_admin(client: Any) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    invitation = Membership.objects.get(network__slug=NEMO, member__slug=MIGRANET)
    assert invitation.status == "invited"
    # The seed's memberships were recorded directly by the demo loader, with its reason.
    assert Membership.objects.filter(status="active").count() > 50
    call_command("seed_demo", stdout=io.StringIO())  # twice does no harm
    assert Membership.objects.filter(network__slug=NEMO, member__slug=MIGRANET).count() == 1
    org_admin = User.objects.get(email="orga@verbund.example")
    client.force_login(org_admin)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert reverse("networks:answer_invitation", kwargs={"pk": invitation.pk}) in dashboard


def test_seed_demo_shows_profiles_being_taken_over_and_claimed(db: Any) -> None:
    from verbund.organizations.models import ProfileClaim, TakeOverInvitation

    call_command("seed_demo", stdout=io.StringIO())
    invitations = TakeOverInvitation.objects.filter(network__slug="migranet-mv")
    assert invitations.count() == 5
    assert all(not i.organization.affiliations.exists() for i in invitations)
    claim = ProfileClaim.objects.get()
    assert claim.claimant.email == "mitglied@verbund.example"
    assert claim.confirmation_sent_to  # waits for the organisation's registered address

"""The demo: six fictional centres in member organisations of the demo BKMO, with cases and
reports, and a fictional BKMO coordinator who sees the network's statistics."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import call_command

from verbund.counselling import policy, queries, services
from verbund.counselling.models import Case, Centre, Report
from verbund.networks.models import Membership

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_six_centres_in_bkmo_members(
    django_capture_on_commit_callbacks: Any,
) -> None:
    call_command("seed_demo", verbosity=0)
    centres = list(Centre.objects.select_related("organization"))
    assert len(centres) == 6
    bkmo_members = set(
        Membership.objects.filter(network__slug="bkmo", status="active").values_list(
            "member_id", flat=True
        )
    )
    assert all(c.organization_id in bkmo_members for c in centres)
    assert Case.objects.count() == 6 * 14
    assert Report.objects.count() == 12
    for centre in centres:
        lead = centre.team.get(role="lead").person
        assert lead.email.endswith("@verbund.example")
        assert policy.is_lead(lead, centre)
    bkmo = centres[0].organization.membership_links.get(network__slug="bkmo").network
    coordinator = bkmo.network_roles.get().person
    assert policy.can_view_network_statistics(coordinator, bkmo)
    assert not any(policy.can_view_case(coordinator, case) for case in Case.objects.all()[:20])
    stats = queries.network_statistics(bkmo, datetime.date.today().year)
    assert len(stats.centres) == 6
    # Demo content is fictional and opens for the centre's own people.
    case = Case.objects.filter(centre=centres[0]).first()
    assert case is not None
    lead = centres[0].team.get(role="lead").person
    assert services.read_case(lead, case).entries

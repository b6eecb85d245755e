"""Demo data of networks: an invitation waiting for the demo organisation admin.

``seed_demo`` records the seed texts' memberships directly (as the demo loader). To show how
consent works, Bundesverband NeMO invites MIGRANET-MV; ``orga@verbund.example`` administers
MIGRANET-MV and finds the invitation on their page, with buttons to accept or decline.
"""

from __future__ import annotations

from typing import Any

from verbund.core.actors import DEMO_LOADER
from verbund.networks import services
from verbund.networks.models import Membership
from verbund.networks.taxonomy import LIVE_STATUSES
from verbund.organizations.demo_data import MIGRANET, NEMO
from verbund.organizations.models import Organization


def load(people: dict[str, Any]) -> None:
    found = Organization.objects.in_bulk([NEMO, MIGRANET], field_name="slug")
    if len(found) < 2:
        return
    network, member = found[NEMO], found[MIGRANET]
    if Membership.objects.filter(network=network, member=member, status__in=LIVE_STATUSES).exists():
        return
    services.invite_member(
        DEMO_LOADER,
        network,
        member,
        message=(
            "Liebe Kolleg*innen in Mecklenburg-Vorpommern, wir laden Sie ein, Mitglied im "
            "Bundesverband zu werden."
        ),
    )

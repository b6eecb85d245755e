"""A small network in Mecklenburg-Vorpommern with members spread over the state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.factories import make_organization
from verbund.networks import services as network_services
from verbund.organizations.models import Organization
from verbund.organizations.taxonomy import Kind, Status


@dataclass
class NetworkFixture:
    network: Organization
    members: list[Organization]
    outsiders: list[Organization]

    @property
    def member_names(self) -> set[str]:
        return {m.name for m in self.members}


@pytest.fixture
def mv_network(db: Any, staff: Any) -> NetworkFixture:
    network = make_organization(
        name="Migranet Test MV",
        kind=Kind.LOCAL_NETWORK,
        postal_code="18055",
        city="Rostock",
        federal_state="MV",
    )
    members = [
        make_organization(
            name="Afrikanischer Verein Rostock",
            postal_code="18057",
            city="Rostock",
            federal_state="MV",
            languages=["fr", "en"],
        ),
        make_organization(
            name="Elternnetzwerk Schwerin",
            kind=Kind.PARENTS_NETWORK,
            postal_code="19053",
            city="Schwerin",
            federal_state="MV",
            languages=["ar"],
        ),
        make_organization(
            name="Kulturverein Greifswald",
            postal_code="17489",
            city="Greifswald",
            federal_state="MV",
            languages=["vi"],
        ),
    ]
    draft_member = make_organization(
        name="Entwurf Wismar",
        postal_code="23966",
        city="Wismar",
        federal_state="MV",
        status=Status.DRAFT,
    )
    outsider = make_organization(
        name="Nachbarschaftshilfe Stralsund",
        postal_code="18435",
        city="Stralsund",
        federal_state="MV",
    )
    berlin = make_organization(
        name="Elterninitiative Berlin",
        kind=Kind.PARENTS_NETWORK,
        postal_code="10115",
        city="Berlin",
        federal_state="BE",
    )
    for member in [*members, draft_member]:
        network_services.add_member(staff, network, member, reason="test")
    return NetworkFixture(
        network=network, members=members, outsiders=[draft_member, outsider, berlin, network]
    )

"""A conference hall for the assembly tests: a network, its full members, delegates and a chair,
all made through the services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.factories import PersonFactory, make_organization
from verbund.assemblies import services
from verbund.assemblies.models import Conference, Participant
from verbund.core.actors import OPERATOR
from verbund.networks import services as network_services
from verbund.organizations.models import Organization


@dataclass
class Hall:
    network: Organization
    coordinator: Any
    chair: Any
    conference: Conference
    members: list[Organization]
    member_admins: list[Any]
    delegates: list[Participant] = field(default_factory=list)

    def person(self, index: int) -> Any:
        return self.delegates[index].person


def build_hall(delegate_count: int = 4, *, weights: list[int] | None = None) -> Hall:
    coordinator = PersonFactory(display_name="Koordination")
    network = make_organization(admin=coordinator, name="Netzwerk Nord")
    members: list[Organization] = []
    admins: list[Any] = []
    for number in range(delegate_count):
        admin = PersonFactory()
        member = make_organization(admin=admin, name=f"Mitgliedsverein {number + 1}")
        network_services.add_member(OPERATOR, network, member)
        members.append(member)
        admins.append(admin)
    conference = services.save_conference(
        coordinator,
        network,
        {
            "title": "Mitgliederversammlung",
            "starts_on": datetime.date(2026, 5, 12),
            "ends_on": datetime.date(2026, 5, 12),
            "place": "Rostock",
            "delegates_per_member": 1,
            "delegate_vote_weight": 1,
        },
    )
    chair = PersonFactory(display_name="Versammlungsleitung")
    services.add_participant(coordinator, conference, chair, "staff", chair=True)
    hall = Hall(network, coordinator, chair, conference, members, admins)
    for number, (member, admin) in enumerate(zip(members, admins, strict=True)):
        delegate = PersonFactory(display_name=f"Delegierte {number + 1}")
        participant = services.name_delegate(admin, conference, member, delegate)
        if weights:
            participant.vote_weight = weights[number]
            participant.save(update_fields=["vote_weight"])
        services.set_presence(chair, participant, True)
        hall.delegates.append(participant)
    return hall


@pytest.fixture
def hall(db: Any) -> Hall:
    return build_hall()

"""A network with a coordinator, two member organisations with one person each, a committee
whose seats two people hold, and a second network whose people must see none of it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import PersonFactory, make_organization
from tests.networks.helpers import join
from verbund.core.actors import OPERATOR
from verbund.networks import services as network_services
from verbund.organizations.models import Organization

BERLIN = timezone.get_default_timezone()


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    coordinator: Any
    network: Organization
    member_a: Organization
    member_b: Organization
    alice: Any
    bora: Any
    committee: Any
    outsider: Any
    other_network: Organization


@pytest.fixture
def world(db: Any) -> World:
    coordinator = PersonFactory(email="koordination@netz.example", display_name="Kim Koordination")
    network = make_organization(
        admin=coordinator,
        name="Netzwerk Leipziger Vereine",
        kind="local_network",
        city="Leipzig",
        federal_state="SN",
    )
    alice = PersonFactory(email="alice@verein-a.example", display_name="Alice Amsel")
    bora = PersonFactory(email="bora@verein-b.example", display_name="Bora Birke")
    member_a = make_organization(admin=alice, name="Verein A", city="Leipzig", federal_state="SN")
    member_b = make_organization(admin=bora, name="Verein B", city="Leipzig", federal_state="SN")
    join(OPERATOR, network, member_a, member_b)
    committee = network_services.save_body(
        coordinator, network, {"kind": "committee", "name": "Ausschuss Bildung", "is_public": False}
    )
    network_services.save_seat(coordinator, committee, {"role": "chair", "person": alice})
    outsider_admin = PersonFactory(email="andere@netz.example", display_name="Otto Anders")
    other_network = make_organization(
        admin=outsider_admin,
        name="Anderes Netzwerk",
        kind="local_network",
        city="Halle",
        federal_state="ST",
    )
    outsider = PersonFactory(email="mitglied@anders.example", display_name="Olga Other")
    other_member = make_organization(
        admin=outsider, name="Verein C", city="Halle", federal_state="ST"
    )
    join(OPERATOR, other_network, other_member)
    return World(
        coordinator, network, member_a, member_b, alice, bora, committee, outsider, other_network
    )


def local(year: int, month: int, day: int, hour: int = 18, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def meeting_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Koordinierungstreffen",
        "body": None,
        "description": "Wöchentliches Treffen der Mitgliedsvereine",
        "starts_at": timezone.now()
        .astimezone(BERLIN)
        .replace(hour=18, minute=0, second=0, microsecond=0)
        + datetime.timedelta(days=3),
        "duration_minutes": 90,
        "recurrence": "weekly",
        "repeat_until": None,
        "format": "hybrid",
        "place": "Begegnungszentrum, Eisenbahnstraße 1, Leipzig",
        "online_link": "https://meet.example.org/netzwerk",
    }
    data.update(overrides)
    return data

"""Counselling fixtures: test keys, a files directory, two centres of two organisations
with their teams, and clients logged in with two factors as allauth records them."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from tests.factories import PersonFactory, make_organization
from verbund.core.actors import OPERATOR
from verbund.counselling import crypto, services
from verbund.counselling.models import Case, Centre
from verbund.counselling.taxonomy import ConsentKind, TeamRole

KEY_ONE = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="  # 32 bytes, tests only
KEY_TWO = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA="


@pytest.fixture(autouse=True)
def counselling_settings(settings: Any, tmp_path: Path) -> Any:
    settings.COUNSELLING_KEYS = [KEY_ONE]
    settings.COUNSELLING_FILES_ROOT = tmp_path / "counselling-files"
    settings.COUNSELLING_POW_MAX_NUMBER = 2000  # quick to solve in tests
    crypto._keys_for.cache_clear()
    return settings


def with_second_factor(person: Any) -> str:
    """Give ``person`` an authenticator app (TOTP); returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(person, secret)
    return secret


def counsellor_client(person: Any) -> Client:
    """A client logged in as ``person`` whose session passed the TOTP step, recorded the way
    allauth records it after ``mfa_authenticate`` (the real flow is in test_sessions)."""
    client = Client()
    client.force_login(person)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "email": person.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(person.pk)
    session.save()
    return client


@dataclass
class World:
    organisation_a: Any
    organisation_b: Any
    admin_a: Any
    centre_a: Centre
    centre_b: Centre
    lead_a: Any
    counsellor_a: Any
    other_counsellor_a: Any
    counsellor_b: Any
    case_a: Case

    def client_for(self, person: Any) -> Client:
        return counsellor_client(person)


def open_case(actor: Any, centre: Centre, **data: Any) -> Case:
    consents = data.pop("consents", [ConsentKind.DOCUMENTATION, ConsentKind.STATISTICS])
    on = data.get("opened_on") or datetime.date.today()
    return services.open_case(
        actor, centre, {"grounds": ["racism"], **data}, consents={k: on for k in consents}
    )


@pytest.fixture
def world(db: Any) -> World:
    admin_a = PersonFactory(display_name="Admin A")
    organisation_a = make_organization(
        admin=admin_a, name="Verein A", postal_code="04109", city="Leipzig", federal_state="SN"
    )
    organisation_b = make_organization(
        admin=PersonFactory(),
        name="Verein B",
        postal_code="20095",
        city="Hamburg",
        federal_state="HH",
    )
    centre_a = services.create_centre(admin_a, organisation_a, {"name": "Beratung A"})
    centre_b = services.create_centre(OPERATOR, organisation_b, {"name": "Beratung B"})
    lead_a = PersonFactory(display_name="Lead A")
    counsellor_a = PersonFactory(display_name="Counsellor A")
    other_counsellor_a = PersonFactory(display_name="Counsellor A2")
    counsellor_b = PersonFactory(display_name="Counsellor B")
    services.grant_role(admin_a, centre_a, lead_a, TeamRole.LEAD)
    services.grant_role(lead_a, centre_a, counsellor_a, TeamRole.COUNSELLOR)
    services.grant_role(lead_a, centre_a, other_counsellor_a, TeamRole.COUNSELLOR)
    services.grant_role(OPERATOR, centre_b, counsellor_b, TeamRole.COUNSELLOR)
    for person in (lead_a, counsellor_a, other_counsellor_a, counsellor_b):
        with_second_factor(person)
    case_a = open_case(
        counsellor_a,
        centre_a,
        client_name="Amira Fiktiv",
        client_contact="amira@example.org",
        place="Leipzig-Connewitz",
        consents=[ConsentKind.DOCUMENTATION, ConsentKind.CONTACT, ConsentKind.STATISTICS],
    )
    services.add_entry(
        counsellor_a,
        case_a,
        {
            "kind": "conversation",
            "notes": "Vermieter lehnte wegen des Namens ab",
            "duration_minutes": 45,
        },
    )
    return World(
        organisation_a,
        organisation_b,
        admin_a,
        centre_a,
        centre_b,
        lead_a,
        counsellor_a,
        other_counsellor_a,
        counsellor_b,
        case_a,
    )

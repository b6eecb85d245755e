"""A founder and the network in formation their organisation starts."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import PersonFactory, make_organization
from verbund.formation import services
from verbund.formation.models import Formation


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def founder() -> Any:
    return PersonFactory(email="gruenderin@example.org")


@pytest.fixture
def formation(founder: Any) -> Formation:
    initiator = make_organization(
        admin=founder,
        name="IRFAN Bildungs- und Kulturverein",
        city="Leipzig",
        federal_state="SN",
        postal_code="04109",
        themes=["education_family"],
        languages=["tr"],
    )
    return services.start_formation(
        founder,
        initiator,
        name="Verbund Leipziger Migrantenorganisationen",
        goal="Gemeinsam für Bildung und Teilhabe in Leipzig",
    )

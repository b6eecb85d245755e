"""Helpers of the websites tests: a published association with its site switched on."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import PersonFactory, make_organization
from verbund.websites import services


@pytest.fixture
def site_admin(db: Any) -> Any:
    return PersonFactory(display_name="Dilan Admin", preferred_language="de")


@pytest.fixture
def association(site_admin: Any) -> Any:
    return make_organization(
        admin=site_admin,
        name="Kulturbrücke Rostock e.V.",
        slug="kulturbruecke",
        legal_form="ev",
        register_number="VR 1234",
        street="Lange Straße 5",
        postal_code="18055",
        city="Rostock",
        email="post@kulturbruecke.example",
    )


@pytest.fixture
def website(site_admin: Any, association: Any) -> Any:
    return services.save_site(
        site_admin,
        association,
        {
            "enabled": True,
            "main_language": "de",
            "representatives": "Vorstand: Amal Haddad, Jonas Brandt",
            "register_court": "Amtsgericht Rostock",
            "responsible_person": "Amal Haddad, Lange Straße 5, 18055 Rostock",
        },
    )

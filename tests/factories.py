"""Factories for tests. Organisations are made through the services, as the platform does."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from verbund.accounts.models import User
from verbund.core.actors import OPERATOR
from verbund.organizations import services
from verbund.organizations.models import Organization
from verbund.organizations.taxonomy import Kind, Status

PASSWORD = "correct-horse-battery-9"


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name", locale="de_DE")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance: Any, create: bool, results: Any = None) -> None:
        if create:
            instance.save()


class StaffFactory(PersonFactory):
    is_staff = True


_counter = iter(range(1, 10_000_000))


def make_organization(
    *, admin: Any = None, status: str = Status.PUBLISHED, **data: Any
) -> Organization:
    """A registry entry created through ``services.create_organization``."""
    number = next(_counter)
    data.setdefault("name", f"Verein Nummer {number}")
    data.setdefault("kind", Kind.MIGRANT_ORGANISATION)
    data.setdefault("city", "Berlin")
    data.setdefault("federal_state", "BE")
    organization = services.create_organization(OPERATOR, data, admin=admin, status=status)
    return organization

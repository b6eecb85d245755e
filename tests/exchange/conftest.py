"""Helpers of the exchange tests: posts made through the services, and a Tuesday evening."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from verbund.exchange import services
from verbund.exchange.models import Post


def make_post(actor: Any, owner: Any, **data: Any) -> Post:
    data.setdefault("direction", "offer")
    data.setdefault("kind", "room")
    data.setdefault("title", "Saal im Erdgeschoss")
    return services.save_post(actor, owner, data)


def next_weekday(weekday: int, hour: int, *, weeks: int = 1) -> datetime.datetime:
    """A local time ``hour``:00 on the next ``weekday`` (0 = Monday) at least a day away."""
    today = timezone.localdate()
    days = (weekday - today.weekday()) % 7 or 7
    day = today + datetime.timedelta(days=days + 7 * (weeks - 1))
    naive = datetime.datetime.combine(day, datetime.time(hour))
    return timezone.make_aware(naive)


@pytest.fixture
def tuesday_evening() -> tuple[datetime.datetime, datetime.datetime]:
    start = next_weekday(1, 18)
    return start, start + datetime.timedelta(hours=2)


class Circle:
    """Three organisations in Berlin: ``a`` and ``b`` active members of ``network``, ``c``
    outside it; each with an administrator (``a_admin`` …) and ``a`` with a plain member."""

    def __init__(self) -> None:
        from tests.factories import PersonFactory, make_organization
        from verbund.core.actors import OPERATOR
        from verbund.networks import services as network_services
        from verbund.organizations import services as organization_services

        self.a_admin = PersonFactory(display_name="Aylin A", preferred_language="de")
        self.b_admin = PersonFactory(display_name="Boris B", preferred_language="en")
        self.c_admin = PersonFactory(display_name="Cem C")
        self.a_member = PersonFactory(display_name="Mara M")
        self.network = make_organization(name="Verbund Mitte", kind="umbrella")
        self.a = make_organization(
            admin=self.a_admin, name="Kulturverein Anadolu", postal_code="10115", city="Berlin"
        )
        self.b = make_organization(
            admin=self.b_admin, name="Bildungshaus Beirut", postal_code="10245", city="Berlin"
        )
        self.c = make_organization(
            admin=self.c_admin, name="Chor Caribe", postal_code="12043", city="Berlin"
        )
        organization_services.add_person(OPERATOR, self.a, self.a_member, "member")
        network_services.add_member(OPERATOR, self.network, self.a)
        network_services.add_member(OPERATOR, self.network, self.b)


@pytest.fixture
def circle(db: Any) -> Circle:
    return Circle()

"""Schemathesis generates requests from /api/v1/openapi.json and checks every answer: no
server errors, and each response matches the schema the API publishes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings

from tests.factories import StaffFactory, make_organization
from verbund.organizations import services
from verbund.wsgi import application


@pytest.fixture
def wsgi_keeps_the_test_connection() -> Iterator[None]:
    """Schemathesis calls the WSGI application directly. Like Django's test client, keep the
    request signals from closing the connection that holds the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def registry(db: Any, settings: Any, wsgi_keeps_the_test_connection: None) -> None:
    settings.VERBUND_API_ANONYMOUS_RATE = "100000/m"
    leipzig = make_organization(
        name="Haus der Kulturen Leipzig",
        city="Leipzig",
        federal_state="SN",
        postal_code="04109",
        themes=["youth"],
        languages=["ar", "de"],
        latitude="51.340000",
        longitude="12.370000",
        email="info@hdk.example",
        email_visibility="members",
        description={"de": "Beratung", "en": "Counselling"},
    )
    services.save_contact_person(
        StaffFactory(),
        leipzig,
        {
            "name": "Öffentliche Ansprechperson",
            "function": "contact",
            "visibility": "public",
            "email": "kontakt@hdk.example",
            "phone": "+49 341 1234567",
        },
    )
    make_organization(
        name="Migranet Rostock",
        city="Rostock",
        federal_state="MV",
        kind="local_network",
        slug="migranet-rostock",
    )


# Loaded through the WSGI application itself: the document under test is the one served.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

# The repeatable filters (?kind=a&kind=b) are arrays of strings in the schema.
REPEATABLE = ("kind", "theme", "language", "state", "city")


def filter_query(ctx: Any, query: Any) -> bool:
    """Leave out the one kind of "invalid" request no server can tell from a valid one: a
    repeatable filter turned into a single boolean, number or string (``kind=false``) is, as
    sent, a list of one string, which the schema allows."""
    return not isinstance(query, dict) or all(
        isinstance(query.get(name, []), list) for name in REPEATABLE
    )


@schema.hooks.apply(filter_query)
@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_every_answer_matches_the_published_schema(case: Any, registry: None) -> None:
    # Every check schemathesis has, "schema-valid request accepted" and "invalid request
    # rejected" among them: the schema declares the ranges and formats the API accepts.
    # The WSGI transport hands over the raw bytes; compression has its own test.
    case.call_and_validate(headers={"Accept-Encoding": "identity"})

"""Helpers for the networks tests: networks built through the services, the real task worker."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command

from tests.factories import make_organization
from verbund.networks import services
from verbund.organizations.models import Organization


def network(name: str, *, coordinator: Any = None, **data: Any) -> Organization:
    """A published organisation; ``coordinator`` becomes its administrator."""
    data.setdefault("kind", "umbrella")
    return make_organization(admin=coordinator, name=name, **data)


def join(actor: Any, parent: Organization, *members: Organization, **options: Any) -> None:
    for member in members:
        services.add_member(actor, parent, member, **options)


def run_worker() -> None:
    """Run the real django-tasks database worker until the queue is empty."""
    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--queue-name",
        "*",
        "--interval",
        "0",
        "--no-reload",
        verbosity=0,
    )

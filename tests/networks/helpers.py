"""Helpers for the networks tests: networks built through the services, the real task worker."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command

from tests.factories import make_organization
from verbund.networks import services
from verbund.networks.models import Membership
from verbund.networks.taxonomy import MembershipStatus
from verbund.organizations.models import Organization


def network(name: str, *, coordinator: Any = None, **data: Any) -> Organization:
    """A published organisation; ``coordinator`` becomes its administrator."""
    data.setdefault("kind", "umbrella")
    return make_organization(admin=coordinator, name=name, **data)


def join(actor: Any, parent: Organization, *members: Organization, **options: Any) -> None:
    """Memberships recorded directly by ``actor`` (platform staff or the console)."""
    options.setdefault("reason", "recorded in a test")
    for member in members:
        services.add_member(actor, parent, member, **options)


def accepted(
    coordinator: Any, network: Organization, member: Organization, **options: Any
) -> Membership:
    """The legitimate path: the network invites, one of the member's administrators accepts."""
    membership = services.invite_member(coordinator, network, member, **options)
    if membership.status == MembershipStatus.INVITED:
        admin = member.affiliations.filter(role="admin").order_by("pk").first()
        assert admin is not None, f"{member} has no administrator to accept"
        membership = services.answer_invitation(admin.person, membership, accept=True)
    return membership


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


def legacy_unsubscribe_token(network_id: int, email: str) -> str:
    """An unsubscribe token as mailings sent before tokens named the recipient row carried
    it (the signed address); such links are still honoured."""
    from django.core import signing

    return signing.dumps(
        {"n": network_id, "e": email.lower()}, salt=services.UNSUBSCRIBE_SALT, compress=True
    )

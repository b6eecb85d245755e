"""Who may do what on the map. The map shows what the registry publishes (its queries ask
``organizations.policy``); the one thing it writes is a pin."""

from __future__ import annotations

from typing import Any

from verbund.organizations import policy as organization_policy
from verbund.organizations.models import Organization


def can_geocode(user: Any, organization: Organization) -> bool:
    """Place an organisation's pin from its address: its editors, staff, the console, and the
    background worker finishing an address change."""
    return organization_policy.can_place_pin(user, organization)

"""``{% who_we_are organization %}``: an organisation's bodies and networks on its profile."""

from __future__ import annotations

from typing import Any

from django import template

from verbund.networks import queries
from verbund.organizations import policy as organization_policy

register = template.Library()


@register.inclusion_tag("networks/_who_we_are.html", takes_context=True)
def who_we_are(context: template.Context, organization: Any) -> dict[str, Any]:
    """Current holders of public bodies, public external seats, and network membership;
    the organisation's own editors also see its open applications."""
    request = context.get("request")
    viewer = getattr(request, "user", None)
    can_edit = organization_policy.can_edit(viewer, organization)
    return {
        "organization": organization,
        "bodies": queries.who_we_are(organization),
        "external_seats": [s for s in organization.external_seats.all() if s.is_public],
        "member_of": queries.member_of_networks(organization),
        "has_members": queries.has_members(organization),
        "open_applications": queries.open_applications_of(organization) if can_edit else [],
    }

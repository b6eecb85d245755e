"""``{% who_we_are organization %}``: an organisation's bodies and networks on its profile;
``{% waiting_for_answer %}``: what waits for the person's consent, on their dashboard."""

from __future__ import annotations

from typing import Any

from django import template

from verbund.networks import policy, queries
from verbund.organizations import policy as organization_policy

register = template.Library()


@register.inclusion_tag("networks/_who_we_are.html", takes_context=True)
def who_we_are(context: template.Context, organization: Any) -> dict[str, Any]:
    """Current holders of public bodies, public external seats, and network membership;
    the organisation's own editors also see its open applications."""
    request = context.get("request")
    viewer = getattr(request, "user", None)
    can_edit = organization_policy.can_edit(viewer, organization)
    speaks = policy.speaks_for(viewer, organization)
    return {
        "request": request,
        "organization": organization,
        "invitations": queries.open_invitations_of(organization) if speaks else [],
        "can_view_consents": policy.can_view_consents(viewer, organization),
        "bodies": queries.who_we_are(organization),
        "external_seats": [s for s in organization.external_seats.all() if s.is_public],
        "member_of": queries.member_of_networks(organization),
        "has_members": queries.has_members(organization),
        "open_applications": queries.open_applications_of(organization) if can_edit else [],
    }


@register.inclusion_tag("networks/_waiting_for_answer.html", takes_context=True)
def waiting_for_answer(context: template.Context) -> dict[str, Any]:
    """On a person's dashboard: invitations and requests to keep an entry that wait for
    them as administrator of an organisation, and proposed changes to their entries."""
    from verbund.organizations import queries as organization_queries

    request = context.get("request")
    person = getattr(request, "user", None)
    waiting = queries.waiting_for(person)
    return {
        "request": request,
        "invitations": waiting.invitations,
        "grant_requests": waiting.grant_requests,
        "proposals": organization_queries.proposals_waiting_for(person),
    }

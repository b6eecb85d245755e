"""Reads of the websites app: the public site of a slug, live pages and news, the team, the
members of a network, and the Impressum with what is still missing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from verbund.networks import queries as network_queries
from verbund.networks.models import Body
from verbund.organizations.models import Organization
from verbund.organizations.taxonomy import LegalForm
from verbund.organizations.taxonomy import Status as OrganizationStatus
from verbund.websites.models import Page, Post, Revision, Website
from verbund.websites.taxonomy import IMPRESSUM_FIELDS


def site_of(slug: str) -> Website | None:
    return Website.objects.select_related("organization").filter(organization__slug=slug).first()


def site_for(organization: Organization) -> Website | None:
    return Website.objects.filter(organization=organization).first()


def public_sites() -> QuerySet[Website]:
    return Website.objects.filter(
        enabled=True, organization__status=OrganizationStatus.PUBLISHED
    ).select_related("organization")


def live_pages(website: Website) -> QuerySet[Page]:
    return Page.objects.live().filter(website=website)


def live_posts(website: Website, now: Any = None) -> QuerySet[Post]:
    return (
        Post.objects.live(now or timezone.now())
        .filter(website=website)
        .order_by("-publish_at", "-created_at", "-id")
    )


def pages_of(website: Website) -> QuerySet[Page]:
    return Page.objects.filter(website=website)


def posts_of(website: Website) -> QuerySet[Post]:
    return Post.objects.filter(website=website).order_by("-created_at", "-id")


def revisions_of(content: Page | Post) -> QuerySet[Revision]:
    if isinstance(content, Page):
        return Revision.objects.filter(page=content).select_related("author")
    return Revision.objects.filter(post=content).select_related("author")


def team(website: Website) -> list[Body]:
    """The public bodies with their current seat holders (from the networks app)."""
    return network_queries.who_we_are(website.organization)


def members(website: Website) -> list[Organization]:
    """For a network: its active, published member organisations."""
    return [
        m.member
        for m in network_queries.memberships_of_network(website.organization)
        .filter(status="active", member__status=OrganizationStatus.PUBLISHED)
        .select_related("member")
        .order_by("member__name")
    ]


REGISTERED = {
    LegalForm.REGISTERED_ASSOCIATION,
    LegalForm.COOPERATIVE,
    LegalForm.NON_PROFIT_COMPANY,
}


@dataclass
class Impressum:
    values: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    @property
    def missing_labels(self) -> list[str]:
        return [str(IMPRESSUM_FIELDS[name]) for name in self.missing]


def impressum(website: Website) -> Impressum:
    """The Impressum (§ 5 DDG) from the registry and the site's own fields."""
    org = website.organization
    address = ", ".join(
        part for part in (org.street, f"{org.postal_code} {org.city}".strip()) if part
    )
    register = ""
    if org.register_number and website.register_court:
        register = f"{website.register_court}, {org.register_number}"
    values = {
        "name": org.name,
        "address": address if org.street and org.postal_code and org.city else "",
        "representatives": website.representatives,
        "register": register,
        "email": website.contact_email or org.email,
        "responsible": website.responsible_person,
    }
    if org.legal_form not in REGISTERED and not register:
        # Only registered legal forms (e.V., eG, gGmbH) have a register entry to name.
        values.pop("register")
    missing = [name for name in IMPRESSUM_FIELDS if name in values and not values[name]]
    return Impressum(values=values, missing=missing)

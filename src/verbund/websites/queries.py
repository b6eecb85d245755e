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
from verbund.websites.models import Domain, Page, Post, Revision, Website
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
    return Page.objects.live().filter(website=website).select_related("website__organization")


def live_posts(website: Website, now: Any = None) -> QuerySet[Post]:
    return (
        Post.objects.live(now or timezone.now())
        .filter(website=website)
        .select_related("website__organization")
        .order_by("-publish_at", "-created_at", "-id")
    )


def live_page(website: Website, slug: str) -> Page | None:
    return live_pages(website).filter(slug=slug).first()


def live_post(website: Website, slug: str) -> Post | None:
    return live_posts(website).filter(slug=slug).first()


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


def themes_of(website: Website) -> list[str]:
    from verbund.organizations.taxonomy import Theme

    codes = website.organization.theme_links.values_list("theme", flat=True)
    return [str(Theme(code).label) for code in codes if code in Theme.values]


def languages_of(website: Website, locale: str) -> list[str]:
    from verbund.organizations.taxonomy import language_name

    codes = website.organization.language_links.values_list("code", flat=True)
    return [language_name(code, locale) for code in codes]


def public_contact(website: Website) -> dict[str, str]:
    """The contact details the organisation made public in the registry."""
    from verbund.organizations.taxonomy import Visibility

    org = website.organization
    contact: dict[str, str] = {}
    if org.email and org.email_visibility == Visibility.PUBLIC:
        contact["email"] = org.email
    if org.phone and org.phone_visibility == Visibility.PUBLIC:
        contact["phone"] = str(org.phone)
    if org.address_visibility == Visibility.PUBLIC and (org.street or org.city):
        contact["address"] = ", ".join(
            p for p in (org.street, f"{org.postal_code} {org.city}".strip()) if p
        )
    return contact


def events(website: Website) -> list[Any]:
    """Upcoming conferences of the organisation that the public may see."""
    from django.contrib.auth.models import AnonymousUser

    from verbund.assemblies import policy as assembly_policy
    from verbund.assemblies.models import Conference

    anonymous = AnonymousUser()
    upcoming = Conference.objects.filter(
        network=website.organization, ends_on__gte=timezone.localdate()
    ).order_by("starts_on", "id")
    return [c for c in upcoming if assembly_policy.can_view_conference(anonymous, c)]


def is_network(website: Website) -> bool:
    return network_queries.has_members(website.organization)


def organization_of(slug: str) -> Organization | None:
    return Organization.objects.filter(slug=slug).first()


def post_by_id(pk: int) -> Post:
    found = Post.objects.select_related("website").filter(pk=pk).first()
    if found is None:
        from django.http import Http404

        raise Http404
    return found


def page_by_id(pk: int) -> Page:
    found = Page.objects.select_related("website").filter(pk=pk).first()
    if found is None:
        from django.http import Http404

        raise Http404
    return found


def revision_by_id(pk: int) -> Revision | None:
    return Revision.objects.select_related("page__website", "post__website").filter(pk=pk).first()


def verified_site_for_host(host: str) -> Website | None:
    domain = (
        Domain.objects.select_related("website__organization")
        .filter(host=host, verified_at__isnull=False)
        .first()
    )
    return domain.website if domain is not None else None


def subscriber_count(website: Website) -> int:
    from verbund.websites.models import Subscriber

    return Subscriber.objects.filter(website=website, confirmed_at__isnull=False).count()


def domain_of(website: Website, pk: str) -> Any:
    from verbund.websites.models import Domain

    if not str(pk).isdigit():
        return None
    return Domain.objects.filter(website=website, pk=int(pk)).first()

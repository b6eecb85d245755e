"""Who may see and do what with an organisation's website. Every view and service asks here.

- An organisation's administrators (and platform staff, and the console) switch its site on
  and off and fill in the Impressum; its administrators and editors write pages and news.
  Nobody else acts for the organisation's site: a network its member belongs to has no say.
- A site is public when it is switched on and its organisation is published. A page or post
  on it is public once it is live (published and its time has come); before, only those who
  write for the site see it (in the editor's preview).
"""

from __future__ import annotations

from typing import Any

from verbund.organizations import policy as organization_policy
from verbund.organizations.models import Organization
from verbund.websites.models import Page, Post, Website


def can_manage_site(user: Any, organization: Organization) -> bool:
    return organization_policy.can_manage_people(user, organization)


def can_write(user: Any, organization: Organization) -> bool:
    return organization_policy.can_edit(user, organization)


def is_public(website: Website) -> bool:
    return website.enabled and website.organization.is_published


def can_view_site(user: Any, website: Website) -> bool:
    return is_public(website) or can_write(user, website.organization)


def can_view_page(user: Any, page: Page) -> bool:
    if is_public(page.website) and page.is_live():
        return True
    return can_write(user, page.website.organization)


def can_view_post(user: Any, post: Post) -> bool:
    if is_public(post.website) and post.is_live():
        return True
    return can_write(user, post.website.organization)


def sees_impressum_warning(user: Any, website: Website) -> bool:
    return can_manage_site(user, website.organization)


def can_open_editor(user: Any, organization: Organization) -> bool:
    """The editor's pages: those who write for the site."""
    return can_write(user, organization)


def can_verify_domain(user: Any) -> bool:
    """Platform staff verify a domain after checking its DNS record."""
    return organization_policy.is_staff(user)


def can_mail_members(user: Any, organization: Organization) -> bool:
    """A network's post becomes a mailing to its members for those who may mail them."""
    from verbund.networks import policy as network_policy
    from verbund.networks import queries as network_queries

    return network_queries.has_members(organization) and network_policy.can_mail(user, organization)

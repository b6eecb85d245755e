"""Who may see and do what in the registry. Every view, service and API endpoint asks here.

"Staff" are the platform's office staff (``is_staff``). "Members" of an organisation are
the people affiliated with it; later apps (networks) widen who counts as a member through
:func:`members_only_viewers` without touching the callers.
"""

from __future__ import annotations

from typing import Any

from verbund.organizations.models import Affiliation, Organization
from verbund.organizations.taxonomy import Role, Status, Visibility


def is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


def role_in(user: Any, organization: Organization) -> str | None:
    if not getattr(user, "is_authenticated", False) or organization.pk is None:
        return None
    cache: dict[int, str | None] = user.__dict__.setdefault("_verbund_roles", {})
    if organization.pk not in cache:
        cache[organization.pk] = (
            Affiliation.objects.filter(person=user, organization=organization)
            .values_list("role", flat=True)
            .first()
        )
    return cache[organization.pk]


def is_member(user: Any, organization: Organization) -> bool:
    return role_in(user, organization) is not None


def can_view(user: Any, organization: Organization) -> bool:
    if organization.status == Status.PUBLISHED:
        return True
    return is_staff(user) or is_member(user, organization)


def can_edit(user: Any, organization: Organization) -> bool:
    return is_staff(user) or role_in(user, organization) in {Role.ADMIN, Role.EDITOR}


def can_manage_people(user: Any, organization: Organization) -> bool:
    return is_staff(user) or role_in(user, organization) == Role.ADMIN


def can_view_history(user: Any, organization: Organization) -> bool:
    return can_manage_people(user, organization)


def can_create(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_request_publication(user: Any, organization: Organization) -> bool:
    return can_manage_people(user, organization)


def can_publish_directly(user: Any, organization: Organization) -> bool:
    """The first publication is reviewed by staff; after that the organisation's admins decide."""
    if is_staff(user):
        return True
    return organization.first_published_at is not None and can_manage_people(user, organization)


def can_review(user: Any) -> bool:
    return is_staff(user)


def can_verify(user: Any) -> bool:
    return is_staff(user)


def can_see_members_only(user: Any, organization: Organization) -> bool:
    if is_staff(user) or is_member(user, organization):
        return True
    # Coordinators and office staff of a network the organisation actively belongs to.
    from verbund.networks.policy import coordinates_network_of

    return coordinates_network_of(user, organization)


def can_see(user: Any, organization: Organization, visibility: str) -> bool:
    """Whether a field with this visibility may reach this viewer's page or API response."""
    if visibility == Visibility.PUBLIC:
        return True
    if visibility == Visibility.MEMBERS:
        return can_see_members_only(user, organization)
    # Staff-only fields are still the organisation's own: its editors see what they entered.
    return can_edit(user, organization)


# --- Spreadsheets -----------------------------------------------------------------------------
# Staff for now; network coordinators join when networks arrive (widen these two, nothing else).

def can_import(user: Any) -> bool:
    return is_staff(user)


def can_export(user: Any) -> bool:
    return is_staff(user)


def can_use_import(user: Any, job: Any) -> bool:
    """An import is seen and run by the person who uploaded it, or by staff."""
    if not can_import(user):
        return False
    return is_staff(user) or job.created_by_id == user.pk

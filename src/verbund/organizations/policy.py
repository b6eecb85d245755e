"""Who may see and do what in the registry. Every view, service and API endpoint asks here.

"Staff" are the platform's office staff (``is_staff``). "Members" of an organisation are
the people affiliated with it; :func:`can_see_members_only` also asks the networks policy,
so coordinators of a network see the members-only data of its member organisations.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

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
# Staff, and network coordinators for the networks they coordinate.


def can_import(user: Any) -> bool:
    from verbund.networks.policy import coordinates_any_network

    return is_staff(user) or coordinates_any_network(user)


def can_export(user: Any) -> bool:
    # The exporter still asks can_see for every field, so coordinators get members-only
    # data only of their networks' members.
    return can_import(user)


def must_name_network(user: Any) -> bool:
    """Staff import into the registry at large; a coordinator imports for one network."""
    return can_import(user) and not is_staff(user)


def importable_networks(user: Any) -> QuerySet[Organization]:
    """The networks an import by ``user`` may be for."""
    from verbund.networks.policy import coordinated_networks

    if is_staff(user):
        return Organization.objects.all()
    return coordinated_networks(user)


def can_import_for(user: Any, network: Organization | None) -> bool:
    if network is None:
        return is_staff(user)
    if is_staff(user):
        return True
    return can_import(user) and importable_networks(user).filter(pk=network.pk).exists()


def updatable_by_import(user: Any, organization_ids: Iterable[int]) -> set[int]:
    """Which existing organisations an import by ``user`` may update: staff any, a
    coordinator only those that actively belong to a network they coordinate."""
    from verbund.networks.policy import members_of_coordinated_networks

    ids = {int(pk) for pk in organization_ids}
    if is_staff(user):
        return ids
    if not can_import(user):
        return set()
    return members_of_coordinated_networks(user, ids)


def can_update_by_import(user: Any, organization: Organization) -> bool:
    return organization.pk is not None and organization.pk in updatable_by_import(
        user, [organization.pk]
    )


def can_use_import(user: Any, job: Any) -> bool:
    """An import is seen and run by the person who uploaded it, or by staff."""
    if not can_import(user):
        return False
    return is_staff(user) or job.created_by_id == user.pk

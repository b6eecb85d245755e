"""Who may see and do what in networks. Every view and service of this app asks here.

Roles, from most to least:

- platform staff (``is_staff``): everything;
- network coordinator: a ``NetworkRole`` coordinator, or an administrator of the network
  organisation itself; decides applications, appoints office staff, and sees the
  members-only data of the network's active direct member organisations;
- office staff (``NetworkRole`` office, the "Geschäftsstelle"): keeps the registry of
  members, bodies and seats, writes mailings, and sees the same members-only data;
- committee member: holds a current seat (with an account) in one of the network's bodies;
- member-organisation admin / member: affiliated with an active member organisation.

Committee members, member-organisation admins and members see the network's members area
(internal bodies and the full member list); only admins of an organisation apply for it.
Nothing here reaches networks a person does not hold a role in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from verbund.networks.models import Body, Membership, NetworkRole, Seat
from verbund.networks.taxonomy import MembershipStatus, NetworkRoleKind
from verbund.organizations import policy as organization_policy
from verbund.organizations.models import Affiliation, Organization
from verbund.organizations.taxonomy import Kind, Role


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def network_role(user: Any, network: Organization) -> str | None:
    """``coordinator``, ``office`` or None; administrators of the network coordinate it."""
    if not _authenticated(user) or network.pk is None:
        return None
    cache: dict[int, str | None] = user.__dict__.setdefault("_verbund_network_roles", {})
    if network.pk not in cache:
        role = (
            NetworkRole.objects.filter(person=user, network=network)
            .values_list("role", flat=True)
            .first()
        )
        if role is None and organization_policy.role_in(user, network) == Role.ADMIN:
            role = NetworkRoleKind.COORDINATOR
        cache[network.pk] = role
    return cache[network.pk]


def is_coordinator(user: Any, network: Organization) -> bool:
    return network_role(user, network) == NetworkRoleKind.COORDINATOR


def runs_network(user: Any, network: Organization) -> bool:
    """Staff, coordinators and office staff: the people who keep the network's registry."""
    return organization_policy.is_staff(user) or network_role(user, network) is not None


def is_committee_member(user: Any, network: Organization) -> bool:
    if not _authenticated(user):
        return False
    return Seat.objects.current().filter(person=user, body__organization=network).exists()


def belongs_to_member(user: Any, network: Organization) -> bool:
    """Affiliated with an organisation that is an active direct member of ``network``."""
    if not _authenticated(user):
        return False
    return Affiliation.objects.filter(
        person=user,
        organization__membership_links__network=network,
        organization__membership_links__status=MembershipStatus.ACTIVE,
    ).exists()


def can_view_network(user: Any, network: Organization) -> bool:
    """Published networks are public; a draft one is seen by those who run it."""
    return organization_policy.can_view(user, network) or runs_network(user, network)


def can_view_members_area(user: Any, network: Organization) -> bool:
    return (
        runs_network(user, network)
        or organization_policy.is_member(user, network)
        or is_committee_member(user, network)
        or belongs_to_member(user, network)
    )


def can_manage_memberships(user: Any, network: Organization) -> bool:
    return runs_network(user, network)


def can_decide_applications(user: Any, network: Organization) -> bool:
    return organization_policy.is_staff(user) or is_coordinator(user, network)


def can_apply(user: Any, applicant: Organization) -> bool:
    """Only an organisation's administrators speak for it when it joins a network."""
    return organization_policy.can_manage_people(user, applicant)


def can_manage_roles(user: Any, network: Organization) -> bool:
    return organization_policy.is_staff(user) or is_coordinator(user, network)


def can_manage_bodies(user: Any, organization: Organization) -> bool:
    return organization_policy.can_edit(user, organization) or runs_network(user, organization)


def can_view_body(user: Any, body: Body) -> bool:
    if body.is_public:
        return organization_policy.can_view(user, body.organization)
    return can_view_members_area(user, body.organization)


def can_mail(user: Any, network: Organization) -> bool:
    return runs_network(user, network)


def coordinates_network_of(user: Any, organization: Organization) -> bool:
    """Whether ``user`` coordinates or staffs a network ``organization`` actively belongs to.

    Called by the registry's ``can_see_members_only``; one query per viewer and organisation.
    """
    if not _authenticated(user) or organization.pk is None:
        return False
    cache: dict[int, bool] = user.__dict__.setdefault("_verbund_coordinates_member", {})
    if organization.pk not in cache:
        networks = Membership.objects.filter(
            member=organization, status=MembershipStatus.ACTIVE
        ).values("network")
        cache[organization.pk] = (
            Organization.objects.filter(pk__in=networks)
            .filter(
                Q(network_roles__person=user)
                | Q(affiliations__person=user, affiliations__role=Role.ADMIN)
            )
            .exists()
        )
    return cache[organization.pk]


# Kinds that are networks by what they are, before their first member is recorded.
NETWORK_KINDS = (Kind.UMBRELLA, Kind.FEDERAL, Kind.STATE, Kind.PARENTS_NETWORK, Kind.LOCAL_NETWORK)


def coordinated_networks(user: Any) -> QuerySet[Organization]:
    """The networks ``user`` coordinates: a coordinator role, or administrator of an
    organisation that is a network (by its kind or because it has active members)."""
    if not _authenticated(user):
        return Organization.objects.none()
    is_network = Q(kind__in=NETWORK_KINDS) | Q(member_links__status=MembershipStatus.ACTIVE)
    return (
        Organization.objects.filter(
            Q(network_roles__person=user, network_roles__role=NetworkRoleKind.COORDINATOR)
            | (Q(affiliations__person=user, affiliations__role=Role.ADMIN) & is_network)
        )
        .distinct()
        .order_by("name")
    )


def coordinates_any_network(user: Any) -> bool:
    if not _authenticated(user):
        return False
    if "_verbund_coordinates_any" not in user.__dict__:
        user.__dict__["_verbund_coordinates_any"] = coordinated_networks(user).exists()
    return bool(user.__dict__["_verbund_coordinates_any"])


def members_of_coordinated_networks(user: Any, organization_ids: Iterable[int]) -> set[int]:
    """Those of ``organization_ids`` that actively belong to a network ``user`` coordinates."""
    ids = set(organization_ids)
    if not ids or not _authenticated(user):
        return set()
    return set(
        Membership.objects.filter(
            member_id__in=ids,
            status=MembershipStatus.ACTIVE,
            network__in=coordinated_networks(user).values("pk"),
        ).values_list("member_id", flat=True)
    )


def forget_cached_roles(user: Any) -> None:
    for key in (
        "_verbund_network_roles",
        "_verbund_coordinates_member",
        "_verbund_roles",
        "_verbund_coordinates_any",
    ):
        user.__dict__.pop(key, None)

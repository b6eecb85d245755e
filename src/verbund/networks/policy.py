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

Consent before power. Running a network (coordinator, office) is about the network's own
pages. Powers over *members* — their members-only data on profiles, in the export and the
API, mailings to their people, naming their delegates, spreadsheet updates — exist only for
a **published** network (:func:`acts_for_members`) and only over memberships both sides
accepted (status ``active``): the member applied and a coordinator accepted, or the network
invited and the member's administrator accepted, or platform staff recorded it. A grant of
stewardship (:class:`~verbund.networks.models.EntryGrant`), which only the organisation
gives (or the network's own import, for an entry it created), lets the network keep the
organisation's entry. A draft network, which any new account can create, has no power over
anyone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from verbund.networks.models import Body, EntryGrant, Membership, NetworkRole, Seat
from verbund.networks.taxonomy import AddressSource, MembershipStatus, NetworkRoleKind
from verbund.organizations import policy as organization_policy
from verbund.organizations.models import Affiliation, Organization
from verbund.organizations.taxonomy import Kind, Role, Status


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
        return can_view_network(user, body.organization)
    return can_view_members_area(user, body.organization)


def has_powers(network: Organization) -> bool:
    """A network has powers over its members only while it is published."""
    return network.status == Status.PUBLISHED


def acts_for_members(user: Any, network: Organization) -> bool:
    """Coordinator powers over the active members: staff always; the people who run the
    network only while it is published."""
    if organization_policy.is_staff(user):
        return True
    return has_powers(network) and runs_network(user, network)


def can_mail(user: Any, network: Organization) -> bool:
    return acts_for_members(user, network)


def can_name_delegates_for_members(user: Any, network: Organization) -> bool:
    """Naming delegates on a member organisation's behalf (its own admins always may)."""
    return acts_for_members(user, network)


def can_invite(user: Any, network: Organization) -> bool:
    """Invitations wait for the member's answer, so a network in formation may send them
    too (a draft network only a few at a time; see ``services.invite_member``)."""
    return runs_network(user, network)


def can_record_membership(user: Any, network: Organization) -> bool:
    """Recording an active membership without the member's answer: platform staff and the
    trusted console only, with a reason in the audit log."""
    return organization_policy.is_staff(user)


def speaks_for(user: Any, organization: Organization) -> bool:
    """An administrator of the organisation itself (not staff): only they give its consent."""
    return organization_policy.role_in(user, organization) == Role.ADMIN


def can_answer_invitation(user: Any, membership: Membership) -> bool:
    return membership.status == MembershipStatus.INVITED and speaks_for(user, membership.member)


def can_withdraw_invitation(user: Any, membership: Membership) -> bool:
    return membership.status == MembershipStatus.INVITED and runs_network(user, membership.network)


def can_view_consents(user: Any, organization: Organization) -> bool:
    """The organisation's page of invitations, memberships and stewardship grants."""
    return organization_policy.can_manage_people(user, organization)


def can_request_grant(user: Any, network: Organization) -> bool:
    return acts_for_members(user, network)


def can_answer_grant(user: Any, grant: EntryGrant) -> bool:
    return grant.state == "requested" and speaks_for(user, grant.organization)


def can_revoke_grant(user: Any, grant: EntryGrant) -> bool:
    return grant.in_force and organization_policy.can_manage_people(user, grant.organization)


def _published_networks_run_by(user: Any) -> frozenset[int]:
    """Ids of the published networks ``user`` coordinates or staffs (a network role, or an
    administrator of the network organisation); cached on the person for the request."""
    if not _authenticated(user):
        return frozenset()
    if "_verbund_runs_published" not in user.__dict__:
        user.__dict__["_verbund_runs_published"] = frozenset(
            Organization.objects.filter(status=Status.PUBLISHED)
            .filter(
                Q(network_roles__person=user)
                | Q(affiliations__person=user, affiliations__role=Role.ADMIN)
            )
            .values_list("pk", flat=True)
        )
    return frozenset(user.__dict__["_verbund_runs_published"])


def members_only_ids(user: Any, organization_ids: Iterable[int]) -> set[int]:
    """Of ``organization_ids``, the active members of a published network ``user`` runs:
    whose members-only data ``user`` sees. One query, none for people who run no network."""
    ids = set(organization_ids)
    networks = _published_networks_run_by(user)
    if not ids or not networks:
        return set()
    return set(
        Membership.objects.filter(
            member_id__in=ids, status=MembershipStatus.ACTIVE, network_id__in=networks
        ).values_list("member_id", flat=True)
    )


def kept_ids(user: Any, organization_ids: Iterable[int]) -> set[int]:
    """Of ``organization_ids``, those that let a published network ``user`` runs keep their
    entry (a grant in force)."""
    ids = set(organization_ids)
    networks = _published_networks_run_by(user)
    if not ids or not networks:
        return set()
    return set(
        EntryGrant.objects.in_force()
        .filter(organization_id__in=ids, network_id__in=networks)
        .values_list("organization_id", flat=True)
    )


def kept_query(user: Any) -> QuerySet[Any]:
    """The ids of the organisations that let a published network ``user`` runs keep their
    entry, as a subquery."""
    return (
        EntryGrant.objects.in_force()
        .filter(network_id__in=_published_networks_run_by(user))
        .values("organization_id")
    )


def kept_by_network(network: Organization, organization_ids: Iterable[int]) -> set[int]:
    """Of ``organization_ids``, those whose entry ``network`` keeps (only while published)."""
    ids = set(organization_ids)
    if not ids or not has_powers(network):
        return set()
    return set(
        EntryGrant.objects.in_force()
        .filter(network=network, organization_id__in=ids)
        .values_list("organization_id", flat=True)
    )


def coordinates_network_of(user: Any, organization: Organization) -> bool:
    """Whether ``user`` coordinates or staffs a published network ``organization`` is an
    active member of (the registry's ``can_see_members_only`` asks the same)."""
    if organization.pk is None:
        return False
    return organization.pk in members_only_ids(user, {organization.pk})


def can_see_recipient(
    user: Any, network: Organization, source: str, *, field_visible: bool
) -> bool:
    """Whether a mailing's pages may show one recipient's address to ``user``.

    A contact person's address follows the visibility the organisation gave it, and the
    address of a person's account is treated as a staff-only field of the organisation
    (its own editors and platform staff); ``field_visible`` is what
    ``organizations.policy.can_see`` (or ``seen_by``) answers for it. The account of a
    seat holder in the network's own bodies is shown to the people who run the network.
    """
    if organization_policy.is_staff(user):
        return True
    if source == AddressSource.SEAT:
        return runs_network(user, network)
    return field_visible


# Kinds that are networks by what they are, before their first member is recorded.
NETWORK_KINDS = (Kind.UMBRELLA, Kind.FEDERAL, Kind.STATE, Kind.PARENTS_NETWORK, Kind.LOCAL_NETWORK)


def coordinated_networks(user: Any) -> QuerySet[Organization]:
    """The published networks ``user`` coordinates: a coordinator role, or administrator of
    an organisation that is a network (by its kind or because it has active members). A
    draft network is nobody's to import or export for."""
    if not _authenticated(user):
        return Organization.objects.none()
    is_network = Q(kind__in=NETWORK_KINDS) | Q(member_links__status=MembershipStatus.ACTIVE)
    return (
        Organization.objects.filter(status=Status.PUBLISHED)
        .filter(
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
    """Those of ``organization_ids`` that are active members of a published network
    ``user`` coordinates."""
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
        "_verbund_runs_published",
        "_verbund_members_only_ids",
        "_verbund_kept_ids",
        "_verbund_imports",
        "_verbund_roles",
        "_verbund_coordinates_any",
    ):
        user.__dict__.pop(key, None)


def can_apply_to(user: Any, network: Organization) -> bool:
    """Whether ``user`` administers an organisation that may still apply to ``network`` (the
    applicants are ``queries.possible_applicants``)."""
    from verbund.networks.queries import possible_applicants

    return _authenticated(user) and possible_applicants(user, network).exists()

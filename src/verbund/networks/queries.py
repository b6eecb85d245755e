"""Reads of networks: represented organisations, the nesting, member lists and bodies.

"Represented organisations" are all organisations reachable from a network through active
memberships, each counted once. One recursive common table expression answers it on both
databases: ``UNION`` (not ``UNION ALL``) drops rows already reached, so shared members in a
diamond count once and the recursion ends even if the data ever held a cycle.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from verbund.networks import policy
from verbund.networks.audience import Reach, Recipient, first_language, reach
from verbund.networks.models import Body, EntryGrant, ExternalSeat, Mailing, Membership, Seat
from verbund.networks.taxonomy import (
    LIVE_STATUSES,
    AddressSource,
    DeliveryStatus,
    MembershipStatus,
    MembershipType,
    MessageKind,
)
from verbund.organizations import policy as organization_policy
from verbund.organizations.models import (
    Affiliation,
    Organization,
    OrganizationTheme,
    TakeOverInvitation,
)
from verbund.organizations.queries import take_over_invitations
from verbund.organizations.taxonomy import (
    KIND_CODES,
    LIVE_TAKE_OVER,
    FederalState,
    Kind,
    Role,
    Status,
    Theme,
)

MEMBERSHIP_TABLE = Membership._meta.db_table


def _reachable_sql(statuses: Sequence[str]) -> tuple[str, list[Any]]:
    """SQL selecting the ids reachable from the network given as the first two parameters."""
    marks = ", ".join(["%s"] * len(statuses))
    sql = (
        f"WITH RECURSIVE reach(id) AS ("  # noqa: S608 - table name and placeholders only
        f" SELECT member_id FROM {MEMBERSHIP_TABLE}"
        f" WHERE network_id = %s AND status IN ({marks})"
        f" UNION"
        f" SELECT m.member_id FROM {MEMBERSHIP_TABLE} m JOIN reach r ON m.network_id = r.id"
        f" WHERE m.status IN ({marks})"
        f") SELECT id FROM reach WHERE id <> %s"
    )
    return sql, list(statuses)


def reachable_ids_sql(
    network_id: int, statuses: Sequence[str] = (MembershipStatus.ACTIVE,)
) -> RawSQL:
    sql, status_params = _reachable_sql(statuses)
    # Fixed SQL; every value is a bound parameter.
    return RawSQL(sql, (network_id, *status_params, *status_params, network_id))  # noqa: S611


def represented(network: Organization) -> QuerySet[Organization]:
    """Every organisation reachable through active memberships, once."""
    return Organization.objects.filter(pk__in=reachable_ids_sql(network.pk))


def represented_count(network_id: int) -> int:
    sql, status_params = _reachable_sql((MembershipStatus.ACTIVE,))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM ({sql}) AS represented",  # noqa: S608
            [network_id, *status_params, *status_params, network_id],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def represented_breakdown(network_id: int) -> list[tuple[str, str, int]]:
    """(federal state, city, count) of the represented organisations, in one query."""
    sql, status_params = _reachable_sql((MembershipStatus.ACTIVE,))
    table = Organization._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT o.federal_state, o.city, COUNT(*) FROM ({sql}) AS represented"  # noqa: S608
            f" JOIN {table} o ON o.id = represented.id GROUP BY o.federal_state, o.city",
            [network_id, *status_params, *status_params, network_id],
        )
        return [(state or "", city or "", int(n)) for state, city, n in cursor.fetchall()]


def reaches(start_id: int, target_id: int) -> bool:
    """Whether ``target`` is ``start`` or lies below it through live memberships."""
    if start_id == target_id:
        return True
    return Organization.objects.filter(
        pk=target_id, pk__in=reachable_ids_sql(start_id, LIVE_STATUSES)
    ).exists()


# --- The network page -------------------------------------------------------------------------


@dataclass
class Tally:
    value: str
    label: str
    count: int


@dataclass
class NetworkSummary:
    network: Organization
    members_by_kind: list[Tally]
    direct_total: int
    represented_total: int
    by_state: list[Tally]
    by_city: list[Tally]
    members: list[Membership]
    member_of: list[Membership]
    bodies: list[Body]
    external_seats: list[ExternalSeat]
    pending_applications: int = 0
    hidden_members: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _kind_label(value: str) -> str:
    return str(Kind(value).label) if value in KIND_CODES else value


def _state_label(value: str) -> str:
    return str(FederalState(value).label) if value in FederalState.values else value


def network_summary(network: Organization, viewer: Any, *, city_limit: int = 15) -> NetworkSummary:
    """What the network page shows to ``viewer``; a fixed number of queries."""
    active = Membership.objects.filter(network=network, status=MembershipStatus.ACTIVE)
    by_kind = list(
        active.order_by().values_list("member__kind").annotate(n=Count("pk")).order_by("-n")
    )
    members_by_kind = [Tally(kind, _kind_label(kind), n) for kind, n in by_kind]
    states: dict[str, int] = {}
    cities: dict[str, int] = {}
    for state, city, n in represented_breakdown(network.pk):
        states[state] = states.get(state, 0) + n
        if city:
            cities[city] = cities.get(city, 0) + n
    by_state = [
        Tally(state, _state_label(state) if state else "", n)
        for state, n in sorted(states.items(), key=lambda item: (-item[1], item[0]))
    ]
    by_city = [
        Tally(city, city, n)
        for city, n in sorted(cities.items(), key=lambda item: (-item[1], item[0]))
    ][:city_limit]
    insider = policy.can_view_members_area(viewer, network)
    member_rows = list(active.select_related("member", "custom_type").order_by("member__name"))
    visible_members = [m for m in member_rows if insider or m.member.status == Status.PUBLISHED]
    member_of = member_of_networks(network)
    bodies = bodies_with_current_seats(network, include_internal=insider)
    external = list(network.external_seats.all())
    if not insider:
        external = [seat for seat in external if seat.is_public]
    pending = 0
    if policy.can_manage_memberships(viewer, network):
        pending = Membership.objects.filter(
            network=network, status=MembershipStatus.APPLIED
        ).count()
    return NetworkSummary(
        network=network,
        members_by_kind=members_by_kind,
        direct_total=sum(t.count for t in members_by_kind),
        represented_total=sum(states.values()),
        by_state=by_state,
        by_city=by_city,
        members=visible_members,
        member_of=member_of,
        bodies=bodies,
        external_seats=external,
        pending_applications=pending,
        hidden_members=len(member_rows) - len(visible_members),
    )


def member_of_networks(organization: Organization) -> list[Membership]:
    """The published networks ``organization`` is an active member of."""
    return list(
        Membership.objects.filter(
            member=organization,
            status=MembershipStatus.ACTIVE,
            network__status=Status.PUBLISHED,
        )
        .select_related("network")
        .order_by("network__name")
    )


def open_applications_of(organization: Organization) -> list[Membership]:
    return list(
        Membership.objects.filter(member=organization, status=MembershipStatus.APPLIED)
        .select_related("network")
        .order_by("applied_on", "pk")
    )


def public_networks() -> QuerySet[Organization]:
    """Published organisations with at least one active member: the networks index."""
    return (
        Organization.objects.filter(status=Status.PUBLISHED)
        .annotate(
            direct=Count("member_links", filter=Q(member_links__status=MembershipStatus.ACTIVE))
        )
        .filter(direct__gt=0)
    )


def open_invitations_of(organization: Organization) -> list[Membership]:
    return list(
        Membership.objects.filter(member=organization, status=MembershipStatus.INVITED)
        .select_related("network", "custom_type")
        .order_by("invited_on", "pk")
    )


def open_grant(network: Organization, organization: Organization) -> EntryGrant | None:
    """The request or grant of stewardship between the two, if one is open."""
    return EntryGrant.objects.filter(
        network=network, organization=organization, revoked_at__isnull=True
    ).first()


@dataclass
class Consents:
    """An organisation's relations that need or carry its consent, for its administrators."""

    organization: Organization
    invitations: list[Membership]
    grant_requests: list[EntryGrant]
    grants: list[EntryGrant]
    memberships: list[Membership]
    applications: list[Membership]


def consents_of(organization: Organization) -> Consents:
    """Five queries: open invitations, stewardship requests and grants, live memberships."""
    grants = list(
        EntryGrant.objects.filter(organization=organization, revoked_at__isnull=True)
        .select_related("network")
        .order_by("network__name")
    )
    memberships = list(
        Membership.objects.filter(
            member=organization,
            status__in=[MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED],
        )
        .select_related("network", "custom_type")
        .order_by("network__name")
    )
    return Consents(
        organization=organization,
        invitations=open_invitations_of(organization),
        grant_requests=[g for g in grants if not g.in_force],
        grants=[g for g in grants if g.in_force],
        memberships=memberships,
        applications=open_applications_of(organization),
    )


@dataclass
class Waiting:
    """What waits for one person's answer, across the organisations they administer."""

    invitations: list[Membership]
    grant_requests: list[EntryGrant]


def waiting_for(person: Any) -> Waiting:
    """Invitations and stewardship requests to the organisations ``person`` administers
    (their dashboard); two queries."""
    if not getattr(person, "is_authenticated", False):
        return Waiting([], [])
    from verbund.organizations.taxonomy import Role

    administered = Affiliation.objects.filter(person=person, role=Role.ADMIN).values("organization")
    invitations = list(
        Membership.objects.filter(member__in=administered, status=MembershipStatus.INVITED)
        .select_related("network", "member", "custom_type")
        .order_by("invited_on", "pk")
    )
    requests = list(
        EntryGrant.objects.requested()
        .filter(organization__in=administered)
        .select_related("network", "organization")
        .order_by("requested_at", "pk")
    )
    return Waiting(invitations, requests)


def has_members(organization: Organization) -> bool:
    return Membership.objects.filter(network=organization, status=MembershipStatus.ACTIVE).exists()


def bodies_with_current_seats(organization: Organization, *, include_internal: bool) -> list[Body]:
    bodies = Body.objects.filter(organization=organization)
    if not include_internal:
        bodies = bodies.filter(is_public=True)
    current = Seat.objects.current().select_related("holder_organization", "person")
    return list(
        bodies.prefetch_related(Prefetch("seats", queryset=current, to_attr="current_seats"))
    )


def who_we_are(organization: Organization) -> list[Body]:
    """Public bodies that have current holders, for the organisation's public profile."""
    return [
        body
        for body in bodies_with_current_seats(organization, include_internal=False)
        if body.current_seats  # type: ignore[attr-defined]
    ]


def body_history(body: Body) -> list[Seat]:
    return list(
        body.seats.past()
        .select_related("holder_organization", "person")
        .order_by("-ends_on", "position", "id")
    )


# --- Structure --------------------------------------------------------------------------------


@dataclass
class StructureNode:
    organization: Organization
    membership: Membership | None
    children: list[StructureNode] = field(default_factory=list)
    repeated: bool = False
    represented: int = 0


def structure(network: Organization, viewer: Any, *, max_depth: int = 12) -> StructureNode:
    """The nesting below ``network`` through active memberships, in three queries.

    An organisation that belongs to several networks below is shown at each place, but
    its own members only the first time (the others say "see above").
    """
    reach = reachable_ids_sql(network.pk)
    edges = list(
        Membership.objects.filter(status=MembershipStatus.ACTIVE)
        .filter(
            network_id__in=RawSQL(  # noqa: S611 - fixed SQL, bound parameters
                f"SELECT %s UNION SELECT id FROM ({reach.sql}) AS r",  # noqa: S608
                (network.pk, *reach.params),
            )
        )
        .order_by("member__name")
        .only("pk", "network_id", "member_id", "type", "custom_type_id", "active_since")
    )
    ids = {network.pk} | {e.member_id for e in edges}
    organizations = Organization.objects.in_bulk(ids)
    insider = policy.can_view_members_area(viewer, network)
    children: dict[int, list[Membership]] = {}
    for edge in edges:
        member = organizations[edge.member_id]
        if insider or member.status == Status.PUBLISHED:
            children.setdefault(edge.network_id, []).append(edge)
    expanded: set[int] = set()

    def build(organization_id: int, membership: Membership | None, depth: int) -> StructureNode:
        node = StructureNode(organizations[organization_id], membership)
        if organization_id in expanded:
            node.repeated = bool(children.get(organization_id))
            return node
        expanded.add(organization_id)
        if depth < max_depth:
            node.children = [
                build(e.member_id, e, depth + 1) for e in children.get(organization_id, [])
            ]
        return node

    return build(network.pk, None, 0)


def flatten(node: StructureNode, depth: int = 0) -> Iterable[tuple[int, StructureNode]]:
    yield depth, node
    for child in node.children:
        yield from flatten(child, depth + 1)


# --- Lists ------------------------------------------------------------------------------------


def memberships_of_network(network: Organization) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(network=network)
        .select_related("member", "custom_type")
        .order_by("status", "member__name")
    )


def possible_applicants(person: Any, network: Organization) -> QuerySet[Organization]:
    """Organisations ``person`` administers that are not yet listed at ``network``."""
    from verbund.organizations.taxonomy import Role

    listed = Membership.objects.filter(network=network, status__in=LIVE_STATUSES).values("member")
    return (
        Organization.objects.filter(affiliations__person=person, affiliations__role=Role.ADMIN)
        .exclude(pk=network.pk)
        .exclude(pk__in=listed)
        .order_by("name")
    )


def mailing_recipients(mailing: Mailing) -> list[Any]:
    return list(
        mailing.recipients.select_related("organization")
        .only(
            "email",
            "name",
            "language",
            "status",
            "source",
            "visibility",
            "organization_id",
            "organization__name",
        )
        .order_by("status", "email")
    )


def delivery_counts(mailing: Mailing) -> list[Tally]:
    counts = dict(mailing.recipients.order_by().values_list("status").annotate(n=Count("pk")))
    return [
        Tally(value, str(label), int(counts.get(value, 0)))
        for value, label in DeliveryStatus.choices
    ]


# --- Mailing recipients -----------------------------------------------------------------------


def normalise_audience(audience: Mapping[str, Any]) -> dict[str, Any]:
    """The recipient filter with unknown values dropped, in a stable JSON form."""

    def chosen(key: str, allowed: Iterable[str]) -> list[str]:
        allowed_set = set(allowed)
        return sorted({str(v) for v in audience.get(key) or [] if str(v) in allowed_set})

    def numbers(key: str) -> list[int]:
        found = set()
        for value in audience.get(key) or []:
            try:
                found.add(int(value))
            except (TypeError, ValueError):
                continue
        return sorted(found)

    return {
        "members": bool(audience.get("members", True)),
        "types": chosen("types", [t for t in MembershipType.values if t != MembershipType.CUSTOM]),
        "custom_types": numbers("custom_types"),
        "kinds": chosen("kinds", Kind.values),
        "states": chosen("states", FederalState.values),
        "themes": chosen("themes", Theme.values),
        "bodies": numbers("bodies"),
    }


def member_organisations_for(
    network: Organization, audience: Mapping[str, Any]
) -> QuerySet[Organization]:
    memberships = Membership.objects.filter(network=network, status=MembershipStatus.ACTIVE)
    if audience["types"] or audience["custom_types"]:
        memberships = memberships.filter(
            Q(type__in=audience["types"]) | Q(custom_type_id__in=audience["custom_types"])
        )
    organizations = Organization.objects.filter(pk__in=memberships.values("member"))
    if audience["kinds"]:
        organizations = organizations.filter(kind__in=audience["kinds"])
    if audience["states"]:
        organizations = organizations.filter(federal_state__in=audience["states"])
    if audience["themes"]:
        organizations = organizations.filter(
            pk__in=OrganizationTheme.objects.filter(theme__in=audience["themes"]).values(
                "organization"
            )
        )
    return organizations


def reach_for(
    network: Organization, audience: Mapping[str, Any], written: Sequence[str] = ()
) -> Reach:
    """Who a mailing with this recipient filter reaches, through ``audience.reach`` (the one
    recipient function of the platform), with the seat holders of chosen bodies added."""
    audience = normalise_audience(audience)
    seats: list[Recipient] = []
    if audience["bodies"]:
        seats = [
            Recipient(
                email or "",
                name or "",
                language
                if language and (not written or language in written)
                else first_language(written),
                organization_id,
                AddressSource.SEAT,
            )
            for email, name, language, organization_id in Seat.objects.current()
            .filter(
                body__organization=network,
                body_id__in=audience["bodies"],
                person__isnull=False,
                person__is_active=True,
            )
            .order_by("body_id", "pk")
            .values_list(
                "person__email",
                "person__display_name",
                "person__preferred_language",
                "holder_organization_id",
            )
        ]
    if not audience["members"]:
        return reach(
            network,
            MessageKind.MAILING,
            organizations=Organization.objects.none(),
            written=written,
            extra=seats,
        )
    return reach(
        network,
        MessageKind.MAILING,
        organizations=member_organisations_for(network, audience),
        written=written,
        extra=seats,
    )


def recipients_for(
    network: Organization, audience: Mapping[str, Any], written: Sequence[str] = ()
) -> list[Recipient]:
    """Everyone the mailing goes to, once per address, each in their language (see
    ``audience.reach``); unsubscribed addresses are included and marked."""
    return reach_for(network, audience, written).recipients


@dataclass
class ShownRecipients:
    """What a mailing's page lists: the recipients whose address the viewer may see, and
    how many others there are (counted, never shown)."""

    shown: list[Any]
    hidden: int


def shown_recipients(
    viewer: Any, network: Organization, recipients: Sequence[Any]
) -> ShownRecipients:
    """Split ``recipients`` (``Recipient`` or ``MailingRecipient``) by whether ``viewer`` may
    see each address under the registry's visibility rules; at most four queries."""
    by_visibility: dict[str, set[int]] = {}
    for recipient in recipients:
        if recipient.source != AddressSource.SEAT and recipient.organization_id is not None:
            by_visibility.setdefault(recipient.visibility, set()).add(recipient.organization_id)
    seen = {
        visibility: organization_policy.seen_by(viewer, ids, visibility)
        for visibility, ids in by_visibility.items()
    }
    shown = [
        recipient
        for recipient in recipients
        if policy.can_see_recipient(
            viewer,
            network,
            recipient.source,
            field_visible=recipient.organization_id in seen.get(recipient.visibility, set()),
        )
    ]
    return ShownRecipients(shown, len(recipients) - len(shown))


def people_speaking_for(organization: Organization, *, coordinators: bool) -> list[Any]:
    """The administrators of ``organization`` (and with ``coordinators`` its network
    coordinators): the people who answer for it."""
    from verbund.accounts.models import User
    from verbund.networks.taxonomy import NetworkRoleKind
    from verbund.organizations.taxonomy import Role

    condition = Q(affiliations__organization=organization, affiliations__role=Role.ADMIN)
    if coordinators:
        condition |= Q(
            network_roles__network=organization, network_roles__role=NetworkRoleKind.COORDINATOR
        )
    return list(User.objects.filter(condition, is_active=True).distinct().order_by("pk"))


def personal_seats_and_roles(person: Any) -> dict[str, Any]:
    """Seats the person holds in bodies and their network roles, for their data download."""
    from verbund.networks.models import NetworkRole, Seat

    return {
        "seats": [
            {
                "body": seat.body.display_name,
                "organization": seat.body.organization.name,
                "role": seat.role,
                "starts_on": seat.starts_on.isoformat() if seat.starts_on else None,
                "ends_on": seat.ends_on.isoformat() if seat.ends_on else None,
            }
            for seat in Seat.objects.filter(person=person).select_related("body__organization")
        ],
        "network_roles": [
            {"network": role.network.name, "role": role.role}
            for role in NetworkRole.objects.filter(person=person).select_related("network")
        ],
    }


# --- What the pages read ----------------------------------------------------------------------


def networks_with_members() -> QuerySet[Organization]:
    """Published organisations with at least one active member, by name (the network list)."""
    return public_networks().order_by("name")


def current_seats(body: Body) -> list[Seat]:
    return list(body.seats.current().select_related("holder_organization", "person"))


def memberships() -> QuerySet[Membership]:
    return Membership.objects.select_related("member")


def network_roles_of(network: Organization) -> QuerySet[Any]:
    return network.network_roles.select_related("person").order_by("role", "person__email")


def administrators_of(organization: Organization) -> QuerySet[Any]:
    from verbund.organizations.taxonomy import Role

    return organization.affiliations.filter(role=Role.ADMIN).select_related("person")


def mailings_of(network: Organization) -> QuerySet[Mailing]:
    return network.mailings.annotate(total=Count("recipients")).order_by("-created_at")


def recipients_of(mailing: Mailing, limit: int = 500) -> list[Any]:
    return list(
        mailing.recipients.select_related("organization").order_by("status", "email")[:limit]
    )


# --- Taking over profiles ----------------------------------------------------------------------


def members_without_administrator(network: Organization) -> QuerySet[Organization]:
    """Active members nobody administers and nobody has a live invitation for: typically the
    entries an import created, run by volunteers who never logged in."""
    administered = Affiliation.objects.filter(role=Role.ADMIN).values("organization")
    invited = TakeOverInvitation.objects.filter(status__in=LIVE_TAKE_OVER).values("organization")
    return (
        Organization.objects.filter(
            pk__in=Membership.objects.filter(
                network=network, status=MembershipStatus.ACTIVE
            ).values("member")
        )
        .exclude(pk__in=administered)
        .exclude(pk__in=invited)
        .order_by("name", "pk")
    )


@dataclass
class TakeOverOverview:
    invitations: list[Any]
    counts: dict[str, int]
    total: int
    delivered: int
    waiting: int  # members without an administrator who have not been invited yet

    @property
    def sending(self) -> bool:
        return self.counts.get("queued", 0) > 0


def take_over_overview(network: Organization) -> TakeOverOverview:
    invitations = take_over_invitations(network)
    counts: dict[str, int] = {}
    for invitation in invitations:
        counts[invitation.shown_status] = counts.get(invitation.shown_status, 0) + 1
    delivered = sum(counts.get(code, 0) for code in ("sent", "opened", "accepted", "expired"))
    return TakeOverOverview(
        invitations=invitations,
        counts=counts,
        total=len(invitations) - counts.get("withdrawn", 0),
        delivered=delivered,
        waiting=members_without_administrator(network).count(),
    )

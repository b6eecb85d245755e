"""Demo data of networks: the bodies of the seed networks, their offices and the people who
run them, and an invitation waiting for the demo organisation admin.

- BKMO: the board of nine elected at the founding assembly on 5 July 2024 (two chairs, a
  treasurer, six further members; the federal conference re-elects it, see the assemblies
  demo), the federal office with its four posts, and the four committees formed at the
  federal conference in autumn 2025, whose seats are held by member organisations.
- MIGRANET-MV: the speaker council of three, its office hosted by FABRO in Rostock, and its
  seat on the integration advisory council of the state's social ministry.
- The networking talk's network in Mönchengladbach: a coordinator, an administrator for each
  of its three associations and a coordination circle in which they sit.

``seed_demo`` records the seed texts' memberships directly (as the demo loader). To show how
consent works, Bundesverband NeMO invites MIGRANET-MV; ``orga@verbund.example`` administers
MIGRANET-MV and finds the invitation on their page, with buttons to accept or decline.

Every person is invented; the seed texts' people never appear.
"""

from __future__ import annotations

import datetime
from typing import Any

from verbund.accounts import services as account_services
from verbund.core.actors import DEMO_LOADER
from verbund.networks import queries, services
from verbund.networks.models import Body, Membership
from verbund.networks.taxonomy import (
    LIVE_STATUSES,
    BodyKind,
    MembershipStatus,
    NetworkRoleKind,
    SeatRole,
)
from verbund.organizations import policy as organization_policy
from verbund.organizations import services as organization_services
from verbund.organizations.demo_data import BKMO, MG_NETWORK, MIGRANET, NEMO
from verbund.organizations.models import Organization, TakeOverInvitation
from verbund.organizations.taxonomy import Role

BKMO_OFFICE_EMAIL = "bkmo-koordination@verbund.example"
BKMO_OFFICE_NAME = "Rana Koordinata (BKMO)"
MG_COORDINATOR_EMAIL = "vernetzung-mg@verbund.example"
# The administrators of the talk's three associations: (organisation slug, e-mail, name).
MG_MEMBER_ADMINS: tuple[tuple[str, str, str], ...] = (
    ("irfan", "irfan-mg@verbund.example", "Aylin Demir"),
    ("radio-mh", "radio-mg@verbund.example", "Joseph Mbeki-Hahn"),
    ("le-cri-des-opprimes", "lecri-mg@verbund.example", "Claudine Mavungu"),
)

FOUNDING_ASSEMBLY = datetime.date(2024, 7, 5)
# (role, role in the network's own words, invented holder)
BKMO_FOUNDING_BOARD: tuple[tuple[str, str, str], ...] = (
    (SeatRole.CHAIR, "Vorsitzende", "Hatice Brandt"),
    (SeatRole.CO_CHAIR, "Vorsitzender", "Samuel Okafor-Lenz"),
    (SeatRole.TREASURER, "Kassenwartin", "Irina Vogel"),
    (SeatRole.MEMBER, "Beisitzerin", "Nour Haddad"),
    (SeatRole.MEMBER, "Beisitzer", "Tomasz Wendt"),
    (SeatRole.MEMBER, "Beisitzerin", "Amina Diallo-Berg"),
    (SeatRole.MEMBER, "Beisitzer", "Kostas Marinou"),
    (SeatRole.MEMBER, "Beisitzerin", "Mei Lin Schröder"),
    (SeatRole.MEMBER, "Beisitzerin", "Daria Melnyk"),
)
BKMO_OFFICE: tuple[tuple[str, str, str], ...] = (
    (SeatRole.MANAGING_DIRECTOR, "Bundesgeschäftsführung", BKMO_OFFICE_NAME),
    (SeatRole.OTHER, "Politische Referentin", "Svenja Okonkwo"),
    (SeatRole.OTHER, "Presse- und Öffentlichkeitsarbeit", "Leonie Baran"),
    (SeatRole.OTHER, "Projektassistenz (studentisch)", "Emre Lindholm"),
)
# The four committees of autumn 2025, with what each works on (in our words).
BKMO_COMMITTEES: tuple[tuple[str, str], ...] = (
    (
        "Empowerment, Antirassismus und Flucht",
        "Abbau struktureller Diskriminierung, Stärkung der Selbstorganisation, eine "
        "menschenrechtsbasierte Flucht- und Migrationspolitik; hier entsteht die "
        "Antirassismus-Agenda.",
    ),
    (
        "Bildung",
        "Chancengerechte Bildung von der Kita bis zur Weiterbildung, Anerkennung von "
        "Mehrsprachigkeit, Abbau institutioneller Diskriminierung.",
    ),
    (
        "Gesellschaftliche und politische Teilhabe und Repräsentanz",
        "Mehr Repräsentanz in Gremien und Institutionen; hier entsteht der Entwurf für ein "
        "Bundespartizipationsgesetz.",
    ),
    (
        "Arbeit, Gesundheit und Soziales",
        "Faire Arbeit, soziale Sicherheit und gleicher Zugang zu Gesundheit und sozialen Diensten.",
    ),
)
COMMITTEE_FORMED = datetime.date(2025, 10, 18)
MIGRANET_SPEAKERS: tuple[str, ...] = ("Farid Nasseri", "Katrin Alvarez", "Moussa Traoré-Kühn")


def _person(email: str, name: str) -> Any:
    return account_services.demo_person(DEMO_LOADER, email, name)


def _active_members(network: Organization) -> list[Organization]:
    return [
        membership.member
        for membership in Membership.objects.filter(network=network, status=MembershipStatus.ACTIVE)
        .select_related("member")
        .order_by("member__name")
    ]


def _bkmo(bkmo: Organization, admin: Any) -> None:
    office_person = _person(BKMO_OFFICE_EMAIL, BKMO_OFFICE_NAME)
    services.set_network_role(admin, bkmo, office_person, NetworkRoleKind.COORDINATOR)
    board = services.save_body(
        DEMO_LOADER,
        bkmo,
        {
            "kind": BodyKind.BOARD,
            "name": "Vorstand",
            "description": "Neunköpfiger Vorstand aus Vertreter*innen der Mitgliedsorganisationen.",
            "is_public": True,
            "position": 1,
        },
    )
    for role, note, holder in BKMO_FOUNDING_BOARD:
        services.save_seat(
            DEMO_LOADER,
            board,
            {
                "role": role,
                "role_note": note,
                "holder_name": holder,
                "starts_on": FOUNDING_ASSEMBLY,
                "elected_by": "Gründungsversammlung",
            },
        )
    office = services.save_body(
        DEMO_LOADER,
        bkmo,
        {
            "kind": BodyKind.OFFICE,
            "name": "Bundesgeschäftsstelle",
            "description": "Setzt die Beschlüsse von Vorstand und Bundeskonferenz um.",
            "is_public": True,
            "position": 2,
        },
    )
    for role, note, holder in BKMO_OFFICE:
        person = office_person if holder == BKMO_OFFICE_NAME else None
        services.save_seat(
            DEMO_LOADER,
            office,
            {"role": role, "role_note": note, "holder_name": holder, "person": person},
        )
    members = _active_members(bkmo)
    for index, (name, description) in enumerate(BKMO_COMMITTEES):
        committee = services.save_body(
            DEMO_LOADER,
            bkmo,
            {
                "kind": BodyKind.COMMITTEE,
                "name": name,
                "description": description,
                "is_public": True,
                "seats_for_organisations": True,
                "position": 3 + index,
            },
        )
        # Three member organisations per committee, the first of them chairing it.
        for place, member in enumerate(members[index * 3 : index * 3 + 3]):
            services.save_seat(
                DEMO_LOADER,
                committee,
                {
                    "role": SeatRole.CHAIR if place == 0 else SeatRole.MEMBER,
                    "holder_organization": member,
                    "starts_on": COMMITTEE_FORMED,
                    "elected_by": "Bundeskonferenz 2025",
                },
            )


def _migranet(migranet: Organization) -> None:
    council = services.save_body(
        DEMO_LOADER,
        migranet,
        {
            "kind": BodyKind.SPEAKER_COUNCIL,
            "name": "Sprecherrat",
            "description": (
                "Drei Sprecher*innen aus den Mitgliedsorganisationen vertreten das Netzwerk "
                "nach außen."
            ),
            "is_public": True,
            "position": 1,
        },
    )
    for speaker in MIGRANET_SPEAKERS:
        services.save_seat(
            DEMO_LOADER,
            council,
            {
                "role": SeatRole.SPOKESPERSON,
                "holder_name": speaker,
                "elected_by": "Konferenz der Migrantenselbstorganisationen",
            },
        )
    services.save_body(
        DEMO_LOADER,
        migranet,
        {
            "kind": BodyKind.OFFICE,
            "name": "Geschäftsstelle",
            "description": "Angesiedelt beim FABRO in Rostock.",
            "is_public": True,
            "position": 2,
        },
    )
    services.save_external_seat(
        DEMO_LOADER,
        migranet,
        {
            "body_name": "Integrationsbeirat",
            "institution": "Sozialministerium Mecklenburg-Vorpommern",
            "role": "Vertretung der Migrantinnen und Migranten",
            "holder_name": MIGRANET_SPEAKERS[0],
            "is_public": True,
        },
    )


def _monchengladbach(network: Organization, admin: Any) -> None:
    coordinator = _person(MG_COORDINATOR_EMAIL, "Deniz Albers")
    organization_services.add_person(admin, network, coordinator, Role.ADMIN)
    services.set_network_role(admin, network, coordinator, NetworkRoleKind.COORDINATOR)
    circle = services.save_body(
        DEMO_LOADER,
        network,
        {
            "kind": BodyKind.WORKING_GROUP,
            "name": "Koordinierungskreis",
            "description": "Trifft sich jede Woche; jedes Mitglied entsendet eine Person.",
            "is_public": True,
            "seats_for_organisations": True,
        },
    )
    found = Organization.objects.in_bulk(
        [slug for slug, _e, _n in MG_MEMBER_ADMINS], field_name="slug"
    )
    for slug, email, name in MG_MEMBER_ADMINS:
        member = found.get(slug)
        if member is None:
            continue
        organization_services.add_person(admin, member, _person(email, name), Role.ADMIN)
        if Membership.objects.filter(
            network=network, member=member, status=MembershipStatus.ACTIVE
        ).exists():
            services.save_seat(
                DEMO_LOADER, circle, {"role": SeatRole.MEMBER, "holder_organization": member}
            )


def _nemo_invites_migranet(network: Organization, member: Organization) -> None:
    if Membership.objects.filter(network=network, member=member, status__in=LIVE_STATUSES).exists():
        return
    services.invite_member(
        DEMO_LOADER,
        network,
        member,
        message=(
            "Liebe Kolleg*innen in Mecklenburg-Vorpommern, wir laden Sie ein, Mitglied im "
            "Bundesverband zu werden."
        ),
    )


def _take_over(migranet: Organization, claimant: Any) -> None:
    """Five of MIGRANET-MV's members nobody administers are invited to take over their
    profiles; the demo member claims a sixth, waiting for its registered address."""
    if TakeOverInvitation.objects.filter(network=migranet).exists():
        return
    waiting = list(queries.members_without_administrator(migranet).exclude(email="")[:6])
    if not waiting:
        return
    services.invite_members_to_take_over(DEMO_LOADER, migranet, waiting[:5])
    if len(waiting) == 6 and organization_policy.can_claim(claimant, waiting[5]):
        organization_services.claim_profile(
            claimant, waiting[5], "Ich bin im Vorstand und pflege unsere Angaben."
        )


def load(people: dict[str, Any]) -> None:
    found = Organization.objects.in_bulk([BKMO, NEMO, MIGRANET, MG_NETWORK], field_name="slug")
    admin = people["admin"]
    # Each part runs once: a second seed_demo finds the bodies and leaves them as they are.
    if BKMO in found and not Body.objects.filter(organization=found[BKMO]).exists():
        _bkmo(found[BKMO], admin)
    if MIGRANET in found and not Body.objects.filter(organization=found[MIGRANET]).exists():
        _migranet(found[MIGRANET])
    if MG_NETWORK in found and not Body.objects.filter(organization=found[MG_NETWORK]).exists():
        _monchengladbach(found[MG_NETWORK], admin)
    if NEMO in found and MIGRANET in found:
        _nemo_invites_migranet(found[NEMO], found[MIGRANET])
    if MIGRANET in found and "member" in people:
        _take_over(found[MIGRANET], people["member"])

"""The structures the seed texts describe, built through the services.

BKMO: 41 member associations (10 umbrella associations, 3 parents' networks, 7 federal
associations, 4 state associations and more) that together represent about 1,200
associations. NeMO: a federal association of 20 city networks with 700+ organisations.
MIGRANET-MV: a speaker council of three spokespersons, with an earlier term as history.
Organisation names are the real ones; every person is fictional.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import make_organization
from tests.networks.helpers import join, network
from verbund.networks import queries, services
from verbund.networks.models import Membership
from verbund.networks.taxonomy import BodyKind, MembershipStatus, SeatRole
from verbund.organizations.models import Organization
from verbund.organizations.taxonomy import Kind, Status

pytestmark = pytest.mark.django_db

BKMO_MEMBERS: dict[str, list[str]] = {
    Kind.UMBRELLA: [
        "DaMOst - Dachverband der Migrant*innenorganisationen in Ostdeutschland",
        "Iranische Gemeinde in Deutschland (IGD)",
        "Türkische Gemeinde in Deutschland (TGD)",
        "Verband afghanischer Organisationen in Deutschland (VAFO)",
        "Verband Griechischer Gemeinden in der Bundesrepublik Deutschland",
        "Zentralrat der Afrikanischen Gemeinde in Deutschland (ZAGD)",
        "Zentralrat der Serben in Deutschland (ZSD)",
        "Polnischer Sozialrat (PSR)",
        "Neue deutsche Organisationen (ndo)",
        "Kone",
    ],
    Kind.PARENTS_NETWORK: [
        "Bundeselternnetzwerk der Migrant*innenorganisationen für Bildung und Teilhabe (bbt)",
        "Bundesverband russischsprachiger Eltern (BVRE)",
        "FÖTED - Förderung Türkischer Elternvereine in Deutschland",
    ],
    Kind.FEDERAL: [
        "Bundesverband ausländischer Studierender (BAS)",
        "Bundesverband interkultureller Frauen in Deutschland (BIFeV)",
        "Bundesverband ukrainischstämmiger Familien, Senioren, Frauen und Jugendlichen",
        "djo Deutsche Jugend in Europa",
        "Verband für interkulturelle Wohlfahrtspflege, Empowerment und Diversity (VIW)",
        "JuMu Deutschland",
        "Each One Teach One (EOTO)",
    ],
    Kind.STATE: [
        "Arbeitsgemeinschaft von Migrantinnen, Migranten und Flüchtlingen in Niedersachsen (amfn)",
        "Landesnetzwerk Migrant*innenorganisationen Sachsen-Anhalt (LAMSA)",
        "Migranetz Thüringen",
        "Netzwerk der Migrant*innenorganisationen in Mecklenburg-Vorpommern (Migranet-MV)",
    ],
    Kind.MIGRANT_ORGANISATION: [
        "AFROTAK TV cyberNomads",
        "Amaro Drom",
        "de.Perspektive",
        "Loom",
        "Migrations- und Integrationsrat Land Brandenburg",
        "Pan-African Women's Empowerment & Liberation Organisation (PAWLO-Masoso)",
        "Queeraspora",
        "STayin",
        "südost Europa Kultur",
        "U.T.B.E - Union des togolais de breme et de ses environs",
        "Verein kamerunischer Ingenieure und Informatiker (VKII)",
        "Vereinigung Mandatsträgerinnen Afrikanischer Abstammung (VMA)",
        "Vietnamzentrum",
        "Yekmal",
        "Young Voice TGD",
        "ZAN - Hilfsorganisation zur Förderung der Rechte afghanischer Frauen",
        "Weitere Mitgliedsorganisation",
    ],
}

NEMO_CITIES = [
    "Berlin",
    "Bielefeld",
    "Bochum",
    "Bremen",
    "Dortmund",
    "Dresden",
    "Duisburg",
    "Düsseldorf",
    "Essen",
    "Halle",
    "Hamburg",
    "Hannover",
    "Kiel",
    "Köln",
    "Leipzig",
    "Magdeburg",
    "Mönchengladbach",
    "Münster",
    "Nürnberg",
    "Stuttgart",
]


def bulk_associations(parent: Organization, count: int, prefix: str, city: str) -> None:
    """Many small member associations at once: the scale of the seeds, not their detail."""
    created = Organization.objects.bulk_create(
        Organization(
            slug=f"{parent.slug}-{prefix}-{n}",
            name=f"{prefix} {n}",
            kind=Kind.MIGRANT_ORGANISATION,
            city=city,
            status=Status.PUBLISHED,
        )
        for n in range(count)
    )
    Membership.objects.bulk_create(
        Membership(network=parent, member=member, status=MembershipStatus.ACTIVE)
        for member in created
    )


def test_bkmo_shows_its_members_by_kind_and_represents_about_1200(client: Any, staff: Any) -> None:
    bkmo = network(
        "Bundeskonferenz der Migrant*innenorganisationen", short_name="BKMO", kind=Kind.FEDERAL
    )
    members = []
    for kind, names in BKMO_MEMBERS.items():
        for name in names:
            member = make_organization(name=name, kind=kind)
            join(staff, bkmo, member)
            members.append(member)
    assert len(members) == 41
    # The member associations of the networks among the members: 1,159 together.
    networks_among_members = [m for m in members if m.kind != Kind.MIGRANT_ORGANISATION]
    per_network, rest = divmod(1159, len(networks_among_members))
    for index, member in enumerate(networks_among_members):
        bulk_associations(member, per_network + (1 if index < rest else 0), "Verein", city="Berlin")
    # Belonging to two member networks still counts once.
    join(
        staff,
        networks_among_members[1],
        *Organization.objects.filter(membership_links__network=networks_among_members[0])[:5],
    )

    summary = queries.network_summary(bkmo, None)
    by_kind = {t.value: t.count for t in summary.members_by_kind}
    assert by_kind == {
        Kind.UMBRELLA: 10,
        Kind.PARENTS_NETWORK: 3,
        Kind.FEDERAL: 7,
        Kind.STATE: 4,
        Kind.MIGRANT_ORGANISATION: 17,
    }
    assert summary.direct_total == 41
    assert summary.represented_total == 1200
    with translation.override("en"):
        html = client.get(reverse("networks:detail", kwargs={"slug": bkmo.slug})).content
    text = html.decode()
    assert "10 Umbrella association" in text and "3 Parents" in text
    assert 'id="represented-total">1200 ' in text or 'id="represented-total">1.200 ' in text


def test_nemo_is_a_federal_association_of_20_city_networks(client: Any, staff: Any) -> None:
    nemo = network(
        "Bundesverband Netzwerke von Migrant*innenorganisationen",
        short_name="NeMO",
        kind=Kind.FEDERAL,
    )
    for city in NEMO_CITIES:
        verbund = network(
            f"Verbund der Migrant*innenorganisationen {city}", kind=Kind.LOCAL_NETWORK, city=city
        )
        join(staff, nemo, verbund)
        bulk_associations(verbund, 36, "Migrantenverein", city=city)
    summary = queries.network_summary(nemo, None)
    assert summary.direct_total == 20
    assert [t.value for t in summary.members_by_kind] == [Kind.LOCAL_NETWORK]
    assert summary.represented_total == 20 + 20 * 36
    assert len(summary.by_city) == 15 and summary.by_city[0].count == 37
    structure = client.get(reverse("networks:structure", kwargs={"slug": nemo.slug}))
    assert structure.content.decode().count("Verbund der Migrant*innenorganisationen") == 20


def test_migranet_mv_speaker_council_with_three_spokespersons_and_a_past_term(
    client: Any, staff: Any
) -> None:
    migranet = network(
        "Netzwerk der Migrantenorganisationen in MV",
        short_name="MIGRANET-MV",
        kind=Kind.STATE,
        city="Rostock",
        federal_state="MV",
    )
    council = services.save_body(staff, migranet, {"kind": BodyKind.SPEAKER_COUNCIL})
    elected = datetime.date.today().replace(month=1, day=1)
    for name in ("Sami Beispiel", "Lina Muster", "Ousmane Fiktiv"):
        services.save_seat(
            staff,
            council,
            {
                "role": SeatRole.SPOKESPERSON,
                "holder_name": name,
                "starts_on": elected,
                "elected_by": "7. Konferenz der Migrantenselbstorganisationen",
            },
        )
    services.save_seat(
        staff,
        council,
        {
            "role": SeatRole.SPOKESPERSON,
            "holder_name": "Frühere Sprecherin",
            "starts_on": datetime.date(2009, 5, 1),
            "ends_on": datetime.date(2012, 4, 30),
            "elected_by": "3. Konferenz der Migrantenselbstorganisationen",
        },
    )
    services.save_body(
        staff, migranet, {"kind": BodyKind.OFFICE, "description": "Angesiedelt bei FABRO"}
    )
    services.save_external_seat(
        staff,
        migranet,
        {
            "body_name": "Integrationsbeirat",
            "institution": "Sozialministerium MV",
            "role": "Mitglied",
            "holder_name": "Lina Muster",
        },
    )
    bodies = queries.who_we_are(migranet)
    assert [b.kind for b in bodies] == [BodyKind.SPEAKER_COUNCIL]
    spokespersons = bodies[0].current_seats  # type: ignore[attr-defined]
    assert [s.holder_name for s in spokespersons] == [
        "Sami Beispiel",
        "Lina Muster",
        "Ousmane Fiktiv",
    ]
    assert [s.holder_name for s in queries.body_history(council)] == ["Frühere Sprecherin"]
    profile = client.get(reverse("organizations:profile", kwargs={"slug": migranet.slug}))
    text = profile.content.decode()
    assert "Ousmane Fiktiv" in text and "Integrationsbeirat" in text
    assert "Frühere Sprecherin" not in text

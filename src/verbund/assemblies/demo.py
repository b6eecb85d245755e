# Invented Turkish names are spelled with the dotless i.
# ruff: noqa: RUF001
"""Demo data of assemblies: BKMO's annual federal conference, held a month ago, and the seven
conferences of MIGRANET-MV with their resolutions.

At the federal conference eight member organisations sent a delegate each (all checked in);
a motion for a federal participation law was amended, adopted by a named vote and filed as
a resolution with its consolidated text; a second motion was rejected; the board of nine was
re-elected by secret ballot and the elected hold the board's seats from the day after (the
founding board's term ended that day).

MIGRANET-MV was founded at the third of its conferences in May 2009; each of the seven has
one resolution in the resolution book (titles and texts invented in the spirit of the
network's demands). Every step goes through the services, the chair being BKMO's office.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from verbund.accounts import services as account_services
from verbund.assemblies import services
from verbund.assemblies.models import Candidate, Conference, Participant
from verbund.assemblies.taxonomy import (
    Choice,
    ElectionMethod,
    Majority,
    MotionStatus,
    PollKind,
    ResultBase,
)
from verbund.core.actors import DEMO_LOADER
from verbund.networks import services as network_services
from verbund.networks.demo import BKMO_FOUNDING_BOARD, BKMO_OFFICE_EMAIL
from verbund.networks.models import Body, Membership, Seat
from verbund.networks.taxonomy import BodyKind, MembershipStatus, MembershipType
from verbund.organizations.demo_data import BKMO, MIGRANET
from verbund.organizations.models import Organization

DELEGATES: tuple[str, ...] = (
    "Selin Arı",
    "Jonas Mwangi",
    "Olga Petrenko",
    "Rami Khoury",
    "Ana Lúcia Brandão",
    "Minh Anh Hoffmann",
    "Baran Yıldız",
    "Elif Kramer",
)
PARTICIPATION_MOTION = """\
Die Bundeskonferenz fordert den Bundestag auf, in dieser Wahlperiode ein \
Bundespartizipationsgesetz zu beschließen.

Das Gesetz verpflichtet die Bundesministerien, Migrant*innenorganisationen an Vorhaben zu \
beteiligen, die sie betreffen.

Der Vorstand legt der nächsten Bundeskonferenz einen Bericht über den Stand vor."""
PARTICIPATION_AMENDMENT = (
    "Das Gesetz verpflichtet die Bundesministerien, Migrant*innenorganisationen frühzeitig und "
    "verbindlich an allen Gesetzen und Programmen zu beteiligen, die sie betreffen."
)
TWICE_A_YEAR_MOTION = """\
Die Bundeskonferenz tagt künftig zweimal im Jahr, im Frühjahr und im Herbst.

Die Kosten tragen die Mitgliedsorganisationen zu gleichen Teilen."""
# The board's candidates: the founding board stands again, except one member, and one new
# candidate; (role, name) — the nine with the most yes votes are elected.
NEW_CANDIDATE = "Yasemin Okoro"
RETIRING = "Kostas Marinou"

# (number, year, month, day, place, resolution title, resolution text)
MIGRANET_CONFERENCES: tuple[tuple[int, int, int, int, str, str, str], ...] = (
    (
        1,
        2007,
        11,
        17,
        "Rostock",
        "Migrantenorganisationen vernetzen sich",
        "Die Vereine "
        "aus Mecklenburg-Vorpommern treffen sich künftig regelmäßig zu einer Landeskonferenz.",
    ),
    (
        2,
        2008,
        6,
        7,
        "Schwerin",
        "Kommunales Wahlrecht für alle",
        "Die Konferenz fordert das "
        "kommunale Wahlrecht für alle Menschen, die seit Jahren in Mecklenburg-Vorpommern leben.",
    ),
    (
        3,
        2009,
        5,
        16,
        "Rostock",
        "Gründung von MIGRANET-MV",
        "Die Konferenz gründet das "
        "Netzwerk der Migrantenorganisationen in Mecklenburg-Vorpommern und wählt einen "
        "Sprecherrat aus drei Personen.",
    ),
    (
        4,
        2010,
        10,
        9,
        "Greifswald",
        "Migranten in die Integrationsgremien",
        "Vertreterinnen "
        "und Vertreter der Migrantenorganisationen gehören in alle Gremien des Landes, die über "
        "Integration beraten.",
    ),
    (
        5,
        2011,
        11,
        12,
        "Neubrandenburg",
        "Gemeinsam gegen Rassismus",
        "Die Konferenz ruft "
        "alle demokratischen Kräfte im Land zu einem Bündnis gegen Rassismus und "
        "Rechtsextremismus auf.",
    ),
    (
        6,
        2013,
        4,
        20,
        "Rostock",
        "Bessere Bedingungen für Geflüchtete",
        "Geflüchtete sollen "
        "dezentral wohnen und unabhängig vom Aufenthaltsstatus Deutsch lernen können.",
    ),
    (
        7,
        2015,
        9,
        26,
        "Schwerin",
        "Selbstorganisation dauerhaft fördern",
        "Das Land fördert "
        "das Netzwerk dauerhaft und verankert Integration in der Landesverfassung.",
    ),
)


def _full_members(network: Organization, count: int) -> list[Organization]:
    return [
        m.member
        for m in Membership.objects.filter(
            network=network, status=MembershipStatus.ACTIVE, type=MembershipType.FULL
        )
        .select_related("member")
        .order_by("member__name")[:count]
    ]


def _federal_conference(bkmo: Organization, office: Any) -> None:
    held_on = timezone.localdate() - datetime.timedelta(days=30)
    conference = services.save_conference(
        office,
        bkmo,
        {
            "title": f"Bundeskonferenz {held_on.year}",
            "starts_on": held_on,
            "ends_on": held_on,
            "place": "Berlin",
            "capacity": 130,
            "delegates_per_member": 1,
            "delegate_vote_weight": 1,
            "registration_open": False,
        },
    )
    delegates: list[Participant] = []
    for number, (member, name) in enumerate(
        zip(_full_members(bkmo, len(DELEGATES)), DELEGATES, strict=False), start=1
    ):
        person = account_services.demo_person(
            DEMO_LOADER, f"delegierte-{number:02d}@verbund.example", name
        )
        participant = services.name_delegate(office, conference, member, person)
        services.set_presence(office, participant, True)
        delegates.append(participant)
    if len(delegates) < 3:
        return
    people = [d.person for d in delegates]

    motion = services.submit_motion(
        people[0],
        conference,
        {"title": "Bundespartizipationsgesetz jetzt", "text": PARTICIPATION_MOTION},
    )
    services.change_motion_status(office, motion, MotionStatus.ADMITTED)
    amendment = services.submit_amendment(
        people[1],
        motion,
        2,
        PARTICIPATION_AMENDMENT,
        "Frühzeitig und verbindlich, nicht irgendwann.",
    )
    services.decide_amendment(office, amendment, adopted=True)
    _vote(office, conference, motion, people, yes=len(people) - 2, no=1)
    motion.refresh_from_db()
    services.change_motion_status(office, motion, MotionStatus.ADOPTED_CHANGED)

    second = services.submit_motion(
        people[2],
        conference,
        {"title": "Zwei Bundeskonferenzen im Jahr", "text": TWICE_A_YEAR_MOTION},
    )
    services.change_motion_status(office, second, MotionStatus.ADMITTED)
    _vote(office, conference, second, people, yes=2, no=len(people) - 3)
    second.refresh_from_db()
    services.change_motion_status(office, second, MotionStatus.REJECTED)

    _board_election(office, conference, bkmo, people, held_on)


def _vote(
    office: Any, conference: Conference, motion: Any, people: list[Any], *, yes: int, no: int
) -> None:
    poll = services.save_poll(
        office,
        conference,
        {
            "kind": PollKind.VOTE,
            "title": f"Abstimmung: {motion.title}",
            "question": f"Soll der Antrag „{motion.title}“ angenommen werden?",
            "secret": False,
            "result_base": ResultBase.YES_NO,
            "majority": Majority.SIMPLE,
            "motion": motion,
        },
    )
    services.open_poll(office, poll)
    for index, person in enumerate(people):
        choice = Choice.YES if index < yes else Choice.NO if index < yes + no else Choice.ABSTAIN
        services.cast_vote(person, poll, {"choice": choice})
    services.close_poll(office, poll)


def _board_election(
    office: Any, conference: Conference, bkmo: Organization, people: list[Any], held_on: Any
) -> None:
    board = Body.objects.filter(organization=bkmo, kind=BodyKind.BOARD).first()
    if board is None:
        return
    term_starts = held_on + datetime.timedelta(days=1)
    poll = services.save_poll(
        office,
        conference,
        {
            "kind": PollKind.ELECTION,
            "title": "Wahl des Vorstands",
            "question": "Wer soll dem Vorstand für die nächsten zwei Jahre angehören?",
            "secret": True,
            "result_base": ResultBase.CAST,
            "majority": Majority.MORE_THAN_HALF,
            "body": board,
            "seats": len(BKMO_FOUNDING_BOARD),
            "method": ElectionMethod.YES_NO_PER_CANDIDATE,
            "term_starts_on": term_starts,
            "term_ends_on": term_starts + datetime.timedelta(days=2 * 365),
        },
    )
    standing = [(role, name) for role, _note, name in BKMO_FOUNDING_BOARD]
    for role, name in standing:
        services.add_candidate(office, poll, name, role=role)
    services.add_candidate(office, poll, NEW_CANDIDATE, role="member")
    services.open_poll(office, poll)
    candidates = list(Candidate.objects.filter(poll=poll).order_by("position"))
    for index, person in enumerate(people):
        answer = {}
        for candidate in candidates:
            if candidate.name == RETIRING:
                answer[str(candidate.pk)] = Choice.NO if index % 3 else Choice.YES
            elif candidate.name == NEW_CANDIDATE:
                answer[str(candidate.pk)] = Choice.YES if index % 4 else Choice.ABSTAIN
            else:
                answer[str(candidate.pk)] = Choice.NO if index == 0 else Choice.YES
        services.cast_vote(person, poll, answer)
    services.close_poll(office, poll)
    # The founding board's term ends with the day of the election.
    for seat in Seat.objects.current().filter(body=board):
        network_services.save_seat(office, board, {"ends_on": held_on}, seat=seat)
    services.install_elected(office, poll)


def _migranet_conferences(migranet: Organization, coordinator: Any) -> None:
    for number, year, month, day, place, title, text in MIGRANET_CONFERENCES:
        held_on = datetime.date(year, month, day)
        conference = services.save_conference(
            coordinator,
            migranet,
            {
                "title": f"{number}. Konferenz der Migrantenselbstorganisationen in MV",
                "starts_on": held_on,
                "ends_on": held_on,
                "place": place,
                "delegates_per_member": 2,
                "delegate_vote_weight": 1,
                "registration_open": False,
            },
        )
        motion = services.submit_motion(coordinator, conference, {"title": title, "text": text})
        services.change_motion_status(coordinator, motion, MotionStatus.ADMITTED)
        services.change_motion_status(coordinator, motion, MotionStatus.ADOPTED)


def load(people: dict[str, Any]) -> None:
    found = Organization.objects.in_bulk([BKMO, MIGRANET], field_name="slug")
    office = get_user_model().objects.filter(email=BKMO_OFFICE_EMAIL).first()
    if BKMO in found and office and not Conference.objects.filter(network=found[BKMO]).exists():
        _federal_conference(found[BKMO], office)
    if MIGRANET in found and not Conference.objects.filter(network=found[MIGRANET]).exists():
        _migranet_conferences(found[MIGRANET], people["org_admin"])

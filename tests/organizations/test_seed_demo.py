# The seed texts spell some names with Turkish letters such as the dotless i.
# ruff: noqa: RUF001
"""``manage.py seed_demo``: the demo networks from the seeds, every state, working logins, and
no real person from the seed texts anywhere in the data."""

from __future__ import annotations

import io
import itertools
import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import phonenumbers
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from verbund.accounts.models import User
from verbund.core.models import AuditEntry
from verbund.core.text import fold, words
from verbund.networks.models import Membership, NetworkRole
from verbund.networks.taxonomy import MembershipStatus, NetworkRoleKind
from verbund.organizations.demo_data import (
    BKMO_LISTED_ENTRIES,
    BKMO_MEMBER_LIST,
    BKMO_PERSON_ENTRIES,
    LOCAL_NETWORKS,
    NEMO_CITIES,
    PEOPLE,
)
from verbund.organizations.models import Affiliation, ContactPerson, Organization, Tag
from verbund.organizations.taxonomy import FederalState, Kind, Role, Status

pytestmark = pytest.mark.django_db

# People named in the seed texts (board, office, speaker council, speakers of the talk, the
# photographers, and the one person in BKMO's member list). None may appear in demo data.
SEED_PEOPLE = (
    "Karen Taylor",
    "Ehsan Djafari",
    "Cana Nurtsch",
    "Leyla Akpınar",
    "Michael Allimadi",
    "Eter Hachmann",
    "Marianne Ballé Moudoumbou",
    "Anastasia Sudzilovskaya",
    "Zeynep Sezgin Radandt",
    "Lena Graser",
    "Amir Alexander Fahim",
    "Olivia-Julia Lamml",
    "Jackie Schöneck",
    "Lan Rommel",
    "Lale Ertong",
    "Melisa Meral",
    "Mehrangiz Saidjonova",
    "Sabrina Rahimi",
    "Nihad Nino Pušija",
    "Andreas Schwarz",
    "Tugce Albayrak",
    "Iman-Jonas Dogesch",
    "Luise Breider",
    "Amadou Abdoulaye",
    "Stefan Lenzen",
    "Martina Gehler",
    "Alpha Ibrahima Balde",
    "Ali Kalayci",
    "Ngimbi Makambu",
)
# Their e-mail domains and phone numbers as the seeds print them.
SEED_CONTACT_FRAGMENTS = (
    "bk-mo.de",
    "irfan-imp.de",
    "radio-mh.com",
    "aciz",
    "hotmail",
    "lecridesopprimes",
    "gmx.de",
    "migranet-mv.de",
)
SEED_PHONE_DIGITS = ("15753464141", "1629177931", "1799449199", "15210336843")


def _seed(*arguments: str) -> str:
    output = io.StringIO()
    call_command("seed_demo", *arguments, stdout=output)
    return output.getvalue()


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """Seed once for the whole module, inside a transaction rolled back at its end; each test
    runs in its own nested transaction on top, so what one test changes the next never sees."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _seed("--if-empty")
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def seeded(_seeded_once: str, db: Any) -> str:
    return _seeded_once


def test_registry_has_enough_organisations_in_every_state(seeded: str) -> None:
    published = Organization.objects.filter(status=Status.PUBLISHED)
    assert Organization.objects.count() >= 60
    assert published.count() >= 60
    assert set(published.values_list("federal_state", flat=True)) == set(FederalState.values)
    drafts = Organization.objects.filter(status=Status.DRAFT)
    assert 1 <= drafts.count() <= 5
    awaiting = drafts.filter(review_requested_at__isnull=False)
    assert [o.slug for o in awaiting] == ["sprachbruecke-potsdam"]
    # Everything went through the services: each organisation has its creation in the log.
    created = AuditEntry.objects.filter(action="organization.created").count()
    assert created == Organization.objects.count()
    assert Organization.objects.filter(search_text="").count() == 0


def test_all_bkmo_members_from_the_brochure_are_there(seeded: str) -> None:
    assert len(BKMO_MEMBER_LIST) + BKMO_PERSON_ENTRIES == BKMO_LISTED_ENTRIES == 41
    members = {o.slug: o for o in Organization.objects.filter(slug__in=BKMO_MEMBER_LIST.values())}
    assert len(members) == len(BKMO_MEMBER_LIST) == 40
    for listed_name, slug in BKMO_MEMBER_LIST.items():
        organization = members[slug]
        assert organization.status == Status.PUBLISHED
        assert organization.verified
        # The stored name is the brochure's, without the acronym in brackets.
        assert set(words(organization.name)) <= set(words(listed_name)), listed_name
    kinds = Counter(o.kind for o in members.values())
    # The brochure: 10 umbrella associations, 3 parents' networks, 7 federal and 4 state
    # associations, and further organisations.
    assert kinds[Kind.UMBRELLA] == 10
    assert kinds[Kind.PARENTS_NETWORK] == 3
    assert kinds[Kind.FEDERAL] == 7
    assert kinds[Kind.STATE] == 4
    assert kinds[Kind.MIGRANT_ORGANISATION] + kinds[Kind.NEW_GERMAN_ORGANISATION] == 16
    tgd = members["tgd"]
    assert tgd.name == "Türkische Gemeinde in Deutschland"
    assert tgd.short_name == "TGD"


def test_networks_from_the_seeds_are_there(seeded: str) -> None:
    bkmo = Organization.objects.get(slug="bkmo")
    assert bkmo.short_name == "BKMO" and bkmo.founding_year == 2017
    nemo = Organization.objects.get(slug="bundesverband-nemo")
    assert nemo.short_name == "NeMO"
    migranet = Organization.objects.get(slug="migranet-mv")
    assert migranet.short_name == "MIGRANET-MV"
    assert migranet.founding_year == 2009
    assert (migranet.city, migranet.federal_state) == ("Rostock", "MV")
    assert migranet.contact_persons.count() == 2
    local = Organization.objects.filter(kind=Kind.LOCAL_NETWORK, status=Status.PUBLISHED)
    assert {o.city for o in local} == set(NEMO_CITIES)
    assert len(LOCAL_NETWORKS) == local.count()
    for slug in ("irfan", "radio-mh", "le-cri-des-opprimes", "fabro"):
        assert Organization.objects.filter(slug=slug, status=Status.PUBLISHED).exists()
    partners = Organization.objects.filter(kind=Kind.PARTNER)
    assert partners.exclude(partner_kind="").count() == partners.count() >= 8
    for organization in (bkmo, nemo, migranet):
        assert organization.description["de"] and organization.description["en"]


def test_memberships_follow_the_seeds(seeded: str) -> None:
    def members_of(slug: str) -> set[str]:
        return set(
            Membership.objects.filter(
                network__slug=slug, status=MembershipStatus.ACTIVE
            ).values_list("member__slug", flat=True)
        )

    assert members_of("bkmo") == set(BKMO_MEMBER_LIST.values())
    assert members_of("bundesverband-nemo") == {n.slug for n in LOCAL_NETWORKS}
    assert {"irfan", "radio-mh", "le-cri-des-opprimes"} <= members_of("verbund-mo-monchengladbach")
    # More than 40 member organisations from the districts and towns of the state.
    migranet_members = Organization.objects.filter(slug__in=members_of("migranet-mv"))
    assert migranet_members.count() > 40
    assert set(migranet_members.values_list("federal_state", flat=True)) == {"MV"}
    assert migranet_members.values("city").distinct().count() >= 12
    # NeMO: networks in 20 cities.
    assert len(members_of("bundesverband-nemo")) == len(NEMO_CITIES) == 20
    # The network's office: the demo organisation admin coordinates MIGRANET-MV.
    assert NetworkRole.objects.filter(
        network__slug="migranet-mv",
        person__email="orga@verbund.example",
        role=NetworkRoleKind.COORDINATOR,
    ).exists()


def test_directory_lists_the_demo_organisations(seeded: str, client: Any) -> None:
    response = client.get(reverse("organizations:directory"), {"q": "MIGRANET"})
    assert response.status_code == 200
    assert "Mecklenburg-Vorpommern" in response.content.decode()


def test_demo_people_log_in_and_have_their_roles(seeded: str, client: Any) -> None:
    admin = User.objects.get(email=settings.DEMO_ADMIN_EMAIL)
    assert admin.is_superuser and admin.is_staff
    assert client.login(email=settings.DEMO_ADMIN_EMAIL, password=settings.DEMO_ADMIN_PASSWORD)
    client.logout()
    # Through allauth's own form, with mandatory e-mail verification switched on.
    assert settings.ACCOUNT_EMAIL_VERIFICATION == "mandatory"
    response = client.post(
        reverse("account_login"),
        {
            "login": settings.DEMO_ADMIN_EMAIL,
            "password": settings.DEMO_ADMIN_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert "confirm-email" not in response["Location"]
    assert client.session.get("_auth_user_id") == str(admin.pk)
    client.logout()

    migranet = Organization.objects.get(slug="migranet-mv")
    roles = dict(
        Affiliation.objects.filter(organization=migranet).values_list("person__email", "role")
    )
    assert roles == {
        "orga@verbund.example": Role.ADMIN,
        "redaktion@verbund.example": Role.EDITOR,
        "mitglied@verbund.example": Role.MEMBER,
    }
    for demo_person in PEOPLE:
        assert client.login(email=demo_person.email, password=settings.DEMO_ADMIN_PASSWORD)
        client.logout()
    for email in (settings.DEMO_ADMIN_EMAIL, *(p.email for p in PEOPLE)):
        assert email in seeded


def test_if_empty_does_nothing_on_a_second_run(seeded: str) -> None:
    organisations = Organization.objects.count()
    entries = AuditEntry.objects.count()
    output = _seed("--if-empty")
    assert "no demo data loaded" in output
    assert Organization.objects.count() == organisations
    assert AuditEntry.objects.count() == entries


def test_a_second_run_without_if_empty_skips_what_exists(seeded: str) -> None:
    organisations = Organization.objects.count()
    Organization.objects.get(slug="kone").delete()
    output = _seed()
    assert f"1 organisations created, {organisations - 1} already there" in output
    assert Organization.objects.count() == organisations
    assert User.objects.filter(email=settings.DEMO_ADMIN_EMAIL).count() == 1


def _all_demo_text() -> str:
    parts: list[str] = []
    for organization in Organization.objects.all():
        parts += [
            organization.name,
            organization.short_name,
            organization.street,
            organization.email,
            organization.website,
            str(organization.phone or ""),
            json.dumps(organization.description, ensure_ascii=False),
            " ".join(organization.social_links),
        ]
    for contact in ContactPerson.objects.all():
        parts += [contact.name, contact.function_note, contact.email, str(contact.phone or "")]
    for person in User.objects.all():
        parts += [person.email, person.display_name, person.first_name, person.last_name]
    parts += list(Tag.objects.values_list("name", flat=True))
    for entry in AuditEntry.objects.all():
        parts += [entry.summary, json.dumps(entry.changes, ensure_ascii=False)]
    return "\n".join(parts)


def test_no_person_from_the_seed_texts_appears_in_demo_data(seeded: str) -> None:
    text = _all_demo_text()
    folded = fold(text)
    present_words = set(words(text))
    assert ContactPerson.objects.count() >= 10
    for name in SEED_PEOPLE:
        assert fold(name) not in folded, name
        surname = words(name)[-1]
        assert surname not in present_words, f"surname of {name}"
    for fragment in SEED_CONTACT_FRAGMENTS:
        assert fragment not in folded, fragment
    digits = re.sub(r"\D", "", text)
    for number in SEED_PHONE_DIGITS:
        assert number not in digits, number


def test_contact_details_are_fictional_and_visibilities_mixed(seeded: str) -> None:
    organisations = list(Organization.objects.all())
    for organization in organisations:
        assert organization.email.endswith(".example"), organization.email
        assert re.match(r"^https://www\.[a-z0-9-]+\.example/$", organization.website)
        if organization.phone:
            assert phonenumbers.is_valid_number(organization.phone)
    for contact in ContactPerson.objects.all():
        assert contact.email.endswith(".example")
    for person in User.objects.all():
        assert person.email.endswith((".example", "@example.org"))
    for field in ("email_visibility", "phone_visibility", "address_visibility"):
        assert {getattr(o, field) for o in organisations} >= {"public", "members"}
    assert "staff" in {o.email_visibility for o in organisations}
    assert {c.visibility for c in ContactPerson.objects.all()} == {"public", "members", "staff"}
    assert all(o.latitude is not None and o.longitude is not None for o in organisations)
    # Every demo pin lies within 25 km of its postal code's centre (``manage.py check_pins``).
    from verbund.maps.queries import pins_far_from_postal_code

    assert [row.organization.slug for row in pins_far_from_postal_code()] == []


def test_beratng_finds_the_counselling_in_the_demo(seeded: str) -> None:
    """Issue 14: "Beratng" (a typo of Beratung) found nothing in the demo registry."""
    from verbund.organizations import queries

    exact = queries.directory(queries.DirectoryFilters(q="Beratung"), page_size=500)
    typo = queries.directory(queries.DirectoryFilters(q="Beratng"), page_size=500)
    assert typo.total > 0 and typo.fuzzy
    assert [o.pk for o in typo.page.object_list] == [o.pk for o in exact.page.object_list]


def _current_seats(slug: str, kind: str) -> list[Any]:
    from verbund.networks.models import Seat

    return list(
        Seat.objects.current()
        .filter(body__organization__slug=slug, body__kind=kind)
        .select_related("body", "holder_organization")
        .order_by("body__position", "pk")
    )


def test_the_seed_networks_have_their_bodies(seeded: str) -> None:
    from verbund.networks.models import Body, ExternalSeat

    board = _current_seats("bkmo", "board")
    # The board of nine: two chairs, a treasurer and six further members.
    assert Counter(seat.role for seat in board) == {
        "chair": 1,
        "co_chair": 1,
        "treasurer": 1,
        "member": 6,
    }
    assert {seat.body.name for seat in board} == {"Vorstand"}
    # The founding board's term ended at the federal conference that re-elected it.
    assert Body.objects.get(organization__slug="bkmo", kind="board").seats.count() == 18
    office = _current_seats("bkmo", "office")
    assert len(office) == 4 and office[0].role == "managing_director"
    committees = Body.objects.filter(organization__slug="bkmo", kind="committee")
    assert sorted(committees.values_list("name", flat=True)) == [
        "Arbeit, Gesundheit und Soziales",
        "Bildung",
        "Empowerment, Antirassismus und Flucht",
        "Gesellschaftliche und politische Teilhabe und Repräsentanz",
    ]
    bkmo_members = set(
        Membership.objects.filter(network__slug="bkmo", status="active").values_list(
            "member_id", flat=True
        )
    )
    for committee in committees:
        holders = [s.holder_organization_id for s in committee.seats.all()]
        assert len(holders) == 3 and set(holders) <= bkmo_members
    speakers = _current_seats("migranet-mv", "speaker_council")
    assert [seat.role for seat in speakers] == ["spokesperson"] * 3
    assert Body.objects.filter(organization__slug="migranet-mv", kind="office").exists()
    assert ExternalSeat.objects.filter(
        organization__slug="migranet-mv", body_name="Integrationsbeirat"
    ).exists()
    circle = _current_seats("verbund-mo-monchengladbach", "working_group")
    assert {seat.holder_organization.slug for seat in circle} == {
        "irfan",
        "radio-mh",
        "le-cri-des-opprimes",
    }


def test_the_federal_conference_voted_and_elected(seeded: str) -> None:
    from verbund.assemblies.models import Conference, Poll, VoteRecord

    conference = Conference.objects.get(network__slug="bkmo")
    assert conference.participants.filter(kind="delegate", present=True).count() == 8
    motions = {m.title: m for m in conference.motions.all()}
    law = motions["Bundespartizipationsgesetz jetzt"]
    assert law.status == "adopted_changed"
    # The adopted amendment is part of the consolidated, adopted text and of the resolution.
    amendment = law.amendments.get()
    assert amendment.status == "adopted"
    assert amendment.new_text in law.adopted_text
    assert law.document is not None and law.document.status == "adopted"
    assert motions["Zwei Bundeskonferenzen im Jahr"].status == "rejected"
    votes = Poll.objects.filter(conference=conference, kind="vote").order_by("position")
    assert [p.status for p in votes] == ["closed", "closed"]
    assert all(not p.secret and p.motion_id for p in votes)
    assert VoteRecord.objects.filter(poll=votes[0]).count() == 8
    election = Poll.objects.get(conference=conference, kind="election")
    assert election.secret and election.seats_installed_at is not None
    assert len(election.result["elected"]) == 9
    elected = set(
        election.candidates.filter(pk__in=election.result["elected"]).values_list("name", flat=True)
    )
    assert elected == {seat.holder_name for seat in _current_seats("bkmo", "board")}


def test_migranet_held_seven_conferences_with_resolutions(seeded: str) -> None:
    from verbund.assemblies.models import Conference

    conferences = list(Conference.objects.filter(network__slug="migranet-mv").order_by("starts_on"))
    assert len(conferences) == 7
    assert [c.title.split(".")[0] for c in conferences] == [str(n) for n in range(1, 8)]
    founding = conferences[2]
    assert (founding.starts_on.year, founding.starts_on.month) == (2009, 5)
    for conference in conferences:
        resolution = conference.motions.get()
        assert resolution.status == "adopted" and resolution.document is not None
    assert "Gründung" in founding.motions.get().title


def test_the_networking_talks_network_meets_weekly(seeded: str) -> None:
    import datetime

    from django.utils import timezone

    from verbund.meetings.models import ActionItem, Decision, Meeting, Minutes

    meeting = Meeting.objects.get(organization__slug="verbund-mo-monchengladbach")
    assert meeting.recurrence == "weekly" and meeting.agenda_items.count() == 4
    assert meeting.invitations.filter(response="yes").count() == 2
    minutes = list(Minutes.objects.filter(meeting=meeting).order_by("held_on"))
    assert [m.status for m in minutes] == ["sent", "sent", "draft"]
    assert all((b.held_on - a.held_on).days == 7 for a, b in itertools.pairwise(minutes))
    decisions = Decision.objects.filter(minutes__meeting=meeting).order_by("number")
    assert [d.number for d in decisions] == [1, 2, 3]
    tasks = ActionItem.objects.filter(decision__in=decisions)
    assert tasks.count() == 3 and tasks.filter(status="done").count() == 1
    today = timezone.localdate()
    overdue = tasks.exclude(status="done").filter(due_on__lt=today)
    assert overdue.count() == 1
    assert tasks.filter(due_on__gt=today + datetime.timedelta(days=0)).exists()


def test_committee_papers_are_in_progress_and_the_demands_published(seeded: str) -> None:
    from verbund.documents.models import Document

    papers = Document.objects.filter(organization__slug="bkmo", body__kind="committee")
    assert papers.count() == 3
    law = papers.get(title="Entwurf für ein Bundespartizipationsgesetz")
    assert law.status == "consultation" and law.versions.count() == 2
    assert papers.filter(versions__comments__isnull=False).distinct().count() == 2
    demands = Document.objects.get(organization__slug="migranet-mv", kind="demands")
    assert demands.status == "published" and demands.published_version is not None
    assert demands.published_version.text.count("\n\n") == 5  # six demands


def test_the_profiles_show_the_bodies_and_the_published_demands(seeded: str, client: Any) -> None:
    bkmo = client.get(reverse("organizations:profile", args=["bkmo"])).content.decode()
    assert "Vorstand" in bkmo and "Hatice Brandt" in bkmo
    assert "Empowerment, Antirassismus und Flucht" in bkmo
    migranet = client.get(reverse("organizations:profile", args=["migranet-mv"])).content.decode()
    assert "Sprecherrat" in migranet
    assert "Politische Forderungen des Netzwerks" in migranet

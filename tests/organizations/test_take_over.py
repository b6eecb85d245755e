"""Taking over a profile: a network invites the members its import created (nobody
administers them) to take over their profiles; the link is signed, expires, works once and
only for its organisation. Claims: "This is our organisation" is confirmed from the
organisation's registered address, or decided by staff or the network keeping the entry.
The import's contact and "invite" columns feed both. The attacker's paths are tested."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone, translation

from tests.factories import PersonFactory, make_organization
from tests.networks.helpers import run_worker
from verbund.core.models import AuditEntry
from verbund.networks import services as network_services
from verbund.networks.taxonomy import NetworkRoleKind
from verbund.organizations import import_checks, importing, policy, reading, services
from verbund.organizations.models import (
    Affiliation,
    Organization,
    ProfileClaim,
    TakeOverInvitation,
)
from verbund.organizations.taxonomy import ClaimStatus, Role, TakeOverStatus

# The real worker closes its database connection: only committed tests see its work.
pytestmark = pytest.mark.django_db(transaction=True)

MEMBER_LIST = (
    b"Name;Ort;E-Mail;Ansprechperson;E-Mail der Ansprechperson;Sprache der Ansprechperson;"
    b"Einladen\r\n"
    b"Syrischer Kulturverein;Rostock;info@syrisch.example;Amina Test;amina@syrisch.example;"
    b"Arabisch;ja\r\n"
    b"Elternnetz Wismar;Wismar;post@eltern.example;;;;ja\r\n"
    b"Ohne Adresse e.V.;Schwerin;;;;;nein\r\n"
)


@dataclass
class World:
    staff: Any
    coordinator: Any
    network: Organization


@pytest.fixture
def world(staff: Any) -> World:
    coordinator = PersonFactory(display_name="Koordination MV")
    network = make_organization(name="Netzwerk MV", kind="umbrella")
    network_services.set_network_role(staff, network, coordinator, NetworkRoleKind.COORDINATOR)
    return World(staff, coordinator, network)


def imported(world: World, data: bytes = MEMBER_LIST) -> list[dict[str, Any]]:
    table = reading.read_table(data, "mitglieder.csv")
    checks = import_checks.check_rows(
        table.rows, import_checks.suggest_mapping(table.headers), "de"
    )
    assert not [c.errors for c in checks if c.errors]
    with translation.override("en"):  # the report is written in the importer's language
        return importing.execute(
            world.coordinator, checks, [], decisions={}, on_duplicate="skip", network=world.network
        )


def link_in(message: Any) -> str:
    """The path of the first link in an e-mail."""
    found = re.search(r"https?://\S+", message.body)
    assert found, message.body
    return urlsplit(found.group(0)).path


def test_the_import_adds_contacts_and_invites_the_marked_rows(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = imported(world)
    syrian = Organization.objects.get(name="Syrischer Kulturverein")
    [contact] = syrian.contact_persons.all()
    assert (contact.name, contact.email, contact.language) == (
        "Amina Test",
        "amina@syrisch.example",
        "ar",
    )
    assert "invited to take over the profile" in report[0]["message"]
    assert "invited to take over the profile" in report[1]["message"]
    assert "invited" not in report[2]["message"]
    invitations = {i.organization.name: i for i in TakeOverInvitation.objects.all()}
    assert set(invitations) == {"Syrischer Kulturverein", "Elternnetz Wismar"}
    # The contact person, in Arabic; where there is none, the organisation's own address.
    assert (
        invitations["Syrischer Kulturverein"].email,
        invitations["Syrischer Kulturverein"].language,
    ) == ("amina@syrisch.example", "ar")
    assert invitations["Elternnetz Wismar"].email == "post@eltern.example"
    run_worker()
    sent = {m.to[0]: m for m in mail.outbox}
    arabic = sent["amina@syrisch.example"]
    assert re.search("[\u0600-\u06ff]", arabic.subject) and "Amina Test" in arabic.body
    assert "/ar/organisations/" in arabic.body
    assert not re.search("[\u0600-\u06ff]", sent["post@eltern.example"].subject)
    assert "/de/organisations/" in sent["post@eltern.example"].body
    assert {i.status for i in TakeOverInvitation.objects.all()} == {TakeOverStatus.SENT}


def test_a_bad_contact_cell_stops_the_whole_import_with_its_row(world: World) -> None:
    table = reading.read_table(
        b"Name;Ansprechperson;E-Mail der Ansprechperson;Einladen\r\n"
        b"Gut e.V.;Eva;eva@gut.example;ja\r\n"
        b"Schlecht e.V.;Ben;kein-at-zeichen;vielleicht\r\n",
        "x.csv",
    )
    checks = import_checks.check_rows(
        table.rows, import_checks.suggest_mapping(table.headers), "en"
    )
    assert checks[0].errors == []
    assert len(checks[1].errors) == 2
    assert "not an e-mail address" in checks[1].errors[0]
    assert "yes" in checks[1].errors[1] and "vielleicht" in checks[1].errors[1]
    with pytest.raises(importing.ImportFailed):
        importing.execute(
            world.coordinator, checks, [], decisions={}, on_duplicate="skip", network=world.network
        )
    assert not Organization.objects.filter(name="Gut e.V.").exists()


def test_bulk_invitation_and_acceptance_through_the_link(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    data = b"Name;Ort;E-Mail\r\nVerein Eins;Rostock;eins@example.org\r\n"
    imported(world, data)
    entry = Organization.objects.get(name="Verein Eins")
    coordinator = Client()
    coordinator.force_login(world.coordinator)
    page = coordinator.get(f"/en/networks/{world.network.slug}/members/take-over/")
    assert "1 member has no administrator and no invitation yet." in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(f"/en/networks/{world.network.slug}/members/take-over/")
    run_worker()
    [message] = mail.outbox
    link = link_in(message)
    assert link.startswith(f"/de/organisations/{entry.slug}/take-over/")

    visitor = Client()
    page = visitor.get(link)
    assert page.status_code == 200 and "/accounts/signup/?next=" in page.content.decode()
    assert TakeOverInvitation.objects.get().status == TakeOverStatus.OPENED
    listing = coordinator.get(f"/en/networks/{world.network.slug}/members/take-over/")
    assert 'data-status="opened"' in listing.content.decode()

    newcomer = PersonFactory()
    visitor.force_login(newcomer)
    response = visitor.post(link)
    assert response.status_code == 302 and response["Location"].endswith(f"/{entry.slug}/edit/")
    assert Affiliation.objects.get(organization=entry, person=newcomer).role == Role.ADMIN
    assert AuditEntry.objects.filter(action="organization.taken_over").count() == 1

    # Used once: the same link, for anyone, afterwards.
    second = Client()
    second.force_login(PersonFactory())
    assert second.post(link).status_code == 410
    assert second.get(link).status_code == 410
    assert Affiliation.objects.filter(organization=entry, role=Role.ADMIN).count() == 1
    # Administered now: no further invitation, neither in bulk nor one by one.
    again = network_services.invite_members_to_take_over(world.coordinator, world.network)
    assert again.invited == []
    with pytest.raises(ValidationError):
        services.invite_to_take_over(world.coordinator, entry, email="x@example.org")


def test_a_link_is_refused_after_expiry_after_a_resend_and_for_another_organisation(
    world: World,
) -> None:
    imported(world, b"Name;E-Mail\r\nVerein A;a@example.org\r\nVerein B;b@example.org\r\n")
    first, second = Organization.objects.filter(name__in=["Verein A", "Verein B"]).order_by("name")
    invitation = services.invite_to_take_over(world.coordinator, first, email="a@example.org")
    other = services.invite_to_take_over(world.coordinator, second, email="b@example.org")
    token = services.take_over_token(invitation)
    person = PersonFactory()

    # For another organisation: B's address with A's token.
    with pytest.raises(ValidationError) as refused:
        services.accept_take_over(person, token, second)
    assert refused.value.code == "other_organization"
    client = Client()
    client.force_login(person)
    assert client.post(f"/en/organisations/{second.slug}/take-over/{token}/").status_code == 410
    assert not Affiliation.objects.filter(person=person).exists()

    # Forged: the other invitation's token with one character changed.
    forged = services.take_over_token(other)[:-1] + "x"
    with pytest.raises(ValidationError) as refused:
        services.read_take_over(forged, second)
    assert refused.value.code == "invalid"

    # Replaced: a resend draws a new link; the old one is dead.
    services.resend_take_over(world.coordinator, invitation)
    with pytest.raises(ValidationError) as refused:
        services.accept_take_over(person, token, first)
    assert refused.value.code == "replaced"

    # Expired.
    invitation.refresh_from_db()
    fresh = services.take_over_token(invitation)
    TakeOverInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError) as refused:
        services.accept_take_over(person, fresh, first)
    assert refused.value.code == "expired"
    invitation.refresh_from_db()
    assert invitation.shown_status == "expired"
    assert not Affiliation.objects.filter(person=person).exists()


def test_only_the_network_keeping_the_entry_or_staff_invite(world: World, staff: Any) -> None:
    outsider = make_organization(name="Fremder Verein", email="fremd@example.org")
    admin = PersonFactory()
    owned = make_organization(name="Eigener Verein", admin=admin)
    # A self-declared coordinator of an own "network" gains nothing over others.
    self_made = PersonFactory()
    own_network = make_organization(name="Mein Netz", kind="umbrella", admin=self_made)
    assert not policy.can_invite_to_take_over(self_made, outsider)
    with pytest.raises(PermissionDenied):
        services.invite_to_take_over(self_made, outsider, email="me@evil.example")
    with pytest.raises(PermissionDenied):
        network_services.invite_members_to_take_over(self_made, world.network)
    assert network_services.invite_members_to_take_over(self_made, own_network).invited == []
    # The coordinator cannot reach an entry the network does not keep.
    with pytest.raises(PermissionDenied):
        services.invite_to_take_over(world.coordinator, outsider, email="fremd@example.org")
    # Nobody invites over an organisation that has an administrator.
    with pytest.raises(ValidationError):
        services.invite_to_take_over(staff, owned, email="x@example.org")
    invitation = services.invite_to_take_over(staff, outsider, email="fremd@example.org")
    with pytest.raises(PermissionDenied):
        services.resend_take_over(self_made, invitation)
    stranger = Client()
    stranger.force_login(self_made)
    assert stranger.get(f"/en/networks/{world.network.slug}/members/take-over/").status_code == 403


def test_a_claim_is_confirmed_from_the_registered_address(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    entry = make_organization(name="Frauenverein Ost", email="vorstand@frauen.example")
    claimant = PersonFactory(display_name="Leyla Beispiel")
    client = Client()
    client.force_login(claimant)
    profile = client.get(f"/en/organisations/{entry.slug}/").content.decode()
    assert "This is our organisation" in profile
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/organisations/{entry.slug}/claim/", {"message": "Ich bin die Kassiererin."}
        )
    assert response.status_code == 302
    claim = ProfileClaim.objects.get()
    assert claim.confirmation_sent_to == "vorstand@frauen.example"
    run_worker()
    [message] = mail.outbox
    assert message.to == ["vorstand@frauen.example"]
    assert "Leyla Beispiel" in message.body and "Kassiererin" in message.body
    link = link_in(message)
    # The claimant sees no link and cannot confirm themself without the mailbox.
    assert link not in client.get(f"/en/organisations/{entry.slug}/").content.decode()
    mailbox = Client()
    page = mailbox.get(link)
    assert page.status_code == 200 and "Leyla Beispiel" in page.content.decode()
    assert mailbox.post(link).status_code == 200
    assert Affiliation.objects.get(organization=entry, person=claimant).role == Role.ADMIN
    claim.refresh_from_db()
    assert (claim.status, claim.method) == (ClaimStatus.CONFIRMED, "address")
    assert mailbox.post(link).status_code == 410  # once
    assert (
        AuditEntry.objects.filter(
            action__in=["organization.claimed", "organization.claim_decided"]
        ).count()
        == 2
    )
    # Now it has an administrator: nobody else claims it.
    late = PersonFactory()
    assert not policy.can_claim(late, entry)
    other = Client()
    other.force_login(late)
    assert other.post(f"/en/organisations/{entry.slug}/claim/").status_code == 403


def test_a_confirmation_link_works_only_for_its_organisation(
    django_capture_on_commit_callbacks: Any, db: Any
) -> None:
    first = make_organization(name="Verein Links", email="links@example.org")
    second = make_organization(name="Verein Rechts", email="rechts@example.org")
    claim = services.claim_profile(PersonFactory(), first)
    token = services.claim_token(claim)
    with pytest.raises(ValidationError):
        services.confirm_claim(token, second)
    assert (
        Client().post(f"/en/organisations/{second.slug}/claims/confirm/{token}/").status_code == 410
    )
    assert not Affiliation.objects.filter(organization__in=[first, second]).exists()


def test_without_an_address_staff_or_the_keeping_network_decide(world: World, staff: Any) -> None:
    imported(world, b"Name\r\nStiller Verein\r\n")
    entry = Organization.objects.get(name="Stiller Verein")
    services.review_many(staff, [entry], approve=True)
    entry.refresh_from_db()
    claimant = PersonFactory()
    claim = services.claim_profile(claimant, entry, "Vorsitz")
    assert claim.confirmation_sent_to == ""
    rival = services.claim_profile(PersonFactory(), entry)
    with pytest.raises(PermissionDenied):
        services.decide_claim(claimant, claim, approve=True)  # not one's own claim
    stranger = Client()
    stranger.force_login(PersonFactory())
    assert stranger.get(f"/en/organisations/{entry.slug}/claims/").status_code == 403
    keeper = Client()
    keeper.force_login(world.coordinator)
    page = keeper.get(f"/en/organisations/{entry.slug}/claims/").content.decode()
    assert "Vorsitz" in page
    keeper.post(
        f"/en/organisations/{entry.slug}/claims/", {"claim": claim.pk, "decision": "approve"}
    )
    assert Affiliation.objects.get(organization=entry, person=claimant).role == Role.ADMIN
    rival.refresh_from_db()
    assert (rival.status, rival.method) == (ClaimStatus.REJECTED, "superseded")


class RefusingServer:
    """An SMTP server (aiosmtpd) that refuses one mailbox, as a receiving server does."""

    def __init__(self, refused: str) -> None:
        self.refused = refused
        self.accepted: list[str] = []

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address == self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.accepted.extend(envelope.rcpt_tos)
        return "250 Message accepted"


def test_a_refused_address_shows_as_not_delivered_and_can_be_sent_again(
    world: World, settings: Any
) -> None:
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = RefusingServer("alt@verein.example")
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        imported(
            world,
            b"Name;E-Mail\r\nAlter Verein;alt@verein.example\r\n"
            b"Neuer Verein;neu@verein.example\r\n",
        )
        network_services.invite_members_to_take_over(world.coordinator, world.network)
        run_worker()
        states = {i.email: i.status for i in TakeOverInvitation.objects.all()}
        assert states == {
            "alt@verein.example": TakeOverStatus.BOUNCED,
            "neu@verein.example": TakeOverStatus.SENT,
        }
        assert handler.accepted == ["neu@verein.example"]
        coordinator = Client()
        coordinator.force_login(world.coordinator)
        listing = coordinator.get(f"/en/networks/{world.network.slug}/members/take-over/")
        assert 'data-status="bounced"' in listing.content.decode()
        assert "Not delivered" in listing.content.decode()
        # Once the address is fixed on the server side, "send again" delivers it.
        handler.refused = ""
        bounced = TakeOverInvitation.objects.get(email="alt@verein.example")
        coordinator.post(
            f"/en/networks/{world.network.slug}/members/take-over/", {"resend": bounced.pk}
        )
        run_worker()
        bounced.refresh_from_db()
        assert bounced.status == TakeOverStatus.SENT
        assert handler.accepted == ["neu@verein.example", "alt@verein.example"]
    finally:
        controller.stop()


def test_a_keeping_network_cannot_invite_itself_to_take_over(world: World) -> None:
    imported(world, b"Name;E-Mail\r\nVerein Still;still@verein.example\r\n")
    entry = Organization.objects.get(name="Verein Still")
    with pytest.raises(ValidationError) as refused:
        services.invite_to_take_over(world.coordinator, entry, email="koordination@netz.example")
    assert refused.value.code == "foreign_address"
    assert not TakeOverInvitation.objects.exists()
    # Its own address, written in another case, is the organisation's.
    services.invite_to_take_over(world.coordinator, entry, email="Still@Verein.example")
    assert TakeOverInvitation.objects.get().email == "still@verein.example"

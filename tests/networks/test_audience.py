"""Issue 12: ``networks.audience.reach`` is the one recipient function. Contact persons who
want a kind of message, else the organisation's own address; only accepted memberships;
each address once; unsubscribing is per kind; each recipient in their language where the
sender wrote it; and the sender sees only the addresses the registry lets them see."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PersonFactory, StaffFactory, make_organization
from tests.networks.helpers import join, run_worker
from verbund.networks import audience, services
from verbund.networks.models import Membership, Unsubscription
from verbund.networks.taxonomy import AddressSource, MembershipStatus, MessageKind, NetworkRoleKind
from verbund.organizations import services as organization_services

VERSIONS = {
    "de": {"subject": "Einladung", "body": "Liebe Mitglieder"},
    "ar": {"subject": "دعوة", "body": "أعزاءنا الأعضاء"},
}


def _contact(staff: Any, organization: Any, **data: Any) -> Any:
    data.setdefault("name", "Kontakt")
    data.setdefault("visibility", "members")
    return organization_services.save_contact_person(staff, organization, data)


@pytest.fixture
def world() -> dict[str, Any]:
    staff = StaffFactory()
    bund = make_organization(name="Bund Erreichbar", kind="federal")
    plain = make_organization(name="Verein Nur Adresse", email="info@nur-adresse.example")
    arabic = make_organization(name="Verein Arabisch", email="info@arabisch.example")
    _contact(staff, arabic, name="Frau Haddad", email="haddad@arabisch.example", language="ar")
    silent = make_organization(name="Verein Ohne Adresse")
    join(staff, bund, plain, arabic, silent)
    return {"staff": staff, "bund": bund, "plain": plain, "arabic": arabic, "silent": silent}


def _addresses(result: audience.Reach) -> dict[str, str]:
    return {r.email: r.language for r in result.reached}


@pytest.mark.django_db
def test_contacts_else_the_organisations_address_each_in_their_language(world: Any) -> None:
    result = audience.reach(world["bund"], MessageKind.MAILING, written=["de", "ar"])
    # The Arabic contact replaces its organisation's general address; the organisation
    # without contacts is reached at its own address, in the sender's first language.
    assert _addresses(result) == {
        "haddad@arabisch.example": "ar",
        "info@nur-adresse.example": "de",
    }
    sources = {r.email: r.source for r in result.reached}
    assert sources["info@nur-adresse.example"] == AddressSource.ORGANIZATION
    assert [(m.name, m.reason) for m in result.missing] == [("Verein Ohne Adresse", "no_address")]
    # Had the sender written no Arabic version, the contact gets the first language.
    german_only = audience.reach(world["bund"], MessageKind.MAILING, written=["de"])
    assert _addresses(german_only)["haddad@arabisch.example"] == "de"


@pytest.mark.django_db
def test_a_contact_that_does_not_want_a_kind_leaves_it_to_the_general_address(
    world: Any,
) -> None:
    contact = world["arabic"].contact_persons.get()
    organization_services.save_contact_person(
        world["staff"], world["arabic"], {"receives_meetings": False}, contact
    )
    assert "haddad@arabisch.example" in _addresses(
        audience.reach(world["bund"], MessageKind.MAILING)
    )
    meeting = _addresses(audience.reach(world["bund"], MessageKind.MEETING))
    assert "haddad@arabisch.example" not in meeting
    assert "info@arabisch.example" in meeting


@pytest.mark.django_db
def test_only_accepted_memberships_are_reached(world: Any) -> None:
    coordinator = PersonFactory()
    services.set_network_role(
        world["staff"], world["bund"], coordinator, NetworkRoleKind.COORDINATOR
    )
    invited = make_organization(
        name="Verein Eingeladen", email="info@eingeladen.example", admin=PersonFactory()
    )
    membership = services.invite_member(coordinator, world["bund"], invited)
    assert membership.status == MembershipStatus.INVITED
    assert "info@eingeladen.example" not in _addresses(
        audience.reach(world["bund"], MessageKind.MAILING)
    )
    # A filter chosen by the sender cannot reach past consent either.
    narrowed = audience.reach(
        world["bund"],
        MessageKind.MAILING,
        organizations=type(invited).objects.filter(pk=invited.pk),
    )
    assert narrowed.recipients == []
    Membership.objects.filter(pk=membership.pk).update(status=MembershipStatus.ACTIVE)
    # Once accepted, its administrator's account reaches it (so not its general address).
    reached = audience.reach(world["bund"], MessageKind.MAILING).reached
    assert invited.pk in {r.organization_id for r in reached}


@pytest.mark.django_db
def test_an_address_at_two_members_is_reached_once(world: Any) -> None:
    # The same person is contact of two members, written differently.
    _contact(world["staff"], world["plain"], email="Haddad@Arabisch.example")
    result = audience.reach(world["bund"], MessageKind.MAILING)
    emails = [r.email for r in result.recipients]
    assert emails.count("haddad@arabisch.example") == 1
    mailing = services.save_mailing(world["staff"], world["bund"], VERSIONS, {"members": True})
    # Both members are reached through the one shared contact, so neither falls back to
    # its general address, and the contact gets one message.
    assert services.send_mailing(world["staff"], mailing) == 1
    assert list(mailing.recipients.values_list("email", flat=True)) == ["haddad@arabisch.example"]


@pytest.mark.django_db(transaction=True)
def test_mailing_sends_the_arabic_text_to_the_arabic_contact(world: Any) -> None:
    mailing = services.save_mailing(world["staff"], world["bund"], VERSIONS, {"members": True})
    mail.outbox.clear()
    assert services.send_mailing(world["staff"], mailing) == 2
    run_worker()
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"haddad@arabisch.example", "info@nur-adresse.example"}
    assert by_address["haddad@arabisch.example"].subject == "دعوة"
    assert by_address["info@nur-adresse.example"].subject == "Einladung"


@pytest.mark.django_db
def test_unsubscribing_from_mailings_keeps_meeting_invitations(world: Any) -> None:
    Unsubscription.objects.create(
        network=world["bund"], email="info@nur-adresse.example", kind=MessageKind.MAILING
    )
    mailing = audience.reach(world["bund"], MessageKind.MAILING)
    assert "info@nur-adresse.example" not in _addresses(mailing)
    assert ("Verein Nur Adresse", "unsubscribed") in [(m.name, m.reason) for m in mailing.missing]
    assert "info@nur-adresse.example" in _addresses(
        audience.reach(world["bund"], MessageKind.MEETING)
    )
    assert (
        audience.unsubscribed_from(world["bund"], MessageKind.MEETING, ["info@nur-adresse.example"])
        == set()
    )
    assert audience.unsubscribed_from(
        world["bund"], MessageKind.MAILING, ["INFO@nur-adresse.example"]
    ) == {"info@nur-adresse.example"}


@pytest.mark.django_db
def test_the_preview_names_languages_and_missing_members_but_no_staff_only_address(
    client: Any, world: Any
) -> None:
    coordinator = PersonFactory()
    services.set_network_role(
        world["staff"], world["bund"], coordinator, NetworkRoleKind.COORDINATOR
    )
    _contact(
        world["staff"],
        world["plain"],
        name="Büro intern",
        email="intern@nur-adresse.example",
        visibility="staff",
    )
    mailing = services.save_mailing(world["staff"], world["bund"], VERSIONS, {"members": True})
    client.force_login(coordinator)
    page = client.get(reverse("networks:mailing", args=[world["bund"].slug, mailing.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 \u00d7 ar" in html and "1 \u00d7 de" in html
    assert "Verein Ohne Adresse" in html and 'id="missing-members"' in html
    # The staff-only contact receives the mailing, but its address is never shown.
    assert "intern@nur-adresse.example" not in html
    assert 'id="hidden-recipients"' in html
    result = audience.reach(world["bund"], MessageKind.MAILING)
    assert "intern@nur-adresse.example" in _addresses(result)


# The real worker closes its database connection: only a committed test sees it.
@pytest.mark.django_db(transaction=True)
def test_membership_decisions_honour_their_own_unsubscribe(world: Any) -> None:
    coordinator = PersonFactory(email="koordination@bund.example")
    services.set_network_role(
        world["staff"], world["bund"], coordinator, NetworkRoleKind.COORDINATOR
    )
    admin = PersonFactory(email="vorstand@neu.example")
    newcomer = make_organization(name="Verein Neu", admin=admin)
    # Unsubscribed from mailings only: the invitation to become a member still arrives.
    Unsubscription.objects.create(
        network=world["bund"], email="vorstand@neu.example", kind=MessageKind.MAILING
    )
    membership = services.invite_member(coordinator, world["bund"], newcomer)
    run_worker()
    assert [m.to[0] for m in mail.outbox] == ["vorstand@neu.example"]
    mail.outbox.clear()
    Unsubscription.objects.create(
        network=world["bund"], email="koordination@bund.example", kind=MessageKind.MEMBERSHIP
    )
    services.answer_invitation(admin, membership, accept=True)
    run_worker()
    assert "koordination@bund.example" not in [to for m in mail.outbox for to in m.to]
    assert "vorstand@neu.example" in [to for m in mail.outbox for to in m.to]

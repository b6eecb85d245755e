"""Who a mailing reaches: accounts, contact persons who receive mailings in their language,
and the organisation's general address for members that have neither; who it cannot reach,
and why, in the preview."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PersonFactory, StaffFactory, make_organization
from tests.networks.helpers import join, legacy_unsubscribe_token, network, run_worker
from verbund.networks import queries, services
from verbund.networks.models import MailingRecipient
from verbund.networks.taxonomy import AddressSource, NetworkRoleKind
from verbund.organizations import services as organization_services

VERSIONS = {
    "de": {"subject": "Einladung zum Netzwerktreffen", "body": "Liebe Mitglieder …"},
    "ar": {"subject": "دعوة إلى لقاء الشبكة", "body": "أعزاءنا الأعضاء …"},
}


def _by_email(recipients: list[Any]) -> dict[str, Any]:
    return {recipient.email: recipient for recipient in recipients}


@pytest.mark.django_db
def test_imported_members_are_reached_at_their_general_address() -> None:
    staff = StaffFactory()
    bund = network("Netz der Importierten")
    imported = [
        make_organization(name=f"Importverein {n}", email=f"info{n}@verein{n}.example")
        for n in range(5)
    ]
    join(staff, bund, *imported)
    recipients = _by_email(queries.recipients_for(bund, {}))
    assert set(recipients) == {f"info{n}@verein{n}.example" for n in range(5)}
    assert {r.source for r in recipients.values()} == {AddressSource.ORGANIZATION}
    assert {r.organization_id for r in recipients.values()} == {o.pk for o in imported}


@pytest.mark.django_db(transaction=True)
def test_a_contact_who_prefers_arabic_gets_the_arabic_text() -> None:
    staff = StaffFactory()
    bund = network("Netz mehrsprachig")
    syrian = make_organization(name="Syrischer Kulturverein", email="info@syrisch.example")
    german = make_organization(name="Heimatverein", email="post@heimat.example")
    join(staff, bund, syrian, german)
    organization_services.save_contact_person(
        staff,
        syrian,
        {"name": "Rania K.", "email": "rania@syrisch.example", "language": "ar"},
    )
    recipients = _by_email(queries.recipients_for(bund, {}))
    # The contact person reaches the association; its general address is not used then.
    assert set(recipients) == {"rania@syrisch.example", "post@heimat.example"}
    assert recipients["rania@syrisch.example"].language == "ar"
    assert recipients["post@heimat.example"].language == "de"
    services.send_mailing(staff, services.save_mailing(staff, bund, VERSIONS, {}))
    run_worker()
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        "rania@syrisch.example": VERSIONS["ar"]["subject"],
        "post@heimat.example": VERSIONS["de"]["subject"],
    }
    arabic = next(m for m in mail.outbox if m.to == ["rania@syrisch.example"])
    assert arabic.extra_headers["Content-Language"] == "ar"


@pytest.mark.django_db
def test_a_contact_who_declines_mailings_is_left_out_and_each_address_counts_once() -> None:
    staff = StaffFactory()
    bund = network("Netz mit Wünschen")
    verein = make_organization(name="Verein mit Vorstand", email="vorstand@verein.example")
    join(staff, bund, verein)
    organization_services.save_contact_person(
        staff,
        verein,
        {"name": "Kein Interesse", "email": "nein@verein.example", "gets_mailings": False},
    )
    # The only contact does not want mailings: the general address stands in.
    assert set(_by_email(queries.recipients_for(bund, {}))) == {"vorstand@verein.example"}
    organization_services.save_contact_person(
        staff, verein, {"name": "Vorstand", "email": "VORSTAND@verein.example"}
    )
    person = PersonFactory(email="vorstand@verein.example")
    organization_services.add_person(staff, verein, person, "member")
    recipients = queries.recipients_for(bund, {})
    assert [r.email for r in recipients] == ["vorstand@verein.example"]


@pytest.mark.django_db
def test_only_members_who_accepted_are_reached() -> None:
    coordinator = PersonFactory()
    bund = make_organization(admin=coordinator, name="Netz der Einladungen", kind="umbrella")
    invited = make_organization(name="Noch eingeladen", email="info@eingeladen.example")
    services.invite_member(coordinator, bund, invited)
    assert queries.recipients_for(bund, {}) == []


@pytest.mark.django_db
def test_the_preview_says_who_is_missing_and_hides_what_the_sender_may_not_see(
    client: Any,
) -> None:
    staff = StaffFactory()
    coordinator = PersonFactory()
    bund = network("Netz mit Lücken")
    services.set_network_role(staff, bund, coordinator, NetworkRoleKind.COORDINATOR)
    silent = make_organization(name="Verein ohne Adresse")
    discreet = make_organization(
        name="Verein mit interner Adresse",
        email="intern@diskret.example",
        email_visibility="staff",
    )
    gone = make_organization(name="Verein abgemeldet", email="weg@abgemeldet.example")
    join(staff, bund, silent, discreet, gone)
    services.unsubscribe(legacy_unsubscribe_token(bund.pk, "weg@abgemeldet.example"))
    mailing = services.save_mailing(coordinator, bund, VERSIONS, {})
    client.force_login(coordinator)
    page = client.get(reverse("networks:mailing", kwargs={"slug": bund.slug, "pk": mailing.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    missing = html.split('id="unreachable-members"', 1)[1].split("</section>", 1)[0]
    assert "Verein ohne Adresse" in missing
    assert "Verein mit interner Adresse" not in missing
    # The staff-only address is mailed but never shown to the coordinator.
    assert page.context["recipient_count"] == 2
    assert "intern@diskret.example" not in html
    assert 'id="hidden-recipients"' in html
    assert page.context["unsubscribed_count"] == 1
    assert 'id="unsubscribed-recipients"' in html
    services.send_mailing(coordinator, mailing)
    stored = MailingRecipient.objects.get(email="intern@diskret.example")
    assert (stored.source, stored.visibility) == (AddressSource.ORGANIZATION, "staff")

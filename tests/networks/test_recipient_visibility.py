"""F3: a mailing's preview and status pages show a recipient's address only where the
sender may see it under the registry's visibility rules; the others are counted, never
shown. The mailing still reaches them (who receives what is issue 12's recipients function).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.factories import PersonFactory, StaffFactory, make_organization
from tests.networks.helpers import join, run_worker
from verbund.networks import queries, services
from verbund.networks.models import MailingRecipient
from verbund.networks.taxonomy import AddressSource, NetworkRoleKind
from verbund.organizations import services as organization_services

VERSIONS = {"de": {"subject": "Einladung", "body": "Liebe Mitglieder"}}
ADDRESSES = {
    "public": "oeffentlich@verein.example",
    "members": "mitglieder@verein.example",
    "staff": "nur-buero@verein.example",
}


def _world() -> tuple[Any, Any, Any, Any]:
    staff = StaffFactory()
    coordinator = PersonFactory()
    bund = make_organization(name="Bund Sichtbar", kind="federal")
    services.set_network_role(staff, bund, coordinator, NetworkRoleKind.COORDINATOR)
    account = PersonFactory(email="konto@verein.example")
    verein = make_organization(name="Verein Sichtbar", admin=account)
    for visibility, email in ADDRESSES.items():
        organization_services.save_contact_person(
            staff,
            verein,
            {"name": f"Kontakt {visibility}", "email": email, "visibility": visibility},
        )
    join(staff, bund, verein)
    return staff, coordinator, bund, verein


def _page(client: Any, person: Any, bund: Any, mailing: Any) -> str:
    client.force_login(person)
    response = client.get(reverse("networks:mailing", kwargs={"slug": bund.slug, "pk": mailing.pk}))
    assert response.status_code == 200
    return str(response.content.decode())


@pytest.mark.django_db(transaction=True)
def test_preview_and_status_list_only_addresses_the_sender_may_see(client: Any) -> None:
    staff, coordinator, bund, _verein = _world()
    mailing = services.save_mailing(coordinator, bund, VERSIONS, {"members": True})

    # The coordinator sees public and members-only contacts (the member accepted), never
    # the staff-only contact or the accounts of the member's people.
    preview = _page(client, coordinator, bund, mailing)
    assert ADDRESSES["public"] in preview and ADDRESSES["members"] in preview
    assert ADDRESSES["staff"] not in preview and "konto@verein.example" not in preview
    assert "2 Empfänger*innen, deren Adresse Sie nicht sehen können" in preview
    assert "4 Empfänger*innen" in preview  # all of them are counted
    # Platform staff see every address.
    everything = _page(client, staff, bund, mailing)
    assert all(address in everything for address in ADDRESSES.values())
    assert "nicht sehen können" not in everything

    assert services.send_mailing(coordinator, mailing) == 4
    run_worker()
    assert MailingRecipient.objects.filter(mailing=mailing, status="sent").count() == 4
    status = _page(client, coordinator, bund, mailing)
    assert ADDRESSES["members"] in status
    assert ADDRESSES["staff"] not in status and "konto@verein.example" not in status
    assert "2 Empfänger*innen, deren Adresse Sie nicht sehen können" in status
    stored = {r.email: (r.source, r.visibility) for r in mailing.recipients.all()}
    assert stored["konto@verein.example"] == (AddressSource.ACCOUNT, "staff")
    assert stored[ADDRESSES["members"]] == (AddressSource.CONTACT, "members")


@pytest.mark.django_db
def test_the_members_own_editor_sees_their_staff_only_contact(assert_max_queries: Any) -> None:
    staff, coordinator, bund, verein = _world()
    editor = PersonFactory()
    organization_services.add_person(staff, verein, editor, "editor")
    # The editor runs the network too (office): they see their own organisation's contacts.
    services.set_network_role(staff, bund, editor, NetworkRoleKind.OFFICE)
    recipients = queries.recipients_for(bund, {"members": True})
    with assert_max_queries(6):
        listed = queries.shown_recipients(editor, bund, recipients)
    assert {r.email for r in listed.shown} == {
        *ADDRESSES.values(),
        "konto@verein.example",
        editor.email,
    }
    assert listed.hidden == 0
    fresh = type(coordinator).objects.get(pk=coordinator.pk)
    listed = queries.shown_recipients(fresh, bund, recipients)
    assert {r.email for r in listed.shown} == {ADDRESSES["public"], ADDRESSES["members"]}
    assert listed.hidden == 3  # the staff-only contact and the two accounts

"""A person downloads their data and deletes their account; the audit log forgets old values
after the retention period (issue 11, F15)."""

from __future__ import annotations

import datetime
import io
import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, PersonFactory, make_organization
from verbund.core import audit
from verbund.core.history import readable
from verbund.core.models import AuditEntry
from verbund.networks import services as network_services
from verbund.organizations import services as organization_services
from verbund.organizations.models import Affiliation, ContactPerson, Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db: Any) -> Any:
    """A person with an organisation they administer together with someone else, a contact
    entry linked to them, a seat and a notice."""
    from verbund.notifications import services as notification_services

    person = PersonFactory(email="ich@example.org", display_name="Ida Ichform")
    colleague = PersonFactory()
    verein = make_organization(admin=person, name="Verein der Daten")
    organization_services.add_person(person, verein, colleague, "admin")
    organization_services.update_organization(person, verein, {"city": "Halle"})
    organization_services.save_contact_person(
        person, verein, {"name": "Ida Ichform", "email": "ich@example.org"}
    )
    board = network_services.save_body(person, verein, {"kind": "board", "name": "Vorstand"})
    network_services.save_seat(person, board, {"role": "chair", "person": person})
    notification_services.notify([person], "meetings", "Neue Sitzung", email=False)
    return person


def test_a_person_downloads_their_data_as_json(client: Any, member: Any) -> None:
    client.force_login(member)
    settings_page = client.get(reverse("accounts:settings")).content.decode()
    assert reverse("accounts:data_export") in settings_page
    response = client.get(reverse("accounts:data_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "ich@example.org"
    assert data["account"]["display_name"] == "Ida Ichform"
    assert {(a["organization"], a["role"]) for a in data["affiliations"]} == {
        ("Verein der Daten", "admin")
    }
    assert data["contact_entries"][0]["organization"] == "Verein der Daten"
    assert data["networks"]["seats"][0]["role"] == "chair"
    assert data["notifications"]["notices"][0]["title"] == "Neue Sitzung"
    assert "meeting_invitations" in data and "conferences" in data
    actions = {entry["action"] for entry in data["audit_entries_made"]}
    assert "organization.updated" in actions
    # Only the person's own data: another account sees its own.
    client.force_login(PersonFactory())
    other = json.loads(client.get(reverse("accounts:data_export")).content)
    assert other["affiliations"] == [] and other["account"]["email"] != "ich@example.org"


def test_downloading_needs_a_login(client: Any) -> None:
    response = client.get(reverse("accounts:data_export"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_deleting_the_account_pseudonymises_the_audit_log_and_keeps_the_organisation(
    client: Any, member: Any
) -> None:
    verein = Organization.objects.get(name="Verein der Daten")
    client.force_login(member)
    page = client.get("/en/me/delete/")
    assert page.status_code == 200
    assert "What stays, and why" in page.content.decode()
    wrong = client.post(reverse("accounts:delete"), {"password": "falsch", "confirm": "on"})
    assert wrong.status_code == 400
    assert get_user_model().objects.filter(pk=member.pk).exists()
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=member.pk).exists()
    assert "_auth_user_id" not in client.session
    # The organisation and its other administrator stay; the contact entry stays with it.
    assert Organization.objects.filter(pk=verein.pk).exists()
    assert Affiliation.objects.filter(organization=verein).count() == 1
    assert ContactPerson.objects.get(organization=verein).person is None
    # The audit entries they made stay, under a pseudonym, and name nobody.
    made = AuditEntry.objects.filter(scope_id=str(verein.pk), action="organization.updated")
    entry = made.get()
    assert entry.actor is None and entry.system_actor.startswith("deleted:")
    assert "deleted account" in readable(entry).actor
    about = AuditEntry.objects.filter(target_id=str(member.pk), action__startswith="person.")
    assert about.exists()
    assert all(not e.summary and not e.changes for e in about)
    assert not AuditEntry.objects.filter(summary__contains="ich@example.org").exists()


def test_the_last_administrator_must_hand_over_first(client: Any) -> None:
    alone = PersonFactory()
    make_organization(admin=alone, name="Verein Einzeln")
    client.force_login(alone)
    page = client.get("/en/me/delete/")
    html = page.content.decode()
    assert "Verein Einzeln" in html and "only administrator" in html
    assert 'name="password"' not in html
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 400
    assert get_user_model().objects.filter(pk=alone.pk).exists()


def test_nobody_deletes_someone_elses_account(member: Any) -> None:
    from django.core.exceptions import PermissionDenied

    from verbund.accounts import services

    with pytest.raises(PermissionDenied):
        services.delete_account(PersonFactory(), member)
    with pytest.raises(PermissionDenied):
        services.export_data(PersonFactory(), member)


def test_old_audit_values_are_blanked_after_the_retention_period(
    member: Any, settings: Any
) -> None:
    settings.AUDIT_VALUE_RETENTION_DAYS = 30
    old = AuditEntry.objects.filter(action="organization.updated").get()
    AuditEntry.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    fresh_count = AuditEntry.objects.exclude(pk=old.pk).exclude(changes={}).count()
    out = io.StringIO()
    call_command("purge_audit_values", stdout=out)
    assert "1 audit entries" in out.getvalue()
    old.refresh_from_db()
    assert old.changes == {} and old.action == "organization.updated" and old.actor == member
    assert AuditEntry.objects.exclude(pk=old.pk).exclude(changes={}).count() == fresh_count
    assert audit.purge_values(datetime.timedelta(days=30)) == 0

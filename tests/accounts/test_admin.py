"""People in the admin: changes go through the accounts service with an audit entry; staff
look after accounts without power, only superusers hand out staff, superuser and groups."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from tests.factories import PersonFactory, StaffFactory
from verbund.accounts import services
from verbund.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _form(person: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "email": person.email,
        "display_name": person.display_name,
        "first_name": "",
        "last_name": "",
        "preferred_language": person.preferred_language,
        "is_active": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _admin(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_staff_change_a_persons_name_with_an_audit_entry_but_not_their_powers() -> None:
    staff, person = StaffFactory(), PersonFactory(display_name="Alt")
    url = reverse("admin:accounts_user_change", args=[person.pk])
    response = _admin(staff).post(
        url, _form(person, display_name="Neu", is_staff="on", is_superuser="on")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person.refresh_from_db()
    assert person.display_name == "Neu"
    assert not person.is_staff and not person.is_superuser, "the flags are read-only for staff"
    entry = AuditEntry.objects.get(action="person.updated", target_id=str(person.pk))
    assert entry.actor == staff
    assert entry.changes["display_name"] == ["Alt", "Neu"]


def test_the_service_refuses_staff_who_hand_out_power() -> None:
    staff, person = StaffFactory(), PersonFactory()
    for change in (
        {"is_staff": True},
        {"is_superuser": True},
        {"groups": [Group.objects.create(name="Redaktion")]},
    ):
        with pytest.raises(PermissionDenied):
            services.update_person(staff, person, change)
    person.refresh_from_db()
    assert not person.is_staff and not person.groups.exists()
    assert not AuditEntry.objects.filter(target_id=str(person.pk)).exists()


def test_staff_may_not_open_another_staff_members_account() -> None:
    staff, colleague = StaffFactory(), StaffFactory()
    url = reverse("admin:accounts_user_change", args=[colleague.pk])
    assert _admin(staff).post(url, _form(colleague, is_active=None)).status_code == 403
    colleague.refresh_from_db()
    assert colleague.is_active
    with pytest.raises(PermissionDenied):
        services.update_person(staff, colleague, {"is_active": False})


def test_a_superuser_makes_someone_staff_and_the_history_says_so() -> None:
    superuser = StaffFactory(is_superuser=True)
    person = PersonFactory()
    group = Group.objects.create(name="Geschäftsstelle")
    url = reverse("admin:accounts_user_change", args=[person.pk])
    response = _admin(superuser).post(url, _form(person, is_staff="on", groups=[group.pk]))
    assert response.status_code == 302, response.content.decode()[:3000]
    person.refresh_from_db()
    assert person.is_staff and list(person.groups.all()) == [group]
    entry = AuditEntry.objects.get(action="person.permissions", target_id=str(person.pk))
    assert entry.changes["is_staff"] == [False, True]
    assert entry.changes["groups"] == [[], ["Geschäftsstelle"]]


def test_people_without_staff_see_no_admin_and_no_one_deletes_accounts() -> None:
    person = PersonFactory()
    client = _admin(person)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 302
    superuser = StaffFactory(is_superuser=True)
    delete = reverse("admin:accounts_user_delete", args=[person.pk])
    assert _admin(superuser).post(delete, {"post": "yes"}).status_code == 403
    assert type(person).objects.filter(pk=person.pk).exists()


def test_staff_add_an_account_through_the_service() -> None:
    staff = StaffFactory()
    response = _admin(staff).post(
        reverse("admin:accounts_user_add"),
        {
            "email": "neu@verein.example",
            "password1": "ein-langes-Passwort-42",
            "password2": "ein-langes-Passwort-42",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get(action="person.created")
    assert entry.actor == staff
    created = type(staff).objects.get(email="neu@verein.example")
    assert not created.is_staff and created.check_password("ein-langes-Passwort-42")

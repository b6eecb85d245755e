"""An organisation's admins manage its people (add by e-mail, change roles, remove); one admin
always stays."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import PersonFactory, make_organization
from verbund.core.models import AuditEntry
from verbund.organizations import services
from verbund.organizations.models import Affiliation
from verbund.organizations.taxonomy import Role

pytestmark = pytest.mark.django_db

LAST_ADMIN = "An organisation needs at least one administrator. Name another one first."


def people_url(organization: Any) -> str:
    return reverse("organizations:people", kwargs={"slug": organization.slug})


def role_url(affiliation: Any) -> str:
    return reverse(
        "organizations:person_role",
        kwargs={"slug": affiliation.organization.slug, "pk": affiliation.pk},
    )


def affiliation_of(person: Any, organization: Any) -> Affiliation:
    return Affiliation.objects.get(person=person, organization=organization)


def test_admin_adds_a_person_by_email_with_a_role(
    client: Any, person: Any, organization: Any
) -> None:
    newcomer = PersonFactory(email="neu.im.team@example.org")
    client.force_login(person)
    page = client.get(people_url(organization))
    assert page.status_code == 200
    assert person.email in page.content.decode()

    response = client.post(
        people_url(organization), {"email": "Neu.Im.Team@example.org", "role": Role.EDITOR}
    )
    assert response.status_code == 302
    assert affiliation_of(newcomer, organization).role == Role.EDITOR
    entry = AuditEntry.objects.filter(action="organization.person_role").latest("pk")
    assert entry.actor == person
    assert entry.changes == {str(newcomer): [None, Role.EDITOR]}


def test_adding_an_unknown_address_explains_and_keeps_what_was_typed(
    client: Any, person: Any, organization: Any
) -> None:
    client.force_login(person)
    with translation.override("en"):
        response = client.post(
            people_url(organization), {"email": "unbekannt@example.org", "role": Role.MEMBER}
        )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nobody with this e-mail address has an account yet." in html
    assert 'value="unbekannt@example.org"' in html
    assert organization.affiliations.count() == 1


def test_admin_changes_a_role_and_removes_a_person(
    client: Any, person: Any, organization: Any
) -> None:
    colleague = PersonFactory()
    affiliation = services.add_person(person, organization, colleague, Role.MEMBER)
    client.force_login(person)

    response = client.post(role_url(affiliation), {"role": Role.ADMIN})
    assert response.status_code == 302
    assert affiliation_of(colleague, organization).role == Role.ADMIN

    response = client.post(role_url(affiliation), {"remove": "1"})
    assert response.status_code == 302
    assert not Affiliation.objects.filter(pk=affiliation.pk).exists()
    assert AuditEntry.objects.filter(
        action="organization.person_removed", target_id=str(affiliation.pk)
    ).exists()


def test_the_last_admin_cannot_be_demoted_or_removed(
    client: Any, person: Any, organization: Any
) -> None:
    own = affiliation_of(person, organization)
    client.force_login(person)
    with translation.override("en"):
        response = client.post(role_url(own), {"role": Role.EDITOR}, follow=True)
        assert LAST_ADMIN in response.content.decode()
        response = client.post(role_url(own), {"remove": "1"}, follow=True)
        assert LAST_ADMIN in response.content.decode()
        # Nor by adding oneself again with a lesser role.
        response = client.post(
            people_url(organization), {"email": person.email, "role": Role.MEMBER}
        )
        assert response.status_code == 400
        assert LAST_ADMIN in response.content.decode()
    assert affiliation_of(person, organization).role == Role.ADMIN


def test_an_admin_can_step_down_once_there_is_another(
    client: Any, person: Any, organization: Any
) -> None:
    services.add_person(person, organization, PersonFactory(), Role.ADMIN)
    client.force_login(person)
    own = affiliation_of(person, organization)
    client.post(role_url(own), {"role": Role.MEMBER})
    assert affiliation_of(person, organization).role == Role.MEMBER
    # Now a member, the person has lost access to the people page.
    assert client.get(people_url(organization)).status_code == 403


def test_an_unknown_role_is_refused_without_change(
    client: Any, person: Any, organization: Any
) -> None:
    colleague = PersonFactory()
    affiliation = services.add_person(person, organization, colleague, Role.MEMBER)
    client.force_login(person)
    with translation.override("en"):
        response = client.post(role_url(affiliation), {"role": "owner"}, follow=True)
    assert "Your changes have been saved." not in response.content.decode()
    assert affiliation_of(colleague, organization).role == Role.MEMBER


@pytest.mark.parametrize("role", [Role.EDITOR, Role.MEMBER, None])
def test_non_admins_get_403_on_every_people_url(
    client: Any, person: Any, organization: Any, role: str | None
) -> None:
    visitor = PersonFactory()
    if role:
        services.add_person(person, organization, visitor, role)
    target = affiliation_of(person, organization)
    client.force_login(visitor)
    assert client.get(people_url(organization)).status_code == 403
    response = client.post(people_url(organization), {"email": visitor.email, "role": "admin"})
    assert response.status_code == 403
    assert client.post(role_url(target), {"role": Role.MEMBER}).status_code == 403
    assert client.post(role_url(target), {"remove": "1"}).status_code == 403
    assert affiliation_of(person, organization).role == Role.ADMIN
    roles = set(organization.affiliations.values_list("role", flat=True))
    assert roles == ({Role.ADMIN, role} if role else {Role.ADMIN})


def test_an_admin_of_another_organisation_gets_403(
    client: Any, person: Any, organization: Any
) -> None:
    stranger = PersonFactory()
    make_organization(admin=stranger, name="Anderer Verein")
    client.force_login(stranger)
    assert client.get(people_url(organization)).status_code == 403
    target = affiliation_of(person, organization)
    assert client.post(role_url(target), {"remove": "1"}).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(
    client: Any, person: Any, organization: Any
) -> None:
    target = affiliation_of(person, organization)
    login = reverse("account_login")
    for response in (
        client.get(people_url(organization)),
        client.post(people_url(organization), {"email": "x@example.org", "role": "admin"}),
        client.post(role_url(target), {"remove": "1"}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(login)
    assert Affiliation.objects.filter(pk=target.pk).exists()


def test_staff_manage_any_organisations_people(
    client: Any, staff: Any, person: Any, organization: Any
) -> None:
    newcomer = PersonFactory()
    client.force_login(staff)
    response = client.post(people_url(organization), {"email": newcomer.email, "role": "member"})
    assert response.status_code == 302
    assert affiliation_of(newcomer, organization).role == Role.MEMBER

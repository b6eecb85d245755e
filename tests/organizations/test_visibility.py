"""Contact fields reach only the viewers their visibility allows."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.factories import PersonFactory, make_organization
from verbund.organizations import services

pytestmark = pytest.mark.django_db


def _profile(client: Any, slug: str) -> str:
    response = client.get(reverse("organizations:profile", kwargs={"slug": slug}))
    assert response.status_code == 200
    return response.content.decode()


def test_members_and_staff_fields_never_reach_anonymous_html(client: Any, person: Any) -> None:
    organization = make_organization(
        admin=person, name="Afrikanischer Dachverband Nord",
        email="board@adn.example", email_visibility="members",
        phone="+49 30 1234567", phone_visibility="staff",
        street="Geheimweg 7", address_visibility="members",
        website="https://adn.example", website_visibility="public",
    )
    services.save_contact_person(person, organization, {
        "name": "Ayla Fiktiv", "function": "chair", "email": "ayla@adn.example",
        "visibility": "members",
    })
    html = _profile(client, organization.slug)
    assert "https://adn.example" in html
    for secret in ("board@adn.example", "1234567", "Geheimweg", "Ayla Fiktiv", "ayla@adn"):
        assert secret not in html


def test_members_see_members_fields_but_outsiders_do_not(client: Any, person: Any) -> None:
    organization = make_organization(admin=person, email="board@adn.example",
                                     email_visibility="members", phone="+49 30 1234567",
                                     phone_visibility="staff")
    outsider = PersonFactory()
    client.force_login(outsider)
    assert "board@adn.example" not in _profile(client, organization.slug)
    client.force_login(person)
    html = _profile(client, organization.slug)
    assert "board@adn.example" in html


def test_admin_of_one_organisation_gets_403_editing_another(client: Any, person: Any) -> None:
    make_organization(admin=person, name="Eigener Verein")
    other = make_organization(admin=PersonFactory(), name="Fremder Verein")
    client.force_login(person)
    url = reverse("organizations:edit", kwargs={"slug": other.slug})
    assert client.get(url).status_code == 403
    response = client.post(url, {"name": "Übernommen", "kind": "migrant"})
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.name == "Fremder Verein"

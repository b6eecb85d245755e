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
        admin=person,
        name="Afrikanischer Dachverband Nord",
        email="board@adn.example",
        email_visibility="members",
        phone="+49 30 1234567",
        phone_visibility="staff",
        street="Geheimweg 7",
        address_visibility="members",
        website="https://adn.example",
        website_visibility="public",
    )
    services.save_contact_person(
        person,
        organization,
        {
            "name": "Ayla Fiktiv",
            "function": "chair",
            "email": "ayla@adn.example",
            "visibility": "members",
        },
    )
    html = _profile(client, organization.slug)
    assert "https://adn.example" in html
    for secret in ("board@adn.example", "1234567", "Geheimweg", "Ayla Fiktiv", "ayla@adn"):
        assert secret not in html


def test_members_see_members_fields_but_outsiders_do_not(client: Any, person: Any) -> None:
    organization = make_organization(
        admin=person,
        email="board@adn.example",
        email_visibility="members",
        phone="+49 30 1234567",
        phone_visibility="staff",
    )
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


# --- Everything an outsider receives: HTML, contact persons, links, JSON-LD, Open Graph ------

SECRETS = (
    "board@adn.example",
    "1234567",
    "Geheimweg",
    "Ayla Fiktiv",
    "ayla@adn",
    "Bora Intern",
    "bora@adn",
    "social.example/members-only",
)


def _full_secret_profile(admin: Any) -> Any:
    organization = make_organization(
        admin=admin,
        name="Afrikanischer Dachverband Nord",
        description={"de": "Wir vernetzen afrikanische Vereine."},
        email="board@adn.example",
        email_visibility="members",
        phone="+49 30 1234567",
        phone_visibility="staff",
        street="Geheimweg 7",
        address_visibility="members",
        website="https://adn.example",
        website_visibility="public",
        social_links=["https://social.example/members-only"],
        social_links_visibility="members",
    )
    services.save_contact_person(
        admin,
        organization,
        {
            "name": "Ayla Fiktiv",
            "function": "chair",
            "email": "ayla@adn.example",
            "visibility": "members",
        },
    )
    services.save_contact_person(
        admin,
        organization,
        {
            "name": "Bora Intern",
            "function": "treasurer",
            "email": "bora@adn.example",
            "visibility": "staff",
        },
    )
    services.save_contact_person(
        admin,
        organization,
        {
            "name": "Cem Offen",
            "function": "spokesperson",
            "email": "cem@adn.example",
            "visibility": "public",
        },
    )
    return organization


def _json_ld(html: str) -> dict[str, Any]:
    import json
    import re

    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data: dict[str, Any] = json.loads(blocks[0])
    return data


def _open_graph(html: str) -> dict[str, str]:
    import re

    return dict(re.findall(r'<meta property="(og:[a-z_:]+)" content="([^"]*)"', html))


@pytest.mark.parametrize("viewer", ["anonymous", "outsider"])
def test_hidden_fields_reach_neither_html_json_ld_nor_open_graph(
    client: Any, person: Any, viewer: str
) -> None:
    organization = _full_secret_profile(person)
    if viewer == "outsider":
        client.force_login(PersonFactory())
    html = _profile(client, organization.slug)
    for secret in SECRETS:
        assert secret not in html, secret
    assert "Cem Offen" in html and "cem@adn.example" in html
    assert "https://adn.example" in html
    data = _json_ld(html)
    assert data["@type"] == "Organization"
    assert data["name"] == "Afrikanischer Dachverband Nord"
    assert data["sameAs"] == ["https://adn.example"]
    assert "email" not in data and "telephone" not in data
    assert "streetAddress" not in data["address"]
    og = _open_graph(html)
    assert og["og:title"] == "Afrikanischer Dachverband Nord"
    assert og["og:description"] == "Wir vernetzen afrikanische Vereine."
    for value in og.values():
        for secret in SECRETS:
            assert secret not in value


def test_members_see_members_fields_but_not_staff_fields(client: Any, person: Any) -> None:
    from verbund.organizations.models import Affiliation

    organization = _full_secret_profile(person)
    member = PersonFactory()
    Affiliation.objects.create(organization=organization, person=member, role="member")
    client.force_login(member)
    html = _profile(client, organization.slug)
    for shown in ("board@adn.example", "Geheimweg", "Ayla Fiktiv", "social.example/members-only"):
        assert shown in html
    for hidden in ("1234567", "Bora Intern", "bora@adn"):
        assert hidden not in html
    data = _json_ld(html)
    assert data["email"] == "board@adn.example"
    assert "telephone" not in data


def test_staff_and_the_organisations_editors_see_staff_fields(
    client: Any, person: Any, staff: Any
) -> None:
    organization = _full_secret_profile(person)
    for viewer in (person, staff):
        client.force_login(viewer)
        html = _profile(client, organization.slug)
        assert "Bora Intern" in html and "1234567" in html


def test_json_ld_cannot_be_broken_out_of_by_user_text(client: Any, person: Any) -> None:
    organization = make_organization(
        admin=person,
        name="Verein </script><script>alert(1)</script>",
        description={"de": "A & B <b>fett</b>"},
    )
    html = _profile(client, organization.slug)
    assert "<script>alert(1)</script>" not in html
    data = _json_ld(html)
    assert data["name"] == "Verein </script><script>alert(1)</script>"
    assert data["description"] == "A & B <b>fett</b>"


def test_open_graph_and_json_ld_describe_a_full_public_profile(client: Any, person: Any) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    organization = make_organization(
        admin=person,
        name="Bund der Vielfalt",
        short_name="BdV",
        founding_year=1998,
        description={"de": "Beratung für Familien.", "en": "Counselling for families."},
        street="Musterstraße 5",
        postal_code="04109",
        city="Leipzig",
        federal_state="SN",
        email="info@bdv.example",
        phone="+49 341 7654321",
        languages=["ar", "de"],
        social_links=["https://social.example/bdv"],
    )
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40)).save(buffer, format="PNG")
    services.set_logo(person, organization, SimpleUploadedFile("l.png", buffer.getvalue()))
    organization.refresh_from_db()
    client.logout()
    html = client.get(f"/en/organisations/{organization.slug}/").content.decode()
    data = _json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["url"] == f"http://testserver/en/organisations/{organization.slug}/"
    assert data["alternateName"] == "BdV"
    assert data["foundingDate"] == "1998"
    assert data["description"] == "Counselling for families."
    assert data["logo"] == f"http://testserver{organization.logo.url}"
    assert data["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "DE",
        "addressLocality": "Leipzig",
        "postalCode": "04109",
        "addressRegion": "Saxony",
        "streetAddress": "Musterstraße 5",
    }
    assert data["email"] == "info@bdv.example"
    assert data["telephone"] == "+493417654321"
    assert data["sameAs"] == ["https://social.example/bdv"]
    assert sorted(data["knowsLanguage"]) == ["ar", "de"]
    og = _open_graph(html)
    # An organisation, not a person (og:profile); addresses from the public site address.
    from django.conf import settings

    site = settings.SITE_URL.rstrip("/")
    assert og["og:type"] == "website"
    assert og["og:url"] == f"{site}/en/organisations/{organization.slug}/"
    assert og["og:description"] == "Counselling for families."
    assert og["og:image"] == f"{site}{organization.logo.url}"
    assert og["og:locale"] == "en_US"


# --- Forbidden paths --------------------------------------------------------------------------


def _forbidden_requests(target: Any) -> list[tuple[str, str, dict[str, Any]]]:
    from django.utils import translation

    from verbund.organizations.models import Affiliation

    contact = target.contact_persons.first()
    affiliation = Affiliation.objects.filter(organization=target).first()
    slug = target.slug
    with translation.override("de"):
        requests = [
            ("get", reverse("organizations:edit", kwargs={"slug": slug}), {}),
            (
                "post",
                reverse("organizations:edit", kwargs={"slug": slug}),
                {"name": "Übernommen", "kind": "migrant"},
            ),
            ("get", reverse("organizations:contacts", kwargs={"slug": slug}), {}),
            (
                "post",
                reverse("organizations:contacts", kwargs={"slug": slug}),
                {
                    "name": "Eindringling",
                    "function": "chair",
                    "visibility": "public",
                    "position": "0",
                },
            ),
            ("get", reverse("organizations:contact", kwargs={"slug": slug, "pk": contact.pk}), {}),
            (
                "post",
                reverse("organizations:contact", kwargs={"slug": slug, "pk": contact.pk}),
                {"remove": "1"},
            ),
            ("get", reverse("organizations:people", kwargs={"slug": slug}), {}),
            (
                "post",
                reverse("organizations:people", kwargs={"slug": slug}),
                {"email": "x@example.org", "role": "admin"},
            ),
            (
                "post",
                reverse("organizations:person_role", kwargs={"slug": slug, "pk": affiliation.pk}),
                {"role": "member"},
            ),
            (
                "post",
                reverse("organizations:person_role", kwargs={"slug": slug, "pk": affiliation.pk}),
                {"remove": "1"},
            ),
            ("get", reverse("organizations:history", kwargs={"slug": slug}), {}),
            (
                "post",
                reverse("organizations:review_decision", kwargs={"slug": slug}),
                {"decision": "approve"},
            ),
            ("get", reverse("organizations:review"), {}),
        ]
        for action in ("publish", "unpublish", "archive", "verify", "unverify"):
            requests.append(
                (
                    "post",
                    reverse("organizations:publication", kwargs={"slug": slug, "action": action}),
                    {},
                )
            )
    return requests


def _snapshot(organization: Any) -> tuple[Any, ...]:
    organization.refresh_from_db()
    return (
        organization.name,
        organization.status,
        organization.verified,
        organization.review_requested_at,
        tuple(organization.contact_persons.values_list("name", flat=True)),
        tuple(organization.affiliations.values_list("person_id", "role")),
    )


def test_admin_of_one_organisation_is_refused_every_path_of_another(
    client: Any, person: Any
) -> None:
    make_organization(admin=person, name="Eigener Verein")
    other_admin = PersonFactory()
    other = make_organization(admin=other_admin, name="Fremder Verein", status="draft")
    services.save_contact_person(
        other_admin, other, {"name": "Dana Fremd", "function": "chair", "visibility": "public"}
    )
    before = _snapshot(other)
    client.force_login(person)
    for method, url, data in _forbidden_requests(other):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, (method, url, response.status_code)
    assert _snapshot(other) == before


def test_an_editor_may_edit_but_not_manage_people_history_or_publication(
    client: Any, person: Any
) -> None:
    from verbund.organizations.models import Affiliation

    organization = make_organization(admin=person, name="Verein mit Redaktion")
    services.save_contact_person(
        person, organization, {"name": "Eda", "function": "chair", "visibility": "public"}
    )
    editor = PersonFactory()
    Affiliation.objects.create(organization=organization, person=editor, role="editor")
    client.force_login(editor)
    allowed = {"edit", "contacts", "contact"}
    before = _snapshot(organization)
    for method, url, data in _forbidden_requests(organization):
        name = url.rstrip("/").split("/")[-1]
        if method == "get" and (name in allowed or name.isdigit()):
            assert client.get(url).status_code == 200, url
            continue
        if method == "post" and (name in {"contacts", "edit"} or "/contacts/" in url):
            continue  # editors may write these; covered by the edit tests
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, (method, url, response.status_code)
    assert _snapshot(organization) == before


def test_anonymous_visitors_are_sent_to_log_in(client: Any, person: Any) -> None:
    organization = make_organization(admin=person, name="Verein ohne Gäste")
    services.save_contact_person(
        person, organization, {"name": "Eda", "function": "chair", "visibility": "public"}
    )
    before = _snapshot(organization)
    for method, url, data in _forbidden_requests(organization):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]
    assert _snapshot(organization) == before


def test_draft_profiles_are_hidden_from_outsiders(client: Any, person: Any) -> None:
    organization = make_organization(admin=person, name="Noch geheim", status="draft")
    url = reverse("organizations:profile", kwargs={"slug": organization.slug})
    assert client.get(url).status_code == 404
    client.force_login(PersonFactory())
    assert client.get(url).status_code == 404
    client.force_login(person)
    assert client.get(url).status_code == 200

"""Editing a profile through the web: bad input gets a clear message in the visitor's language
and keeps what was typed; good input reaches the public profile and the history."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from PIL import Image

from tests.factories import make_organization
from verbund.organizations import services
from verbund.organizations.forms import PHONE_ERROR
from verbund.organizations.models import Organization, postal_code_validator

pytestmark = pytest.mark.django_db


def _edit_url(organization: Organization, language: str = "de") -> str:
    with translation.override(language):
        return reverse("organizations:edit", kwargs={"slug": organization.slug})


def _valid_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Haus der Kulturen Leipzig",
        "short_name": "HdK",
        "kind": "migrant",
        "partner_kind": "",
        "legal_form": "ev",
        "register_number": "VR 99",
        "founding_year": "2004",
        "themes": ["youth", "culture"],
        "languages": ["ar", "de"],
        "other_languages": "",
        "tags": "Syrisch, Kurdisch",
        "description_de": "Wir machen Kulturarbeit.",
        "description_en": "",
        "description_tr": "",
        "description_ar": "",
        "description_fa": "",
        "description_ru": "",
        "description_uk": "",
        "street": "Karl-Liebknecht-Straße 12",
        "postal_code": "04109",
        "city": "Leipzig",
        "district": "Süd",
        "federal_state": "SN",
        "address_visibility": "public",
        "website": "https://hdk.example",
        "website_visibility": "public",
        "email": "info@hdk.example",
        "email_visibility": "public",
        "phone": "0341 1234567",
        "phone_visibility": "members",
        "social_links_text": "https://social.example/hdk",
        "social_links_visibility": "public",
    }
    data.update(changes)
    return data


def _german(message: Any, **params: Any) -> str:
    """The message as a German visitor reads it, as far as the catalogue translates it."""
    with translation.override("de"):
        text = translation.gettext(message) if isinstance(message, str) else str(message)
    return escape(text % params if params else text)


def _service_message_in_german(content: bytes) -> str:
    """What the logo check says about this file to a German visitor."""
    with translation.override("de"), pytest.raises(ValidationError) as refused:
        services.validate_logo(SimpleUploadedFile("logo.png", content))
    return escape(refused.value.messages[0])


def _png(width: int, height: int, image_format: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format=image_format)
    return buffer.getvalue()


@pytest.fixture
def admin_client(client: Any, person: Any) -> Any:
    client.force_login(person)
    return client


def test_invalid_email_url_phone_and_postal_code_get_german_messages_and_keep_input(
    admin_client: Any, organization: Organization
) -> None:
    data = _valid_data(
        email="info(at)hdk",
        website="hdk kein link",
        phone="12ab",
        postal_code="0410",
        description_de="Bitte nicht verlieren",
        other_languages="Tigrinya",
    )
    response = admin_client.post(_edit_url(organization), data)
    assert response.status_code == 400
    html = response.content.decode()
    # Django's own messages, in German (from Django's or the project's catalogue).
    for message in ("Enter a valid email address.", "Enter a valid URL."):
        assert _german(message) != message
        assert _german(message) in html
    # Ours come from the project's German catalogue.
    assert _german(PHONE_ERROR) in html
    assert _german(postal_code_validator.message) in html
    form = response.context["form"]
    assert set(form.errors) == {"email", "website", "phone", "postal_code"}
    # Everything typed is still there, the wrong values too.
    for typed in (
        'value="info(at)hdk"',
        'value="hdk kein link"',
        'value="12ab"',
        'value="0410"',
        "Bitte nicht verlieren",
        'value="Tigrinya"',
        'value="Syrisch, Kurdisch"',
        'value="Karl-Liebknecht-Straße 12"',
    ):
        assert typed in html
    assert 'value="ar" id="id_languages_1" checked' in html or (
        'name="languages" value="ar"' in html and "checked" in html
    )
    # The error summary links to the fields and the fields say they are invalid.
    assert 'href="#id_email"' in html
    assert 'aria-invalid="true"' in html
    organization.refresh_from_db()
    assert organization.email == ""


def test_english_visitor_gets_english_messages(
    admin_client: Any, organization: Organization
) -> None:
    response = admin_client.post(_edit_url(organization, "en"), _valid_data(email="nope"))
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()


def test_postal_code_outside_the_federal_state_is_refused(
    admin_client: Any, organization: Organization
) -> None:
    response = admin_client.post(
        _edit_url(organization), _valid_data(postal_code="04109", federal_state="BE")
    )
    assert response.status_code == 400
    from verbund.organizations.taxonomy import FederalState

    with translation.override("de"):
        state = str(FederalState.BE.label)
    assert list(response.context["form"].errors) == ["federal_state"]
    assert (
        _german("The postal code %(code)s is not in %(state)s.", code="04109", state=state)
        in response.content.decode()
    )
    assert 'value="04109"' in response.content.decode()


def test_a_file_that_is_not_an_image_is_refused_as_logo(
    admin_client: Any, organization: Organization
) -> None:
    upload = SimpleUploadedFile("logo.png", b"this is not a picture", content_type="image/png")
    response = admin_client.post(
        _edit_url(organization), {**_valid_data(city="Leipzig-Mitte"), "logo_upload": upload}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert _service_message_in_german(b"this is not a picture") in html
    assert 'value="Leipzig-Mitte"' in html
    organization.refresh_from_db()
    assert not organization.logo
    assert organization.city == "Leipzig"


def test_a_logo_over_five_megabytes_is_refused(
    admin_client: Any, organization: Organization
) -> None:
    too_big = _png(10, 10) + b"\0" * (5 * 1024 * 1024)
    upload = SimpleUploadedFile("big.png", too_big, content_type="image/png")
    response = admin_client.post(_edit_url(organization), {**_valid_data(), "logo_upload": upload})
    assert response.status_code == 400
    assert _service_message_in_german(too_big) in response.content.decode()
    organization.refresh_from_db()
    assert not organization.logo


def test_a_good_logo_is_stored_small_as_png_and_shown(
    admin_client: Any, organization: Organization
) -> None:
    upload = SimpleUploadedFile("photo.jpg", _png(1600, 900, "JPEG"), content_type="image/jpeg")
    response = admin_client.post(_edit_url(organization), {**_valid_data(), "logo_upload": upload})
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.logo.name.endswith(".png")
    with Image.open(organization.logo.path) as stored:
        assert stored.format == "PNG"
        assert max(stored.size) <= 512
        assert stored.size == (512, 288)
    profile = admin_client.get(organization.get_absolute_url()).content.decode()
    assert organization.logo.url in profile
    response = admin_client.post(_edit_url(organization), {**_valid_data(), "remove_logo": "on"})
    assert response.status_code == 302
    organization.refresh_from_db()
    assert not organization.logo


def test_saved_changes_reach_the_public_profile(
    client: Any, person: Any, organization: Organization
) -> None:
    client.force_login(person)
    data = _valid_data(
        description_de="Beratung auf Arabisch und Tigrinya.",
        description_ar="استشارات باللغة العربية",
        other_languages="Tigrinya, bn",
        themes=["youth"],
    )
    response = client.post(_edit_url(organization), data)
    assert response.status_code == 302, response.context["form"].errors
    organization.refresh_from_db()
    assert organization.description == {
        "de": "Beratung auf Arabisch und Tigrinya.",
        "ar": "استشارات باللغة العربية",
    }
    assert sorted(organization.language_links.values_list("code", flat=True)) == [
        "ar",
        "bn",
        "de",
        "ti",
    ]
    assert str(organization.phone) == "+493411234567"
    client.logout()
    html = client.get(organization.get_absolute_url()).content.decode()
    assert "Beratung auf Arabisch und Tigrinya." in html
    assert "Tigrinya" in html and "Bengalisch" in html
    with translation.override("ar"):
        arabic = client.get(
            reverse("organizations:profile", kwargs={"slug": organization.slug})
        ).content.decode()
    assert "استشارات باللغة العربية" in arabic
    # The phone number is for members only.
    assert "1234567" not in html


def test_edit_form_splits_languages_into_checkboxes_and_named_others(
    admin_client: Any, person: Any
) -> None:
    organization = make_organization(admin=person, languages=["de", "bn", "am"])
    html = admin_client.get(_edit_url(organization)).content.decode()
    assert 'value="de"' in html
    assert 'name="other_languages" value="Amharisch, Bengalisch"' in html
    # Each language is also named in itself, marked with its language for screen readers.
    assert '(<span lang="ar" dir="auto">العربية</span>)' in html


def test_unknown_language_name_is_refused_with_the_name(
    admin_client: Any, organization: Organization
) -> None:
    response = admin_client.post(
        _edit_url(organization), _valid_data(other_languages="Tigrinya, Klingonisch")
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["other_languages"]
    assert "Klingonisch" in response.context["form"].errors["other_languages"][0]


def test_partner_kind_is_required_for_partners_and_dropped_for_others(
    admin_client: Any, organization: Organization
) -> None:
    response = admin_client.post(_edit_url(organization), _valid_data(kind="partner"))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["partner_kind"]
    response = admin_client.post(
        _edit_url(organization), _valid_data(kind="partner", partner_kind="school")
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.partner_kind == "school"
    response = admin_client.post(
        _edit_url(organization), _valid_data(kind="migrant", partner_kind="school")
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.partner_kind == ""


def test_history_names_fields_and_values_in_words(
    admin_client: Any, organization: Organization
) -> None:
    data = _valid_data(themes=["youth"], legal_form="ev")
    assert admin_client.post(_edit_url(organization), data).status_code == 302
    with translation.override("en"):
        url = reverse("organizations:history", kwargs={"slug": organization.slug})
    html = admin_client.get(url).content.decode()
    assert "Profile changed" in html
    assert "Legal form" in html and "Registered association (e.V.)" in html
    assert "Street and number" in html and "Karl-Liebknecht-Straße 12" in html
    assert "Themes" in html and "Youth" in html
    assert "Languages offered" in html and "Arabic" in html
    assert "Who sees the phone number" in html and "Members only" in html
    assert "legal_form" not in html and "phone_visibility" not in html
    assert "organization.updated" not in html
    # Who made the change is named.
    assert escape(str(organization.affiliations.get().person)) in html


def test_contact_persons_can_be_added_corrected_and_removed(
    admin_client: Any, organization: Organization
) -> None:
    with translation.override("de"):
        url = reverse("organizations:contacts", kwargs={"slug": organization.slug})
    bad = {
        "name": "Mira Beispiel",
        "function": "chair",
        "function_note": "",
        "email": "mira-at-example",
        "phone": "0341 12",
        "visibility": "public",
        "position": "0",
    }
    response = admin_client.post(url, bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert _german("Enter a valid email address.") in html
    assert _german(PHONE_ERROR) in html
    assert 'value="Mira Beispiel"' in html and 'value="mira-at-example"' in html
    response = admin_client.post(url, {**bad, "email": "mira@example.org", "phone": ""})
    assert response.status_code == 302
    contact = organization.contact_persons.get()
    assert contact.email == "mira@example.org"
    with translation.override("de"):
        contact_url = reverse(
            "organizations:contact", kwargs={"slug": organization.slug, "pk": contact.pk}
        )
    assert admin_client.post(contact_url, {"remove": "1"}).status_code == 302
    assert not organization.contact_persons.exists()


def test_first_publication_is_asked_for_reviewed_sent_back_and_approved(
    client: Any, person: Any, staff: Any
) -> None:
    organization = make_organization(
        admin=person, status="draft", name="Neuer Verein Halle", city="Halle", federal_state="ST"
    )
    with translation.override("en"):
        publish_url = reverse(
            "organizations:publication", kwargs={"slug": organization.slug, "action": "publish"}
        )
        review_url = reverse("organizations:review")
        decision_url = reverse("organizations:review_decision", kwargs={"slug": organization.slug})
        edit_url = reverse("organizations:edit", kwargs={"slug": organization.slug})
    client.force_login(person)
    assert client.post(publish_url).status_code == 302
    organization.refresh_from_db()
    assert organization.review_requested_at is not None and not organization.is_published
    assert "Waiting for review by our staff." in client.get(edit_url).content.decode()

    client.force_login(staff)
    queue = client.get(review_url).content.decode()
    assert "Neuer Verein Halle" in queue
    assert client.post(decision_url, {"decision": "reject", "reason": ""}).status_code == 302
    organization.refresh_from_db()
    assert organization.review_requested_at is not None  # no reason, nothing sent back
    response = client.post(
        decision_url, {"decision": "reject", "reason": "Bitte eine Beschreibung ergänzen."}
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.review_requested_at is None and not organization.is_published

    client.force_login(person)
    html = client.get(edit_url).content.decode()
    assert "Bitte eine Beschreibung ergänzen." in html
    assert "Ask for publication" in html
    client.post(publish_url)

    client.force_login(staff)
    assert client.post(decision_url, {"decision": "approve"}).status_code == 302
    organization.refresh_from_db()
    assert organization.is_published
    assert "Neuer Verein Halle</a>" not in client.get(review_url).content.decode()


@pytest.mark.parametrize(
    ("language", "direction"),
    [
        ("de", "ltr"),
        ("en", "ltr"),
        ("tr", "ltr"),
        ("ru", "ltr"),
        ("uk", "ltr"),
        ("ar", "rtl"),
        ("fa", "rtl"),
    ],
)
def test_pages_carry_language_and_direction(
    client: Any, organization: Organization, language: str, direction: str
) -> None:
    with translation.override(language):
        urls = [
            reverse("home"),
            reverse("organizations:directory"),
            organization.get_absolute_url(),
        ]
    for url in urls:
        html = client.get(url).content.decode()
        assert f'<html lang="{language}" dir="{direction}">' in html


def test_our_messages_are_german_when_the_catalogue_is_compiled() -> None:
    from pathlib import Path

    from django.conf import settings

    if not (Path(settings.LOCALE_PATHS[0]) / "de" / "LC_MESSAGES" / "django.mo").exists():
        pytest.skip("the German catalogue is not compiled (make messages does it)")
    with translation.override("en"):
        english = [
            str(PHONE_ERROR),
            str(postal_code_validator.message),
            "The postal code %(code)s is not in %(state)s.",
        ]
    with translation.override("de"):
        german = [translation.gettext(message) for message in english]
    assert all(g != e for g, e in zip(german, english, strict=True)), german


def test_anyone_logged_in_can_register_an_organisation_as_a_draft(client: Any, person: Any) -> None:
    client.force_login(person)
    with translation.override("de"):
        url = reverse("organizations:create")
    assert client.get(url).status_code == 200
    response = client.post(
        url, _valid_data(name="Neue Schule Leipzig", kind="partner", partner_kind="school")
    )
    assert response.status_code == 302
    created = Organization.objects.get(name="Neue Schule Leipzig")
    assert (created.status, created.kind, created.partner_kind) == ("draft", "partner", "school")
    assert created.affiliations.get().person == person
    assert response["Location"] == _edit_url(created)


def test_the_visitors_language_comes_first_among_the_descriptions(
    admin_client: Any, organization: Organization
) -> None:
    html = admin_client.get(_edit_url(organization, "ar")).content.decode()
    order = [html.index(f'id="id_description_{code}"') for code in ("ar", "de", "en", "tr")]
    assert order == sorted(order)
    more = html.index('class="more-languages"')
    assert order[2] < more < order[3]
    # Folded away while empty, open as soon as one of them holds text.
    assert '<details class="more-languages">' in html
    admin_client.post(_edit_url(organization), _valid_data(description_uk="Текст"))
    html = admin_client.get(_edit_url(organization)).content.decode()
    assert '<details class="more-languages" open>' in html


def test_history_tells_contact_person_and_role_changes_in_words(
    admin_client: Any, person: Any, organization: Organization
) -> None:
    from tests.factories import PersonFactory
    from verbund.organizations.models import Affiliation

    contact = services.save_contact_person(
        person,
        organization,
        {"name": "Mira Beispiel", "function": "chair", "visibility": "members"},
    )
    services.save_contact_person(person, organization, {"visibility": "public"}, contact=contact)
    colleague = PersonFactory(display_name="Kim Kollegin")
    services.add_person(person, organization, colleague, "editor")
    services.change_role(person, Affiliation.objects.get(person=colleague), "admin")
    with translation.override("en"):
        url = reverse("organizations:history", kwargs={"slug": organization.slug})
    html = admin_client.get(url).content.decode()
    assert "Contact person added" in html and "Contact person changed" in html
    assert "Who sees this person" in html
    assert "Members only" in html and "Public" in html
    assert "Chair" in html
    assert "Role changed" in html and "Kim Kollegin" in html
    assert "Editor" in html and "Administrator" in html

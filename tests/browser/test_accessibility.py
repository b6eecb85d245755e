"""axe-core finds no WCAG 2.1 A/AA violations on the public pages, in German, English and
Arabic, on a laptop-size window and on a phone."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import PersonFactory, make_organization
from verbund.organizations import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("de", "en", "ar")


def _png(width: int = 300, height: int = 200) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (11, 93, 75)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def _full_profile() -> Any:
    """A published organisation with every public field filled in, a logo and contacts."""
    admin = PersonFactory()
    organization = make_organization(
        admin=admin,
        name="Bund der Vielfalt Leipzig",
        short_name="BdV",
        kind="umbrella",
        legal_form="ev",
        register_number="VR 1234",
        founding_year=1998,
        description={
            "de": "Wir beraten Familien in vielen Sprachen.",
            "en": "We advise families in many languages.",
            "ar": "نقدم المشورة للعائلات بلغات عديدة.",
        },
        street="Musterstraße 5",
        postal_code="04109",
        city="Leipzig",
        district="Zentrum",
        federal_state="SN",
        website="https://bdv.example",
        email="info@bdv.example",
        phone="+49 341 1234567",
        social_links=["https://social.example/bdv"],
        themes=["education_family", "youth"],
        languages=["de", "ar", "tr"],
        tags=["Kurdisch", "Syrisch"],
    )
    services.set_logo(admin, organization, _png())
    services.save_contact_person(
        admin,
        organization,
        {
            "name": "Mira Beispiel",
            "function": "chair",
            "email": "mira@bdv.example",
            "phone": "+49 341 7654321",
            "visibility": "public",
        },
    )
    make_organization(
        name="Elternnetzwerk Dresden",
        kind="parents",
        city="Dresden",
        federal_state="SN",
        themes=["youth"],
        languages=["ru"],
    )
    return organization


def _public_paths(language: str, slug: str) -> list[str]:
    return [
        f"/{language}/",
        f"/{language}/organisations/",
        f"/{language}/organisations/?q=Leipzig&kind=umbrella&theme=youth",
        f"/{language}/organisations/{slug}/",
        f"/{language}/organisations/does-not-exist/",
        f"/{language}/accounts/login/",
    ]


def _check_all(page: Any, paths: list[str]) -> None:
    from tests.conftest import axe_violations

    problems = []
    for path in paths:
        page.goto(path)
        for violation in axe_violations(page):
            problems.append(
                f"{path}: {violation['id']} ({violation['impact']}): "
                f"{violation['help']}\n  " + "\n  ".join(violation["nodes"])
            )
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_wcag_violations(page: Any, language: str) -> None:
    organization = _full_profile()
    _check_all(page, _public_paths(language, organization.slug))


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_wcag_violations_on_a_phone(phone_page: Any, language: str) -> None:
    organization = _full_profile()
    _check_all(phone_page, _public_paths(language, organization.slug))


def test_not_found_page_is_accessible_and_says_404(page: Any, assert_accessible: Any) -> None:
    response = page.goto("/de/organisations/gibt-es-nicht/")
    assert response.status == 404
    assert page.locator("h1").count() == 1
    assert page.locator("main a[href='/de/organisations/']").count() == 1
    assert_accessible(page)


def test_profile_logo_loads_and_has_a_text_alternative(page: Any) -> None:
    organization = _full_profile()
    page.goto(f"/en/organisations/{organization.slug}/")
    logo = page.locator("img.logo")
    assert logo.get_attribute("alt") == "Logo of Bund der Vielfalt Leipzig"
    assert logo.evaluate("img => img.complete && img.naturalWidth") == 300

"""The profile form: languages by checkbox or by name, the partner sub-kind, social links."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from tests.factories import make_organization
from verbund.organizations.forms import COMMON_LANGUAGES, OrganizationForm

pytestmark = pytest.mark.django_db

REQUIRED = {
    "name": "Verein",
    "kind": "migrant",
    "address_visibility": "public",
    "website_visibility": "public",
    "email_visibility": "public",
    "phone_visibility": "public",
    "social_links_visibility": "public",
}


def _form(language: str = "de", **data: Any) -> OrganizationForm:
    with translation.override(language):
        form = OrganizationForm(data={**REQUIRED, **data})
        form.is_valid()
    return form


@pytest.mark.parametrize(
    ("language", "typed", "codes"),
    [
        ("de", "Tigrinya, Amharisch", ["am", "ti"]),
        ("de", "amharic;  BENGALI", ["am", "bn"]),
        ("de", "Farsi, Dari", ["fa"]),
        ("en", "Amharic, bn, አማርኛ", ["am", "bn"]),
        ("tr", "Amharca", ["am"]),
        ("de", "", []),
    ],
)
def test_other_languages_are_understood_by_name_or_code(
    language: str, typed: str, codes: list[str]
) -> None:
    form = _form(language, other_languages=typed, languages=["de"])
    assert form.errors == {}
    assert form.service_data()["languages"] == sorted({"de", *codes})


def test_unknown_languages_are_named_in_the_message() -> None:
    form = _form(other_languages="Amharisch, Elbisch, Klingonisch")
    assert list(form.errors) == ["other_languages"]
    message = form.errors["other_languages"][0]
    assert "Elbisch" in message and "Klingonisch" in message and "Amharisch" not in message


def test_checkboxes_offer_the_common_languages_named_for_the_viewer() -> None:
    with translation.override("de"):
        choices = dict(OrganizationForm().fields["languages"].choices)  # type: ignore[attr-defined]
    assert set(choices) == set(COMMON_LANGUAGES)
    assert str(choices["tr"]).startswith("Türkisch")
    assert 'lang="tr"' in str(choices["tr"])
    assert str(choices["de"]) == "Deutsch"


def test_stored_languages_are_split_between_checkboxes_and_text(person: Any) -> None:
    organization = make_organization(admin=person, languages=["ar", "am", "bn"])
    with translation.override("en"):
        form = OrganizationForm(instance=organization)
    assert form.initial["languages"] == ["ar"]
    assert form.initial["other_languages"] == "Amharic, Bangla"


def test_partner_kind_is_needed_only_by_partner_institutions() -> None:
    assert list(_form(kind="partner").errors) == ["partner_kind"]
    assert _form(kind="partner", partner_kind="police").errors == {}
    form = _form(kind="umbrella", partner_kind="police")
    assert form.errors == {}
    assert form.service_data()["partner_kind"] == ""


def test_social_links_must_be_web_addresses() -> None:
    form = _form(social_links_text="https://social.example/a\n\nsocial.example/b")
    assert list(form.errors) == ["social_links_text"]
    assert "social.example/b" in form.errors["social_links_text"][0]
    form = _form(social_links_text=" https://social.example/a \nhttp://b.example\n")
    assert form.service_data()["social_links"] == ["https://social.example/a", "http://b.example"]


@pytest.mark.parametrize("postal_code", ["1011", "101155", "1O115", "abcde"])
def test_postal_codes_have_five_digits(postal_code: str) -> None:
    assert "postal_code" in _form(postal_code=postal_code).errors


@pytest.mark.parametrize(
    ("postal_code", "state", "valid"),
    [
        ("10115", "BE", True),
        ("10115", "BY", False),
        ("14467", "BB", True),
        ("14467", "BE", False),
        ("80331", "BY", True),
        ("80331", "HH", False),
    ],
)
def test_postal_code_must_fit_the_federal_state(postal_code: str, state: str, valid: bool) -> None:
    form = _form(postal_code=postal_code, federal_state=state)
    assert (form.errors == {}) is valid
    if not valid:
        assert list(form.errors) == ["federal_state"]


def test_phone_numbers_are_read_as_german_numbers() -> None:
    form = _form(phone="030 1234567")
    assert str(form.service_data()["phone"]) == "+49301234567"
    assert "phone" in _form(phone="12ab").errors

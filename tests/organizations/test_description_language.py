"""A profile's description in the reader's language, else English, else German, else any;
the page says which language it shows when it is not the reader's."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from tests.factories import make_organization

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("texts", "reader", "shown"),
    [
        ({"de": "Deutsch", "en": "English", "tr": "Türkçe"}, "tr", "tr"),
        ({"de": "Deutsch", "en": "English"}, "tr", "en"),
        ({"de": "Deutsch", "en": "English"}, "ar", "en"),
        ({"de": "Deutsch", "fa": "فارسی"}, "ar", "de"),
        ({"fa": "فارسی", "ru": "Русский"}, "uk", "fa"),
        ({"de": "Deutsch", "en": "English"}, "de", "de"),
        ({}, "ar", "ar"),
    ],
)
def test_the_fallback_order(texts: dict[str, str], reader: str, shown: str) -> None:
    organization = make_organization(name="Verein", description=texts)
    with translation.override(reader):
        text, language = organization.description_in()
    assert language == shown
    assert text == texts.get(shown, "")


def test_the_profile_says_which_language_it_shows() -> None:
    organization = make_organization(
        name="Kulturverein", description={"de": "Wir machen Kultur.", "en": "We do culture."}
    )
    turkish = Client().get(f"/tr/organisations/{organization.slug}/").content.decode()
    assert "We do culture." in turkish and "Wir machen Kultur." not in turkish
    with translation.override("tr"):
        note = translation.gettext(
            "This description is not available in your language; it is shown in %(language)s."
        ) % {"language": "İngilizce"}
    assert note in turkish
    assert '<div class="description" lang="en" dir="auto">' in turkish
    german = Client().get(f"/de/organisations/{organization.slug}/").content.decode()
    assert 'id="description-language"' not in german

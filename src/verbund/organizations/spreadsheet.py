"""The registry as spreadsheet columns: headers people write (German or English), and the
translation between stored codes and the labels people type ("Bayern", "e.V.", "Türkisch").

Shared by the importer, the exporter and the open-data CSV, so what is exported imports again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from verbund.core.text import fold
from verbund.organizations.taxonomy import (
    LANGUAGE_CODES,
    FederalState,
    Kind,
    LegalForm,
    PartnerKind,
    Theme,
    language_name,
)


@dataclass(frozen=True)
class Column:
    key: str
    german: str
    english: str
    label: str | Promise  # translatable, for the mapping form
    synonyms: tuple[str, ...] = ()
    many: bool = False


COLUMNS: tuple[Column, ...] = (
    Column(
        "slug",
        "Kennung",
        "Identifier",
        _("Identifier (address on the site)"),
        ("slug", "id", "kennung", "adresse auf der seite"),
    ),
    Column(
        "name",
        "Name",
        "Name",
        _("Name"),
        (
            "organisation",
            "organization",
            "verein",
            "organisationsname",
            "name der organisation",
            "vereinsname",
            "einrichtung",
            "institution",
        ),
    ),
    Column(
        "short_name",
        "Kurzname",
        "Short name",
        _("Short name or acronym"),
        ("abkurzung", "abk", "kurzel", "akronym", "acronym", "kurzbezeichnung"),
    ),
    Column(
        "kind",
        "Art",
        "Kind",
        _("Kind"),
        ("typ", "type", "organisationsart", "kategorie", "category", "art der organisation"),
    ),
    Column(
        "partner_kind",
        "Art der Partnerinstitution",
        "Kind of partner institution",
        _("Kind of partner institution"),
        ("partnerart", "partner kind"),
    ),
    Column("legal_form", "Rechtsform", "Legal form", _("Legal form"), ("legal status",)),
    Column(
        "register_number",
        "Registernummer",
        "Register number",
        _("Register number"),
        ("vereinsregister", "vereinsregisternummer", "vr nummer", "registry number"),
    ),
    Column(
        "founding_year",
        "Gründungsjahr",
        "Founding year",
        _("Founding year"),
        ("gegrundet", "grundung", "founded", "year founded", "seit"),
    ),
    Column(
        "description",
        "Beschreibung",
        "Description",
        _("Description"),
        ("about", "selbstbeschreibung", "profil", "text"),
    ),
    Column(
        "street",
        "Straße",
        "Street",
        _("Street and number"),
        (
            "strasse",
            "str",
            "adresse",
            "anschrift",
            "address",
            "street and number",
            "strasse und hausnummer",
            "hausnummer",
        ),
    ),
    Column(
        "postal_code",
        "PLZ",
        "Postal code",
        _("Postal code"),
        ("postleitzahl", "zip", "zip code", "postcode", "post code"),
    ),
    Column(
        "city",
        "Ort",
        "City",
        _("City"),
        ("stadt", "gemeinde", "town", "place", "stadt gemeinde", "sitz"),
    ),
    Column(
        "district",
        "Bezirk",
        "District",
        _("District"),
        ("stadtteil", "ortsteil", "kiez", "stadtbezirk"),
    ),
    Column(
        "federal_state",
        "Bundesland",
        "Federal state",
        _("Federal state"),
        ("land", "state", "region"),
    ),
    Column("latitude", "Breitengrad", "Latitude", _("Latitude"), ("lat", "breite")),
    Column("longitude", "Längengrad", "Longitude", _("Longitude"), ("lon", "lng", "lange", "long")),
    Column(
        "email",
        "E-Mail",
        "E-mail",
        _("E-mail"),
        ("email", "mail", "e mail adresse", "email address", "e mail address"),
    ),
    Column(
        "phone",
        "Telefon",
        "Phone",
        _("Phone"),
        ("tel", "telefonnummer", "telephone", "phone number", "fon"),
    ),
    Column(
        "website",
        "Webseite",
        "Website",
        _("Website"),
        ("homepage", "internet", "url", "web", "internetseite", "webadresse", "website url"),
    ),
    Column(
        "themes",
        "Themen",
        "Themes",
        _("Themes"),
        ("thema", "themenfelder", "schwerpunkte", "topics", "arbeitsfelder", "theme"),
        many=True,
    ),
    Column(
        "languages",
        "Sprachen",
        "Languages",
        _("Languages"),
        ("sprache", "language", "angebotssprachen"),
        many=True,
    ),
    Column(
        "tags",
        "Schlagwörter",
        "Tags",
        _("Tags"),
        ("schlagworte", "communities", "community", "herkunft", "tag"),
        many=True,
    ),
)
# Columns an import reads that are not fields of the profile, so the export leaves them out:
# a contact person to add, and whether to invite the organisation to take over its profile.
IMPORT_ONLY_COLUMNS: tuple[Column, ...] = (
    Column(
        "contact_name",
        "Ansprechperson",
        "Contact person",
        _("Contact person: name"),
        ("ansprechpartner", "ansprechpartnerin", "kontaktperson", "kontakt", "contact name"),
    ),
    Column(
        "contact_email",
        "E-Mail der Ansprechperson",
        "Contact e-mail",
        _("Contact person: e-mail"),
        ("kontakt e mail", "kontakt email", "e mail ansprechperson", "contact email"),
    ),
    Column(
        "contact_language",
        "Sprache der Ansprechperson",
        "Contact language",
        _("Contact person: preferred language"),
        ("kontaktsprache", "korrespondenzsprache", "contact language", "preferred language"),
    ),
    Column(
        "invite",
        "Einladen",
        "Invite",
        _("Invite to take over the profile (yes/no)"),
        ("einladung", "einladung senden", "invitation", "send invitation"),
    ),
)
IMPORT_COLUMNS = (*COLUMNS, *IMPORT_ONLY_COLUMNS)
COLUMN_BY_KEY = {column.key: column for column in IMPORT_COLUMNS}
LIST_SEPARATOR = re.compile(r"\s*[,;\n]\s*")


@lru_cache(maxsize=8192)  # cells such as kinds, states and languages repeat on every row
def normalise(text: str) -> str:
    """A header or label reduced to letters and digits: "E-Mail:" -> "e mail"."""
    return " ".join(re.findall(r"[^\W_]+", fold(text)))


@lru_cache(maxsize=1)
def _header_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for column in IMPORT_COLUMNS:
        for name in (column.key, column.german, column.english, *column.synonyms):
            lookup.setdefault(normalise(name), column.key)
    return lookup


def suggest_column(header: str) -> str:
    """The registry field a spreadsheet header most likely means, or "" when unclear."""
    return _header_lookup().get(normalise(header), "")


def header(key: str) -> str:
    column = COLUMN_BY_KEY[key]
    language = translation.get_language() or settings.LANGUAGE_CODE
    return column.german if language.startswith("de") else column.english


def split_list(value: str) -> list[str]:
    return [part for part in LIST_SEPARATOR.split(value.strip()) if part]


# --- Codes and labels -------------------------------------------------------------------------

EXTRA_LABELS: dict[str, dict[str, str]] = {
    # Words member lists use for a theme, written as ``normalise`` leaves them.
    "themes": {
        "fluchtlinge": Theme.REFUGEES_ASYLUM,
        "gefluchtete": Theme.REFUGEES_ASYLUM,
        "frauen": Theme.WOMENS_RIGHTS,
        "rassismus": Theme.ANTI_RACISM,
        "diskriminierung": Theme.ANTI_RACISM,
        "sprachkurse": Theme.LANGUAGE_COURSES,
        "deutschkurse": Theme.LANGUAGE_COURSES,
        "sprache": Theme.LANGUAGE_COURSES,
        "soziales": Theme.HEALTH_SOCIAL,
    },
    "kind": {
        "mo": Kind.MIGRANT_ORGANISATION,
        "mso": Kind.MIGRANT_ORGANISATION,
        "migrantenorganisation": Kind.MIGRANT_ORGANISATION,
        "migrant innenorganisation": Kind.MIGRANT_ORGANISATION,
        "migrantenselbstorganisation": Kind.MIGRANT_ORGANISATION,
        "ndo": Kind.NEW_GERMAN_ORGANISATION,
        "dachverband": Kind.UMBRELLA,
        "bundesverband": Kind.FEDERAL,
        "landesverband": Kind.STATE,
        "landesnetzwerk": Kind.STATE,
        "elternnetzwerk": Kind.PARENTS_NETWORK,
        "netzwerk": Kind.LOCAL_NETWORK,
        "lokales netzwerk": Kind.LOCAL_NETWORK,
        "stadtnetzwerk": Kind.LOCAL_NETWORK,
        "verbund": Kind.LOCAL_NETWORK,
        "kooperationspartner": Kind.PARTNER,
        "partner": Kind.PARTNER,
    },
    "legal_form": {
        "e v": LegalForm.REGISTERED_ASSOCIATION,
        "ev": LegalForm.REGISTERED_ASSOCIATION,
        "eingetragener verein": LegalForm.REGISTERED_ASSOCIATION,
        "verein": LegalForm.REGISTERED_ASSOCIATION,
        "ggmbh": LegalForm.NON_PROFIT_COMPANY,
        "stiftung": LegalForm.FOUNDATION,
        "gbr": LegalForm.CIVIL_LAW_PARTNERSHIP,
        "eg": LegalForm.COOPERATIVE,
        "genossenschaft": LegalForm.COOPERATIVE,
        "initiative": LegalForm.INFORMAL,
    },
    "federal_state": {
        "bayern": "BY",
        "hessen": "HE",
        "niedersachsen": "NI",
        "nordrhein westfalen": "NW",
        "nrw": "NW",
        "sachsen": "SN",
        "thuringen": "TH",
        "mecklenburg vorpommern": "MV",
        "rheinland pfalz": "RP",
        "sachsen anhalt": "ST",
    },
}


def _choices(field: str) -> Any:
    return {
        "kind": Kind,
        "partner_kind": PartnerKind,
        "legal_form": LegalForm,
        "federal_state": FederalState,
        "themes": Theme,
    }[field]


@lru_cache(maxsize=8)
def _code_lookup(field: str) -> dict[str, str]:
    lookup: dict[str, str] = {}
    if field == "contact_language":
        # The languages the site writes in, by code or by name in any of them.
        for code, _name in settings.LANGUAGES:
            lookup[code] = code
            for language, _other in settings.LANGUAGES:
                lookup.setdefault(normalise(language_name(code, language)), code)
        return lookup
    if field == "languages":
        for code in LANGUAGE_CODES:
            lookup[code] = code
        for language, _name in settings.LANGUAGES:
            for code in LANGUAGE_CODES:
                lookup.setdefault(normalise(language_name(code, language)), code)
        return lookup
    choices = _choices(field)
    for code in choices.values:
        lookup[normalise(code)] = code
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, label in choices.choices:
                lookup.setdefault(normalise(str(label)), code)
    for text, code in EXTRA_LABELS.get(field, {}).items():
        lookup.setdefault(text, str(code))
    for part, code in _label_parts(choices).items():
        lookup.setdefault(part, code)
    return lookup


# What joins the halves of a label: "&", "/", "," or "and" in the site's languages.
_LABEL_JOINS = re.compile(r"\s*(?:&|/|,)\s*|\s+(?:und|and|ve|\u0438|\u0456|\u0442\u0430|\u0648)\s+")


def _label_parts(choices: Any) -> dict[str, str]:
    """The halves of two-part labels in every language, where a half names one code only:
    a spreadsheet saying "Bildung" means "Bildung & Familie"."""
    codes_by_part: dict[str, set[str]] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, label in choices.choices:
                for half in _LABEL_JOINS.split(str(label)):
                    part = normalise(half)
                    if len(part) >= 4:
                        codes_by_part.setdefault(part, set()).add(str(code))
    return {part: codes.pop() for part, codes in codes_by_part.items() if len(codes) == 1}


def closest_label(field: str, text: str) -> str | None:
    """The label in the current language that a mistyped value most likely means."""
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    if field == "languages":
        labels = {code: language_name(code) for code in LANGUAGE_CODES}
    elif field == "contact_language":
        labels = {code: language_name(code) for code, _name in settings.LANGUAGES}
    else:
        labels = {str(code): str(label) for code, label in _choices(field).choices}
    wanted = normalise(text)
    best = process.extractOne(
        wanted,
        {code: normalise(label) for code, label in labels.items()},
        scorer=Indel.normalized_similarity,
        score_cutoff=0.6,
    )
    return labels[best[2]] if best else None


def code_for(field: str, text: str) -> str | None:
    """The stored code for a label in any of the site's languages, a code, or a synonym."""
    return _code_lookup(field).get(normalise(text))


def label_for(field: str, code: str) -> str:
    if not code:
        return ""
    if field == "languages":
        return language_name(code)
    choices = _choices(field)
    return str(choices(code).label) if code in choices.values else code


def labels_for(field: str, codes: Iterable[str]) -> str:
    return ", ".join(sorted((label_for(field, c) for c in codes), key=str.casefold))

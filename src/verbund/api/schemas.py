"""The shapes of API responses, as published in the OpenAPI document."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field


class Licence(Schema):
    name: str = Field(description="The licence under which the data may be reused.")
    url: str


class Error(Schema):
    detail: str


class InvalidParameters(Schema):
    detail: list[dict[str, Any]] = Field(description="One entry per parameter that is wrong.")


class ContactPersonOut(Schema):
    name: str
    function: str
    function_label: str
    email: str | None = None
    phone: str | None = None


class OrganisationOut(Schema):
    slug: str = Field(description="Stable identifier, also the address of the profile page.")
    name: str
    short_name: str
    kind: str
    kind_label: str
    partner_kind: str
    legal_form: str
    founding_year: int | None = None
    description: dict[str, str] = Field(description="One text per language code.")
    street: str | None = Field(
        None, description="Only when the street address is public or the caller may see it."
    )
    postal_code: str
    city: str
    district: str
    federal_state: str
    latitude: float | None = Field(
        None,
        description="Rounded to about 1 km when the street address is not visible to the caller.",
    )
    longitude: float | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    social_links: list[str]
    themes: list[str]
    languages: list[str]
    tags: list[str]
    verified: bool
    url: str = Field(description="The organisation's profile page.")
    updated_at: datetime.datetime


class OrganisationDetailOut(OrganisationOut):
    contact_persons: list[ContactPersonOut]


class OrganisationPage(Schema):
    licence: Licence
    results: list[OrganisationOut]
    next_cursor: str | None = Field(
        None, description="Pass as `cursor` to get the next page; absent on the last page."
    )
    next: str | None = Field(None, description="The URL of the next page.")


class PointGeometry(Schema):
    type: Literal["Point"]
    coordinates: list[float] = Field(description="[longitude, latitude]")


class FeatureProperties(Schema):
    slug: str
    name: str
    kind: str
    city: str
    languages: list[str]


class Feature(Schema):
    type: Literal["Feature"]
    id: str = Field(description="The organisation's identifier (its `slug`), RFC 7946, 3.2.")
    geometry: PointGeometry
    properties: FeatureProperties


class FeatureCollection(Schema):
    type: Literal["FeatureCollection"]
    licence: Licence
    profile_url_template: str = Field(
        description="A feature's profile page: replace `{slug}` with its `slug`. Kept once "
        "here rather than in 20,000 features, so the whole registry stays a small download."
    )
    features: list[Feature]


class Term(Schema):
    code: str
    label: str = Field(description="In the requested language (`lang` or Accept-Language).")


class Vocabulary(Schema):
    language: str
    items: list[Term]


FILTER_HELP = {
    "q": "Words to search for in names, cities, themes and descriptions.",
    "kind": "Kind codes (see /kinds); repeat for several. Unknown codes are ignored.",
    "theme": "Theme codes (see /themes); every given theme must apply.",
    "language": "ISO 639-1 codes (see /languages); every given language must be offered.",
    "state": "Federal state codes (ISO 3166-2:DE without DE-, see /states).",
    "city": "City names as written in the registry.",
    "bbox": (
        "minlon,minlat,maxlon,maxlat (WGS 84, decimal degrees): only organisations with a "
        "point inside. Spaces after the commas are allowed; values beyond ±180 (longitude) "
        "or ±90 (latitude) are clamped, and corners in the other order give the same box."
    ),
    "lang": "Language of labels (de, en, tr, ar, fa, ru, uk); else Accept-Language.",
}


# ASCII digits and spaces only: ``\d`` and ``\s`` mean more in some regular expression
# dialects than in others, and the schema must mean one thing to every client.
_NUMBER = r" *-?[0-9]{1,3}(?:\.[0-9]{1,12})? *"
BBOX_PATTERN = rf"^{_NUMBER},{_NUMBER},{_NUMBER},{_NUMBER}$"


class LanguageParams(Schema):
    lang: str | None = Field(None, max_length=10, description=FILTER_HELP["lang"])


class FilterParams(Schema):
    """The directory's filters, with the same names as on the directory page."""

    q: str = Field("", max_length=200, description=FILTER_HELP["q"])
    kind: list[str] = Field(default_factory=list, description=FILTER_HELP["kind"])
    theme: list[str] = Field(default_factory=list, description=FILTER_HELP["theme"])
    language: list[str] = Field(default_factory=list, description=FILTER_HELP["language"])
    state: list[str] = Field(default_factory=list, description=FILTER_HELP["state"])
    city: list[str] = Field(default_factory=list, description=FILTER_HELP["city"])
    bbox: str | None = Field(
        None, max_length=200, pattern=BBOX_PATTERN, description=FILTER_HELP["bbox"]
    )


class CsvParams(FilterParams):
    lang: str | None = Field(None, max_length=10, description=FILTER_HELP["lang"])


class ListParams(CsvParams):
    cursor: str | None = Field(
        None,
        max_length=400,
        pattern=r"^[A-Za-z0-9_-]*$",
        description=(
            "The `next_cursor` of the previous page: the page starts after this identifier "
            "in the order of identifiers. Any value of this form is a valid place to start."
        ),
    )
    limit: int = Field(50, ge=1, le=200, description="Organisations per page.")

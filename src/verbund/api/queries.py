"""Reads for the open-data API: filtered pages with a keyset cursor, GeoJSON, and records that
carry only the fields the caller may see (decided by the registry's policy)."""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, QuerySet

from verbund.organizations import exporting, policy, queries, services
from verbund.organizations.models import (
    Organization,
    OrganizationLanguage,
    OrganizationTag,
    OrganizationTheme,
)
from verbund.organizations.taxonomy import KIND_CODES, Function, Kind


class BadRequest(ValueError):
    """A parameter the caller must correct; the message is shown to them."""


@dataclass(frozen=True)
class BoundingBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


def parse_bbox(raw: str | None) -> BoundingBox | None:
    """The area of ``bbox=minlon,minlat,maxlon,maxlat``, as the OpenAPI document declares it.

    Every value the published pattern admits is an area: spaces around the numbers are
    ignored, longitudes beyond ±180 and latitudes beyond ±90 are clamped to the world, and
    two corners given in the other order are taken as the same box. What the pattern does
    not admit (three numbers, words, "nan") is refused with 422 before this is called.
    """
    if raw is None or not raw.strip():
        return None
    parts = raw.split(",")
    if len(parts) != 4:
        raise BadRequest("bbox must be four numbers: minlon,minlat,maxlon,maxlat")
    try:
        numbers = [float(part.strip(" ")) for part in parts]
    except ValueError as error:
        raise BadRequest("bbox must be four numbers: minlon,minlat,maxlon,maxlat") from error
    if not all(math.isfinite(n) for n in numbers):
        raise BadRequest("bbox must be four finite numbers")
    west, south, east, north = numbers
    west, east = sorted(max(-180.0, min(180.0, n)) for n in (west, east))
    south, north = sorted(max(-90.0, min(90.0, n)) for n in (south, north))
    return BoundingBox(west, south, east, north)


def encode_cursor(slug: str) -> str:
    """The next page starts after this identifier; slugs are ``[a-z0-9-]``, URL-safe as
    they are."""
    return slug


def decode_cursor(cursor: str | None) -> str | None:
    """Any string the published pattern admits is a place in the slug order: the page starts
    after it. Cursors handed out before (base64 of ``{"after": slug}``, which no lowercase
    slug can look like) still work."""
    if not cursor:
        return None
    if cursor.startswith("eyJ"):
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
            after = data["after"]
        except (ValueError, KeyError, TypeError, binascii.Error, UnicodeError):
            after = None
        if isinstance(after, str) and len(after) <= 200:
            return after
    return cursor


def _clean(value: Any) -> str:
    # PostgreSQL refuses NUL characters in text; no real filter contains them.
    return str(value).replace("\x00", "")


def filters_from(params: Mapping[str, Any]) -> queries.DirectoryFilters:
    """The directory's filters (same names, same tolerance for unknown values)."""
    from django.http import QueryDict

    clean = QueryDict(mutable=True)
    getlist = getattr(params, "getlist", None)
    for key in ("q", *queries.FACETS):
        values = getlist(key) if getlist else ([params[key]] if key in params else [])
        for value in values:
            clean.appendlist(key, _clean(value))
    return queries.parse_filters(clean)


def organisations(
    filters: queries.DirectoryFilters, bbox: BoundingBox | None
) -> QuerySet[Organization]:
    results = queries.matching(filters)
    if bbox is not None:
        results = results.filter(
            longitude__gte=Decimal(str(bbox.min_lon)),
            longitude__lte=Decimal(str(bbox.max_lon)),
            latitude__gte=Decimal(str(bbox.min_lat)),
            latitude__lte=Decimal(str(bbox.max_lat)),
        )
    return results


def page_after(
    results: QuerySet[Organization], after: str | None, size: int
) -> tuple[list[Organization], str | None]:
    """One page ordered by slug, which is unique and never reused: pages stay stable while
    organisations are added or removed elsewhere in the list."""
    ordered = results.order_by("slug")
    if after is not None:
        ordered = ordered.filter(slug__gt=after)
    items = list(ordered[: size + 1])
    if len(items) > size:
        return items[:size], encode_cursor(items[size - 1].slug)
    return items, None


def data_state() -> tuple[str, Any]:
    """What the registry's answers depend on: a version key and the last change time.

    Every service write moves the registry version; the count and the newest change are
    read again for each version, and at least once per cache period, so that rows changed
    outside the services (a bulk command, the database by hand) still change the ETag.
    """
    registry = services.registry_version()
    key = f"api:data-state:{registry}"
    state = cache.get(key)
    if state is None:
        state = Organization.objects.aggregate(last=Max("updated_at"), count=Count("pk"))
        cache.set(key, state, settings.VERBUND_API_CACHE_SECONDS)
    version = f"{registry}:{state['count']}:{state['last']}"
    return version, state["last"]


def _links(
    ids: list[int],
) -> tuple[dict[int, list[str]], dict[int, list[str]], dict[int, list[str]]]:
    themes: dict[int, list[str]] = {}
    languages: dict[int, list[str]] = {}
    tags: dict[int, list[str]] = {}
    rows: Iterable[tuple[int, str]]
    rows = OrganizationTheme.objects.filter(organization_id__in=ids).values_list(
        "organization_id", "theme"
    )
    for org_id, theme in rows:
        themes.setdefault(org_id, []).append(theme)
    rows = OrganizationLanguage.objects.filter(organization_id__in=ids).values_list(
        "organization_id", "code"
    )
    for org_id, code in rows:
        languages.setdefault(org_id, []).append(code)
    rows = OrganizationTag.objects.filter(organization_id__in=ids).values_list(
        "organization_id", "tag__name"
    )
    for org_id, name in rows:
        tags.setdefault(org_id, []).append(name)
    return themes, languages, tags


def _coordinate(value: Decimal | None, exact: bool) -> float | None:
    # The registry's one rule for every output (JSON, GeoJSON, CSV, XLSX): five decimals
    # where the caller may see the street address, two (about a kilometre) where not.
    return exporting.coordinate(value, exact)


def record(
    organization: Organization,
    viewer: Any,
    *,
    site_url: str,
    themes: list[str],
    languages: list[str],
    tags: list[str],
) -> dict[str, Any]:
    """The organisation as this viewer may see it: hidden fields are ``None`` or empty."""

    def shown(visibility: str) -> bool:
        return policy.can_see(viewer, organization, visibility)

    address = shown(organization.address_visibility)
    return {
        "slug": organization.slug,
        "name": organization.name,
        "short_name": organization.short_name,
        "kind": organization.kind,
        "kind_label": str(Kind(organization.kind).label)
        if organization.kind in KIND_CODES
        else organization.kind,
        "partner_kind": organization.partner_kind,
        "legal_form": organization.legal_form,
        "founding_year": organization.founding_year,
        "description": {str(k): str(v) for k, v in (organization.description or {}).items()},
        "street": organization.street if address else None,
        "postal_code": organization.postal_code,
        "city": organization.city,
        "district": organization.district,
        "federal_state": organization.federal_state,
        "latitude": _coordinate(organization.latitude, address),
        "longitude": _coordinate(organization.longitude, address),
        "website": organization.website if shown(organization.website_visibility) else None,
        "email": organization.email if shown(organization.email_visibility) else None,
        "phone": str(organization.phone)
        if organization.phone and shown(organization.phone_visibility)
        else None,
        "social_links": [str(link) for link in organization.social_links or []]
        if shown(organization.social_links_visibility)
        else [],
        "themes": sorted(themes),
        "languages": sorted(languages),
        "tags": sorted(tags),
        "verified": organization.verified,
        "url": site_url + organization.get_absolute_url(),
        "updated_at": organization.updated_at,
    }


def records(
    organizations: list[Organization], viewer: Any, *, site_url: str
) -> list[dict[str, Any]]:
    themes, languages, tags = _links([o.pk for o in organizations])
    return [
        record(
            o,
            viewer,
            site_url=site_url,
            themes=themes.get(o.pk, []),
            languages=languages.get(o.pk, []),
            tags=tags.get(o.pk, []),
        )
        for o in organizations
    ]


def detail(organization: Organization, viewer: Any, *, site_url: str) -> dict[str, Any]:
    data = records([organization], viewer, site_url=site_url)[0]
    data["contact_persons"] = [
        {
            "name": person.name,
            "function": person.function,
            "function_label": str(Function(person.function).label)
            if person.function in Function.values
            else person.function,
            "email": person.email or None,
            "phone": str(person.phone) if person.phone else None,
        }
        for person in organization.contact_persons.all()
        if policy.can_see(viewer, organization, person.visibility)
    ]
    return data


def visible_organisation(slug: str, viewer: Any) -> Organization | None:
    organization = Organization.objects.filter(slug=slug[:120]).first()
    if organization is None or not policy.can_view(viewer, organization):
        return None
    return organization


def geojson(
    results: QuerySet[Organization], viewer: Any, *, site_url: str, licence: Mapping[str, str]
) -> dict[str, Any]:
    """Points of the organisations that have coordinates. Built from plain rows: this is the
    largest answer the API gives (every organisation on a map)."""
    rows = list(
        results.exclude(latitude__isnull=True)
        .exclude(longitude__isnull=True)
        .order_by("slug")
        .values_list(
            "pk", "slug", "name", "kind", "city", "latitude", "longitude", "address_visibility"
        )
    )
    languages: dict[int, list[str]] = {}
    for org_id, code in OrganizationLanguage.objects.filter(
        organization_id__in=results.order_by().values("pk")
    ).values_list("organization_id", "code"):
        languages.setdefault(org_id, []).append(code)
    profile_prefix = site_url + _profile_prefix()
    features = []
    for pk, slug, name, kind, city, lat, lon, address_visibility in rows:
        # Members-only or staff-only addresses are not pinned to the door on a public map.
        exact = address_visibility == "public" or _can_see_address(viewer, pk, address_visibility)
        features.append(
            {
                "type": "Feature",
                "id": slug,
                "geometry": {
                    "type": "Point",
                    "coordinates": [_coordinate(lon, exact), _coordinate(lat, exact)],
                },
                "properties": {
                    "slug": slug,
                    "name": name,
                    "kind": kind,
                    "city": city,
                    "languages": sorted(languages.get(pk, [])),
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "licence": dict(licence),
        "profile_url_template": f"{profile_prefix}{{slug}}/",
        "features": features,
    }


def _can_see_address(viewer: Any, pk: int, visibility: str) -> bool:
    if not getattr(viewer, "is_authenticated", False):
        return False
    return policy.can_see(viewer, Organization.objects.get(pk=pk), visibility)


def _profile_prefix() -> str:
    from django.urls import reverse

    return reverse("organizations:profile", kwargs={"slug": "x"})[:-2]


def site_url() -> str:
    return str(settings.SITE_URL).rstrip("/")

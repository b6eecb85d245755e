"""Reads of the map: which organisations a map shows, and their markers as GeoJSON.

A map's *scope* is a directory filter state (the same ``parse_filters`` as the directory),
optionally narrowed to one organisation or to the organisations a network represents.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from verbund.core import gazetteer
from verbund.maps.models import PinSource
from verbund.organizations import queries as directory_queries
from verbund.organizations.models import Organization, OrganizationLanguage
from verbund.organizations.queries import DirectoryFilters
from verbund.organizations.taxonomy import Kind, Status, Visibility, language_name

SLUG_MAX_LENGTH = 120
MAX_ZOOM = 18


@dataclass(frozen=True)
class MapScope:
    filters: DirectoryFilters
    network: str = ""
    organisation: str = ""

    def as_query(self) -> str:
        query = QueryDict(self.filters.as_query(page=1), mutable=True)
        if self.network:
            query["network"] = self.network
        if self.organisation:
            query["organisation"] = self.organisation
        return query.urlencode()


@dataclass(frozen=True)
class View:
    """Where an embedded map opens; ``None`` fits the map to its markers."""

    latitude: float | None = None
    longitude: float | None = None
    zoom: int | None = None


def _slug(value: Any) -> str:
    text = str(value or "").strip()[:SLUG_MAX_LENGTH]
    return text if text.replace("-", "").replace("_", "").isalnum() else ""


def parse_scope(params: Mapping[str, Any]) -> MapScope:
    """The scope from a query string; malformed values are dropped, never an error."""
    return MapScope(
        filters=directory_queries.parse_filters(params),
        network=_slug(params.get("network")),
        organisation=_slug(params.get("organisation")),
    )


def parse_view(params: Mapping[str, Any]) -> View:
    latitude = longitude = None
    centre = str(params.get("center") or params.get("centre") or "")
    parts = centre.split(",")
    if len(parts) == 2:
        try:
            lat, lon = float(parts[0]), float(parts[1])
        except ValueError:
            lat = lon = float("nan")
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            latitude, longitude = lat, lon
    zoom = None
    try:
        zoom = max(1, min(int(str(params.get("zoom", ""))), MAX_ZOOM))
    except ValueError:
        zoom = None
    return View(latitude, longitude, zoom)


def network_for(slug: str) -> Organization | None:
    """A published organisation whose members a map can show."""
    if not slug:
        return None
    return Organization.objects.filter(slug=slug, status=Status.PUBLISHED).first()


def organisations_in(scope: MapScope) -> QuerySet[Organization]:
    """Published organisations in the scope, whether or not they have a pin."""
    results = directory_queries.matching(scope.filters)
    if scope.organisation:
        results = results.filter(slug=scope.organisation)
    if scope.network:
        network = network_for(scope.network)
        if network is None:
            return results.none()
        from verbund.networks.queries import represented

        results = results.filter(pk__in=represented(network).values("pk"))
    return results


def _public_point(row: Mapping[str, Any]) -> tuple[Decimal, Decimal] | None:
    """The pin as the public may see it.

    A pin placed by hand or by an online geocoder can show the street; when the street
    address is not public, the map shows the centre of the postal code area instead.
    """
    if row["latitude"] is None or row["longitude"] is None:
        return None
    street_level = row["pin_source__source"] in {gazetteer.Source.MANUAL, gazetteer.Source.ONLINE}
    if row["address_visibility"] != Visibility.PUBLIC and street_level:
        point = gazetteer.locate_offline(row["postal_code"], row["city"], row["federal_state"])
        return (point.latitude, point.longitude) if point else None
    return row["latitude"], row["longitude"]


def _profile_url_pattern(language: str) -> str:
    with translation.override(language):
        return reverse("organizations:profile", kwargs={"slug": "__slug__"})


def pinned_in(scope: MapScope, bbox: BBox | None = None) -> QuerySet[Organization]:
    """Organisations in the scope that have a pin, inside ``bbox`` when given."""
    results = organisations_in(scope).filter(latitude__isnull=False, longitude__isnull=False)
    if bbox is not None:
        west, south, east, north = bbox
        results = results.filter(
            latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east
        )
    return results


def markers(scope: MapScope, language: str, bbox: BBox | None = None) -> list[dict[str, Any]]:
    """GeoJSON features of the organisations in the scope that have a place on the map.

    Two queries whatever the number of organisations: the rows, and their languages.
    """
    rows = list(
        pinned_in(scope, bbox)
        .order_by("name", "pk")
        .values(
            "pk",
            "slug",
            "name",
            "short_name",
            "kind",
            "city",
            "postal_code",
            "federal_state",
            "latitude",
            "longitude",
            "address_visibility",
            "pin_source__source",
        )
    )
    codes: dict[int, list[str]] = {}
    if rows:
        for org_id, code in OrganizationLanguage.objects.filter(
            organization_id__in=[row["pk"] for row in rows]
        ).values_list("organization_id", "code"):
            codes.setdefault(org_id, []).append(code)
    url_pattern = _profile_url_pattern(language)
    features: list[dict[str, Any]] = []
    with translation.override(language):
        kind_labels = {value: str(label) for value, label in Kind.choices}
        names: dict[str, str] = {}
        for row in rows:
            point = _public_point(row)
            if point is None:
                continue
            languages = sorted(
                (names.setdefault(code, language_name(code)) for code in codes.get(row["pk"], [])),
                key=str.casefold,
            )
            features.append(
                {
                    "type": "Feature",
                    "id": row["slug"],
                    "geometry": {
                        "type": "Point",
                        "coordinates": [float(point[1]), float(point[0])],
                    },
                    "properties": {
                        "slug": row["slug"],
                        "name": row["name"],
                        "short_name": row["short_name"],
                        "kind": row["kind"],
                        "kind_label": kind_labels.get(row["kind"], row["kind"]),
                        "city": row["city"],
                        "languages": languages,
                        "url": url_pattern.replace("__slug__", row["slug"]),
                    },
                }
            )
    return features


# --- Many organisations: clusters computed on the server ---------------------------------------

BBox = tuple[float, float, float, float]  # west, south, east, north
CLUSTER_CELLS_PER_TILE = 4  # a cell of 64 pixels at 256-pixel tiles
POINT_COLUMNS = (
    "latitude",
    "longitude",
    "address_visibility",
    "pin_source__source",
    "postal_code",
    "city",
    "federal_state",
)


def parse_bbox(value: Any) -> BBox | None:
    parts = str(value or "").split(",")
    if len(parts) != 4:
        return None
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        return None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        return None
    return west, south, east, north


def parse_zoom(value: Any) -> int | None:
    try:
        return max(1, min(int(str(value)), MAX_ZOOM))
    except ValueError:
        return None


def public_points(scope: MapScope) -> list[tuple[float, float]]:
    """Every public point in the scope as (latitude, longitude); one query."""
    points = []
    for row in pinned_in(scope).order_by().values(*POINT_COLUMNS):
        point = _public_point(row)
        if point is not None:
            points.append((float(point[0]), float(point[1])))
    return points


def bounds_of(points: list[tuple[float, float]]) -> list[list[float]] | None:
    if not points:
        return None
    latitudes = [p[0] for p in points]
    longitudes = [p[1] for p in points]
    return [[min(latitudes), min(longitudes)], [max(latitudes), max(longitudes)]]


def clusters(
    points: list[tuple[float, float]], zoom: int, bbox: BBox | None = None
) -> list[dict[str, Any]]:
    """Points grouped into square cells of about 64 screen pixels at ``zoom``.

    Each cell becomes one feature at the mean of its points, with the count and the bounds
    to zoom to. With 20,000 organisations the whole of Germany is a few dozen features.
    """
    cell = 360.0 / (2**zoom) / CLUSTER_CELLS_PER_TILE
    cells: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for latitude, longitude in points:
        if bbox is not None and not (
            bbox[1] <= latitude <= bbox[3] and bbox[0] <= longitude <= bbox[2]
        ):
            continue
        key = (int(latitude // cell), int(longitude // cell))
        cells.setdefault(key, []).append((latitude, longitude))
    features = []
    for members in cells.values():
        count = len(members)
        bounds = bounds_of(members)
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [
                        round(sum(p[1] for p in members) / count, 5),
                        round(sum(p[0] for p in members) / count, 5),
                    ],
                },
                "properties": {"cluster": True, "count": count, "bounds": bounds},
            }
        )
    return features


def widget_labels(language: str) -> dict[str, str]:
    """The few words the widget shows, in the interface language of the embed."""
    with translation.override(language):
        return {
            "map": _("Map of organisations"),
            "list": _("List of organisations"),
            "languages": _("Languages:"),
            "profile": _("Profile"),
            "none": _("No organisation in this selection has a place on the map."),
            "count_one": _("1 organisation on the map"),
            "count_many": _("%(count)s organisations on the map") % {"count": "{count}"},
            "cluster": _("organisations, zoom in"),
            "loading": _("Loading the map …"),
            "failed": _("The map could not be loaded."),
            "site": _("Open the map on Verbund"),
        }


def with_card_languages(items: list[Organization]) -> list[Organization]:
    """The organisations of one page of the map's list, each with ``card_languages``: the
    names of the languages it offers, in the reader's language (one query)."""
    codes: dict[int, list[str]] = {}
    for org_id, code in OrganizationLanguage.objects.filter(
        organization__in=[o.pk for o in items]
    ).values_list("organization_id", "code"):
        codes.setdefault(org_id, []).append(code)
    for organization in items:
        organization.card_languages = sorted(  # type: ignore[attr-defined]
            (language_name(c) for c in codes.get(organization.pk, [])), key=str.casefold
        )
    return items


# --- Data check: pins and addresses that disagree -------------------------------------------

PIN_DISTANCE_LIMIT_KM = 25.0


@dataclass(frozen=True)
class FarPin:
    organization: Organization
    kilometres: float
    source: str


def pins_far_from_postal_code(limit_km: float = PIN_DISTANCE_LIMIT_KM) -> list[FarPin]:
    """Organisations whose pin is more than ``limit_km`` from the centre of their postal code
    area (the gazetteer's), farthest first; those without a pin or a known code are left out."""
    far = []
    sources = dict(PinSource.objects.values_list("organization_id", "source"))
    rows = (
        Organization.objects.exclude(latitude__isnull=True)
        .exclude(longitude__isnull=True)
        .exclude(postal_code="")
        .only("slug", "name", "postal_code", "city", "latitude", "longitude")
        .order_by("pk")
    )
    for organization in rows.iterator(chunk_size=2000):
        area = gazetteer.postal_area(organization.postal_code)
        if area is None or area.centre is None:
            continue
        distance = gazetteer.kilometres(
            float(organization.latitude),  # type: ignore[arg-type]
            float(organization.longitude),  # type: ignore[arg-type]
            *area.centre,
        )
        if distance > limit_km:
            far.append(FarPin(organization, distance, sources.get(organization.pk, "")))
    far.sort(key=lambda row: (-row.kilometres, row.organization.pk))
    return far

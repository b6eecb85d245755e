"""Pages that show a map: the tile server's settings and its place in the page's CSP.

The map page, the embeddable map, the organisation's pin editor and a meeting's place all
show tiles from the server the operator configured (``VERBUND_MAP_TILE_URL``); every other
page keeps ``img-src 'self' data:``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from csp.decorators import csp_update
from django.conf import settings
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def tile_settings() -> dict[str, str]:
    return {
        "url": settings.VERBUND_MAP_TILE_URL,
        "attribution": settings.VERBUND_MAP_TILE_ATTRIBUTION,
    }


def tile_source() -> str:
    """The CSP source of the tile server, e.g. ``https://tile.openstreetmap.org``.

    A ``{s}`` sub-domain placeholder becomes a wildcard; no tile URL means no source.
    """
    url = settings.VERBUND_MAP_TILE_URL
    if not url:
        return ""
    parts = urlsplit(url.replace("{s}", "tiles-subdomain"))
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return ""
    host = parts.netloc.replace("tiles-subdomain", "*")
    return f"{parts.scheme}://{host}"


def map_page(view: View) -> View:
    """A page that shows a map: the tile server may serve its images.

    The source is read per request (the operator's setting, which tests change), so the
    public ``csp_update`` decorator is applied to the view at that moment.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        source = tile_source()
        if not source:
            return view(request, *args, **kwargs)
        with_tiles: Any = csp_update({"img-src": [source]})(view)
        return with_tiles(request, *args, **kwargs)

    return wrapped

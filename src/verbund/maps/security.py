"""Response headers of map pages: tiles in ``img-src`` and framing for the embed routes only.

Every other page keeps ``X-Frame-Options: DENY`` and ``frame-ancestors 'none'``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.clickjacking import xframe_options_exempt

View = Callable[..., HttpResponse]


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


def _add_tiles(response: HttpResponse) -> None:
    source = tile_source()
    if source:
        update: dict[str, Any] = dict(getattr(response, "_csp_update", None) or {})
        update["img-src"] = [*update.get("img-src", []), source]
        response._csp_update = update  # type: ignore[attr-defined]


def map_page(view: View) -> View:
    """A page that shows a map: the tile server may serve its images."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        _add_tiles(response)
        return response

    return wrapped


def embeddable(view: View) -> View:
    """A map page that any website may show in a frame."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        _add_tiles(response)
        replace: dict[str, Any] = dict(getattr(response, "_csp_replace", None) or {})
        replace["frame-ancestors"] = ["*"]
        response._csp_replace = replace  # type: ignore[attr-defined]
        return response

    return xframe_options_exempt(wrapped)


def open_to_all_origins(response: HttpResponse) -> HttpResponse:
    """Public data the widget fetches from other websites' pages."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response

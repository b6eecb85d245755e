"""Response headers of the embed routes: the only pages other websites may show in a frame.

Every other page keeps ``X-Frame-Options: DENY`` and ``frame-ancestors 'none'``. The CORS
headers of the widget's data come from django-cors-headers (``CORS_URLS_REGEX`` in the
settings), like those of the API.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from csp.decorators import csp_replace
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt

from verbund.core.maptiles import map_page

View = Callable[..., HttpResponse]


def embeddable(view: View) -> View:
    """A map page that any website may show in a frame."""
    framed: Any = csp_replace({"frame-ancestors": ["*"]})(view)
    return xframe_options_exempt(map_page(framed))


def readable_from_other_sites(view: View) -> View:
    """Data that the widget fetches from other websites' pages: the browser may hand the
    response to a page of another origin (``Cross-Origin-Resource-Policy``)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Cross-Origin-Resource-Policy"] = "cross-origin"
        return response

    return wrapped


def cors_for_widget_data(sender: Any, request: HttpRequest, **kwargs: Any) -> bool:
    """django-cors-headers' ``check_request_enabled``: the widget's markers."""
    return request.path_info == reverse("embed:data")

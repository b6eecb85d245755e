"""HTTP plumbing of the open-data API that Django Ninja leaves to the site: OPTIONS, HEAD and
compression of public answers.

CORS comes from django-cors-headers: :func:`cors_for_public_reads` tells it which requests
may be read by scripts on any site (``Access-Control-Allow-Origin: *``, never with
credentials). Requests that carry a token get no CORS headers: tokens belong on servers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware

API_PREFIX = "/api/v1/"
NOT_DATA = ("/api/v1/docs",)
ALLOWED_METHODS = "GET, HEAD, OPTIONS"


ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def accepts_gzip(request: HttpRequest) -> bool:
    return bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def _is_data_path(path: str) -> bool:
    return path.startswith(API_PREFIX) and not path.startswith(NOT_DATA)


def cors_for_public_reads(sender: Any, request: HttpRequest, **kwargs: Any) -> bool:
    """django-cors-headers' ``check_request_enabled``: the API's data, without a token."""
    return _is_data_path(request.path_info) and "HTTP_AUTHORIZATION" not in request.META


class OpenDataHttpMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.gzip = GZipMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _is_data_path(request.path):
            return self.get_response(request)
        if request.method == "OPTIONS":
            # A CORS preflight has been answered by CorsMiddleware before this one.
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
            return response
        if request.method == "HEAD":
            # The API declares GET only; HEAD is the same answer without the body.
            request.method = "GET"
        response = self.get_response(request)
        public = "HTTP_AUTHORIZATION" not in request.META
        if request.method == "GET" and public and response.status_code < 500:
            # Compressed only for public answers: nothing secret sits beside reflected
            # parameters there, so compression cannot leak (BREACH).
            self.gzip.process_response(request, response)  # compresses in place
        return response

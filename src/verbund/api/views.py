"""The page that explains the open data: endpoints, licence, limits."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def open_data(request: HttpRequest) -> HttpResponse:
    base = str(settings.SITE_URL).rstrip("/") + "/api/v1"
    return render(
        request,
        "api/open_data.html",
        {
            "base": base,
            "licence": settings.VERBUND_DATA_LICENCE,
            "anonymous_rate": settings.VERBUND_API_ANONYMOUS_RATE,
        },
    )

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def robots(request: HttpRequest) -> HttpResponse:
    sitemap = settings.SITE_URL.rstrip("/") + reverse("sitemap")
    return HttpResponse(
        f"User-agent: *\nDisallow: /*/accounts/\nDisallow: /*/me/\n\nSitemap: {sitemap}\n",
        content_type="text/plain",
    )

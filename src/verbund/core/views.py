from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from verbund.organizations import queries


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"organization_count": queries.published().count()})


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def robots(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        "User-agent: *\nDisallow: /*/accounts/\nDisallow: /*/me/\n", content_type="text/plain"
    )

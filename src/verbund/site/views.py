"""The site-wide pages: the home page and a person's own page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from verbund.site import queries


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "site/home.html", {"organization_count": queries.organization_count()})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "site/dashboard.html", vars(queries.dashboard(request.user)))

"""Own domains: a request for a verified domain of a site is served that site's pages, and a
request for any host that is neither the platform's nor a verified domain is refused.

The platform's own hosts are ``WEBSITES_PLATFORM_HOSTS`` (default: ``ALLOWED_HOSTS``). An
installation that serves own domains sets ``ALLOWED_HOSTS = ["*"]`` and lets this middleware
decide; it must come before every middleware that reads the host.

On a verified domain, ``/news/`` is served as ``/<lang>/s/<slug>/news/``: only the site's own
addresses resolve there, nothing else of the platform (no log-in, no admin)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.request import split_domain_port, validate_host
from django.utils.translation import gettext as _

from verbund.websites import policy, queries

LANGUAGES = {code for code, _name in settings.LANGUAGES}


class OwnDomainMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw = request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", "")
        host, _port = split_domain_port(raw)
        platform = getattr(settings, "WEBSITES_PLATFORM_HOSTS", None) or settings.ALLOWED_HOSTS
        if settings.DEBUG and not host:
            return self.get_response(request)
        if validate_host(host, platform):
            return self.get_response(request)
        website = queries.verified_site_for_host(host)
        if website is None or not policy.is_public(website):
            return HttpResponseBadRequest(_("This site is not served here."))
        if request.path_info.startswith(settings.STATIC_URL):
            return self.get_response(request)
        parts = request.path_info.lstrip("/").split("/", 1)
        language = parts[0] if parts[0] in LANGUAGES else website.main_language
        rest = parts[1] if parts[0] in LANGUAGES and len(parts) > 1 else ""
        if parts[0] not in LANGUAGES:
            rest = request.path_info.lstrip("/")
        prefix = f"s/{website.organization.slug}/"
        if not rest.startswith(prefix):
            rest = prefix + rest
        request.path_info = f"/{language}/{rest}"
        return self.get_response(request)

"""The sitemaps of the public site (https://www.sitemaps.org/protocol.html), one per language,
behind one index at ``/sitemap.xml`` that ``robots.txt`` names.

Each language's sitemap lists the public pages in that language — the home page, the
directory, the map and the widget builder, the networks, open data, documents and
conferences — and the profile of every published organisation, the page of every network
with members and every published document. Each entry names its versions in the other six
languages and ``x-default`` (the site's default language) as ``xhtml:link`` alternates, so
search engines show a reader the page in their language. Addresses are absolute and built
from ``VERBUND_SITE_URL``, never from the request's Host header.

Built on ``django.contrib.sitemaps`` (its ``Sitemap`` paginates at 50,000 entries, the
protocol's limit, and its templates write the XML); the index and the language are ours.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation

from verbund.core.caching import build_once
from verbund.documents import queries as document_queries
from verbund.networks import queries as network_queries
from verbund.organizations import queries as organization_queries
from verbund.organizations.services import registry_version

SITEMAP_CACHE_SECONDS = 3600

# Pages every visitor sees, by URL name.
PUBLIC_PAGES = (
    "home",
    "organizations:directory",
    "maps:map",
    "maps:builder",
    "networks:index",
    "documents:index",
    "assemblies:index",
    "open_data",
)


_SENTINEL = 918_273_645_000


@dataclass(frozen=True)
class Entry:
    name: str
    kwargs: tuple[tuple[str, Any], ...] = ()
    lastmod: datetime.datetime | None = None


def _site() -> tuple[str, SimpleNamespace]:
    parts = urlsplit(settings.SITE_URL)
    return parts.scheme or "https", SimpleNamespace(domain=parts.netloc + parts.path.rstrip("/"))


def entries() -> list[Entry]:
    """Everything public, once; each language's sitemap writes it in its language."""
    found = [Entry(name) for name in PUBLIC_PAGES]
    found += [
        Entry("organizations:profile", (("slug", slug),), changed)
        for slug, changed in organization_queries.published()
        .order_by("pk")
        .values_list("slug", "updated_at")
    ]
    found += [
        Entry("networks:detail", (("slug", slug),), changed)
        for slug, changed in network_queries.public_networks()
        .order_by("pk")
        .values_list("slug", "updated_at")
    ]
    found += [
        Entry("documents:detail", (("pk", pk),), changed)
        for pk, changed in document_queries.visible_to(None)
        .order_by("pk")
        .values_list("pk", "updated_at")
    ]
    return found


class LanguageSitemap(Sitemap):
    """The public pages in one language, each with its alternates in all languages."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._entries: list[Entry] | None = None
        self._patterns: dict[tuple[str, str, tuple[str, ...]], str] = {}

    def items(self) -> list[Entry]:
        if self._entries is None:
            self._entries = entries()
        return self._entries

    def path_in(self, item: Entry, language: str) -> str:
        """The entry's path in ``language``; each URL pattern is reversed once per language
        (20,000 profiles in eight versions would otherwise be 160,000 reversals)."""
        names = tuple(name for name, _value in item.kwargs)
        key = (item.name, language, names)
        pattern = self._patterns.get(key)
        if pattern is None:
            # Digits fit both the slug and the int converter of the URL patterns.
            with translation.override(language):
                pattern = reverse(item.name, kwargs={n: _SENTINEL + i for i, n in enumerate(names)})
            self._patterns[key] = pattern
        for index, (_name, value) in enumerate(item.kwargs):
            pattern = pattern.replace(str(_SENTINEL + index), quote(str(value), safe=""))
        return pattern

    def location(self, item: Entry) -> str:
        return self.path_in(item, self.language)

    def lastmod(self, item: Entry) -> datetime.datetime | None:
        return item.lastmod

    def get_urls(self, page: Any = 1, site: Any = None, protocol: Any = None) -> list[Any]:
        protocol, ours = _site()
        base = f"{protocol}://{ours.domain}"
        # Django reads only ``domain`` from the site: ours is the public address's.
        urls = super().get_urls(page=page, site=ours, protocol=protocol)  # type: ignore[arg-type]
        for url in urls:
            item = url["item"]
            alternates = [
                {"lang_code": code, "location": base + self.path_in(item, code)}
                for code, _name in settings.LANGUAGES
            ]
            default = base + self.path_in(item, settings.LANGUAGE_CODE)
            url["alternates"] = [*alternates, {"lang_code": "x-default", "location": default}]
        return urls


def _xml(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    response = TemplateResponse(request, template, context, content_type="application/xml")
    response.render()
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def index(request: HttpRequest) -> HttpResponse:
    """The sitemap index: each language's sitemap, and its further pages where it has them."""
    protocol, ours = _site()
    base = f"{protocol}://{ours.domain}"
    pages = LanguageSitemap(settings.LANGUAGE_CODE).paginator.num_pages
    sitemaps = []
    for code, _name in settings.LANGUAGES:
        location = base + reverse("sitemap_language", kwargs={"language": code})
        sitemaps.append({"location": location, "last_mod": None})
        sitemaps += [
            {"location": f"{location}?p={number}", "last_mod": None}
            for number in range(2, pages + 1)
        ]
    return _xml(request, "sitemap_index.xml", {"sitemaps": sitemaps})


def language_sitemap(request: HttpRequest, language: str) -> HttpResponse:
    """One language's sitemap, built once per registry state and shared by every process
    through the cache (a document published since shows within ``SITEMAP_CACHE_SECONDS``)."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    page = request.GET.get("p", "1")
    if not page.isdigit() or len(page) > 4:
        raise Http404
    key = f"sitemap:{registry_version()}:{language}:{int(page)}"

    def build() -> bytes:
        sitemap = LanguageSitemap(language)
        if not 1 <= int(page) <= sitemap.paginator.num_pages:
            return b""
        return bytes(
            _xml(request, "sitemap.xml", {"urlset": sitemap.get_urls(page=int(page))}).content
        )

    content = build_once(key, build, SITEMAP_CACHE_SECONDS)
    if not content:
        raise Http404
    response = HttpResponse(content, content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response

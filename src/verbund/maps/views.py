"""Thin views of the map: the map page, the embed routes and the widget's data."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.views.decorators.vary import vary_on_cookie

from verbund.core.caching import build_once
from verbund.core.maptiles import map_page as shows_a_map
from verbund.core.maptiles import tile_settings
from verbund.maps import queries, security
from verbund.maps.forms import DEFAULT_HEIGHT, EmbedForm
from verbund.organizations import queries as directory_queries
from verbund.organizations.services import registry_version

DATA_CACHE_SECONDS = 300
DEFAULT_CLUSTER_ZOOM = 6
EMBED_LIST_LIMIT = 200


def _interface_language(value: Any) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    code = str(value or "")
    return code if code in codes else (translation.get_language() or settings.LANGUAGE_CODE)


def _scope_or_404(request: HttpRequest) -> queries.MapScope:
    scope = queries.parse_scope(request.GET)
    if scope.network and queries.network_for(scope.network) is None:
        raise Http404
    return scope


def data_url(request: HttpRequest) -> str:
    """Where the widget reads its markers, as an absolute URL without a query."""
    return request.build_absolute_uri(reverse("embed:data"))


@shows_a_map
@vary_on_cookie
def map_page(request: HttpRequest) -> HttpResponse:
    scope = _scope_or_404(request)
    cache_key = None
    if not request.user.is_authenticated and not request.COOKIES.get("messages"):
        # As the directory: anonymous visitors share one rendering per filter state.
        cache_key = (
            f"mappage:{registry_version()}:{translation.get_language()}:{scope.as_query()}:"
            f"{scope.filters.page}"
        )
        cached = cache.get(cache_key)
        if cached is not None:
            return HttpResponse(cached)
    response = _render_map_page(request, scope)
    if cache_key is not None:
        cache.set(cache_key, response.content, settings.DIRECTORY_CACHE_SECONDS)
    return response


def _render_map_page(request: HttpRequest, scope: queries.MapScope) -> HttpResponse:
    network = queries.network_for(scope.network)
    facets = None
    if not (scope.network or scope.organisation):
        facets = directory_queries.directory(scope.filters, page_size=1).facets
    paginator = Paginator(
        queries.organisations_in(scope)
        .order_by("name", "pk")
        .only("slug", "name", "short_name", "kind", "city", "latitude", "longitude"),
        settings.DIRECTORY_PAGE_SIZE,
    )
    page = paginator.get_page(scope.filters.page)
    items = queries.with_card_languages(list(page.object_list))
    scope_query = scope.as_query()
    canonical = QueryDict(scope_query, mutable=True)
    if page.number > 1:
        canonical["page"] = str(page.number)
    return render(
        request,
        "maps/map.html",
        {
            "scope": scope,
            "filters": scope.filters,
            "network": network,
            "facets": facets,
            "page": page,
            "items": items,
            "total": paginator.count,
            "scope_query": scope_query,
            "canonical_query": canonical.urlencode(),
            "element_attributes": _element_attributes(scope),
            "data_url": data_url(request),
        },
    )


def _element_attributes(scope: queries.MapScope) -> list[tuple[str, str]]:
    attributes: list[tuple[str, str]] = []
    for name in ("network", "organisation"):
        if getattr(scope, name):
            attributes.append((name, getattr(scope, name)))
    for facet in directory_queries.FACETS:
        values = scope.filters.selected(facet)
        if values:
            attributes.append((facet, ",".join(values)))
    if scope.filters.q:
        attributes.append(("q", scope.filters.q))
    return attributes


@shows_a_map
def embed_builder(request: HttpRequest) -> HttpResponse:
    language = translation.get_language() or settings.LANGUAGE_CODE
    params = request.GET.copy()
    params.setdefault("lang", language)
    params.setdefault("height", str(DEFAULT_HEIGHT))
    form = EmbedForm(params, language=language)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        query = form.embed_query()
        site = request.build_absolute_uri("/").rstrip("/")
        embed_url = f"{site}{reverse('embed:map')}?{query}"
        script_url = request.build_absolute_uri(f"{settings.STATIC_URL}maps/verbund-map.js")
        with translation.override(form.cleaned_data["lang"]):
            map_url = request.build_absolute_uri(f"{reverse('maps:map')}?{query}")
            title = str(queries.widget_labels(form.cleaned_data["lang"])["map"])
            link_text = str(queries.widget_labels(form.cleaned_data["lang"])["site"])
        height = form.cleaned_data["height"]
        attributes = " ".join(
            f'{name}="{escape(value)}"'
            for name, value in form.element_attributes()
            if name != "height"
        )
        context.update(
            {
                "embed_url": embed_url,
                "height": height,
                # HTML allows only pixels in width="…": the full width comes as a style,
                # which the host page's own CSS can still override.
                "iframe_snippet": (
                    f'<iframe src="{escape(embed_url)}" title="{escape(title)}" '
                    f'style="width: 100%" height="{height}" loading="lazy"></iframe>'
                ),
                "script_snippet": (
                    f'<script src="{escape(script_url)}" data-site="{escape(site)}" defer>'
                    f"</script>\n"
                    f'<verbund-map {attributes} height="{height}">\n'
                    f'  <noscript><a href="{escape(map_url)}">{escape(link_text)}</a></noscript>\n'
                    f"</verbund-map>"
                ),
            }
        )
    return render(request, "maps/embed_builder.html", context, status=400 if form.errors else 200)


@security.embeddable
def embed(request: HttpRequest) -> HttpResponse:
    scope = _scope_or_404(request)
    language = _interface_language(request.GET.get("lang"))
    view = queries.parse_view(request.GET)
    with translation.override(language):
        organisations = list(
            queries.organisations_in(scope)
            .order_by("name", "pk")
            .only("slug", "name", "city")[:EMBED_LIST_LIMIT]
        )
        attributes = _element_attributes(scope)
        if view.latitude is not None and view.longitude is not None:
            attributes.append(("center", f"{view.latitude},{view.longitude}"))
        if view.zoom:
            attributes.append(("zoom", str(view.zoom)))
        response = render(
            request,
            "maps/embed.html",
            {
                "language": language,
                "attributes": attributes,
                "organisations": organisations,
                "map_url": f"{reverse('maps:map')}?{scope.as_query()}",
                "data_url": data_url(request),
            },
        )
    return response


@security.readable_from_other_sites
def organisations_geojson(request: HttpRequest) -> HttpResponse:
    """Markers for the widget as a GeoJSON FeatureCollection, readable from any website.

    Up to ``VERBUND_MAP_MARKER_LIMIT`` organisations come as single markers, all at once.
    Beyond that the answer depends on the view the widget asks for (``bbox``, ``zoom``):
    clusters computed here while the view holds more than the limit, the single markers of
    the view once it holds fewer. So the first load stays small with any registry size.
    """
    scope = queries.parse_scope(request.GET)
    if scope.network and queries.network_for(scope.network) is None:
        return JsonResponse({"error": "unknown network"}, status=404)
    language = _interface_language(request.GET.get("lang"))
    bbox = queries.parse_bbox(request.GET.get("bbox"))
    zoom = queries.parse_zoom(request.GET.get("zoom"))
    version = registry_version()
    scope_key = f"{version}:{scope.as_query()}"

    points = build_once(
        f"map:points:{scope_key}", lambda: queries.public_points(scope), DATA_CACHE_SECONDS
    )
    limit = settings.VERBUND_MAP_MARKER_LIMIT
    if len(points) <= limit:
        mode, view_key = "markers", "all"
    else:
        in_view = (
            points
            if bbox is None
            else [p for p in points if bbox[1] <= p[0] <= bbox[3] and bbox[0] <= p[1] <= bbox[2]]
        )
        if bbox is not None and len(in_view) <= limit:
            mode, view_key = "view", ",".join(f"{c:.4f}" for c in bbox)
        else:
            view = ",".join(f"{c:.4f}" for c in bbox) if bbox else "all"
            mode, view_key = "clusters", f"{zoom or DEFAULT_CLUSTER_ZOOM}:{view}"

    cache_key = f"map:geojson:{scope_key}:{language}:{mode}:{view_key}"
    body = cache.get(cache_key)
    if body is None:
        if mode == "clusters":
            features = queries.clusters(points, zoom or DEFAULT_CLUSTER_ZOOM, bbox)
        else:
            features = queries.markers(scope, language, bbox if mode == "view" else None)
        with translation.override(language):
            map_url = request.build_absolute_uri(f"{reverse('maps:map')}?{scope.as_query()}")
        body = json.dumps(
            {
                "type": "FeatureCollection",
                "features": features,
                # Foreign members (RFC 7946, 6.1): what the widget needs besides the points.
                "verbund": {
                    "mode": mode,
                    "count": len(points),
                    "bounds": queries.bounds_of(points),
                    "labels": queries.widget_labels(language),
                    "tiles": tile_settings(),
                    "map_url": map_url,
                    "licence": getattr(settings, "VERBUND_DATA_LICENCE", {}),
                },
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        cache.set(cache_key, body, DATA_CACHE_SECONDS)
    response = HttpResponse(body, content_type="application/geo+json")
    response["Cache-Control"] = f"public, max-age={DATA_CACHE_SECONDS // 5}"
    return response

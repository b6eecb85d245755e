"""The open-data API, version 1: ``/api/v1/`` with its OpenAPI document and interactive docs.

Every endpoint is a GET. Anonymous callers get public fields, shared cache headers and CORS;
a token acts as its person through the registry's visibility policy. Answers carry an ETag
and Last-Modified from the registry's state and answer ``If-None-Match`` with 304.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from ninja import NinjaAPI, Query, Status, Swagger
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from verbund.api import policy, queries, schemas
from verbund.api import services as token_services
from verbund.api.middleware import accepts_gzip
from verbund.api.models import ApiToken
from verbund.core.caching import build_once
from verbund.organizations import exporting
from verbund.organizations.taxonomy import (
    LANGUAGE_CODES,
    FederalState,
    Kind,
    Theme,
    language_name,
)

SITE_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; a wrong token is refused, not treated as anonymous."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = token_services.token_for(token.strip())
        if found is None:
            raise AuthenticationError
        return found


class Anonymous:
    """Marks a request without a token (Ninja wants a truthy result from some auth)."""


ANONYMOUS = Anonymous()


def anonymous(request: HttpRequest) -> Anonymous | None:
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    return ANONYMOUS


def token_of(request: HttpRequest) -> ApiToken | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None


class CallerThrottle(BaseThrottle):
    """A fixed window per caller in the shared cache, so every web process counts together."""

    _PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

    def __init__(self) -> None:
        self._wait: float | None = None

    def get_ident(self, request: HttpRequest) -> str | None:
        # The address the web server saw; a proxy in front sets REMOTE_ADDR correctly
        # (X-Forwarded-For alone is whatever the caller writes).
        return request.META.get("REMOTE_ADDR") or "unknown"

    def allow_request(self, request: HttpRequest) -> bool:
        bucket, setting = policy.rate_limit_key(token_of(request), self.get_ident(request) or "")
        number, _slash, period = str(getattr(settings, setting)).partition("/")
        seconds = self._PERIODS.get(period[:1], 60)
        now = time.time()
        window = int(now // seconds)
        key = f"api:rate:{bucket}:{seconds}:{window}"
        cache.add(key, 0, seconds + 5)
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, seconds + 5)
            count = 1
        self._wait = seconds - (now % seconds)
        return count <= int(number)

    def wait(self) -> float | None:
        return self._wait


class VerbundApi(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        # Every operation also works without a token: say so ({} = no authentication).
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if isinstance(operation, dict) and operation.get("security"):
                    operation["security"] = [*operation["security"], {}]
        return schema


api = VerbundApi(
    title="Verbund open data",
    version="1",
    description=(
        "Public data of the Verbund registry of migrant organisations and their partners. "
        "Anonymous use is free within a rate limit; data is published under the licence "
        "named in every answer."
    ),
    urls_namespace="api-v1",
    docs=Swagger(settings={"validatorUrl": "none", "persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=[TokenAuth(), anonymous],
    throttle=[CallerThrottle()],
)

ERRORS: dict[int, Any] = {
    400: schemas.Error,
    401: schemas.Error,
    422: schemas.InvalidParameters,
    429: schemas.Error,
}
CONDITIONAL: dict[int, Any] = {304: None, **ERRORS}


@api.exception_handler(queries.BadRequest)
def bad_request(request: HttpRequest, error: queries.BadRequest) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=400)


# Parameters that take one value: a second one is refused rather than one of them chosen.
SINGLE_VALUED = ("q", "bbox", "lang", "cursor", "limit")


def one_value_each(request: HttpRequest) -> None:
    """422, as for any other parameter that does not fit the schema, when a parameter the
    schema declares as one value comes more than once (``?limit=5&limit=500``)."""
    repeated = [name for name in SINGLE_VALUED if len(request.GET.getlist(name)) > 1]
    if repeated:
        raise ValidationError(
            [
                {"type": "repeated", "loc": ["query", name], "msg": "Give this parameter once."}
                for name in repeated
            ]
        )


def licence() -> dict[str, str]:
    return {
        "name": str(settings.VERBUND_DATA_LICENCE["name"]),
        "url": str(settings.VERBUND_DATA_LICENCE["url"]),
    }


@contextmanager
def labels_in(lang: str | None) -> Iterator[str]:
    code = lang if lang in SITE_LANGUAGES else None
    code = code or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(code):
        yield code


def _etag(request: HttpRequest, version: str, viewer_key: str, language: str) -> str:
    source = f"{version}|{viewer_key}|{language}|{request.get_full_path()}"
    return '"' + hashlib.sha256(source.encode()).hexdigest()[:32] + '"'


def _cache_headers(
    response: HttpResponse, token: ApiToken | None, etag: str, last_modified: Any
) -> None:
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    if policy.is_public_caller(token):
        response["Cache-Control"] = f"public, max-age={settings.VERBUND_API_CACHE_SECONDS}"
    else:
        response["Cache-Control"] = "private, no-cache"
    licence_data = licence()
    response["Link"] = f'<{licence_data["url"]}>; rel="license"'
    patch_vary_headers(response, ("Accept-Language", "Authorization"))


def _conditional(
    request: HttpRequest, response: HttpResponse, language: str
) -> HttpResponse | None:
    """Set validators and cache headers on ``response``; a 304 when the caller is current."""
    token = token_of(request)
    viewer = policy.viewer_for(token)
    viewer_key = f"person:{viewer.pk}" if viewer.is_authenticated else "public"
    version, last_modified = queries.data_state()
    etag = _etag(request, version, viewer_key, language)
    _cache_headers(response, token, etag, last_modified)
    # Only the ETag decides: Last-Modified is informational, because some changes (contact
    # persons) do not touch an organisation's updated_at but do change the registry version.
    not_modified = get_conditional_response(request, etag=etag, response=None)
    if not_modified is not None:
        _cache_headers(not_modified, token, etag, last_modified)
    return not_modified


def _copy_headers(source: HttpResponse, target: HttpResponse) -> None:
    for header, value in source.items():
        if header.lower() != "content-type":
            target[header] = value


# --- Organisations ----------------------------------------------------------------------------


@api.get(
    "/organisations",
    response={200: schemas.OrganisationPage, **CONDITIONAL},
    summary="Organisations, filtered, a page at a time",
    tags=["organisations"],
)
def list_organisations(
    request: HttpRequest, response: HttpResponse, params: Query[schemas.ListParams]
) -> Any:
    one_value_each(request)
    filters = queries.filters_from(request.GET)
    box = queries.parse_bbox(params.bbox)
    after = queries.decode_cursor(params.cursor)
    with labels_in(params.lang) as active:
        not_modified = _conditional(request, response, active)
        if not_modified is not None:
            return not_modified
        results = queries.organisations(filters, box)
        page, next_cursor = queries.page_after(results, after, params.limit)
        viewer = policy.viewer_for(token_of(request))
        next_url = None
        if next_cursor:
            query = request.GET.copy()
            query["cursor"] = next_cursor
            next_url = f"{queries.site_url()}{request.path}?{query.urlencode()}"
        return {
            "licence": licence(),
            "results": queries.records(page, viewer, site_url=queries.site_url()),
            "next_cursor": next_cursor,
            "next": next_url,
        }


GEOJSON_RESPONSE = {
    200: {
        "content": {
            "application/geo+json": {"schema": {"$ref": "#/components/schemas/FeatureCollection"}}
        }
    }
}


@api.get(
    "/organisations.geojson",
    response={200: schemas.FeatureCollection, **CONDITIONAL},
    summary="Organisations with coordinates as a GeoJSON FeatureCollection",
    tags=["organisations"],
    openapi_extra={"responses": GEOJSON_RESPONSE},
)
def organisations_geojson(
    request: HttpRequest, response: HttpResponse, params: Query[schemas.FilterParams]
) -> Any:
    one_value_each(request)
    filters = queries.filters_from(request.GET)
    box = queries.parse_bbox(params.bbox)
    not_modified = _conditional(request, response, translation.get_language() or "de")
    if not_modified is not None:
        return not_modified
    token = token_of(request)
    gzipped = policy.is_public_caller(token) and accepts_gzip(request)
    viewer = policy.viewer_for(token)

    def build() -> bytes:
        body = queries.geojson(
            queries.organisations(filters, box),
            viewer,
            site_url=queries.site_url(),
            licence=licence(),
        )
        # Built as plain data already; skipping model validation keeps 20,000 points fast.
        content = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
        return gzip.compress(content, compresslevel=6, mtime=0) if gzipped else content

    if policy.is_public_caller(token):
        # Every public caller gets the same bytes for a registry state: built and compressed
        # once per ETag by one web process, shared by all of them through the cache.
        content = build_once(
            f"api:geojson:{response['ETag']}:{'gzip' if gzipped else 'plain'}",
            build,
            settings.VERBUND_API_BODY_CACHE_SECONDS,
        )
    else:
        content = build()
    answer = HttpResponse(content, content_type="application/geo+json")
    _copy_headers(response, answer)
    patch_vary_headers(answer, ("Accept-Encoding",))
    if gzipped:
        answer["Content-Encoding"] = "gzip"
    return answer


CSV_RESPONSE = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}


@api.get(
    "/organisations.csv",
    response={200: str, **CONDITIONAL},
    summary="Organisations as CSV (comma-separated, UTF-8)",
    tags=["organisations"],
    openapi_extra={"responses": CSV_RESPONSE},
)
def organisations_csv(
    request: HttpRequest, response: HttpResponse, params: Query[schemas.CsvParams]
) -> Any:
    one_value_each(request)
    filters = queries.filters_from(request.GET)
    box = queries.parse_bbox(params.bbox)
    with labels_in(params.lang) as active:
        not_modified = _conditional(request, response, active)
        if not_modified is not None:
            return not_modified
        viewer = policy.viewer_for(token_of(request))
        body = exporting.to_csv(queries.organisations(filters, box), viewer, delimiter=",")
    answer = HttpResponse(body, content_type="text/csv; charset=utf-8")
    answer["Content-Disposition"] = 'inline; filename="organisations.csv"'
    _copy_headers(response, answer)
    return answer


@api.get(
    "/organisations/{slug}",
    response={200: schemas.OrganisationDetailOut, 404: schemas.Error, **CONDITIONAL},
    summary="One organisation with its contact persons",
    tags=["organisations"],
)
def organisation_detail(
    request: HttpRequest, response: HttpResponse, slug: str, params: Query[schemas.LanguageParams]
) -> Any:
    one_value_each(request)
    viewer = policy.viewer_for(token_of(request))
    organization = queries.visible_organisation(slug.replace("\x00", ""), viewer)
    if organization is None:
        return Status(404, {"detail": "No organisation with this identifier is visible to you."})
    with labels_in(params.lang) as active:
        not_modified = _conditional(request, response, active)
        if not_modified is not None:
            return not_modified
        return queries.detail(organization, viewer, site_url=queries.site_url())


# --- Vocabularies -----------------------------------------------------------------------------


def _vocabulary(request: HttpRequest, response: HttpResponse, lang: str | None, items: Any) -> Any:
    with labels_in(lang) as active:
        body = {
            "language": active,
            "items": [{"code": code, "label": str(label)} for code, label in items()],
        }
        # The validator is the content itself: it changes only with a release or translation.
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:32]
        etag = f'"{digest}"'
        _cache_headers(response, token_of(request), etag, None)
        if policy.is_public_caller(token_of(request)):
            response["Cache-Control"] = "public, max-age=86400"
        not_modified = get_conditional_response(request, etag=etag, response=None)
        if not_modified is not None:
            _cache_headers(not_modified, token_of(request), etag, None)
            return not_modified
        return body


def _language_choices() -> list[tuple[str, str]]:
    return sorted(
        ((c, language_name(c)) for c in LANGUAGE_CODES), key=lambda item: item[1].casefold()
    )


VOCABULARIES: tuple[tuple[str, str, Callable[[], Any]], ...] = (
    ("kinds", "Kinds of organisation", lambda: Kind.choices),
    ("themes", "Themes organisations work on", lambda: Theme.choices),
    ("states", "German federal states", lambda: FederalState.choices),
    ("languages", "Languages (ISO 639-1) organisations can offer", _language_choices),
)


def _vocabulary_endpoint(name: str, items: Callable[[], Any]) -> Callable[..., Any]:
    def endpoint(
        request: HttpRequest, response: HttpResponse, params: Query[schemas.LanguageParams]
    ) -> Any:
        one_value_each(request)
        return _vocabulary(request, response, params.lang, items)

    # django-ninja derives the OpenAPI operation id from the function's name.
    endpoint.__name__ = endpoint.__qualname__ = name
    return endpoint


for _name, _summary, _items in VOCABULARIES:
    api.get(
        f"/{_name}",
        response={200: schemas.Vocabulary, **CONDITIONAL},
        summary=_summary,
        tags=["vocabularies"],
    )(_vocabulary_endpoint(_name, _items))

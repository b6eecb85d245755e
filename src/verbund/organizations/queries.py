"""Reads of the registry: the public directory with search and facets, and profiles.

Search works on both databases. PostgreSQL uses German and English full-text search over
GIN indexes plus trigram similarity on the folded name; SQLite matches every folded query
word as a substring of the folded search text and ranks name matches first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import QueryDict

from verbund.core.text import fold, fold_query_term, words
from verbund.organizations import policy
from verbund.organizations.models import (
    ContactPerson,
    Organization,
    OrganizationLanguage,
    OrganizationTheme,
)
from verbund.organizations.taxonomy import (
    LANGUAGE_CODES,
    FederalState,
    Kind,
    Status,
    Theme,
    Visibility,
    language_name,
)

FACETS: tuple[str, ...] = ("kind", "theme", "language", "state", "city")
MAX_QUERY_LENGTH = 200
MAX_VALUES_PER_FACET = 20


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    kind: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    state: tuple[str, ...] = ()
    city: tuple[str, ...] = ()
    page: int = 1

    def selected(self, facet: str) -> tuple[str, ...]:
        value: tuple[str, ...] = getattr(self, facet)
        return value

    def as_query(self, **changes: Any) -> str:
        """The stable URL query for this filter state, with ``changes`` applied."""
        data: dict[str, Any] = {
            "q": self.q, **{f: list(self.selected(f)) for f in FACETS}, "page": self.page
        }
        data.update(changes)
        query = QueryDict(mutable=True)
        if data["q"]:
            query["q"] = data["q"]
        for facet in FACETS:
            for value in sorted(data[facet]):
                query.appendlist(facet, value)
        if int(data["page"]) > 1:
            query["page"] = str(data["page"])
        return query.urlencode()

    def toggled(self, facet: str, value: str) -> str:
        current = set(self.selected(facet))
        current ^= {value}
        return self.as_query(**{facet: sorted(current), "page": 1})

    @property
    def is_empty(self) -> bool:
        return not (self.q or any(self.selected(f) for f in FACETS))


def _valid_values(facet: str) -> frozenset[str] | None:
    return {
        "kind": frozenset(Kind.values),
        "theme": frozenset(Theme.values),
        "language": frozenset(LANGUAGE_CODES),
        "state": frozenset(FederalState.values),
    }.get(facet)


def parse_filters(params: Mapping[str, Any]) -> DirectoryFilters:
    """Filters from a query string. Unknown or malformed values are dropped, never an error."""
    getlist = params.getlist if hasattr(params, "getlist") else (
        lambda key: [params[key]] if key in params else []
    )
    values: dict[str, tuple[str, ...]] = {}
    for facet in FACETS:
        allowed = _valid_values(facet)
        chosen = []
        for raw in getlist(facet)[:MAX_VALUES_PER_FACET]:
            value = str(raw).strip()[:100]
            if value and (allowed is None or value in allowed) and value not in chosen:
                chosen.append(value)
        values[facet] = tuple(chosen)
    q = " ".join(str(params.get("q", "") or "").split())[:MAX_QUERY_LENGTH]
    try:
        page = max(1, min(int(str(params.get("page", "1"))), 10_000))
    except ValueError:
        page = 1
    return DirectoryFilters(q=q, page=page, **values)


def published() -> QuerySet[Organization]:
    return Organization.objects.filter(status=Status.PUBLISHED)


def _facet_filter(facet: str, values: tuple[str, ...]) -> Q:
    if facet == "kind":
        return Q(kind__in=values)
    if facet == "state":
        return Q(federal_state__in=values)
    if facet == "city":
        return Q(city__in=values)
    if facet == "theme":
        # Every chosen theme must apply: narrowing is what people expect from themes.
        q = Q()
        for value in values:
            q &= Q(pk__in=OrganizationTheme.objects.filter(theme=value).values("organization"))
        return q
    q = Q()
    for value in values:
        q &= Q(pk__in=OrganizationLanguage.objects.filter(code=value).values("organization"))
    return q


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _text_match(queryset: QuerySet[Organization], q: str) -> QuerySet[Organization]:
    terms = words(q)
    if not terms:
        return queryset
    if _is_postgres():
        from verbund.organizations.search_pg import match

        return match(queryset, q)
    condition = Q()
    for term in terms:
        alternative = fold_query_term(term)
        term_q = Q(search_text__contains=term)
        if alternative != term:
            term_q |= Q(search_text__contains=alternative)
        condition &= term_q
    folded_query = fold(q)
    return queryset.filter(condition).extra(  # noqa: S610 - fixed SQL, bound parameters
        select={
            "name_rank": (
                "CASE WHEN name_folded = %s THEN 0 WHEN name_folded LIKE %s THEN 1 "
                "WHEN name_folded LIKE %s THEN 2 ELSE 3 END"
            )
        },
        select_params=(folded_query, f"{folded_query}%", f"%{folded_query}%"),
    ).order_by("name_rank", "name")


def _fuzzy_fallback(queryset: QuerySet[Organization], q: str) -> QuerySet[Organization]:
    """When no name contains the words, names that are close in spelling."""
    if _is_postgres():
        from verbund.organizations.search_pg import similar

        return similar(queryset, q)
    import difflib

    target = fold(q)
    names = dict(queryset.values_list("pk", "name_folded")[:50_000])
    scored = sorted(
        ((difflib.SequenceMatcher(None, target, n[: len(target) + 12]).ratio(), pk)
         for pk, n in names.items()),
        reverse=True,
    )
    best = [pk for score, pk in scored[:50] if score >= 0.6]
    order = {pk: i for i, pk in enumerate(best)}
    return sorted(queryset.filter(pk__in=best), key=lambda o: order[o.pk])  # type: ignore[return-value]


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    toggle_query: str


@dataclass
class DirectoryResult:
    filters: DirectoryFilters
    page: Page[Organization]
    total: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    fuzzy: bool = False


def _label(facet: str, value: str) -> str:
    if facet == "kind":
        return str(Kind(value).label) if value in Kind.values else value
    if facet == "theme":
        return str(Theme(value).label) if value in Theme.values else value
    if facet == "state":
        return str(FederalState(value).label) if value in FederalState.values else value
    if facet == "language":
        return language_name(value)
    return value


def _facet_counts(base: QuerySet[Organization], facet: str) -> list[tuple[str, int]]:
    if facet in {"kind", "state", "city"}:
        column = {"kind": "kind", "state": "federal_state", "city": "city"}[facet]
        rows = (
            base.exclude(**{column: ""}).order_by().values_list(column)
            .annotate(n=Count("pk"))
        )
    elif facet == "theme":
        rows = (
            OrganizationTheme.objects.filter(organization__in=base.order_by().values("pk"))
            .order_by().values_list("theme").annotate(n=Count("pk"))
        )
    else:
        rows = (
            OrganizationLanguage.objects.filter(organization__in=base.order_by().values("pk"))
            .order_by().values_list("code").annotate(n=Count("pk"))
        )
    return [(str(value), int(n)) for value, n in rows]


def directory(filters: DirectoryFilters, *, page_size: int | None = None) -> DirectoryResult:
    """One page of published organisations and the facet counts for this filter state.

    Each facet counts over all other active filters, so choosing a value in one facet keeps
    the alternatives of that facet visible with their numbers.
    """
    base = published()
    if filters.q:
        base = _text_match(base, filters.q)
    by_facet = {f: _facet_filter(f, filters.selected(f)) for f in FACETS if filters.selected(f)}
    results: Any = base
    for condition in by_facet.values():
        results = results.filter(condition)
    fuzzy = False
    if filters.q and not results.exists():
        fuzzy_results = _fuzzy_fallback(published(), filters.q)
        if isinstance(fuzzy_results, list):
            fuzzy_results = [
                o for o in fuzzy_results
                if all(published().filter(pk=o.pk).filter(c).exists() for c in by_facet.values())
            ]
            fuzzy = bool(fuzzy_results)
            results = fuzzy_results if fuzzy else results
        else:
            for condition in by_facet.values():
                fuzzy_results = fuzzy_results.filter(condition)
            if fuzzy_results.exists():
                fuzzy, results, base = True, fuzzy_results, fuzzy_results
    paginator = Paginator(results, page_size or settings.DIRECTORY_PAGE_SIZE)
    page = paginator.get_page(filters.page)
    facets: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        if isinstance(results, list):
            facets[facet] = []
            continue
        facet_base = base
        for other, condition in by_facet.items():
            if other != facet:
                facet_base = facet_base.filter(condition)
        counts = dict(_facet_counts(facet_base, facet))
        for value in filters.selected(facet):
            counts.setdefault(value, 0)
        values = [
            FacetValue(value, _label(facet, value), n, value in filters.selected(facet),
                       filters.toggled(facet, value))
            for value, n in counts.items()
        ]
        values.sort(key=lambda v: (not v.selected, -v.count, v.label.casefold()))
        facets[facet] = values
    _prefetch_cards(page.object_list)
    return DirectoryResult(filters=filters, page=page, total=paginator.count, facets=facets,
                           fuzzy=fuzzy)


def _prefetch_cards(organizations: Any) -> None:
    items = list(organizations)
    if not items:
        return
    ids = [o.pk for o in items]
    themes: dict[int, list[str]] = {}
    for org_id, theme in OrganizationTheme.objects.filter(organization_id__in=ids).values_list(
        "organization_id", "theme"
    ):
        themes.setdefault(org_id, []).append(theme)
    languages: dict[int, list[str]] = {}
    for org_id, code in OrganizationLanguage.objects.filter(
        organization_id__in=ids
    ).values_list("organization_id", "code"):
        languages.setdefault(org_id, []).append(code)
    for organization in items:
        organization.card_themes = [  # type: ignore[attr-defined]
            Theme(t).label for t in sorted(themes.get(organization.pk, []))
        ]
        organization.card_languages = sorted(  # type: ignore[attr-defined]
            (language_name(c) for c in languages.get(organization.pk, [])), key=str.casefold
        )


# --- Profiles ---------------------------------------------------------------------------------

@dataclass
class VisibleContact:
    street: str | None
    website: str | None
    email: str | None
    phone: Any
    social_links: list[str]
    contact_persons: list[ContactPerson]


def visible_contact(organization: Organization, viewer: Any) -> VisibleContact:
    """Only what this viewer may see; the rest never reaches the page."""

    def shown(visibility: str) -> bool:
        return policy.can_see(viewer, organization, visibility)

    persons = [
        person for person in organization.contact_persons.all() if shown(person.visibility)
    ]
    return VisibleContact(
        street=organization.street if shown(organization.address_visibility) else None,
        website=organization.website if shown(organization.website_visibility) else None,
        email=organization.email if shown(organization.email_visibility) else None,
        phone=organization.phone if shown(organization.phone_visibility) else None,
        social_links=list(organization.social_links or [])
        if shown(organization.social_links_visibility) else [],
        contact_persons=persons,
    )


def profile_relations(organization: Organization) -> dict[str, list[Any]]:
    themes = sorted(organization.theme_links.values_list("theme", flat=True))
    codes = organization.language_links.values_list("code", flat=True)
    return {
        "themes": [Theme(t) for t in themes],
        "languages": sorted(((c, language_name(c)) for c in codes), key=lambda x: x[1]),
        "tags": list(organization.tag_links.select_related("tag").order_by("tag__name")),
    }


def organizations_of(person: Any) -> QuerySet[Organization]:
    return Organization.objects.filter(affiliations__person=person).order_by("name")


def awaiting_review() -> QuerySet[Organization]:
    return Organization.objects.filter(
        review_requested_at__isnull=False, first_published_at__isnull=True
    ).order_by("review_requested_at")



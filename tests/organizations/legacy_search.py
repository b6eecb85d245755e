"""The directory search as it was before the in-process index (frozen for comparison).

A copy of ``organizations/queries.py`` and ``search_pg.py`` from before issue 15, with one
change: PostgreSQL's stored vector moved from the organisation row to ``SearchDocument``
(the same generated expression), so :class:`VectorMatches` reads it there. The equivalence
tests compare :func:`directory` here with ``queries.directory`` for hundreds of generated
queries. Do not improve this module; it is the yardstick.
"""

# ruff: noqa
# mypy: ignore-errors

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, Exists, IntegerField, Lookup, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Length

from verbund.core.text import fold_query_term, words
from verbund.organizations.models import (
    Organization,
    OrganizationLanguage,
    OrganizationTheme,
    SearchDocument,
)
from verbund.organizations.queries import (
    FACETS,
    FACET_VALUES_SHOWN,
    MAX_QUERY_WORDS,
    CARD_FIELDS,
    DirectoryFilters,
    _facet_filter,
    _label,
    published,
)
from verbund.organizations.search_pg import prefix_query
from verbund.organizations.taxonomy import THEME_CODES, Theme, language_name


def _vector_match(spellings):
    """The old ``search_vector @@ query`` on the row, now through the side table."""
    return Exists(
        SearchDocument.objects.filter(
            organization_id=OuterRef("pk"), vector=prefix_query(spellings)
        )
    )


def _pg_match(queryset, spellings):
    in_name = Q()
    for variants in spellings:
        word = Q()
        for variant in variants:
            word |= Q(name_folded__contains=variant)
        in_name &= word
    return queryset.alias(vector_matches=_vector_match(spellings)).filter(
        Q(vector_matches=True) | in_name
    )


def _pg_similar_names(queryset, phrase):
    from django.contrib.postgres.search import TrigramWordSimilarity

    return (
        queryset.filter(name_folded__trigram_word_similar=phrase)
        .alias(
            similarity=TrigramWordSimilarity(phrase, "name_folded"),
            name_length=Length("name_folded"),
        )
        .order_by("-similarity", "name_length", "name", "pk")
    )


# --- Text search -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchTerms:
    """The words of a query, each with the spellings that count as that word."""

    spellings: tuple[tuple[str, ...], ...]

    @classmethod
    def parse(cls, q: str) -> SearchTerms:
        spellings: list[tuple[str, ...]] = []
        for word in words(q)[:MAX_QUERY_WORDS]:
            variants = tuple(dict.fromkeys((word, fold_query_term(word))))
            if variants not in spellings:
                spellings.append(variants)
        return cls(tuple(spellings))

    def __bool__(self) -> bool:
        return bool(self.spellings)

    @property
    def phrase(self) -> str:
        """The words in their umlaut-folded spelling ("tuerkische" -> "turkische")."""
        return " ".join(variants[-1] for variants in self.spellings)


def _any_of(variants: tuple[str, ...]) -> str:
    # Query words are letters and digits only (see core.text.words): safe inside a pattern.
    return "(?:" + "|".join(variants) + ")"


def name_rank(terms: SearchTerms) -> Case:
    """0: the name is the query; 1: the name begins with the query's words, in order;
    2: every word begins a word of the name; 3: the words are found elsewhere.

    ``name_folded`` holds the folded words of name and acronym separated by single spaces,
    so these conditions mean the same in PostgreSQL and in SQLite (Python's ``re``). The
    cheap ``LIKE`` tests come first: ranking runs over every match, not just one page.
    """

    def begins_a_word(variants: tuple[str, ...]) -> Q:
        condition = Q()
        for variant in variants:
            condition |= Q(name_folded__startswith=variant)
            condition |= Q(name_folded__contains=f" {variant}")
        return condition

    begins_with_first = Q()
    for variant in terms.spellings[0]:
        begins_with_first |= Q(name_folded__startswith=variant)
    in_order = begins_with_first
    if len(terms.spellings) > 1:
        pattern = "^" + "[^ ]* ".join(_any_of(v) for v in terms.spellings)
        in_order &= Q(name_folded__regex=pattern)
    every_word = Q()
    for variants in terms.spellings:
        every_word &= begins_a_word(variants)
    return Case(
        When(name_folded__in=_exact_names(terms), then=Value(0)),
        When(in_order, then=Value(1)),
        When(every_word, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


def _exact_names(terms: SearchTerms) -> list[str]:
    names = [""]
    for variants in terms.spellings:
        names = [f"{head} {v}".strip() for head in names for v in variants][:16]
    return names


def _ranked(queryset: QuerySet[Organization], terms: SearchTerms) -> QuerySet[Organization]:
    return queryset.alias(name_rank=name_rank(terms), name_length=Length("name_folded")).order_by(
        "name_rank", "name_length", "name", "pk"
    )


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _text_match(queryset: QuerySet[Organization], terms: SearchTerms) -> QuerySet[Organization]:
    """Organisations whose search text contains every word, best name matches first."""
    if _is_postgres():
        queryset = _pg_match(queryset, terms.spellings)
    else:
        for variants in terms.spellings:
            word = Q()
            for variant in variants:
                word |= Q(search_text__contains=variant)
            queryset = queryset.filter(word)
    return _ranked(queryset, terms)


def _fuzzy_match(queryset: QuerySet[Organization], terms: SearchTerms) -> QuerySet[Organization]:
    """Organisations whose names are spelled like the query, closest first."""
    if _is_postgres():
        return _pg_similar_names(queryset, terms.phrase)
    corrected = _close_words(queryset, terms)
    if not corrected:
        return queryset.none()
    for variants in corrected.spellings:
        word = Q()
        for variant in variants:
            word |= Q(name_folded__contains=variant)
        queryset = queryset.filter(word)
    return _ranked(queryset, corrected)


def _close_words(queryset: QuerySet[Organization], terms: SearchTerms) -> SearchTerms:
    """Each query word replaced by the words of the names that are spelled like it.

    Words that resemble nothing are left out; when none resembles anything, the result is
    empty.
    """
    vocabulary: set[str] = set()
    for name in queryset.values_list("name_folded", flat=True).iterator(chunk_size=5000):
        vocabulary.update(name.split())
    spellings: list[tuple[str, ...]] = []
    for variants in terms.spellings:
        close: list[str] = []
        for variant in variants:
            close += difflib.get_close_matches(variant, vocabulary, n=4, cutoff=0.75)
        if close:
            spellings.append(tuple(dict.fromkeys(close)))
    return SearchTerms(tuple(spellings))


# --- The directory ---------------------------------------------------------------------------


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

    @property
    def previous_query(self) -> str:
        return self.filters.page_query(self.page.number - 1) if self.page.has_previous() else ""

    @property
    def next_query(self) -> str:
        return self.filters.page_query(self.page.number + 1) if self.page.has_next() else ""


_COLUMNS = {"kind": "kind", "state": "federal_state", "city": "city"}
_LINKS = {"theme": (OrganizationTheme, "theme"), "language": (OrganizationLanguage, "code")}
_ORGANIZATION_COLUMN = "organization_id"  # of both link tables
# Only quoted identifiers and this module's facet names are put into these; values are bound.
_EXISTS_SQL = "EXISTS (SELECT 1 FROM {table} x WHERE x.{organization} = m.id AND x.{column} = %s)"
_COUNT_SQL = "SELECT '{facet}', {value}, COUNT(*) FROM {source}{where} GROUP BY {value}"


def _facet_condition_sql(facet: str, values: tuple[str, ...]) -> tuple[str, list[str]]:
    """The SQL twin of :func:`_facet_filter`, over the rows ``m`` of the facet query."""
    quote = connection.ops.quote_name
    if facet in _COLUMNS:
        placeholders = ", ".join(["%s"] * len(values))
        return f"m.{quote(_COLUMNS[facet])} IN ({placeholders})", list(values)
    model, column = _LINKS[facet]
    organization = quote(_ORGANIZATION_COLUMN)
    table, column = quote(model._meta.db_table), quote(column)
    exists = _EXISTS_SQL.format(table=table, organization=organization, column=column)
    return " AND ".join([exists] * len(values)), list(values)


def _count_facets(
    matching: QuerySet[Organization], filters: DirectoryFilters
) -> dict[str, dict[str, int]]:
    """Count per value of every facet in one query; blank values are counted under "".

    The matching organisations are read once (a common table expression) and each facet
    counts them under all *other* active filters, so choosing a value in one facet keeps that
    facet's alternatives visible with their numbers. The SQL is the same on both databases.
    """
    quote = connection.ops.quote_name
    counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
    try:
        base_sql, base_params = (
            matching.order_by()
            .values("pk", "kind", "federal_state", "city")
            .query.sql_with_params()
        )
    except EmptyResultSet:  # matching is .none()
        return counts
    conditions = {
        f: _facet_condition_sql(f, filters.selected(f)) for f in FACETS if filters.selected(f)
    }
    parts: list[str] = []
    params: list[Any] = list(base_params)
    for facet in FACETS:
        where = [sql for other, (sql, _) in conditions.items() if other != facet]
        for other, (_sql, values) in conditions.items():
            if other != facet:
                params += values
        where_sql = f" WHERE {' AND '.join(where)}" if where else ""
        if facet in _COLUMNS:
            value = f"m.{quote(_COLUMNS[facet])}"
            source = "m"
        else:
            model, column = _LINKS[facet]
            organization = quote(_ORGANIZATION_COLUMN)
            value = f"l.{quote(column)}"
            source = f"{quote(model._meta.db_table)} l JOIN m ON m.id = l.{organization}"
        parts.append(_COUNT_SQL.format(facet=facet, value=value, source=source, where=where_sql))
    sql = f"WITH m (id, kind, federal_state, city) AS ({base_sql}) " + " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for facet, value, number in cursor.fetchall():
            counts[facet][str(value or "")] = int(number)
    return counts


@dataclass
class _Selection:
    """One filter state evaluated against a set of matching organisations."""

    results: QuerySet[Organization]
    facets: dict[str, list[FacetValue]]
    total: int


def _select(matching: QuerySet[Organization], filters: DirectoryFilters) -> _Selection:
    """Apply the facet filters and count every facet, in one query and none for the total:
    every organisation has exactly one kind, so the kind counts also give the number of
    results."""
    results = matching
    for facet in FACETS:
        if filters.selected(facet):
            results = results.filter(_facet_filter(facet, filters.selected(facet)))
    counts = _count_facets(matching, filters)
    chosen_kinds = filters.selected("kind")
    total = sum(n for kind, n in counts["kind"].items() if not chosen_kinds or kind in chosen_kinds)
    facets: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        chosen = filters.selected(facet)
        found = {value: n for value, n in counts[facet].items() if value}
        values = [
            FacetValue(
                value,
                _label(facet, value),
                found.get(value, 0),
                True,
                filters.toggled(facet, value),
            )
            for value in chosen
        ]
        others = sorted(
            ((value, n) for value, n in found.items() if value not in chosen),
            key=lambda item: (-item[1], item[0]),
        )
        values += [
            FacetValue(value, _label(facet, value), n, False, filters.toggled(facet, value))
            for value, n in others[: max(0, FACET_VALUES_SHOWN - len(chosen))]
        ]
        facets[facet] = values
    return _Selection(results=results, facets=facets, total=total)


def _text_matching(terms: SearchTerms) -> QuerySet[Organization]:
    return _text_match(published(), terms) if terms else published().order_by("name", "pk")


def matching(filters: DirectoryFilters) -> QuerySet[Organization]:
    """Published organisations matching the text and every chosen facet value, best first."""
    results = _text_matching(SearchTerms.parse(filters.q))
    for facet in FACETS:
        if filters.selected(facet):
            results = results.filter(_facet_filter(facet, filters.selected(facet)))
    return results


def directory(filters: DirectoryFilters, *, page_size: int | None = None) -> DirectoryResult:
    """One page of published organisations and the facet counts for this filter state.

    Runs a bounded number of queries whatever the page size: one per facet, one for the page
    and two for the cards' themes and languages; a query that matches nothing costs one
    existence check and the same again for the similarly spelled names.
    """
    terms = SearchTerms.parse(filters.q)
    text_matches = _text_matching(terms)
    selection = _select(text_matches, filters)
    fuzzy = False
    if terms and selection.total == 0 and not (filters.has_facets and text_matches.exists()):
        similar = _select(_fuzzy_match(published(), terms), filters)
        if similar.total:
            selection, fuzzy = similar, True
    paginator = Paginator(
        selection.results.only(*CARD_FIELDS), page_size or settings.DIRECTORY_PAGE_SIZE
    )
    paginator.count = selection.total  # known from the facet counts; saves a COUNT query
    page = paginator.get_page(filters.page)
    page.object_list = list(page.object_list)
    _prefetch_cards(page.object_list)
    return DirectoryResult(
        filters=filters, page=page, total=selection.total, facets=selection.facets, fuzzy=fuzzy
    )


def _prefetch_cards(organizations):
    if not organizations:
        return
    ids = [o.pk for o in organizations]
    themes: dict[int, list[str]] = {}
    for org_id, theme in OrganizationTheme.objects.filter(organization_id__in=ids).values_list(
        "organization_id", "theme"
    ):
        themes.setdefault(org_id, []).append(theme)
    languages: dict[int, list[str]] = {}
    for org_id, code in OrganizationLanguage.objects.filter(organization_id__in=ids).values_list(
        "organization_id", "code"
    ):
        languages.setdefault(org_id, []).append(code)
    for organization in organizations:
        organization.card_themes = [  # type: ignore[attr-defined]
            Theme(t).label for t in sorted(themes.get(organization.pk, [])) if t in THEME_CODES
        ]
        organization.card_languages = sorted(  # type: ignore[attr-defined]
            (language_name(c) for c in languages.get(organization.pk, [])), key=str.casefold
        )

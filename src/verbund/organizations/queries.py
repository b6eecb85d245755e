"""Reads of the registry: the public directory with search and facets, and profiles.

Search gives the same answers on both databases:

* A query is split into folded words ("Türkische" -> "turkische"); "ue"/"oe"/"ae" spellings
  are accepted for umlauts.
* An organisation matches when every word is found in its search text. PostgreSQL matches
  German and English stems (word prefixes), or the words inside the name; SQLite matches
  the folded words as substrings.
* Results are ranked by how well the words fit the *name* (see :func:`name_rank`), then by
  shorter name, then alphabetically.
* When nothing matches at all, each word that matches nothing is replaced by the words of
  the registry spelled like it (one or two edits away), on both databases.

The directory page answers from the in-process index of :mod:`search_index` (bitmaps, a
cache of the database that every process keeps current through ``SearchRevision``);
:func:`matching` gives the same set as SQL for the API, the map and exports.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import quote_plus

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length
from pyroaring import BitMap

from verbund.core.text import fold_query_term, skeleton, words
from verbund.organizations import policy, search_index
from verbund.organizations.models import (
    Affiliation,
    ContactPerson,
    Organization,
    OrganizationLanguage,
    OrganizationTheme,
    ProfileClaim,
    TakeOverInvitation,
)
from verbund.organizations.taxonomy import (
    KIND_CODES,
    LANGUAGE_CODES,
    THEME_CODES,
    ClaimStatus,
    FederalState,
    Kind,
    Status,
    Theme,
    language_name,
)

FACETS: tuple[str, ...] = ("kind", "theme", "language", "state", "city")
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8
MAX_VALUES_PER_FACET = 20
MAX_FACET_VALUE_LENGTH = 100
MAX_PAGE = 10_000
# Facets list their most frequent values; chosen values are always listed.
FACET_VALUES_SHOWN = 12
# Fields the directory cards show; the long search text stays in the database.
CARD_FIELDS = ("slug", "name", "short_name", "kind", "city", "verified")


# --- Filters ---------------------------------------------------------------------------------


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

    def params(self, **changes: Any) -> list[tuple[str, str]]:
        """The canonical query parameters of this filter state, with ``changes`` applied."""
        data: dict[str, Any] = {
            "q": self.q,
            **{f: self.selected(f) for f in FACETS},
            "page": self.page,
        }
        data.update(changes)
        pairs: list[tuple[str, str]] = []
        if data["q"]:
            pairs.append(("q", data["q"]))
        for facet in FACETS:
            pairs += [(facet, value) for value in sorted(data[facet])]
        if int(data["page"]) > 1:
            pairs.append(("page", str(data["page"])))
        return pairs

    def as_query(self, **changes: Any) -> str:
        """The stable URL query for this filter state, with ``changes`` applied (what
        ``QueryDict.urlencode`` makes of :meth:`params`: the page links every facet value,
        so this runs some fifty times per page)."""
        return "&".join(f"{_quoted(key)}={_quoted(value)}" for key, value in self.params(**changes))

    def page_query(self, number: int) -> str:
        return self.as_query(page=number)

    def toggled(self, facet: str, value: str) -> str:
        current = set(self.selected(facet)) ^ {value}
        return self.as_query(**{facet: current, "page": 1})

    @property
    def hidden_fields(self) -> list[tuple[str, str]]:
        """Chosen facet values for the search form, in canonical order."""
        return [(key, value) for key, value in self.params(q="", page=1)]

    @property
    def has_facets(self) -> bool:
        return any(self.selected(f) for f in FACETS)

    @property
    def is_empty(self) -> bool:
        return not (self.q or self.has_facets)


@lru_cache(maxsize=4096)
def _quoted(text: str) -> str:
    return quote_plus(text)


def _clean(raw: Any, limit: int) -> str:
    """Printable text only: control characters (NUL among them) never reach the database."""
    text = "".join(ch for ch in str(raw) if not unicodedata.category(ch).startswith("C"))
    return " ".join(text.split())[:limit]


_ALLOWED_VALUES: dict[str, frozenset[str]] = {
    "kind": KIND_CODES,
    "theme": THEME_CODES,
    "language": frozenset(LANGUAGE_CODES),
    "state": frozenset(FederalState.values),
}


def parse_filters(params: Mapping[str, Any]) -> DirectoryFilters:
    """Filters from a query string. Unknown or malformed values are dropped, never an error."""
    getlist = (
        params.getlist
        if hasattr(params, "getlist")
        else (lambda key: [params[key]] if key in params else [])
    )
    values: dict[str, tuple[str, ...]] = {}
    for facet in FACETS:
        allowed = _ALLOWED_VALUES.get(facet)
        chosen: list[str] = []
        for raw in getlist(facet)[:MAX_VALUES_PER_FACET]:
            value = _clean(raw, MAX_FACET_VALUE_LENGTH)
            if value and (allowed is None or value in allowed) and value not in chosen:
                chosen.append(value)
        values[facet] = tuple(sorted(chosen))
    q = _clean(params.get("q") or "", MAX_QUERY_LENGTH)
    try:
        page = min(max(1, int(str(params.get("page") or "1").strip())), MAX_PAGE)
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
    # Every chosen theme or language must apply: narrowing is what people expect from them.
    links = OrganizationTheme.objects if facet == "theme" else OrganizationLanguage.objects
    column = "theme" if facet == "theme" else "code"
    condition = Q()
    for value in values:
        condition &= Q(pk__in=links.filter(**{column: value}).values("organization_id"))
    return condition


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
    directory evaluates the same four classes with the index's bitmaps (``_rank_classes``).
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
    """Organisations whose search text contains every word, best name matches first (SQL)."""
    if _is_postgres():
        from verbund.organizations.search_pg import match

        queryset = match(queryset, terms.spellings)
    else:
        for variants in terms.spellings:
            word = Q()
            for variant in variants:
                word |= Q(search_text__contains=variant)
            queryset = queryset.filter(word)
    return _ranked(queryset, terms)


# --- Text search through the index -----------------------------------------------------------


def _union(bitmaps: list[BitMap]) -> BitMap:
    return BitMap.union(*bitmaps) if bitmaps else BitMap()


def _intersection(bitmaps: list[BitMap]) -> BitMap:
    return BitMap.intersection(*bitmaps) if bitmaps else BitMap()


def _stems(terms: SearchTerms) -> dict[str, tuple[str | None, str | None]] | None:
    """PostgreSQL's German and English stems of the query words, or ``None`` when a word
    becomes more than one lexeme (then only SQL can test it)."""
    from verbund.organizations.search_pg import COMPLEX, stems

    found = stems([variant for variants in terms.spellings for variant in variants])
    if any(COMPLEX in pair for pair in found.values()):
        return None
    return found


def _word_matches(
    snapshot: search_index.Snapshot,
    variants: tuple[str, ...],
    stems: dict[str, tuple[str | None, str | None]] | None,
) -> list[BitMap | None]:
    """What one word matches: on PostgreSQL ``[German stems, English stems, name parts]``
    (``None`` for a configuration in which every spelling is a stop word), on SQLite
    ``[parts of the search text's words]``."""
    if stems is None:
        return [_union([snapshot.terms.containing(v) for v in variants])]
    matches: list[BitMap | None] = []
    for config in (0, 1):
        lexemes = [stems[v][config] for v in variants if stems[v][config]]
        matches.append(
            _union([snapshot.terms.prefixed(str(lexeme)) for lexeme in lexemes])
            if lexemes
            else None
        )
    matches.append(_union([snapshot.name_words.containing(v) for v in variants]))
    return matches


def _index_match(snapshot: search_index.Snapshot, terms: SearchTerms) -> BitMap:
    """The published organisations matching every word, as ``_text_match`` finds them.

    PostgreSQL: every word a prefix of a German stem, or every word a prefix of an English
    stem (``to_tsquery`` leaves out stop words), or every word inside a word of the name.
    SQLite: every word inside a word of the search text (``LIKE`` ignores ASCII case only).
    """
    if not _is_postgres():
        per_word = [_word_matches(snapshot, variants, None)[0] for variants in terms.spellings]
        return _intersection([m for m in per_word if m is not None]) & snapshot.alive
    stems = _stems(terms)
    if stems is None:
        found = _text_match(published(), terms).order_by().values_list("pk", flat=True)
        return BitMap(found)
    columns = [_word_matches(snapshot, variants, stems) for variants in terms.spellings]
    german = _intersection([m[0] for m in columns if m[0] is not None])
    english = _intersection([m[1] for m in columns if m[1] is not None])
    in_name = _intersection([m[2] for m in columns if m[2] is not None])
    return (german | english | in_name) & snapshot.alive


def _matches_alone(
    snapshot: search_index.Snapshot, variants: tuple[str, ...], postgres: bool
) -> bool:
    if not postgres:
        return bool(_word_matches(snapshot, variants, None)[0])
    stems = _stems(SearchTerms((variants,)))
    if stems is None:
        return True  # only SQL can tell; never corrected
    return any(m for m in _word_matches(snapshot, variants, stems))


def corrected_terms(snapshot: search_index.Snapshot, terms: SearchTerms) -> SearchTerms:
    """The query with each word that matches nothing replaced by the registry's words that
    are spelled like it ("Beratng" -> "beratung"); words like nothing are left out. Empty
    when no word needed correcting."""
    postgres = _is_postgres()
    spellings: list[tuple[str, ...]] = []
    changed = False
    for variants in terms.spellings:
        if _matches_alone(snapshot, variants, postgres):
            spellings.append(variants)
            continue
        changed = True
        close: list[str] = []
        for variant in variants:
            close += snapshot.close_words(variant)
        if close:
            spellings.append(tuple(dict.fromkeys(close))[:4])
    return SearchTerms(tuple(spellings)) if changed and spellings else SearchTerms(())


def _rank_classes(
    snapshot: search_index.Snapshot, terms: SearchTerms, results: BitMap
) -> list[BitMap]:
    """``results`` split by :func:`name_rank` (0 to 3), with the index's name bitmaps."""
    exact = _union([snapshot.full_names.get(name) for name in _exact_names(terms)])
    in_order = _intersection(
        [
            _union([snapshot.name_positions.prefixed(f"{position} {v}") for v in variants])
            for position, variants in enumerate(terms.spellings)
        ]
    )
    every_word = _intersection(
        [
            _union([snapshot.name_words.prefixed(v) for v in variants])
            for variants in terms.spellings
        ]
    )
    first = results & exact
    second = (results & in_order) - first
    third = (results & every_word) - first - second
    return [first, second, third, results - first - second - third]


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


def _label(facet: str, value: str) -> str:
    if facet == "kind":
        return str(Kind(value).label) if value in KIND_CODES else value
    if facet == "theme":
        return str(Theme(value).label) if value in THEME_CODES else value
    if facet == "state":
        return str(FederalState(value).label) if value in FederalState.values else value
    if facet == "language":
        return language_name(value)
    return value


def _condition(snapshot: search_index.Snapshot, facet: str, values: tuple[str, ...]) -> BitMap:
    """The twin of :func:`_facet_filter`: any chosen kind, state or city; every chosen theme
    and language."""
    bitmaps = [snapshot.facet(facet, value) for value in values]
    return _intersection(bitmaps) if facet in ("theme", "language") else _union(bitmaps)


@dataclass
class _Selection:
    """One filter state evaluated against a set of matching organisations."""

    results: BitMap
    facets: dict[str, list[FacetValue]]
    total: int


def _select(
    snapshot: search_index.Snapshot, matching: BitMap, filters: DirectoryFilters
) -> _Selection:
    """Apply the facet filters and count every facet: each facet counts the matches under
    all *other* active filters, so choosing a value keeps its alternatives visible."""
    conditions = {
        facet: _condition(snapshot, facet, filters.selected(facet))
        for facet in FACETS
        if filters.selected(facet)
    }
    results = _intersection([matching, *conditions.values()])
    facets: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        others = [c for other, c in conditions.items() if other != facet]
        within = _intersection([matching, *others]) if others else matching
        found = {value: n for value, n in snapshot.count(facet, within).items() if value}
        chosen = filters.selected(facet)
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
        ranked = sorted(
            ((value, n) for value, n in found.items() if value not in chosen),
            key=lambda item: (-item[1], item[0]),
        )
        values += [
            FacetValue(value, _label(facet, value), n, False, filters.toggled(facet, value))
            for value, n in ranked[: max(0, FACET_VALUES_SHOWN - len(chosen))]
        ]
        facets[facet] = values
    return _Selection(results=results, facets=facets, total=len(results))


def _effective_terms(
    snapshot: search_index.Snapshot, terms: SearchTerms
) -> tuple[SearchTerms, BitMap, bool]:
    """The words searched, what they match, and whether they were corrected: a query that
    matches nothing as typed is searched with its misspelled words corrected."""
    found = _index_match(snapshot, terms)
    if found:
        return terms, found, False
    corrected = corrected_terms(snapshot, terms)
    if corrected:
        again = _index_match(snapshot, corrected)
        if again:
            return corrected, again, True
    return terms, found, False


def matching(filters: DirectoryFilters) -> QuerySet[Organization]:
    """Published organisations matching the text and every chosen facet value, best first,
    as SQL (for the API, the map and exports). A misspelled query is corrected as on the
    directory page."""
    terms = SearchTerms.parse(filters.q)
    if terms:
        terms, _found, _fuzzy = _effective_terms(search_index.current(), terms)
        results = _text_match(published(), terms)
    else:
        results = published().order_by("name", "pk")
    for facet in FACETS:
        if filters.selected(facet):
            results = results.filter(_facet_filter(facet, filters.selected(facet)))
    return results


def _page_ids(
    snapshot: search_index.Snapshot,
    terms: SearchTerms,
    results: BitMap,
    start: int,
    size: int,
) -> list[int]:
    """The ids of one page in the directory's order, sorting only what the page needs."""
    if not terms:
        return snapshot.first(results, snapshot.name_position, start, size)
    ids: list[int] = []
    for group in _rank_classes(snapshot, terms, results):
        if size <= 0:
            break
        if start >= len(group):
            start -= len(group)
            continue
        chosen = snapshot.first(group, snapshot.order_key, start, size)
        ids += chosen
        size -= len(chosen)
        start = 0
    return ids


def directory(filters: DirectoryFilters, *, page_size: int | None = None) -> DirectoryResult:
    """One page of published organisations and the facet counts for this filter state.

    Matching, counting and ordering happen in the process's search index
    (:mod:`search_index`), which costs one query to confirm it is current; then one query
    reads the page's rows. A query word PostgreSQL has not stemmed for this process yet
    costs one more.
    """
    snapshot = search_index.current()
    terms = SearchTerms.parse(filters.q)
    fuzzy = False
    if terms:
        found = _index_match(snapshot, terms)
        selection = _select(snapshot, found, filters)
        if not found:
            corrected = corrected_terms(snapshot, terms)
            if corrected:
                similar = _select(snapshot, _index_match(snapshot, corrected), filters)
                if similar.total:
                    selection, terms, fuzzy = similar, corrected, True
    else:
        selection = _select(snapshot, snapshot.alive, filters)
    size = page_size or settings.DIRECTORY_PAGE_SIZE
    paginator: Paginator[Any] = Paginator(range(selection.total), size)
    page: Page[Any] = paginator.get_page(filters.page)
    ids = _page_ids(snapshot, terms, selection.results, (page.number - 1) * size, size)
    rows = {o.pk: o for o in published().filter(pk__in=ids).only(*CARD_FIELDS)}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    _card_relations(snapshot, page.object_list)
    return DirectoryResult(
        filters=filters, page=page, total=selection.total, facets=selection.facets, fuzzy=fuzzy
    )


def _card_relations(snapshot: search_index.Snapshot, organizations: list[Organization]) -> None:
    """Themes and languages of the cards, from the index's facet bitmaps."""
    themes = snapshot.facets["theme"].maps
    languages = snapshot.facets["language"].maps
    for organization in organizations:
        pk = organization.pk
        organization.card_themes = [  # type: ignore[attr-defined]
            Theme(t).label for t in sorted(themes) if t in THEME_CODES and pk in themes[t]
        ]
        organization.card_languages = sorted(  # type: ignore[attr-defined]
            (language_name(c) for c, ids in languages.items() if pk in ids), key=str.casefold
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

    persons = [person for person in organization.contact_persons.all() if shown(person.visibility)]
    return VisibleContact(
        street=organization.street if shown(organization.address_visibility) else None,
        website=organization.website if shown(organization.website_visibility) else None,
        email=organization.email if shown(organization.email_visibility) else None,
        phone=organization.phone if shown(organization.phone_visibility) else None,
        social_links=list(organization.social_links or [])
        if shown(organization.social_links_visibility)
        else [],
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
    """Entries whose publication waits for staff: first publications however the entry was
    made (form, import, a network that keeps it), and requests sent back are not in it."""
    return (
        Organization.objects.filter(review_requested_at__isnull=False)
        .exclude(status=Status.PUBLISHED)
        .order_by("review_requested_at", "pk")
    )


REVIEW_ORIGINS = ("with_admins", "without_admins")
REVIEW_PAGE_SIZE = 100


@dataclass(frozen=True)
class ReviewFilters:
    q: str = ""
    kind: str = ""
    state: str = ""
    # "with_admins": registered by its own people; "without_admins": made by an import.
    origin: str = ""
    page: int = 1


def parse_review_filters(params: Mapping[str, Any]) -> ReviewFilters:
    kind = str(params.get("kind") or "")
    state = str(params.get("state") or "")
    origin = str(params.get("origin") or "")
    try:
        page = min(max(1, int(str(params.get("page") or "1").strip())), MAX_PAGE)
    except ValueError:
        page = 1
    return ReviewFilters(
        q=_clean(params.get("q") or "", MAX_QUERY_LENGTH),
        kind=kind if kind in KIND_CODES else "",
        state=state if state in FederalState.values else "",
        origin=origin if origin in REVIEW_ORIGINS else "",
        page=page,
    )


@dataclass
class ReviewQueue:
    filters: ReviewFilters
    total: int
    waiting: int  # all entries waiting, whatever the filters
    page: Page


def review_queue(filters: ReviewFilters, *, page_size: int = REVIEW_PAGE_SIZE) -> ReviewQueue:
    """The staff's bulk review queue: entries waiting, filtered, oldest request first, each
    with its number of administrators; a fixed number of queries."""
    from django.db.models import Count

    waiting = awaiting_review()
    chosen = waiting
    if filters.q:
        for word in words(filters.q):
            chosen = chosen.filter(name_folded__contains=word)
    if filters.kind:
        chosen = chosen.filter(kind=filters.kind)
    if filters.state:
        chosen = chosen.filter(federal_state=filters.state)
    chosen = chosen.annotate(
        admins=Count("affiliations", filter=Q(affiliations__role="admin"), distinct=True)
    )
    if filters.origin == "with_admins":
        chosen = chosen.filter(admins__gt=0)
    elif filters.origin == "without_admins":
        chosen = chosen.filter(admins=0)
    chosen = chosen.only(
        "pk", "slug", "name", "kind", "city", "federal_state", "review_requested_at", "created_at"
    )
    paginator = Paginator(chosen, page_size)
    page = paginator.get_page(filters.page)
    return ReviewQueue(filters=filters, total=paginator.count, waiting=waiting.count(), page=page)


def pending_proposals(organization: Organization) -> list[Any]:
    from verbund.organizations.models import ChangeProposal

    return list(
        ChangeProposal.objects.filter(organization=organization, state=ChangeProposal.State.PENDING)
        .select_related("network", "proposed_by")
        .order_by("created_at", "pk")
    )


def proposals_waiting_for(person: Any) -> list[tuple[Organization, int]]:
    """Organisations ``person`` administers with proposals waiting, and how many; one query."""
    from django.db.models import Count

    from verbund.organizations.models import ChangeProposal
    from verbund.organizations.taxonomy import Role

    if not getattr(person, "is_authenticated", False):
        return []
    rows = (
        Organization.objects.filter(affiliations__person=person, affiliations__role=Role.ADMIN)
        .annotate(
            waiting=Count(
                "change_proposals",
                filter=Q(change_proposals__state=ChangeProposal.State.PENDING),
                distinct=True,
            )
        )
        .filter(waiting__gt=0)
        .order_by("name")
    )
    return [(organization, int(organization.waiting)) for organization in rows]


@lru_cache(maxsize=65536)
def _skeleton(name: str) -> str:
    return skeleton(name)


def lookalikes(
    name: str, *, exclude_pk: int | None = None, limit: int = 3
) -> list[tuple[str, str]]:
    """``(name, slug)`` of organisations whose names look like ``name`` (the same skeleton,
    ``core.text.skeleton``): a Cyrillic letter for a Latin one, "rn" for "m". One query."""
    target = _skeleton(name)
    if not target:
        return []
    found: list[tuple[str, str]] = []
    others = Organization.objects.exclude(pk=exclude_pk) if exclude_pk else Organization.objects
    for other, slug in others.values_list("name", "slug").iterator(chunk_size=5000):
        if _skeleton(other) == target:
            found.append((other, slug))
            if len(found) >= limit:
                break
    return found


def personal_affiliations(person: Any) -> list[dict[str, Any]]:
    """The person's roles for organisations, for their data download (one query)."""
    return [
        {"organization": a.organization.name, "slug": a.organization.slug, "role": a.role}
        for a in Affiliation.objects.filter(person=person)
        .select_related("organization")
        .order_by("organization__name")
    ]


def personal_contact_entries(person: Any) -> list[dict[str, Any]]:
    """Contact-person entries of organisations linked to the person's account or carrying
    its e-mail address (one query)."""
    return [
        {
            "organization": c.organization.name,
            "name": c.name,
            "function": c.function,
            "email": c.email,
            "phone": str(c.phone or ""),
            "visibility": c.visibility,
        }
        for c in ContactPerson.objects.filter(Q(person=person) | Q(email__iexact=person.email))
        .select_related("organization")
        .order_by("organization__name", "pk")
    ]


def organizations_only_administered_by(person: Any) -> list[Organization]:
    """Organisations whose only administrator is ``person``."""
    from django.db.models import Count

    from verbund.organizations.taxonomy import Role

    administered = Affiliation.objects.filter(person=person, role=Role.ADMIN).values(
        "organization_id"
    )
    return list(
        Organization.objects.filter(pk__in=administered)
        .annotate(admins=Count("affiliations", filter=Q(affiliations__role=Role.ADMIN)))
        .filter(admins=1)
        .order_by("name")
    )


def people_of(organization: Organization) -> QuerySet[Any]:
    """The people affiliated with ``organization`` and their roles, by e-mail address."""
    return organization.affiliations.select_related("person").order_by("person__email")


def recent_imports(person: Any, limit: int = 10) -> list[Any]:
    """The last spreadsheet imports ``person`` uploaded, newest first."""
    from verbund.organizations.models import ImportJob

    return list(
        ImportJob.objects.filter(created_by_id=person.pk).only(
            "pk", "filename", "state", "created_at"
        )[:limit]
    )


# --- Taking over a profile and claims ----------------------------------------------------------


def pending_claims(organization: Organization) -> list[Any]:
    return list(
        ProfileClaim.objects.filter(organization=organization, status=ClaimStatus.PENDING)
        .select_related("claimant")
        .order_by("created_at", "pk")
    )


def own_pending_claim(organization: Organization, user: Any) -> Any:
    if not getattr(user, "is_authenticated", False):
        return None
    return ProfileClaim.objects.filter(
        organization=organization, claimant=user, status=ClaimStatus.PENDING
    ).first()


def take_over_invitations(network: Organization) -> list[Any]:
    """The invitations sent on behalf of ``network``, newest state of each organisation."""
    return list(
        TakeOverInvitation.objects.filter(network=network)
        .select_related("organization")
        .order_by("organization__name", "-created_at")
    )

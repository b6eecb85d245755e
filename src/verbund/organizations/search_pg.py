"""PostgreSQL search: German and English stems, and parts of words in names.

Each organisation has a ``SearchDocument`` (a narrow side table, PostgreSQL only) whose
generated column ``vector`` holds ``to_tsvector('german', search_text) ||
to_tsvector('english', search_text)`` with a GIN index, and whose ``name_folded`` has a
trigram index. A query word matches as the prefix of a stem, in German or in English, or as
a part of a word of the name ("gemeinde" in "Kirchengemeinde").

The directory answers from the in-process index (``search_index``), which holds the lexemes
PostgreSQL stored and asks PostgreSQL here only for the stems of query words it has not
seen. :func:`match` is the same test in SQL, for ``queries.matching`` (the API, the map,
exports) and for query words whose stems the index cannot test on its own.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import CharField, F, Func, Q, QuerySet

from verbund.organizations.models import Organization, SearchDocument
from verbund.organizations.taxonomy import Status

SEARCH_CONFIGS = ("german", "english")
# A stem PostgreSQL gives for one query word that the index can test: one prefix lexeme.
_ONE_PREFIX = re.compile(r"^'([^']+)':\*$")
COMPLEX = "<complex>"

_stems: dict[str, tuple[str | None, str | None]] = {}
_stems_lock = threading.Lock()


def prefix_query(spellings: tuple[tuple[str, ...], ...]) -> Any:
    """Every word, in any of its spellings, as the prefix of a German or an English stem:
    "turk gemeinde" finds "Türkische Gemeinde". Words are letters and digits only (see
    ``core.text.words``), so the raw tsquery syntax is safe."""
    text = " & ".join(
        "(" + " | ".join(f"{variant}:*" for variant in variants) + ")" for variants in spellings
    )
    german, english = (SearchQuery(text, config=c, search_type="raw") for c in SEARCH_CONFIGS)
    return german | english


def _in_name(spellings: tuple[tuple[str, ...], ...]) -> Q:
    in_name = Q()
    for variants in spellings:
        word = Q()
        for variant in variants:
            word |= Q(name_folded__contains=variant)
        in_name &= word
    return in_name


def match(
    queryset: QuerySet[Organization], spellings: tuple[tuple[str, ...], ...]
) -> QuerySet[Organization]:
    """Every word matches a stem, or every word is inside the name.

    The two tests are two index scans joined by ``UNION``: written as one condition with
    ``OR`` PostgreSQL can use neither index and reads every row's vector.
    """
    by_stem = SearchDocument.objects.filter(vector=prefix_query(spellings)).values(
        "organization_id"
    )
    by_name = SearchDocument.objects.filter(_in_name(spellings)).values("organization_id")
    return queryset.filter(pk__in=by_stem.union(by_name))


def stems(variants: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
    """The German and English prefix lexeme of each query word, as ``to_tsquery`` makes it:
    ``None`` for a stop word, :data:`COMPLEX` when the word becomes more than one lexeme.
    Remembered per process: the answer depends only on the word and the configurations."""
    unknown = [v for v in dict.fromkeys(variants) if v not in _stems]
    if unknown:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT v, to_tsquery('german'::regconfig, v || ':*')::text, "
                "to_tsquery('english'::regconfig, v || ':*')::text "
                "FROM unnest(%s::text[]) AS v",
                [unknown],
            )
            found = cursor.fetchall()
        with _stems_lock:
            if len(_stems) > 50_000:
                _stems.clear()
            for variant, german, english in found:
                _stems[variant] = (_lexeme(german), _lexeme(english))
    return {v: _stems[v] for v in variants}


def _lexeme(query: str) -> str | None:
    if not query:
        return None
    single = _ONE_PREFIX.match(query)
    return single.group(1) if single else COMPLEX


def lexemes(ids: Sequence[int] | None) -> Iterator[tuple[int, list[str]]]:
    """``(organisation id, lexemes of its vector)`` for ``ids``, or every published one."""
    documents = SearchDocument.objects.annotate(
        lexemes=Func(
            F("vector"), function="tsvector_to_array", output_field=ArrayField(CharField())
        )
    )
    if ids is None:
        documents = documents.filter(organization__status=Status.PUBLISHED)
    else:
        documents = documents.filter(organization_id__in=ids)
    yield from documents.values_list("organization_id", "lexemes").iterator(chunk_size=2000)

"""PostgreSQL search: German and English stemming over GIN indexes, trigram similarity on names.

The expressions here match the indexes created in migration 0002 exactly; change both together.
"""

from __future__ import annotations

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db.models import F, FloatField, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Greatest

from verbund.core.text import fold, fold_query_term
from verbund.organizations.models import Organization

TRIGRAM_THRESHOLD = 0.3


def _vector(config: str) -> SearchVector:
    return SearchVector("search_text", config=config)


def _queries(q: str) -> tuple[SearchQuery, SearchQuery]:
    folded = " ".join(fold_query_term(t) for t in fold(q).split())
    text = f"{q} {folded}" if folded != fold(q) else q
    return (
        SearchQuery(text, config="german", search_type="plain"),
        SearchQuery(text, config="english", search_type="plain"),
    )


def match(queryset: QuerySet[Organization], q: str) -> QuerySet[Organization]:
    german, english = _queries(q)
    folded = fold(q)
    return (
        queryset.annotate(
            rank_de=SearchRank(_vector("german"), german),
            rank_en=SearchRank(_vector("english"), english),
            name_similarity=TrigramSimilarity("name_folded", folded),
        )
        .filter(
            Q(rank_de__gt=0)
            | Q(rank_en__gt=0)
            | Q(name_folded__contains=folded)
        )
        .annotate(
            score=Greatest(
                Coalesce(F("name_similarity"), Value(0.0)) * 2,
                F("rank_de"),
                F("rank_en"),
                output_field=FloatField(),
            )
        )
        .order_by("-score", "name")
    )


def similar(queryset: QuerySet[Organization], q: str) -> QuerySet[Organization]:
    folded = fold(q)
    return (
        queryset.annotate(name_similarity=TrigramSimilarity("name_folded", folded))
        .filter(name_similarity__gte=TRIGRAM_THRESHOLD)
        .order_by("-name_similarity", "name")
    )

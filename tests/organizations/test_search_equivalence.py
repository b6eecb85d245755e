"""The directory's index gives exactly the answers of the SQL search it replaced.

A generated registry and a corpus of generated queries (words, prefixes, umlaut spellings,
several words, stop words, numbers) with random facets; for every query that the old search
answered from the text as typed, the new one must list the same organisations in the same
order, with the same total and the same facet values and counts. ``legacy_search`` is the
old implementation, frozen. Runs on SQLite and on PostgreSQL (each compared with the old
search on the same database, whose matching rules differ).
"""

from __future__ import annotations

import random
import re
from typing import Any

import pytest
from django.core.management import call_command

from tests.factories import make_organization
from tests.organizations import legacy_search
from verbund.core.actors import OPERATOR
from verbund.core.text import fold
from verbund.organizations import queries
from verbund.organizations.models import Organization
from verbund.organizations.taxonomy import KIND_CODES, FederalState, Status

pytestmark = pytest.mark.django_db

STOP_WORDS = ["und", "der", "in", "the", "of", "für", "mit"]
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


@pytest.fixture
def registry(db: Any) -> list[Organization]:
    call_command("generate_organisations", count=260, seed=15, verbosity=0)
    # Names the generator does not make: acronyms, umlauts, digits, repeated words.
    make_organization(name="Türkische Gemeinde in Deutschland", short_name="TGD", kind="federal")
    make_organization(name="Gemeinde Gemeinde Köln", city="Köln", federal_state="NW")
    make_organization(name="Verein 100% Vielfalt 2010", city="Köln", federal_state="NW")
    make_organization(name="Deutsch-Türkischer Elternverein", city="München", federal_state="BY")
    make_organization(name="Ein Entwurf", status=Status.DRAFT, city="Köln", federal_state="NW")
    return list(Organization.objects.filter(status=Status.PUBLISHED))


def _words(organizations: list[Organization]) -> list[str]:
    found: set[str] = set()
    for organization in organizations:
        text = " ".join([organization.name, organization.city, organization.district])
        text += " " + " ".join(str(t) for t in (organization.description or {}).values())
        found.update(re.findall(r"[^\W_]+", text))
    return sorted(found)


def _query(rng: random.Random, words: list[str]) -> str:
    def one() -> str:
        word = rng.choice(words)
        shape = rng.random()
        if shape < 0.25 and len(word) > 4:
            word = word[: rng.randrange(3, len(word))]  # a prefix
        elif shape < 0.35:
            word = word.translate(UMLAUTS)  # "Tuerkische"
        elif shape < 0.45:
            word = fold(word)
        elif shape < 0.5:
            word = word.upper()
        elif shape < 0.55:
            word = rng.choice(STOP_WORDS)
        return word

    return " ".join(one() for _ in range(rng.choice([1, 1, 1, 2, 2, 3])))


def _filters(rng: random.Random, q: str, organizations: list[Organization]) -> Any:
    facets: dict[str, tuple[str, ...]] = {}
    if rng.random() < 0.3:
        facets["kind"] = tuple(sorted(set(rng.sample(sorted(KIND_CODES), rng.choice([1, 2])))))
    if rng.random() < 0.3:
        facets["state"] = tuple(sorted(set(rng.sample(FederalState.values, rng.choice([1, 2])))))
    if rng.random() < 0.25:
        cities = sorted({o.city for o in organizations})
        facets["city"] = tuple(sorted(set(rng.sample(cities, rng.choice([1, 2])))))
    if rng.random() < 0.3:
        themes = ["education_family", "youth", "culture", "womens_rights", "sport", "politics"]
        facets["theme"] = tuple(sorted(set(rng.sample(themes, rng.choice([1, 1, 2])))))
    if rng.random() < 0.3:
        languages = ["de", "tr", "ar", "fa", "ru", "uk", "en", "ku"]
        facets["language"] = tuple(sorted(set(rng.sample(languages, rng.choice([1, 1, 2])))))
    return queries.DirectoryFilters(q=q, **facets)


def _facets(result: Any) -> dict[str, list[tuple[str, int, bool]]]:
    return {
        facet: [(v.value, v.count, v.selected) for v in values]
        for facet, values in result.facets.items()
    }


def _same(filters: Any, page_size: int = 500) -> None:
    old = legacy_search.directory(filters, page_size=page_size)
    new = queries.directory(filters, page_size=page_size)
    shown = f"{filters}"
    assert [o.pk for o in new.page.object_list] == [o.pk for o in old.page.object_list], shown
    assert new.total == old.total, shown
    assert _facets(new) == _facets(old), shown
    assert new.fuzzy == old.fuzzy, shown
    for old_card, new_card in zip(old.page.object_list, new.page.object_list, strict=True):
        assert new_card.card_themes == old_card.card_themes
        assert new_card.card_languages == old_card.card_languages


def test_two_hundred_generated_queries_give_the_old_answers(registry: list[Organization]) -> None:
    rng = random.Random(1515)
    words = _words(registry)
    compared = 0
    for _ in range(320):
        filters = _filters(rng, _query(rng, words), registry)
        old_text = legacy_search.directory(queries.DirectoryFilters(q=filters.q), page_size=1)
        if old_text.total == 0 or old_text.fuzzy:
            continue  # the old search found nothing as typed: typo cases are tested apart
        _same(filters)
        compared += 1
    assert compared >= 200, compared


def test_pages_in_the_middle_keep_the_old_order(registry: list[Organization]) -> None:
    """Pages that start inside one rank class and end in the next."""
    exact = [o.name for o in registry[:6]] + [" ".join(o.name.split()[:2]) for o in registry[6:12]]
    for q in ["Verein", "Verein Köln", "gemeinde", "kultur", "turk", "Elternverein", "2010"]:
        for page in range(1, 6):
            _same(queries.DirectoryFilters(q=q, page=page), page_size=7)
    for q in [*exact, "Gemeinde Gemeinde Köln", "Türkische Gemeinde in Deutschland", "tgd"]:
        _same(queries.DirectoryFilters(q=q), page_size=3)
    for page in (1, 2, 9, 40):
        _same(queries.DirectoryFilters(page=page), page_size=7)
        _same(queries.DirectoryFilters(page=page, state=("NW", "BY")), page_size=7)


def test_no_text_and_only_facets_give_the_old_answers(registry: list[Organization]) -> None:
    rng = random.Random(77)
    for _ in range(60):
        _same(_filters(rng, "", registry))


def test_matching_gives_the_old_set_and_order(registry: list[Organization]) -> None:
    rng = random.Random(3)
    words = _words(registry)
    for _ in range(40):
        filters = _filters(rng, _query(rng, words), registry)
        old = list(legacy_search.matching(filters).values_list("pk", flat=True))
        if not old:
            continue
        assert list(queries.matching(filters).values_list("pk", flat=True)) == old, filters


def test_changes_through_the_services_keep_the_answers_equal(
    registry: list[Organization], staff: Any
) -> None:
    from verbund.organizations import services

    queries.directory(queries.DirectoryFilters())
    first, second, third = registry[:3]
    services.update_organization(
        OPERATOR, first, {"name": "Neuer Kulturverein Köln", "themes": ["culture"], "city": "Köln"}
    )
    services.archive(staff, third)
    services.update_organization(OPERATOR, second, {"description": {"de": "Beratung und Sport."}})
    for q in ["Kulturverein", "Neuer", "Beratung", "Sport", "Köln", ""]:
        _same(queries.DirectoryFilters(q=q))
        _same(queries.DirectoryFilters(q=q, city=("Köln",)))

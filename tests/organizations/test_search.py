"""Directory search: the same answers on SQLite and PostgreSQL, best name matches first."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.utils import translation

from tests.factories import make_organization
from verbund.organizations import queries
from verbund.organizations.taxonomy import Kind, Theme

pytestmark = pytest.mark.django_db

TGD = "Türkische Gemeinde in Deutschland"


def names(q: str, **facets: Any) -> list[str]:
    filters = queries.DirectoryFilters(q=q, **facets)
    return [o.name for o in queries.directory(filters, page_size=50).page.object_list]


@pytest.fixture
def similar_organisations(db: Any) -> None:
    """Names that compete for "Türkische Gemeinde", created before and after the one sought."""
    make_organization(
        name="Türkischer Elternverein in der Gemeinde Stuttgart",
        city="Stuttgart",
        federal_state="BW",
    )
    make_organization(name="Gemeinde türkischer Vereine Nord", city="Hamburg", federal_state="HH")
    make_organization(
        name="Türkisch-Deutsches Zentrum für Gemeindearbeit", city="Köln", federal_state="NW"
    )
    make_organization(
        name="Gemeinde am Park",
        city="Bremen",
        federal_state="HB",
        description={"de": "Wir arbeiten eng mit der Türkischen Gemeinde zusammen."},
    )
    make_organization(name="Türkische Studierende Leipzig", city="Leipzig", federal_state="SN")
    make_organization(
        name=TGD,
        short_name="TGD",
        kind="federal",
        city="Berlin",
        federal_state="BE",
        description={"de": "Bundesverband türkeistämmiger Menschen."},
    )
    make_organization(
        name="Evangelische Kirchengemeinde Türkischer Weg", city="Essen", federal_state="NW"
    )


@pytest.mark.parametrize(
    "q",
    [
        "Türkische Gemeinde",
        "turkische gemeinde",
        "Türkisch Gemeinde",
        "TÜRKISCHE GEMEINDE",
        "tuerkische gemeinde",
        "Türkische Gemeinde in Deutschland",
        "türkische  gemeinde ",
    ],
)
def test_the_organisation_named_by_the_query_comes_first(
    similar_organisations: None, q: str
) -> None:
    found = names(q)
    assert found[0] == TGD, found


@pytest.mark.parametrize(
    "q", ["Turkishe Gemeinde", "Türkishe Gemeinde", "Tuerkishe Gemeinde", "Türkische Gemeinte"]
)
def test_misspelled_names_are_still_found(similar_organisations: None, q: str) -> None:
    result = queries.directory(queries.DirectoryFilters(q=q), page_size=50)
    found = [o.name for o in result.page.object_list]
    assert TGD in found[:3], found
    assert result.fuzzy is True


def test_exact_matches_do_not_show_the_fuzzy_note(similar_organisations: None) -> None:
    result = queries.directory(queries.DirectoryFilters(q="Türkische Gemeinde"))
    assert result.fuzzy is False


def test_every_word_must_match(similar_organisations: None) -> None:
    found = names("Türkische Gemeinde")
    assert "Türkische Studierende Leipzig" not in found
    assert "Gemeinde türkischer Vereine Nord" in found
    assert "Türkischer Elternverein in der Gemeinde Stuttgart" in found


def test_a_name_that_begins_with_the_words_ranks_before_one_that_only_contains_them(
    similar_organisations: None,
) -> None:
    found = names("Gemeinde")
    assert found.index("Gemeinde am Park") < found.index("Gemeinde türkischer Vereine Nord")
    assert found.index("Gemeinde türkischer Vereine Nord") < found.index(
        "Türkischer Elternverein in der Gemeinde Stuttgart"
    )


def test_acronym_finds_the_organisation(similar_organisations: None) -> None:
    assert names("tgd")[0] == TGD


def test_nothing_similar_gives_an_empty_result(similar_organisations: None) -> None:
    result = queries.directory(queries.DirectoryFilters(q="Xylophonquartett"))
    assert result.total == 0
    assert list(result.page.object_list) == []
    assert result.fuzzy is False


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Leipzig", "Haus der Vielfalt"),  # city
        ("Connewitz", "Haus der Vielfalt"),  # district
        ("Hausaufgabenhilfe", "Haus der Vielfalt"),  # German description
        ("homework", "Haus der Vielfalt"),  # English description
        ("ödev", "Haus der Vielfalt"),  # Turkish description
        ("odev", "Haus der Vielfalt"),  # ... typed without the accent
        ("education", "Haus der Vielfalt"),  # theme in English
        ("Vietnamesisch", "Haus der Vielfalt"),  # tag
        ("parents", "Haus der Vielfalt"),  # kind in English
        ("HdV", "Haus der Vielfalt"),  # acronym
    ],
)
def test_searches_name_acronym_description_city_themes_and_tags(
    db: Any, q: str, expected: str
) -> None:
    make_organization(
        name="Haus der Vielfalt",
        short_name="HdV",
        kind="parents",
        city="Leipzig",
        district="Connewitz",
        federal_state="SN",
        themes=["education_family"],
        tags=["Vietnamesisch"],
        description={
            "de": "Hausaufgabenhilfe für Kinder.",
            "en": "Homework help for children.",
            "tr": "Çocuklar için ödev yardımı.",  # noqa: RUF001
        },
    )
    make_organization(name="Anderer Verein", city="Dresden", federal_state="SN")
    assert names(q) == [expected]


@pytest.mark.parametrize("language", ["de", "en"])
def test_theme_and_kind_names_are_searchable_in_german_and_english(db: Any, language: str) -> None:
    make_organization(name="Haus der Vielfalt", kind="parents", themes=["womens_rights"])
    make_organization(name="Anderer Verein")
    with translation.override(language):
        theme = str(Theme.WOMENS_RIGHTS.label)
        kind = str(Kind.PARENTS_NETWORK.label)
    assert names(theme) == ["Haus der Vielfalt"]
    assert names(kind) == ["Haus der Vielfalt"]


def test_drafts_are_never_found(db: Any) -> None:
    make_organization(name="Geheimer Entwurf", status="draft")
    assert names("Geheimer Entwurf") == []
    assert names("Geheimr Entwurf") == []


def test_text_and_facets_combine(similar_organisations: None) -> None:
    assert names("Gemeinde", state=("NW",)) == [
        "Evangelische Kirchengemeinde Türkischer Weg"
    ] or set(names("Gemeinde", state=("NW",))) <= {
        "Evangelische Kirchengemeinde Türkischer Weg",
        "Türkisch-Deutsches Zentrum für Gemeindearbeit",
    }
    assert names("Türkische Gemeinde", kind=("federal",)) == [TGD]


def test_characters_with_meaning_in_sql_or_search_syntax_are_plain_text(db: Any) -> None:
    make_organization(name="Verein 100% Vielfalt")
    for q in ["100%", "%", "_", "'", "\\", "a & b | !c", "vielfalt:*", "(", "<script>", "a\x00b"]:
        queries.directory(queries.DirectoryFilters(q=q))
    assert names("100% Vielfalt") == ["Verein 100% Vielfalt"]


# --- PostgreSQL: stemming and the indexes --------------------------------------------------------

postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL full-text search"
)


@pytest.mark.postgres_only
@postgres_only
@pytest.mark.parametrize(
    ("q", "expected"),
    [("Vereine", "Verein Süd"), ("family", "Verein Süd"), ("Beratungen", "Verein Süd")],
)
def test_postgres_matches_german_and_english_stems(db: Any, q: str, expected: str) -> None:
    make_organization(
        name="Verein Süd",
        description={"de": "Beratung für Familien.", "en": "We support families."},
    )
    assert names(q) == [expected]


@pytest.mark.postgres_only
@postgres_only
def test_postgres_uses_the_search_indexes(similar_organisations: None) -> None:
    from verbund.organizations.models import Organization
    from verbund.organizations.search_pg import match

    terms = queries.SearchTerms.parse("Türkische Gemeinde")
    text = match(Organization.objects.all(), terms.spellings)
    with connection.cursor() as cursor:
        # Reading the rows can be cheaper than any index for small tables; show that the
        # indexes answer this query when reading rows is not an option.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = text.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_document_vector" in plan, plan
    assert "search_document_name_trgm" in plan, plan


# --- Typing mistakes ---------------------------------------------------------------------------


@pytest.fixture
def counselling(db: Any) -> None:
    make_organization(
        name="Haus der Nachbarschaft",
        city="Leipzig",
        federal_state="SN",
        description={"de": "Beratung für Familien und Sprachkurse."},
    )
    make_organization(
        name="Elternverein Sonnenblume",
        city="Dresden",
        federal_state="SN",
        description={"de": "Hausaufgabenhilfe."},
    )


@pytest.mark.parametrize("q", ["Beratng", "Bertaung", "beratunng", "Berahtung"])
def test_a_misspelled_word_of_the_description_is_corrected(counselling: None, q: str) -> None:
    """ "Beratng" found nothing before: only names were compared with the misspelling."""
    result = queries.directory(queries.DirectoryFilters(q=q))
    assert [o.name for o in result.page.object_list] == ["Haus der Nachbarschaft"]
    assert result.fuzzy is True


def test_only_the_misspelled_word_is_corrected(counselling: None) -> None:
    result = queries.directory(queries.DirectoryFilters(q="Beratng Leipzig"))
    assert [o.name for o in result.page.object_list] == ["Haus der Nachbarschaft"]
    assert queries.directory(queries.DirectoryFilters(q="Beratng Dresden")).total == 0


def test_a_correct_query_is_never_corrected(counselling: None) -> None:
    result = queries.directory(queries.DirectoryFilters(q="Beratung"))
    assert result.fuzzy is False
    assert result.total == 1


def test_corrections_respect_the_facets(counselling: None) -> None:
    assert queries.directory(queries.DirectoryFilters(q="Beratng", state=("SN",))).total == 1
    result = queries.directory(queries.DirectoryFilters(q="Beratng", state=("BE",)))
    assert result.total == 0
    assert result.fuzzy is False


def test_short_and_unlike_words_are_not_corrected(counselling: None) -> None:
    assert queries.directory(queries.DirectoryFilters(q="Brx")).total == 0
    assert queries.directory(queries.DirectoryFilters(q="Quarkspeise")).total == 0


def test_the_api_and_the_map_search_with_the_same_correction(counselling: None) -> None:
    found = queries.matching(queries.DirectoryFilters(q="Beratng"))
    assert [o.name for o in found] == ["Haus der Nachbarschaft"]


def test_a_new_organisation_is_found_misspelled_at_once(counselling: None) -> None:
    queries.directory(queries.DirectoryFilters(q="Beratng"))
    make_organization(name="Jugendzentrum Regenbogen", city="Halle", federal_state="ST")
    result = queries.directory(queries.DirectoryFilters(q="Regenbgen"))
    assert [o.name for o in result.page.object_list] == ["Jugendzentrum Regenbogen"]


def test_build_search_index_leaves_the_index_for_other_processes(counselling: None) -> None:
    import pickle

    from django.core.cache import cache
    from django.core.management import call_command

    from verbund.organizations import search_index

    call_command("build_search_index", stdout=io.StringIO())
    snapshot = pickle.loads(cache.get(search_index.SNAPSHOT_KEY))  # noqa: S301
    assert snapshot.revision == search_index.latest_revision()
    assert len(snapshot.alive) == 2

"""The public directory page: facets, pagination, stable URLs, bad input, queries and cache."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

import pytest
from django.urls import reverse

from tests.factories import make_organization
from verbund.core.actors import OPERATOR
from verbund.organizations import queries, services

pytestmark = pytest.mark.django_db

URL = "/de/organisations/"


def get(client: Any, query: str = "") -> str:
    response = client.get(f"{URL}?{query}" if query else URL)
    assert response.status_code == 200
    return response.content.decode()


def card_names(html: str) -> list[str]:
    return re.findall(r'<li class="card">\s*<h3><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def registry(db: Any) -> None:
    make_organization(
        name="Kurdischer Elternverein Köln",
        city="Köln",
        federal_state="NW",
        themes=["education_family", "youth"],
        languages=["de", "ku"],
    )
    make_organization(
        name="Syrischer Kulturverein Köln",
        city="Köln",
        federal_state="NW",
        themes=["culture"],
        languages=["de", "ar"],
    )
    make_organization(
        name="Ukrainische Fraueninitiative Leipzig",
        city="Leipzig",
        federal_state="SN",
        themes=["womens_rights", "youth"],
        languages=["uk", "ru", "de"],
    )
    make_organization(
        name="Netzwerk Migrantenorganisationen Leipzig",
        kind="local_network",
        city="Leipzig",
        federal_state="SN",
        themes=["politics", "youth"],
        languages=["de"],
    )
    make_organization(
        name="Jobcenter Leipzig",
        kind="partner",
        partner_kind="jobcenter",
        city="Leipzig",
        federal_state="SN",
        themes=["economy_work"],
    )
    make_organization(
        name="Entwurf ohne Veröffentlichung",
        status="draft",
        city="Leipzig",
        federal_state="SN",
        themes=["youth"],
    )


def facet(result: queries.DirectoryResult, name: str) -> dict[str, int]:
    return {v.value: v.count for v in result.facets[name]}


def test_facets_count_published_organisations_only(registry: None) -> None:
    result = queries.directory(queries.DirectoryFilters())
    assert result.total == 5
    assert facet(result, "kind") == {"migrant": 3, "local_network": 1, "partner": 1}
    assert facet(result, "theme")["youth"] == 3
    assert facet(result, "language")["de"] == 4
    assert facet(result, "state") == {"NW": 2, "SN": 3}
    assert facet(result, "city") == {"Köln": 2, "Leipzig": 3}


def test_a_facet_counts_over_the_other_filters_but_not_its_own(registry: None) -> None:
    result = queries.directory(queries.DirectoryFilters(state=("SN",), kind=("migrant",)))
    assert result.total == 1
    # The state facet still offers Nordrhein-Westfalen, counted within the chosen kind.
    assert facet(result, "state") == {"SN": 1, "NW": 2}
    assert facet(result, "kind") == {"migrant": 1, "local_network": 1, "partner": 1}
    assert [v.value for v in result.facets["state"] if v.selected] == ["SN"]


def test_several_themes_must_all_apply(registry: None) -> None:
    result = queries.directory(queries.DirectoryFilters(theme=("youth", "politics")))
    assert [o.name for o in result.page.object_list] == ["Netzwerk Migrantenorganisationen Leipzig"]
    result = queries.directory(queries.DirectoryFilters(language=("uk", "de")))
    assert [o.name for o in result.page.object_list] == ["Ukrainische Fraueninitiative Leipzig"]


def test_text_and_facets_narrow_together_on_the_page(client: Any, registry: None) -> None:
    html = get(client, "q=Verein&city=K%C3%B6ln")
    assert sorted(card_names(html)) == [
        "Kurdischer Elternverein Köln",
        "Syrischer Kulturverein Köln",
    ]
    html = get(client, "q=Verein&city=K%C3%B6ln&language=ar")
    assert card_names(html) == ["Syrischer Kulturverein Köln"]


def test_every_filter_state_has_one_stable_url(registry: None) -> None:
    messy = queries.parse_filters({"q": "  Verein   Köln ", "state": "SN", "kind": "migrant"})
    from django.http import QueryDict

    query = QueryDict("city=Leipzig&kind=partner&kind=migrant&theme=youth&q=x&page=3")
    filters = queries.parse_filters(query)
    assert filters.as_query() == "q=x&kind=migrant&kind=partner&theme=youth&city=Leipzig&page=3"
    assert queries.parse_filters(QueryDict(filters.as_query())) == filters
    assert messy.q == "Verein Köln"
    # Toggling a value goes back to the first page.
    assert "page" not in filters.toggled("kind", "partner")
    assert filters.toggled("kind", "partner") == "q=x&kind=migrant&theme=youth&city=Leipzig"


def test_facet_links_and_pagination_keep_the_filters(client: Any, settings: Any) -> None:
    settings.DIRECTORY_PAGE_SIZE = 2
    for number in range(5):
        make_organization(
            name=f"Verein {number}", city="Leipzig", federal_state="SN", themes=["youth"]
        )
    html = get(client, "theme=youth&page=2")
    assert card_names(html) == ["Verein 2", "Verein 3"]
    assert 'href="?theme=youth" rel="prev"' in html
    assert 'href="?theme=youth&amp;page=3" rel="next"' in html
    # The search form carries the chosen facets as hidden fields.
    assert '<input type="hidden" name="theme" value="youth">' in html


@pytest.mark.parametrize(
    "query",
    [
        "kind=unknown",
        "kind=",
        "theme=%00",
        "state=XX&state=BE&state=BE",
        "language=klingon",
        "page=abc",
        "page=-1",
        "page=0",
        "page=999999",
        "page=1e9",
        "page=%F0%9F%98%80",
        "page=99999999999999999999999999999",
        "q=" + "x" * 5000,
        "q=" + "Verein+" * 300,
        "q=%27%3B+DROP+TABLE+organizations_organization%3B--",
        "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "q=%25%25%25",
        "q=___",
        "q=a+%26+b+%7C+!c+%3A*",
        "q=%00",
        "q=%FF%FE%FD",
        "q=%C3%28",
        "q=%E2%80%AE%E2%80%8B",
        "q=Verein&q=K%C3%B6ln",
        "city=" + "K" * 5000,
        "city=%00K%C3%B6ln",
        "city=%27OR+1%3D1--",
        "unknown=1&utm_source=x",
        "kind=migrant&" * 200,
        "q[]=x&kind[]=migrant",
        "%ZZ=%ZZ",
    ],
)
def test_malformed_filters_are_ignored_never_an_error(
    client: Any, registry: None, query: str
) -> None:
    html = get(client, query)
    assert "<h1>" in html
    assert "<script>alert" not in html


def test_a_page_beyond_the_last_shows_the_last_page(client: Any, registry: None) -> None:
    html = get(client, "page=999999")
    assert len(card_names(html)) == 5


def test_query_text_is_escaped_on_the_page(client: Any, registry: None) -> None:
    html = get(client, "q=%3Cb%3Efett%3C%2Fb%3E")
    assert "<b>fett</b>" not in html
    assert "&lt;b&gt;fett&lt;/b&gt;" in html


def test_the_fuzzy_note_tells_that_names_are_only_similar(client: Any, registry: None) -> None:
    html = get(client, "q=Kurdishcer+Elternverein")
    assert card_names(html)[0] == "Kurdischer Elternverein Köln"
    assert 'class="note"' in html


# --- Number of queries --------------------------------------------------------------------------


@pytest.mark.parametrize("page_size", [2, 20, 100])
@pytest.mark.parametrize(
    "filters",
    [
        queries.DirectoryFilters(),
        queries.DirectoryFilters(q="Verein Köln"),
        queries.DirectoryFilters(
            q="Verein",
            theme=("youth", "culture"),
            language=("de",),
            state=("NW",),
            kind=("migrant",),
            city=("Köln",),
        ),
    ],
)
def test_directory_runs_a_bounded_number_of_queries(
    assert_max_queries: Any, page_size: int, filters: queries.DirectoryFilters
) -> None:
    for number in range(30):
        make_organization(
            name=f"Verein {number} Köln",
            city="Köln",
            federal_state="NW",
            themes=["youth", "culture"],
            languages=["de", "tr"],
        )
    queries.directory(queries.DirectoryFilters())  # the process's index is built once
    # Then every page: one query to see that the index is current, one for the page's rows,
    # and one for PostgreSQL's stems of words this process has not seen yet.
    with assert_max_queries(3):
        result = queries.directory(filters, page_size=page_size)
        assert len(result.page.object_list) > 0
    with assert_max_queries(2):
        queries.directory(filters, page_size=page_size)


def test_a_registry_change_costs_a_bounded_refresh(assert_max_queries: Any, person: Any) -> None:
    organizations = [
        make_organization(name=f"Verein {number} Köln", city="Köln", federal_state="NW")
        for number in range(20)
    ]
    queries.directory(queries.DirectoryFilters(q="Verein"))
    services.update_organization(
        OPERATOR, organizations[3], {"name": "Verein Neu Köln", "themes": ["youth"]}
    )
    # The revision log, the changed rows, their themes, languages and stems, the new order
    # of names, and the page.
    with assert_max_queries(9):
        result = queries.directory(queries.DirectoryFilters(q="Verein", theme=("youth",)))
    assert [o.name for o in result.page.object_list] == ["Verein Neu Köln"]


def test_a_misspelled_query_stays_bounded(assert_max_queries: Any, registry: None) -> None:
    with assert_max_queries(15):
        result = queries.directory(
            queries.DirectoryFilters(q="Kurdisher Elternverein", kind=("migrant",))
        )
    assert result.fuzzy


def test_the_cached_page_needs_no_database(
    client: Any, registry: None, assert_max_queries: Any
) -> None:
    first = get(client, "q=Verein")
    with assert_max_queries(0):
        second = get(client, "q=Verein")
    assert first == second


def test_a_registry_change_shows_immediately(
    client: Any, registry: None, person: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # The services retire cached pages once their transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        organization = make_organization(
            admin=person, name="Alter Name e.V.", city="Leipzig", federal_state="SN"
        )
    assert "Alter Name e.V." in get(client, "state=SN")
    with django_capture_on_commit_callbacks(execute=True):
        services.update_organization(person, organization, {"name": "Neuer Name e.V."})
    html = get(client, "state=SN")
    assert "Neuer Name e.V." in html
    assert "Alter Name e.V." not in html
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish(person, organization)
    assert "Neuer Name e.V." not in get(client, "state=SN")


def test_a_lost_registry_version_never_revives_old_pages(client: Any, registry: None) -> None:
    from django.core.cache import cache

    before = services.registry_version()
    cache.delete(services.REGISTRY_VERSION_KEY)
    assert services.registry_version() > before


def test_logged_in_people_get_a_fresh_page(
    client: Any, registry: None, person: Any, assert_max_queries: Any
) -> None:
    get(client)
    client.force_login(person)
    html = get(client)
    assert reverse("dashboard") in html


def test_only_canonical_urls_are_cached(client: Any, registry: None) -> None:
    from django.core.cache import cache

    get(client, "utm_source=newsletter&q=Verein")
    get(client, "kind=migrant&q=Verein")  # not in canonical order
    assert not [k for k in cache._cache if "directory:" in k]  # type: ignore[attr-defined]
    get(client, "q=Verein&kind=migrant")
    assert [k for k in cache._cache if "directory:" in k]  # type: ignore[attr-defined]


def test_the_cache_can_be_switched_off(
    client: Any, registry: None, settings: Any, assert_max_queries: Any
) -> None:
    settings.DIRECTORY_CACHE_SECONDS = 0
    get(client, "q=Verein")
    with assert_max_queries(20) as context:
        get(client, "q=Verein")
    assert len(context.captured_queries) > 0


def test_language_links_point_to_the_same_filters(client: Any, registry: None) -> None:
    html = get(client, "q=Verein&kind=migrant")
    assert 'href="/en/organisations/?q=Verein&amp;kind=migrant"' in html


def test_parse_filters_accepts_a_plain_mapping() -> None:
    filters = queries.parse_filters({"q": "Köln", "kind": "migrant", "page": "2"})
    assert filters == queries.DirectoryFilters(q="Köln", kind=("migrant",), page=2)
    assert parse_qsl(filters.as_query()) == [("q", "Köln"), ("kind", "migrant"), ("page", "2")]


@pytest.mark.parametrize(
    "filters",
    [
        queries.DirectoryFilters(),
        queries.DirectoryFilters(q="Köln & Söhne+? 100%", city=("Frankfurt am Main", "Köln")),
        queries.DirectoryFilters(q="a=b", kind=("migrant", "partner"), page=3),
        queries.DirectoryFilters(theme=("youth",), language=("ar", "de"), state=("BE",)),
    ],
)
def test_urls_are_encoded_as_query_dicts_encode_them(filters: queries.DirectoryFilters) -> None:
    from django.http import QueryDict

    expected = QueryDict(mutable=True)
    for key, value in filters.params():
        expected.appendlist(key, value)
    assert filters.as_query() == expected.urlencode()
    assert queries.parse_filters(QueryDict(filters.as_query())) == filters


def test_cards_and_facets_escape_what_organisations_wrote(client: Any) -> None:
    make_organization(
        name='Verein <img src=x onerror="alert(1)"> & Co',
        short_name="<b>V</b>",
        city="Köln<script>",
        federal_state="NW",
        themes=["youth"],
        languages=["ar"],
    )
    html = get(client, "q=Verein")
    assert "<img src=x" not in html and "<script>" not in html and "<b>V</b>" not in html
    assert "Verein &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; Co" in html
    assert '<span class="acronym">(&lt;b&gt;V&lt;/b&gt;)</span>' in html
    assert "Köln&lt;script&gt;" in html
    assert '<p class="languages"><span class="label">Sprachen:</span> Arabisch</p>' in html

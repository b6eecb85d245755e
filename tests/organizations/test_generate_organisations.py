"""The benchmark data generator: realistic, reproducible, and searchable like real entries."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from verbund.organizations import queries, services
from verbund.organizations.management.commands.generate_organisations import CITIES
from verbund.organizations.models import Organization, OrganizationLanguage
from verbund.organizations.taxonomy import (
    LANGUAGE_CODES,
    POSTAL_REGION_STATES,
    FederalState,
    Kind,
    Status,
)

pytestmark = pytest.mark.django_db


def generate(count: int, seed: int = 7) -> str:
    out = io.StringIO()
    call_command("generate_organisations", count=count, seed=seed, batch_size=40, stdout=out)
    return out.getvalue()


def test_every_city_has_a_postal_code_of_its_state() -> None:
    for city in CITIES:
        codes = [city.postal_code, *(district[1] for district in city.districts)]
        for code in codes:
            assert len(code) == 5 and code.isdigit(), city
            assert city.state in POSTAL_REGION_STATES[code[:2]], (city.name, code)
    assert {city.state for city in CITIES} == set(FederalState.values)


def test_generates_published_complete_organisations() -> None:
    assert "Generated 120 organisations" in generate(120)
    organizations = list(Organization.objects.prefetch_related("theme_links", "language_links"))
    assert len(organizations) == 120
    assert {o.status for o in organizations} == {Status.PUBLISHED}
    kinds = [o.kind for o in organizations]
    assert kinds.count(Kind.MIGRANT_ORGANISATION) > len(kinds) / 2
    assert len(set(kinds)) >= 3
    for organization in organizations:
        organization.full_clean()
        assert organization.first_published_at is not None
        assert organization.federal_state in POSTAL_REGION_STATES[organization.postal_code[:2]]
        assert organization.latitude is not None and organization.longitude is not None
        assert organization.description.get("de")
        assert organization.theme_links.all()
        assert all(link.code in LANGUAGE_CODES for link in organization.language_links.all())
    assert len({o.slug for o in organizations}) == 120
    assert OrganizationLanguage.objects.filter(code="de").count() > 100


def test_the_same_seed_gives_the_same_registry() -> None:
    generate(30, seed=11)
    first = list(Organization.objects.order_by("pk").values_list("name", "city", "kind"))
    Organization.objects.all().delete()
    generate(30, seed=11)
    second = list(Organization.objects.order_by("pk").values_list("name", "city", "kind"))
    assert first == second
    generate(30, seed=12)
    assert Organization.objects.count() == 60
    assert Organization.objects.values("slug").distinct().count() == 60


def test_search_columns_equal_those_the_services_write() -> None:
    generate(40)
    for organization in Organization.objects.all():
        stored = (organization.name_folded, organization.search_text)
        services.refresh_search_fields(organization)
        organization.refresh_from_db()
        assert (organization.name_folded, organization.search_text) == stored


def test_generated_organisations_are_found_by_name() -> None:
    generate(60)
    target = Organization.objects.filter(kind=Kind.MIGRANT_ORGANISATION).order_by("pk")[5]
    result = queries.directory(queries.DirectoryFilters(q=target.name), page_size=5)
    assert result.page.object_list[0].name == target.name


def test_generating_retires_cached_directory_pages() -> None:
    before = services.registry_version()
    generate(5)
    assert services.registry_version() > before

"""Own domains: an unknown host is refused, a registered but unverified domain is not served,
a verified one serves only its site's pages; only the organisation's administrators register
a domain and only staff verify it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from tests.factories import PersonFactory, StaffFactory
from verbund.websites import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_domains(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["*"]
    settings.WEBSITES_PLATFORM_HOSTS = ["testserver"]


def test_an_unknown_host_is_refused(website: Any) -> None:
    response = Client(HTTP_HOST="evil.example").get("/de/s/kulturbruecke/")
    assert response.status_code == 400
    assert Client().get("/de/s/kulturbruecke/").status_code == 200


def test_an_unverified_domain_is_not_served_and_a_verified_one_is(
    website: Any, site_admin: Any
) -> None:
    domain = services.add_domain(site_admin, website, "Kulturbruecke-Rostock.example")
    visitor = Client(HTTP_HOST="kulturbruecke-rostock.example")
    assert visitor.get("/").status_code == 400
    services.verify_domain(StaffFactory(), domain)
    home = visitor.get("/")
    assert home.status_code == 200 and "Kulturbrücke Rostock e.V." in home.content.decode()
    assert visitor.get("/ar/impressum/").status_code == 200
    assert visitor.get("/de/s/kulturbruecke/news/").status_code == 200
    assert visitor.get("/de/admin/").status_code == 404
    assert visitor.get("/de/accounts/login/").status_code == 404
    services.save_site(site_admin, website.organization, {"enabled": False})
    assert visitor.get("/").status_code == 400


def test_only_admins_register_and_only_staff_verify(website: Any, site_admin: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.add_domain(PersonFactory(), website, "fremd.example")
    domain = services.add_domain(site_admin, website, "verein.example")
    with pytest.raises(PermissionDenied):
        services.verify_domain(site_admin, domain)
    with pytest.raises(ValidationError):
        services.add_domain(site_admin, website, "VEREIN.example")
    with pytest.raises(ValidationError):
        services.add_domain(site_admin, website, "not a host")

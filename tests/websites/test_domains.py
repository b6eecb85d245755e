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


def test_administrators_register_a_domain_in_the_editor_and_staff_verify_it(
    website: Any, site_admin: Any
) -> None:
    from verbund.organizations import services as organization_services
    from verbund.websites.models import Domain

    admin = Client(HTTP_HOST="testserver")
    admin.force_login(site_admin)
    url = "/de/s/kulturbruecke/edit/domains/"
    admin.post(url, {"host": "Kulturbruecke-Rostock.de."})
    domain = Domain.objects.get()
    assert domain.host == "kulturbruecke-rostock.de" and domain.verified_at is None
    page = admin.get(url).content.decode()
    assert services.domain_txt_record(domain) in page and "CNAME" in page
    # The administrator cannot verify it; the record is for staff to check.
    admin.post(url, {"verify": domain.pk})
    domain.refresh_from_db()
    assert domain.verified_at is None
    # An editor of the organisation does not manage its domains.
    editor = PersonFactory()
    organization_services.add_person(site_admin, website.organization, editor, "editor")
    as_editor = Client(HTTP_HOST="testserver")
    as_editor.force_login(editor)
    assert as_editor.get(url).status_code == 403
    staff = Client(HTTP_HOST="testserver")
    staff.force_login(StaffFactory())
    staff.post(url, {"verify": domain.pk})
    domain.refresh_from_db()
    assert domain.verified_at is not None
    # A bad name is refused with the reason, the typed value kept.
    response = admin.post(url, {"host": "kein domain"})
    assert "verein-beispiel.de" in response.content.decode()
    assert 'value="kein domain"' in response.content.decode()

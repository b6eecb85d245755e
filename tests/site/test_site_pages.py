"""The site-wide pages of ``verbund.site``: the home page and a person's own page, their
reads in a fixed number of queries, and the old name of the dashboard still leading there."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PersonFactory, StaffFactory, make_organization
from verbund.organizations import services
from verbund.organizations.taxonomy import Status
from verbund.site import queries

pytestmark = pytest.mark.django_db


def test_the_home_page_counts_the_published_organisations(client: Client) -> None:
    make_organization(name="Verein Eins")
    make_organization(name="Verein Zwei")
    make_organization(name="Entwurf", status=Status.DRAFT)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "2 Organisationen" in response.content.decode()


def test_the_dashboard_lists_ones_organisations_and_for_staff_the_reviews(
    assert_max_queries: Any,
) -> None:
    person, staff = PersonFactory(), StaffFactory()
    for number in range(3):
        make_organization(admin=person, name=f"Verein {number}")
    waiting = make_organization(admin=person, name="Wartet", status=Status.DRAFT)
    services.request_publication(person, waiting)
    with assert_max_queries(2):
        own = queries.dashboard(person)
    assert [o.name for o in own.organizations] == ["Verein 0", "Verein 1", "Verein 2", "Wartet"]
    assert not own.can_review and own.review_count == 0
    with assert_max_queries(2):
        office = queries.dashboard(staff)
    assert office.can_review and office.review_count == 1

    client = Client()
    client.force_login(person)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Verein 2" in page and "Wartet" in page


def test_the_dashboard_needs_a_login_and_its_old_name_leads_there(client: Client) -> None:
    assert reverse("dashboard") == "/de/me/"
    login = client.get(reverse("dashboard"))
    assert login.status_code == 302 and "login" in login["Location"]
    person = PersonFactory()
    client.force_login(person)
    old = client.get(reverse("accounts:dashboard"))
    assert old.status_code == 302 and old["Location"] == reverse("dashboard")

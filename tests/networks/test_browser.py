"""A coordinator enters MIGRANET-MV's structure in a real browser: the speaker council and a
spokesperson's seat beside a member; the public pages pass axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from tests.factories import PASSWORD, PersonFactory, make_organization
from verbund.core.actors import OPERATOR
from verbund.networks import services as network_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page: Any, person: Any) -> None:
    page.goto("/de/accounts/login/")
    page.locator("input[name=login]").fill(person.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/de/me/"))


def test_coordinator_enters_a_member_a_body_and_a_seat(page: Any, assert_accessible: Any) -> None:
    coordinator = PersonFactory(email="koordination@migranet.example")
    EmailAddress.objects.create(
        user=coordinator, email=coordinator.email, verified=True, primary=True
    )
    migranet = make_organization(
        admin=coordinator, name="MIGRANET-MV", kind="state", city="Rostock", federal_state="MV"
    )
    member = make_organization(
        name="Afrikanischer Verein Rostock", city="Rostock", federal_state="MV"
    )
    # Recorded from the paper files by the console; inviting is test_consent_browser's part.
    network_services.add_member(OPERATOR, migranet, member)
    _log_in(page, coordinator)

    page.goto(f"/de/networks/{migranet.slug}/members/")
    assert page.locator("#membership-table").inner_text().count("Afrikanischer Verein") == 1

    page.goto(f"/de/networks/{migranet.slug}/bodies/")
    page.locator("#id_kind").select_option("speaker_council")
    page.locator("#id_name").fill("Sprecherrat")
    page.locator("main form.stacked-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/de/networks/{migranet.slug}/bodies/\d+/$"))
    page.locator(f"a[href*='/de/networks/{migranet.slug}/bodies/'][href$='/seats/new/']").click()

    # A term that ends before it starts is explained, and what was typed stays.
    page.locator("#id_role").select_option("spokesperson")
    page.locator("#id_holder_name").fill("Sami Beispiel")
    page.locator("#id_starts_on").fill("2025-05-10")
    page.locator("#id_ends_on").fill("2024-05-10")
    page.locator("#id_elected_by").fill("7. Konferenz")
    page.locator("main form.stacked-form button[type=submit]").click()
    expect(page.locator(".form-errors")).to_have_count(1)
    assert page.locator("#id_holder_name").input_value() == "Sami Beispiel"
    page.locator("#id_ends_on").fill("")
    page.locator("main form.stacked-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/de/networks/{migranet.slug}/bodies/\d+/$"))
    assert "Sami Beispiel" in page.locator("#current-seats").inner_text()
    assert_accessible(page)
    page.goto(f"/de/networks/{migranet.slug}/members/")
    assert_accessible(page)
    page.goto(f"/de/networks/{migranet.slug}/mailings/new/")
    assert_accessible(page)

    page.locator("form[action$='/accounts/logout/'] button").click()
    page.goto(f"/de/organisations/{migranet.slug}/")
    assert "Sami Beispiel" in page.locator(".who-we-are").inner_text()
    assert_accessible(page)
    page.goto(f"/de/networks/{migranet.slug}/")
    assert page.locator("#represented-total").inner_text().startswith("1 ")
    assert_accessible(page)
    page.goto(f"/de/networks/{migranet.slug}/structure/")
    assert_accessible(page)

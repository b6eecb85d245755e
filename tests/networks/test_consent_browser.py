"""The legitimate path in a real browser: a published network's coordinator invites an
organisation, its administrator accepts on their page, and only then does the coordinator
see its members-only details. Also the staff's bulk review queue and the pages of consent
pass axe-core, in German and in right-to-left Arabic."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from tests.factories import PASSWORD, PersonFactory, StaffFactory, make_organization
from verbund.networks.models import Membership
from verbund.organizations import services as organization_services
from verbund.organizations.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "vorstand@kulturbruecke.example"


def _person(**fields: Any) -> Any:
    person = PersonFactory(**fields)
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person


def _log_in(page: Any, person: Any, language: str = "de") -> None:
    page.context.clear_cookies()
    page.goto(f"/{language}/accounts/login/")
    page.locator("input[name=login]").fill(person.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/{language}/me/"))


def test_invitation_accepted_by_the_members_admin_then_the_powers_apply(
    page: Any, assert_accessible: Any
) -> None:
    coordinator = _person(email="koordination@netz-ost.example")
    member_admin = _person(email="vorstand@kulturbruecke.example", display_name="Vorstand KB")
    network = make_organization(
        admin=coordinator, name="Netzwerk Ost", kind="state", city="Leipzig", federal_state="SN"
    )
    member = make_organization(
        admin=member_admin,
        name="Kulturbrücke Leipzig",
        city="Leipzig",
        federal_state="SN",
        email=SECRET,
        email_visibility="members",
    )

    _log_in(page, coordinator)
    page.goto(f"/de/organisations/{member.slug}/")
    assert SECRET not in page.content()
    page.goto(f"/de/networks/{network.slug}/members/invite/")
    assert_accessible(page)
    page.locator("#id_member").fill("Kulturbrücke Leipzig")
    page.locator("#id_message").fill("Wir freuen uns auf Sie!")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/de/networks/{network.slug}/members/")
    assert "Kulturbrücke Leipzig" in page.locator("#invitations-heading + ul").inner_text()
    assert_accessible(page)
    # Still nothing: the invitation waits for the member.
    page.goto(f"/de/organisations/{member.slug}/")
    assert SECRET not in page.content()

    _log_in(page, member_admin)
    waiting = page.locator("section.waiting")
    assert "Netzwerk Ost" in waiting.inner_text()
    assert "Wir freuen uns auf Sie!" in waiting.inner_text()
    assert_accessible(page)
    page.goto(f"/de/networks/{member.slug}/consents/")
    assert_accessible(page)
    page.goto("/de/me/")
    page.locator("section.waiting button[value=accept]").click()
    page.wait_for_url(re.compile(r"/de/me/"))
    assert page.locator("section.waiting").count() == 0
    assert Membership.objects.get(network=network, member=member).status == "active"

    _log_in(page, coordinator)
    page.goto(f"/de/organisations/{member.slug}/")
    assert SECRET in page.content()
    page.goto(f"/de/networks/{network.slug}/members/")
    assert "Kulturbrücke Leipzig" in page.locator("#membership-table").inner_text()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_bulk_review_queue_publishes_many_and_is_accessible(
    page: Any, assert_accessible: Any, language: str
) -> None:
    staff = StaffFactory(email="buero@verbund.example", preferred_language=language)
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    waiting = []
    for number in range(3):
        admin = PersonFactory()
        organization = make_organization(
            name=f"Wartender Verein {number}", status="draft", admin=admin
        )
        organization_services.request_publication(admin, organization)
        waiting.append(organization)
    _log_in(page, staff, language)
    page.goto(f"/{language}/organisations/review/")
    if language == "ar":
        assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page)
    # The script offers "choose all"; the decision is a radio group.
    page.locator("#choose-all").check()
    assert page.locator("input[name=chosen]:checked").count() == 3
    page.locator("input[name=chosen]").nth(2).uncheck()
    page.locator("input[name=decision][value=approve]").check()
    page.locator("form.review-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/{language}/organisations/review/"))
    assert page.locator("#review-table tbody tr").count() == 1
    assert_accessible(page)
    statuses = sorted(
        Organization.objects.filter(pk__in=[o.pk for o in waiting]).values_list("status", flat=True)
    )
    assert statuses == ["draft", "published", "published"]
    # Sending back without a reason keeps the choice and says what is missing.
    page.locator("input[name=chosen]").first.check()
    page.locator("input[name=decision][value=reject]").check()
    page.locator("form.review-form button[type=submit]").click()
    expect(page.locator("#id_reason[aria-invalid=true]")).to_have_count(1)
    assert page.locator("input[name=chosen]:checked").count() == 1
    assert_accessible(page)

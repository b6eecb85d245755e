"""In a real browser: a member's administrator gives a contact person Arabic as the language
for e-mails; the coordinator's mailing preview then counts an Arabic recipient and lists the
member that cannot be reached; both pages pass axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.factories import PASSWORD, PersonFactory, make_organization
from verbund.core.actors import OPERATOR
from verbund.networks import services as network_services
from verbund.organizations.models import ContactPerson

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VERSIONS = {
    "de": {"subject": "Einladung zum Netzwerktreffen", "body": "Liebe Mitglieder …"},
    "ar": {"subject": "دعوة إلى لقاء الشبكة", "body": "أعزاءنا الأعضاء …"},
}


def _verified(email: str) -> Any:
    person = PersonFactory(email=email)
    EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
    return person


def _log_in(page: Any, person: Any) -> None:
    page.goto("/de/accounts/login/")
    page.locator("input[name=login]").fill(person.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/de/me/"))


def test_an_arabic_contact_and_a_member_without_address_in_the_preview(
    page: Any, assert_accessible: Any
) -> None:
    coordinator = _verified("koordination@netz.example")
    admin = _verified("vorstand@syrisch.example")
    network = make_organization(admin=coordinator, name="Netzwerk Nord", kind="umbrella")
    syrian = make_organization(admin=admin, name="Syrischer Kulturverein")
    silent = make_organization(name="Verein ohne Adresse")
    network_services.add_member(OPERATOR, network, syrian)
    network_services.add_member(OPERATOR, network, silent)
    mailing = network_services.save_mailing(coordinator, network, VERSIONS, {})

    _log_in(page, admin)
    page.goto(reverse("organizations:contacts", args=[syrian.slug]))
    page.locator("#id_name").fill("Rania K.")
    page.locator("#id_email").fill("rania@syrisch.example")
    page.locator("#id_language").select_option("ar")
    assert page.locator("#id_gets_mailings").is_checked()
    assert_accessible(page)
    page.locator("main form.stacked-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Rania K." in page.locator(".contact-list").inner_text()
    assert ContactPerson.objects.get(name="Rania K.").language == "ar"
    page.locator("form[action$='/accounts/logout/'] button").click()

    _log_in(page, coordinator)
    page.goto(reverse("networks:mailing", kwargs={"slug": network.slug, "pk": mailing.pk}))
    counted = page.locator("#recipient-count").inner_text()
    # The administrator's account (German) and the Arabic contact.
    assert "2 " in counted and "1 \u00d7 ar" in counted and "1 \u00d7 de" in counted
    missing = page.locator("#unreachable-members")
    assert "Verein ohne Adresse" in missing.inner_text()
    assert "Syrischer Kulturverein" not in missing.inner_text()
    assert_accessible(page)

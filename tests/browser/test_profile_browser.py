"""An organisation's admin in a real browser: logs in, edits the profile, sees it public;
bad input is explained and nothing typed is lost; the form adapts to the kind chosen."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.utils import translation

from tests.factories import PASSWORD, PersonFactory, make_organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin() -> Any:
    person = PersonFactory(email="admin@kulturhaus.example")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person


@pytest.fixture
def kulturhaus(admin: Any) -> Any:
    return make_organization(
        admin=admin,
        name="Kulturhaus Leipzig",
        city="Leipzig",
        federal_state="SN",
        postal_code="04109",
        description={"de": "Alter Text."},
        languages=["de"],
    )


def _log_in(page: Any, person: Any, language: str = "de") -> None:
    page.goto(f"/{language}/accounts/login/")
    page.locator("input[name=login]").fill(person.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    # The dashboard opens in the person's own preferred language.
    page.wait_for_url(re.compile(r"/[a-z]{2}/me/"))


def test_admin_logs_in_edits_the_profile_and_sees_it_public(
    page: Any, admin: Any, kulturhaus: Any
) -> None:
    _log_in(page, admin)
    page.locator(f"a[href='/de/organisations/{kulturhaus.slug}/edit/']").click()
    page.wait_for_url(f"**/de/organisations/{kulturhaus.slug}/edit/")
    page.locator("#id_description_de").fill("Wir machen Theater mit Jugendlichen.")
    page.locator("#id_district").fill("Connewitz")
    page.locator("input[name=languages][value=ar]").check()
    page.locator("#id_other_languages").fill("Tigrinya")
    page.locator("form.profile-form button[type=submit]").click()
    page.wait_for_url(f"**/de/organisations/{kulturhaus.slug}/edit/")
    assert page.locator(".messages .message-success").count() == 1
    assert page.locator("#id_district").input_value() == "Connewitz"

    page.locator(".manage-nav a", has_text=re.compile(".")).first.click()
    page.wait_for_url(f"**/de/organisations/{kulturhaus.slug}/")
    profile = page.locator("main").inner_text()
    assert "Wir machen Theater mit Jugendlichen." in profile
    assert "Connewitz" in profile
    assert "Tigrinya" in profile and "Arabisch" in profile

    # Everyone sees it, logged in or not.
    page.context.clear_cookies()
    page.goto(f"/de/organisations/{kulturhaus.slug}/")
    assert "Wir machen Theater mit Jugendlichen." in page.locator("main").inner_text()


def test_bad_input_is_explained_and_everything_typed_is_kept(
    page: Any, admin: Any, kulturhaus: Any
) -> None:
    _log_in(page, admin)
    page.goto(f"/de/organisations/{kulturhaus.slug}/edit/")
    page.locator("#id_description_de").fill("Ein langer Text, der nicht verloren gehen darf.")
    page.locator("#id_email").fill("info-at-kulturhaus")
    page.locator("#id_postal_code").fill("4109")
    page.locator("#id_phone").fill("kein Telefon")
    page.locator("form.profile-form button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator("#form-errors")
    assert summary.is_visible()
    # The summary gets the focus so that a screen reader announces it at once.
    assert page.evaluate("document.activeElement.id") == "form-errors"
    assert page.title().startswith(("Error:", "Fehler:"))
    assert summary.locator("a[href='#id_email']").count() == 1
    assert summary.locator("a[href='#id_postal_code']").count() == 1
    assert summary.locator("a[href='#id_phone']").count() == 1
    with translation.override("de"):
        german_email_error = translation.gettext("Enter a valid email address.")
    assert german_email_error != "Enter a valid email address."
    assert german_email_error in page.locator("#id_email_error").inner_text()
    assert page.locator("#id_postal_code_error").is_visible()
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_email").input_value() == "info-at-kulturhaus"
    assert page.locator("#id_postal_code").input_value() == "4109"
    assert page.locator("#id_phone").input_value() == "kein Telefon"
    assert page.locator("#id_description_de").input_value() == (
        "Ein langer Text, der nicht verloren gehen darf."
    )
    # Following the link in the summary lands in the field.
    summary.locator("a[href='#id_email']").click()
    assert page.evaluate("document.activeElement.id") == "id_email"
    kulturhaus.refresh_from_db()
    assert kulturhaus.description == {"de": "Alter Text."}


def test_partner_kind_is_shown_only_for_partner_institutions(
    page: Any, admin: Any, kulturhaus: Any
) -> None:
    _log_in(page, admin)
    page.goto(f"/de/organisations/{kulturhaus.slug}/edit/")
    partner_kind = page.locator("#id_partner_kind")
    assert partner_kind.is_hidden()
    page.locator("#id_kind").select_option("partner")
    assert partner_kind.is_visible()
    partner_kind.select_option("school")
    page.locator("form.profile-form button[type=submit]").click()
    page.wait_for_url(f"**/de/organisations/{kulturhaus.slug}/edit/")
    kulturhaus.refresh_from_db()
    assert (kulturhaus.kind, kulturhaus.partner_kind) == ("partner", "school")
    assert page.locator("#id_partner_kind").is_visible()


def test_without_javascript_the_partner_kind_stays_usable(
    browser: Any, live_server: Any, admin: Any, kulturhaus: Any
) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        _log_in(page, admin)
        page.goto(f"/de/organisations/{kulturhaus.slug}/edit/")
        assert page.locator("#id_partner_kind").is_visible()
        page.locator("#id_kind").select_option("partner")
        page.locator("#id_partner_kind").select_option("jobcenter")
        page.locator("form.profile-form button[type=submit]").click()
        page.wait_for_url(f"**/de/organisations/{kulturhaus.slug}/edit/")
        kulturhaus.refresh_from_db()
        assert kulturhaus.partner_kind == "jobcenter"
    finally:
        context.close()


def test_management_pages_are_accessible_on_a_phone(
    phone_page: Any, admin: Any, kulturhaus: Any, staff: Any, assert_accessible: Any
) -> None:
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    _log_in(phone_page, admin, "ar")
    for suffix in ("edit/", "contacts/", "people/", "history/"):
        phone_page.goto(f"/ar/organisations/{kulturhaus.slug}/{suffix}")
        assert_accessible(phone_page)
        overflow = phone_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, suffix
    # A failed form is accessible too.
    phone_page.goto(f"/de/organisations/{kulturhaus.slug}/edit/")
    phone_page.locator("#id_email").fill("kaputt")
    phone_page.locator("form.profile-form button[type=submit]").click()
    phone_page.wait_for_load_state()
    assert_accessible(phone_page)
    phone_page.locator("header form button[type=submit]").click()  # log out

    kulturhaus.review_requested_at = kulturhaus.created_at
    kulturhaus.first_published_at = None
    kulturhaus.status = "draft"
    kulturhaus.save()
    _log_in(phone_page, staff, "de")
    phone_page.goto("/de/organisations/review/")
    assert phone_page.locator("#review-table tbody tr").count() == 1
    assert_accessible(phone_page)


def test_first_publication_is_asked_for_and_reviewed_by_staff(
    page: Any, admin: Any, staff: Any
) -> None:
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    draft = make_organization(
        admin=admin,
        name="Frauenverein Halle",
        status="draft",
        city="Halle",
        federal_state="ST",
        postal_code="06108",
    )
    _log_in(page, admin, "en")
    page.goto(f"/en/organisations/{draft.slug}/edit/")
    page.get_by_role("button", name="Ask for publication").click()
    page.wait_for_url(f"**/en/organisations/{draft.slug}/edit/")
    assert "Waiting for review by our staff." in page.locator(".publication").inner_text()
    page.locator("header form button[type=submit]").click()  # log out

    _log_in(page, staff, "en")
    page.goto("/en/organisations/review/")
    page.get_by_label("Choose Frauenverein Halle").check()
    page.get_by_label("Send them back").check()
    page.get_by_label("Reason for sending back").fill("Please add a description.")
    page.get_by_role("button", name="Apply to the chosen entries").click()
    page.wait_for_url("**/en/organisations/review/")
    assert "Nothing is waiting for review." in page.locator("main").inner_text()
    page.locator("header form button[type=submit]").click()

    _log_in(page, admin, "en")
    page.goto(f"/en/organisations/{draft.slug}/edit/")
    assert "Please add a description." in page.locator(".publication").inner_text()
    page.get_by_role("button", name="Ask for publication").click()
    page.locator("header form button[type=submit]").click()

    _log_in(page, staff, "en")
    page.goto("/en/organisations/review/")
    page.get_by_label("Choose Frauenverein Halle").check()
    page.get_by_label("Publish the chosen entries").check()
    page.get_by_role("button", name="Apply to the chosen entries").click()
    page.wait_for_url("**/en/organisations/review/")
    page.context.clear_cookies()
    page.goto("/en/organisations/?q=Frauenverein")
    assert page.get_by_role("link", name="Frauenverein Halle").count() == 1

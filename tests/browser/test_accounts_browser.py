"""Sign-up, login, two-factor authentication and password reset in a real browser, with axe-core
checking every page on the way."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from tests.factories import PASSWORD, PersonFactory
from tests.totp import fresh_totp_code
from verbund.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "abendrot-ueber-leipzig-7"


def verified_person(email: str) -> Any:
    person = PersonFactory(email=email)
    EmailAddress.objects.create(user=person, email=email, primary=True, verified=True)
    return person


def submit(page: Any) -> None:
    page.locator("main form.account-form .form-actions button:not(.link-button)").first.click()


def link_in_last_mail() -> str:
    found = re.search(r"https?://\S+", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(0)


def log_in(page: Any, email: str, password: str) -> None:
    page.goto("/de/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    submit(page)


def log_out(page: Any) -> None:
    page.locator(".site-header form[action$='/accounts/logout/'] button").click()
    page.wait_for_url(re.compile(r"/de/$"))


def test_sign_up_confirm_the_address_and_land_on_my_page(page: Any, assert_accessible: Any) -> None:
    page.goto("/de/accounts/signup/")
    assert_accessible(page)
    page.locator("#id_email").fill("neu.im.netz@example.org")
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    submit(page)
    page.wait_for_url("**/de/accounts/confirm-email/")
    assert_accessible(page)

    assert mail.outbox[-1].to == ["neu.im.netz@example.org"]
    page.goto(link_in_last_mail())
    assert_accessible(page)
    submit(page)
    page.wait_for_url("**/de/me/")
    assert page.locator("h1").count() == 1
    assert page.locator(".site-header form[action$='/accounts/logout/']").count() == 1
    person = User.objects.get(email="neu.im.netz@example.org")
    assert EmailAddress.objects.get(user=person).verified
    assert person.preferred_language == "de"


def test_log_in_with_email_and_password(page: Any, assert_accessible: Any) -> None:
    verified_person("anmelden@example.org")
    page.goto("/de/accounts/login/")
    assert_accessible(page)
    log_in(page, "anmelden@example.org", "das-ist-falsch-123")
    alert = page.locator("main [role=alert]")
    alert.wait_for()
    assert page.locator("#id_login").input_value() == "anmelden@example.org"
    assert_accessible(page)
    log_in(page, "anmelden@example.org", PASSWORD)
    page.wait_for_url("**/de/me/")
    assert_accessible(page)


def test_two_factor_set_up_then_required_at_login(page: Any, assert_accessible: Any) -> None:
    verified_person("zwei.faktoren@example.org")
    log_in(page, "zwei.faktoren@example.org", PASSWORD)
    page.wait_for_url("**/de/me/")
    page.goto("/de/accounts/2fa/")
    assert_accessible(page)
    page.locator("main a[href$='/2fa/totp/activate/']").click()

    # allauth asks for the password again before changing how one logs in.
    page.wait_for_url("**/accounts/reauthenticate/**")
    assert_accessible(page)
    page.locator("#id_password").fill(PASSWORD)
    submit(page)

    page.wait_for_url("**/2fa/totp/activate/")
    assert_accessible(page)
    qr = page.locator("img.qr-code")
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert qr.get_attribute("alt")
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0"), (
        "the CSP must let the data: QR code load"
    )
    secret = page.locator("#totp-secret").inner_text().strip()
    page.locator("#id_code").fill(fresh_totp_code(secret))
    submit(page)
    page.wait_for_url("**/2fa/recovery-codes/")
    assert_accessible(page)
    assert len(page.locator("#recovery_codes").input_value().split()) >= 10

    log_out(page)
    log_in(page, "zwei.faktoren@example.org", PASSWORD)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    assert_accessible(page)
    page.locator("#id_code").fill(fresh_totp_code(secret))
    submit(page)
    page.wait_for_url("**/de/me/")


def test_reset_a_forgotten_password(page: Any, assert_accessible: Any) -> None:
    verified_person("vergessen@example.org")
    page.goto("/de/accounts/login/")
    page.locator("#id_password_helptext a").click()
    page.wait_for_url("**/accounts/password/reset/")
    assert_accessible(page)
    page.locator("#id_email").fill("vergessen@example.org")
    submit(page)
    page.wait_for_url("**/accounts/password/reset/done/")
    assert_accessible(page)

    page.goto(link_in_last_mail())
    page.wait_for_url("**/accounts/password/reset/key/**")
    assert_accessible(page)
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    submit(page)
    page.wait_for_url("**/accounts/password/reset/key/done/")
    assert_accessible(page)

    log_in(page, "vergessen@example.org", NEW_PASSWORD)
    page.wait_for_url("**/de/me/")


@pytest.mark.parametrize(
    "path", ["accounts/login/", "accounts/signup/", "accounts/password/reset/"]
)
def test_entrance_pages_on_a_phone_in_arabic(
    phone_page: Any, assert_accessible: Any, path: str
) -> None:
    phone_page.goto(f"/ar/{path}")
    assert phone_page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(phone_page)
    # Every field keeps a visible label on a narrow screen.
    for field in phone_page.locator("main form.account-form input:visible").all():
        field_id = field.get_attribute("id")
        assert phone_page.locator(f"label[for='{field_id}']").is_visible(), field_id


def test_account_management_pages_are_accessible(page: Any, assert_accessible: Any) -> None:
    person = verified_person("verwalten@example.org")
    EmailAddress.objects.create(user=person, email="zweite.adresse@example.org")
    log_in(page, "verwalten@example.org", PASSWORD)
    page.wait_for_url("**/de/me/")
    for path in (
        "/de/me/settings/",
        "/de/accounts/email/",
        "/de/accounts/password/change/",
        "/de/accounts/2fa/",
        "/de/accounts/logout/",
        "/en/accounts/email/",
        "/ar/accounts/password/change/",
    ):
        page.goto(path)
        assert_accessible(page)
    # A wrong current password: the error is announced and tied to its field.
    page.goto("/de/accounts/password/change/")
    page.locator("#id_oldpassword").fill("nicht-das-passwort")
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    submit(page)
    old = page.locator("#id_oldpassword[aria-invalid=true]")
    old.wait_for()
    assert "id_oldpassword_error" in (old.get_attribute("aria-describedby") or "")
    assert_accessible(page)

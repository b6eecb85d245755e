"""Sign-up, e-mail verification, login, rate limits, password reset and change, e-mail addresses."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD, PersonFactory
from verbund.accounts.models import User

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "lindenblatt-regen-42"


def verified_person(**fields: Any) -> Any:
    person = PersonFactory(**fields)
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=True)
    return person


def link_in(message: Any) -> str:
    found = re.search(r"https?://\S+", message.body)
    assert found, message.body
    return found.group(0)


def login(client: Any, email: str, password: str) -> Any:
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_signup_needs_the_emailed_link_before_logging_in(client: Any) -> None:
    with translation.override("en"):
        signup_url = reverse("account_signup")
    response = client.post(
        signup_url,
        {
            "email": "Neu@Example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    person = User.objects.get(email__iexact="neu@example.org")
    assert person.preferred_language == "en", "people start in the language they signed up in"
    assert not EmailAddress.objects.get(user=person).verified
    assert "_auth_user_id" not in client.session

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["neu@example.org"]
    assert message.subject.startswith("[Verbund] ")

    # Without confirming, a login is stopped at the "verify your address" page.
    response = login(client, "neu@example.org", NEW_PASSWORD)
    assert "_auth_user_id" not in client.session

    confirm_url = link_in(mail.outbox[-1])
    page = client.get(confirm_url)
    assert page.status_code == 200
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=person, email="neu@example.org").verified
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert response.wsgi_request.user == person


def test_signup_keeps_what_was_typed_and_says_what_is_wrong(client: Any) -> None:
    response = client.post(
        reverse("account_signup"),
        {
            "email": "tippfehler@example.org",
            "password1": "kurz",
            "password2": "anders",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="tippfehler@example.org"' in html
    form = response.context["form"]
    assert form.errors["password1"] or form.errors["password2"]
    assert 'aria-invalid="true"' in html
    assert re.search(r'aria-describedby="[^"]*id_password\d_error', html)
    assert not User.objects.filter(email="tippfehler@example.org").exists()


def test_signup_with_a_taken_address_does_not_reveal_the_account(client: Any) -> None:
    verified_person(email="vergeben@example.org")
    response = client.post(
        reverse("account_signup"),
        {
            "email": "vergeben@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    # The page looks like a normal sign-up; the owner of the address gets a notice instead.
    assert response.status_code == 302
    assert User.objects.filter(email="vergeben@example.org").count() == 1
    assert mail.outbox[-1].to == ["vergeben@example.org"]


def test_passwords_are_stored_as_argon2_hashes(client: Any) -> None:
    response = client.post(
        reverse("account_signup"),
        {
            "email": "hash@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    stored = User.objects.get(email="hash@example.org").password
    assert stored.startswith("argon2$argon2id$")
    assert NEW_PASSWORD not in stored


def test_login_is_by_email_and_goes_to_my_page(client: Any) -> None:
    person = verified_person(email="anmeldung@example.org")
    response = login(client, "ANMELDUNG@example.org", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/de/me/", "my page, in the person's language (German)"
    assert client.session["_auth_user_id"] == str(person.pk)


def test_wrong_password_gives_a_clear_message_and_keeps_the_address(client: Any) -> None:
    verified_person(email="falsch@example.org")
    response = login(client, "falsch@example.org", "not-the-password")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="form-errors" role="alert"' in html
    assert 'value="falsch@example.org"' in html
    assert "_auth_user_id" not in client.session


def test_repeated_failed_logins_are_blocked_even_with_the_right_password(client: Any) -> None:
    verified_person(email="ziel@example.org")
    # settings: "login_failed": "10/m/ip,40/h/ip,5/5m/key,…" - five wrong tries per address.
    for _attempt in range(5):
        response = login(client, "ziel@example.org", "raten-raten-raten")
        assert response.status_code == 200
        assert "too many failed attempts" not in str(response.context["form"].errors)
    with translation.override("en"):
        response = client.post(
            reverse("account_login"), {"login": "ziel@example.org", "password": PASSWORD}
        )
    assert response.status_code == 200
    # No lockout of the owner: the page offers a one-time code by e-mail instead.
    assert "Log in with a one-time code instead" in response.content.decode()
    with translation.override("en"):
        assert reverse("account_request_login_code") in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_too_many_login_requests_get_a_page_that_explains(client: Any, settings: Any) -> None:
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    for _attempt in range(2):
        login(client, "wer@example.org", "egal-egal-egal")
    with translation.override("en"):
        response = client.post(
            reverse("account_login"), {"login": "wer@example.org", "password": "egal-egal-egal"}
        )
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_password_reset_by_emailed_link(client: Any) -> None:
    person = verified_person(email="vergesslich@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "vergesslich@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    reset_url = link_in(mail.outbox[0])
    response = client.get(reset_url)
    # allauth moves the key from the URL into the session before showing the form.
    assert response.status_code == 302
    form_url = response["Location"]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    # The link works once only.
    response = client.get(reset_url, follow=True)
    assert response.context["token_fail"]
    assert login(client, "vergesslich@example.org", NEW_PASSWORD).status_code == 302


def test_password_reset_does_not_say_whether_an_address_has_an_account(client: Any) -> None:
    response = client.post(reverse("account_reset_password"), {"email": "niemand@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert User.objects.filter(email="niemand@example.org").count() == 0


def test_password_change_needs_the_current_password(client: Any) -> None:
    person = verified_person()
    client.force_login(person)
    url = reverse("account_change_password")
    response = client.post(
        url,
        {"oldpassword": "falsch-falsch-1", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["oldpassword"]
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
    response = client.post(
        url, {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert person.password.startswith("argon2$")


def test_a_second_email_address_must_be_verified_before_it_becomes_primary(client: Any) -> None:
    person = verified_person(email="erste@example.org")
    client.force_login(person)
    url = reverse("account_email")
    response = client.post(url, {"action_add": "", "email": "zweite@example.org"})
    assert response.status_code == 302
    added = EmailAddress.objects.get(user=person, email="zweite@example.org")
    assert not added.verified
    assert mail.outbox[-1].to == ["zweite@example.org"]
    client.post(url, {"action_primary": "", "email": "zweite@example.org"})
    person.refresh_from_db()
    assert person.email == "erste@example.org"
    assert EmailAddress.objects.get_primary(person).email == "erste@example.org"


def test_account_pages_need_a_login(client: Any) -> None:
    for name in ("account_email", "account_change_password", "mfa_index", "mfa_activate_totp"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("account_login")), name


def test_login_lands_in_the_persons_chosen_language(client: Any) -> None:
    verified_person(email="tuerkisch@example.org", preferred_language="tr")
    response = login(client, "tuerkisch@example.org", PASSWORD)
    assert response["Location"] == "/tr/me/"


def test_a_next_address_wins_over_the_language(client: Any, organization: Any) -> None:
    verified_person(email="weiter@example.org", preferred_language="tr")
    target = reverse("organizations:profile", kwargs={"slug": organization.slug})
    response = client.post(
        f"{reverse('account_login')}?next={target}",
        {"login": "weiter@example.org", "password": PASSWORD},
    )
    assert response["Location"] == target


def test_emails_greet_with_the_site_name_not_example_com(client: Any) -> None:
    client.post(reverse("account_reset_password"), {"email": verified_person().email})
    body = mail.outbox[-1].body
    assert "Verbund" in body
    assert "example.com" not in body


def test_a_changed_password_is_reported_by_email(client: Any) -> None:
    person = verified_person()
    client.force_login(person)
    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert [message.to for message in mail.outbox] == [[person.email]]

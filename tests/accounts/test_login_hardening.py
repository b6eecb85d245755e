"""The admin behind allauth's login (rate limits, two-factor), two-factor required for staff,
throttling that stops an attacker without locking out the owner, no account enumeration."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD, PersonFactory, StaffFactory
from tests.totp import fresh_totp_code

pytestmark = pytest.mark.django_db
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
ATTACKER = "203.0.113.7"
OWNER = "198.51.100.23"


def verified(person: Any) -> Any:
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=True)
    return person


def post_login(client: Any, email: str, password: str, ip: str = ATTACKER, **extra: Any) -> Any:
    with translation.override("en"):
        url = reverse("account_login")
    return client.post(
        url + extra.pop("query", ""), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


# --- F4: the admin login --------------------------------------------------------------------


def test_the_admin_login_is_allauths_login(client: Any) -> None:
    response = client.get("/en/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")
    # Django's own form is never served: a POST to it is sent to the same place.
    posted = client.post("/en/admin/login/", {"username": "x", "password": "y"})
    assert posted.status_code == 302 and posted["Location"].startswith("/en/accounts/login/")


def test_fifteen_wrong_admin_passwords_then_the_right_one_does_not_get_in(client: Any) -> None:
    admin = verified(StaffFactory(email="chefin@example.org", is_superuser=True))
    next_query = "?next=/en/admin/"
    refused = 0
    for _attempt in range(15):
        response = post_login(client, admin.email, "falsch-falsch-falsch", query=next_query)
        assert response.status_code in {200, 429}
        refused += "too many failed attempts" in response.content.decode().lower()
    assert refused >= 10  # from the sixth try on, the account's limit answers
    response = post_login(client, admin.email, PASSWORD, query=next_query)
    assert "_auth_user_id" not in client.session
    assert client.get("/en/admin/").status_code == 302


def test_the_admin_login_asks_for_the_second_factor(client: Any) -> None:
    admin = verified(StaffFactory(email="zweifach@example.org", is_superuser=True))
    TOTP.activate(admin, SECRET)
    response = client.get("/en/admin/", follow=True)
    login_url = response.redirect_chain[-1][0]
    assert login_url.startswith("/en/accounts/login/")
    response = client.post(login_url, {"login": admin.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not in before the code
    assert client.get("/en/admin/").status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": fresh_totp_code(SECRET)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin.pk)
    final = client.get(response["Location"], follow=True)
    assert final.status_code == 200 and final.request["PATH_INFO"] == "/en/admin/"
    assert client.get("/en/admin/").status_code == 200


# --- F4: two-factor required for staff --------------------------------------------------------


def test_staff_without_an_authenticator_app_are_sent_to_set_one_up(
    client: Any, settings: Any
) -> None:
    settings.VERBUND_STAFF_TWO_FACTOR = True
    staff = verified(StaffFactory())
    client.force_login(staff)
    for path in ("/en/admin/", "/en/me/", "/en/organisations/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == reverse("mfa_activate_totp")
    # The way to the set-up stays open (allauth first asks for the password again).
    assert client.get(reverse("mfa_activate_totp")).status_code in {200, 302}
    assert client.post(reverse("account_logout")).status_code == 302


def test_staff_with_an_authenticator_app_and_other_people_go_on(client: Any, settings: Any) -> None:
    settings.VERBUND_STAFF_TWO_FACTOR = True
    staff = verified(StaffFactory())
    TOTP.activate(staff, SECRET)
    client.force_login(staff)
    assert client.get("/en/me/").status_code == 200
    client.force_login(verified(PersonFactory()))
    assert client.get("/en/me/").status_code == 200


def test_the_requirement_is_on_in_production_and_can_be_switched_off() -> None:
    import subprocess
    import sys

    def value(**env: str) -> str:
        code = "from verbund import settings; print(settings.VERBUND_STAFF_TWO_FACTOR)"
        environment = {
            "DJANGO_SECRET_KEY": "x" * 60,
            "VERBUND_COUNSELLING_KEYS": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "PATH": "/usr/bin:/bin",
            **env,
        }
        return subprocess.run(
            [sys.executable, "-c", code], env=environment, capture_output=True, text=True
        ).stdout.strip()

    assert value(VERBUND_PRODUCTION="1") == "True"
    assert value(VERBUND_PRODUCTION="1", VERBUND_STAFF_TWO_FACTOR="0") == "False"
    assert value() == "False"


# --- F16: slow the attacker, never lock out the owner ------------------------------------------


def test_an_attacker_is_refused_after_a_few_failures_even_with_the_right_password(
    client: Any,
) -> None:
    person = verified(PersonFactory(email="ziel@example.org"))
    answers = [post_login(client, person.email, f"rate-{n}-rate-rate") for n in range(12)]
    assert all(a.status_code in {200, 429} for a in answers)
    throttled = [a for a in answers if "too many failed attempts" in a.content.decode().lower()]
    assert len(throttled) >= 7
    post_login(client, person.email, PASSWORD)
    assert "_auth_user_id" not in client.session


def test_an_address_that_guesses_across_accounts_is_slowed_per_address(client: Any) -> None:
    people = [verified(PersonFactory()) for _ in range(12)]
    for person in people[:10]:
        post_login(client, person.email, "geraten-geraten-1")
    response = post_login(client, people[11].email, PASSWORD)
    assert "_auth_user_id" not in client.session
    assert "too many failed attempts" in response.content.decode().lower()


def test_the_owner_of_a_throttled_account_gets_in_with_a_code_by_email(client: Any) -> None:
    owner = verified(PersonFactory(email="eigentuemerin@example.org"))
    for attempt in range(8):
        post_login(client, owner.email, f"angriff-{attempt}-angriff")
    client.cookies.clear()
    # From the owner's own machine the right password is not taken for now …
    response = post_login(client, owner.email, PASSWORD, ip=OWNER)
    assert "_auth_user_id" not in client.session
    html = response.content.decode()
    assert "Log in with a one-time code instead" in html
    with translation.override("en"):
        assert reverse("account_request_login_code") in html
    # … but a code sent to the account's address is.
    mail.outbox.clear()
    response = client.post(
        reverse("account_request_login_code"), {"email": owner.email}, REMOTE_ADDR=OWNER
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [owner.email]
    code = re.search(r"^\s*([A-Z0-9-]{6,})\s*$", mail.outbox[0].body, re.MULTILINE)
    assert code, mail.outbox[0].body
    response = client.post(
        reverse("account_confirm_login_code"), {"code": code.group(1)}, REMOTE_ADDR=OWNER
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)


def test_codes_cannot_be_guessed_or_flooded(client: Any) -> None:
    owner = verified(PersonFactory(email="postfach@example.org"))
    for _ in range(6):
        client.post(
            reverse("account_request_login_code"), {"email": owner.email}, REMOTE_ADDR=ATTACKER
        )
    assert len(mail.outbox) <= 3  # a few codes per quarter hour, not a flood of mail
    for guess in ("AAAAAA", "BBBBBB", "CCCCCC", "DDDDDD"):
        client.post(reverse("account_confirm_login_code"), {"code": guess}, REMOTE_ADDR=ATTACKER)
    assert "_auth_user_id" not in client.session


# --- F11: sign-up and password reset do not say whether an address has an account ------------


def _signup(client: Any, email: str) -> Any:
    with translation.override("en"):
        url = reverse("account_signup")
    return client.post(
        url, {"email": email, "password1": "neue-wiese-42-x", "password2": "neue-wiese-42-x"}
    )


def test_sign_up_answers_the_same_for_a_known_and_an_unknown_address(
    client: Any, settings: Any
) -> None:
    known = verified(PersonFactory(email="bekannt@example.org"))
    first = _signup(client, known.email)
    client.cookies.clear()
    second = _signup(client, "unbekannt@example.org")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    # The owner of the known address is told by e-mail; nobody else learns anything.
    to_known = [m for m in mail.outbox if m.to == [known.email]]
    assert len(to_known) == 1


def test_password_reset_answers_the_same_for_a_known_and_an_unknown_address(
    client: Any,
) -> None:
    known = verified(PersonFactory(email="bekannt2@example.org"))
    with translation.override("en"):
        url = reverse("account_reset_password")
    first = client.post(url, {"email": known.email})
    second = client.post(url, {"email": "niemand@example.org"})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]


def test_make_run_keeps_email_verification_mandatory() -> None:
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "VERBUND_EMAIL_VERIFICATION=optional" not in makefile

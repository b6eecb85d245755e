"""Every login and account page: labelled inputs, nothing inline that the strict CSP would block."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
]
PERSON_PAGES = [
    "account_email",
    "account_change_password",
    "mfa_index",
    "account_logout",
    "account_reauthenticate",
    "dashboard",
    "accounts:settings",
]


class PageAudit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.labels: set[str] = set()
        self.inputs: list[tuple[str, str | None]] = []
        self.inline_styles: list[str] = []
        self.inline_scripts = 0
        self._in_script_without_src = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if "style" in attributes or tag == "style":
            self.inline_styles.append(tag)
        if any(name.startswith("on") for name in attributes):
            self.inline_scripts += 1
        if tag == "label" and attributes.get("for"):
            self.labels.add(str(attributes["for"]))
        if tag in {"input", "select", "textarea"} and attributes.get("type") not in {
            "hidden",
            "submit",
            "button",
        }:
            self.inputs.append((tag, attributes.get("id")))
        # Data islands (type=application/json) are not executed and CSP allows them.
        if (
            tag == "script"
            and not attributes.get("src")
            and attributes.get("type") != "application/json"
        ):
            self.inline_scripts += 1


def audit(client: Any, url: str) -> PageAudit:
    response = client.get(url)
    assert response.status_code == 200, url
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    page = PageAudit()
    page.feed(response.content.decode())
    unlabelled = [element for element in page.inputs if element[1] not in page.labels]
    assert unlabelled == [], f"inputs without a visible <label> on {url}"
    assert page.inline_styles == [], f"inline styles on {url}"
    assert page.inline_scripts == 0, f"inline scripts on {url}"
    return page


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_entrance_pages_label_every_input(client: Any, name: str) -> None:
    audit(client, reverse(name))


@pytest.mark.parametrize("name", PERSON_PAGES)
def test_account_pages_label_every_input(client: Any, name: str) -> None:
    person = PersonFactory()
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=True)
    client.force_login(person)
    audit(client, reverse(name))


def test_login_shows_labels_although_allauth_asks_for_placeholders_only(client: Any) -> None:
    page = audit(client, reverse("account_login"))
    assert {"id_login", "id_password", "id_remember"} <= page.labels


def test_two_factor_pages_label_every_input(client: Any) -> None:
    person = PersonFactory(email="pruef@example.org")
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=True)
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = audit(client, reverse("mfa_activate_totp"))
    assert "id_code" in page.labels


def test_email_choices_are_one_group_with_a_legend(client: Any) -> None:
    person = PersonFactory(email="gruppe@example.org")
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=True)
    EmailAddress.objects.create(user=person, email="noch.eine@example.org")
    client.force_login(person)
    html = client.get(reverse("account_email")).content.decode()
    group = html[html.index('<fieldset class="email-addresses">') : html.index("</fieldset>")]
    assert "<legend>" in group
    assert group.count('type="radio"') == 2

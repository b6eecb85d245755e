"""German pages say "Sie" everywhere, the account pages and e-mails allauth brings included
(allauth's own German catalogue says "du"; ours translates its texts again)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD, PersonFactory
from verbund.core.third_party_strings import GERMAN_WITH_SIE

pytestmark = pytest.mark.django_db

DU = re.compile(
    r"\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines|hast|bist|kannst|musst|gib|"
    r"bestätige|erstelle|überprüfe|klick|klicke|melde|wähle|versuche|kontaktiere|lass|"
    r"verwende|habe Geduld)\b",
    re.IGNORECASE,
)
ANONYMOUS_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
]


def _text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_the_account_pages_say_sie(name: str) -> None:
    with translation.override("de"):
        path = reverse(name)
    text = _text(Client().get(path).content.decode())
    assert DU.findall(text) == [], text


def test_every_text_we_translate_again_says_sie() -> None:
    with translation.override("de"):
        for msgid in GERMAN_WITH_SIE:
            german = translation.gettext(msgid)
            assert german != msgid
            assert DU.findall(german) == [], german
            assert re.search(r"\b(Sie|Ihr\w*|Ihnen)\b", german) or "Hinweis" in german, german


def test_the_password_reset_mail_says_sie(settings: Any) -> None:
    person = PersonFactory(email="reset@example.org", preferred_language="de")
    person.set_password(PASSWORD)
    person.save()
    client = Client()
    client.post("/de/accounts/password/reset/", {"email": "reset@example.org"})
    [message] = mail.outbox
    assert DU.findall(message.subject + " " + message.body) == [], message.body
    assert "Sie" in message.body

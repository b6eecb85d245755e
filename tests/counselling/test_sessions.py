"""Counsellors' sessions: two-factor login before any counselling page (the real allauth
flow with a TOTP code computed independently), and the inactivity timeout."""

from __future__ import annotations

import time
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from tests.counselling.conftest import World, counsellor_client, with_second_factor
from tests.factories import PASSWORD, PersonFactory
from tests.totp import fresh_totp_code
from verbund.counselling import services
from verbund.counselling.guard import LAST_SEEN
from verbund.counselling.taxonomy import TeamRole

pytestmark = pytest.mark.django_db


def test_without_an_authenticator_app_no_counselling_page_opens(world: World) -> None:
    newcomer = PersonFactory()
    services.grant_role(world.lead_a, world.centre_a, newcomer, TeamRole.LEAD)
    client = Client()
    client.force_login(newcomer)
    for url in (
        reverse("counselling:centre", args=[world.centre_a.pk]),
        reverse("counselling:case", args=[world.case_a.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert reverse("mfa_activate_totp") in response.content.decode()
        assert b"Amira" not in response.content


def test_a_session_opened_with_the_password_alone_must_confirm_the_second_factor(
    world: World,
) -> None:
    client = Client()
    client.force_login(world.counsellor_a)  # as if logged in before the app was set up
    url = reverse("counselling:case", args=[world.case_a.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_logging_in_with_password_and_code_opens_the_case(world: World) -> None:
    person = PersonFactory(email="beraterin@example.org")
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=True)
    services.grant_role(world.lead_a, world.centre_a, person, TeamRole.COUNSELLOR)
    services.assign(world.lead_a, world.case_a, world.counsellor_a, [person])
    secret = with_second_factor(person)
    client = Client()
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": fresh_totp_code(secret)})
    assert response.status_code == 302
    page = client.get(reverse("counselling:case", args=[world.case_a.pk]))
    assert page.status_code == 200
    assert "Amira Fiktiv" in page.content.decode()
    assert "no-store" in page["Cache-Control"]


def test_the_session_ends_after_the_idle_time(world: World, settings: Any) -> None:
    settings.COUNSELLING_IDLE_MINUTES = 15
    client = counsellor_client(world.counsellor_a)
    url = reverse("counselling:case", args=[world.case_a.pk])
    assert client.get(url).status_code == 200
    session = client.session
    session[LAST_SEEN] = time.time() - 14 * 60
    session.save()
    assert client.get(url).status_code == 200, "fourteen minutes are within the limit"
    session = client.session
    session[LAST_SEEN] = time.time() - 16 * 60
    session.save()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "_auth_user_id" not in client.session
    assert client.get(url).status_code == 302


def test_the_timeout_address_logs_out_only_when_the_time_is_up(world: World) -> None:
    client = counsellor_client(world.counsellor_a)
    client.get(reverse("counselling:centre", args=[world.centre_a.pk]))
    client.get(reverse("counselling:timeout"))
    assert "_auth_user_id" in client.session
    session = client.session
    session[LAST_SEEN] = time.time() - 3600
    session.save()
    client.get(reverse("counselling:timeout"))
    assert "_auth_user_id" not in client.session


def test_counselling_pages_carry_the_idle_script(world: World) -> None:
    page = counsellor_client(world.counsellor_a).get(
        reverse("counselling:centre", args=[world.centre_a.pk])
    )
    html = page.content.decode()
    assert 'id="counselling-idle"' in html and 'data-idle-seconds="900"' in html
    assert "<script>" not in html  # no inline scripts (CSP)

"""Two-factor login with an authenticator app (TOTP) and recovery codes."""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from tests.factories import PASSWORD, PersonFactory
from tests.totp import fresh_totp_code, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def verified(db: Any) -> Any:
    person = PersonFactory(email="zwei@example.org")
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=True)
    return person


def log_in(client: Any, password: str = PASSWORD) -> Any:
    return client.post(
        reverse("account_login"), {"login": "zwei@example.org", "password": password}
    )


def open_totp_setup(client: Any) -> Any:
    """Log in and open the set-up page; allauth asks for the password once more first."""
    assert log_in(client).status_code == 302
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    return client.get(response["Location"])


def activate_totp(client: Any) -> str:
    """Read the key shown for manual entry and confirm a code computed from it."""
    page = open_totp_setup(client)
    assert page.status_code == 200
    html = page.content.decode()
    secret = re.search(r'<code class="secret" id="totp-secret">([A-Z2-7]+)</code>', html)
    assert secret, "the key is shown as text for people who cannot scan the QR code"
    qr = re.search(
        r'<img class="qr-code" src="data:image/svg\+xml;base64,([^"]+)"[^>]* alt="([^"]+)"', html
    )
    assert qr, "the QR code is a data: image (allowed by img-src) with alt text"
    svg = base64.b64decode(qr.group(1)).decode()
    assert svg.lstrip().startswith("<?xml") or "<svg" in svg
    response = client.post(reverse("mfa_activate_totp"), {"code": fresh_totp_code(secret.group(1))})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret.group(1)


def test_activating_totp_needs_a_correct_code(client: Any, verified: Any) -> None:
    page = open_totp_setup(client)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page.content.decode())
    assert secret
    wrong = "000000" if totp_code(secret.group(1)) != "000000" else "111111"
    response = client.post(reverse("mfa_activate_totp"), {"code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Authenticator.objects.filter(user=verified).exists()


def test_login_with_totp_asks_for_the_code_after_the_password(client: Any, verified: Any) -> None:
    secret = activate_totp(client)
    types = set(Authenticator.objects.filter(user=verified).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}

    client.post(reverse("account_logout"))
    response = log_in(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("dashboard")).status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": "12345"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": fresh_totp_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(verified.pk)


def test_a_recovery_code_logs_in_once(client: Any, verified: Any) -> None:
    activate_totp(client)
    codes = RecoveryCodes(
        Authenticator.objects.get(user=verified, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    assert len(codes) >= 10
    client.post(reverse("account_logout"))
    log_in(client)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(verified.pk)

    client.post(reverse("account_logout"))
    log_in(client)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_recovery_codes_page_shows_the_codes_with_a_label(client: Any, verified: Any) -> None:
    activate_totp(client)
    response = client.get(reverse("mfa_view_recovery_codes"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="recovery_codes">' in html
    assert re.search(r'<textarea id="recovery_codes"[^>]* readonly', html)

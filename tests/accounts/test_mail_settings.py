"""Where mail goes: the console by default, SMTP or an anymail provider when configured."""

from __future__ import annotations

import json

from tests.core.test_security import run_with

PRINT_MAIL = """
import json
from django.conf import settings
from django.core.mail import get_connection
connection = get_connection()
print(json.dumps({
    "backend": type(connection).__module__ + "." + type(connection).__name__,
    "host": getattr(connection, "host", None), "port": getattr(connection, "port", None),
    "username": getattr(connection, "username", None),
    "use_tls": getattr(connection, "use_tls", None),
    "timeout": getattr(connection, "timeout", None),
    "anymail_installed": "anymail" in settings.INSTALLED_APPS,
    "anymail": settings.ANYMAIL,
}))
"""


def mail_config(env: dict[str, str]) -> dict[str, object]:
    result = run_with(env, PRINT_MAIL)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def test_mail_goes_to_the_console_by_default() -> None:
    config = mail_config({})
    assert config["backend"] == "django.core.mail.backends.console.EmailBackend"
    assert config["anymail_installed"] is False


def test_smtp_settings_come_from_the_environment() -> None:
    config = mail_config(
        {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "smtp.example.org",
            "EMAIL_PORT": "587",
            "EMAIL_HOST_USER": "verbund",
            "EMAIL_HOST_PASSWORD": "geheim",
            "EMAIL_USE_TLS": "1",
        }
    )
    assert config["backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (config["host"], config["port"], config["username"]) == (
        "smtp.example.org",
        587,
        "verbund",
    )
    assert config["use_tls"] is True
    assert config["timeout"] == 15


def test_an_anymail_backend_installs_anymail_and_reads_its_settings() -> None:
    config = mail_config(
        {
            "EMAIL_BACKEND": "anymail.backends.postmark.EmailBackend",
            "ANYMAIL_POSTMARK_SERVER_TOKEN": "token-for-tests",
        }
    )
    assert config["backend"] == "anymail.backends.postmark.EmailBackend"
    assert config["anymail_installed"] is True
    assert config["anymail"] == {"POSTMARK_SERVER_TOKEN": "token-for-tests"}

"""Security headers on every response, and what production mode switches on."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from whitenoise.storage import CompressedManifestStaticFilesStorage

from verbund.core.storage import StaticFilesStorage

PROJECT = Path(__file__).resolve().parents[2]

PRINT_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "PRODUCTION": settings.PRODUCTION,
    "SECURE_HSTS_SECONDS": getattr(settings, "SECURE_HSTS_SECONDS", 0),
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": getattr(settings, "SECURE_HSTS_INCLUDE_SUBDOMAINS", False),
    "SECURE_SSL_REDIRECT": getattr(settings, "SECURE_SSL_REDIRECT", False),
    "SECURE_PROXY_SSL_HEADER": getattr(settings, "SECURE_PROXY_SSL_HEADER", None),
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SESSION_COOKIE_HTTPONLY": settings.SESSION_COOKIE_HTTPONLY,
    "STATICFILES": settings.STORAGES["staticfiles"]["BACKEND"],
    "MIDDLEWARE": settings.MIDDLEWARE,
    "CSP": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "LOG_FORMAT": settings.LOG_FORMAT,
    "ACCOUNT_DEFAULT_HTTP_PROTOCOL": getattr(settings, "ACCOUNT_DEFAULT_HTTP_PROTOCOL", "http"),
    "PASSWORD_HASHER": settings.PASSWORD_HASHERS[0],
}))
"""

PRODUCTION_ENV = {
    "VERBUND_PRODUCTION": "1",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-test-secret-0123456789abcdefghijklmnop",
    # Read, never connected to: the settings only name the cache.
    "REDIS_URL": "redis://127.0.0.1:6379/5",
    "VERBUND_COUNSELLING_KEYS": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
}


def run_with(env: dict[str, str], code: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter with Django set up under the given environment."""
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "VERBUND_"))
    }
    full_env = {
        **base,
        "PYTHONPATH": str(PROJECT / "src"),
        "DJANGO_SETTINGS_MODULE": "verbund.settings",
        **env,
    }
    script = "import django\ndjango.setup()\n" + code
    return subprocess.run(
        [sys.executable, "-c", script],
        env=full_env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        **kwargs,
    )


def settings_under(env: dict[str, str]) -> dict[str, Any]:
    result = run_with(env, PRINT_SETTINGS)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


@pytest.mark.django_db
def test_every_response_carries_the_security_headers(client: Any) -> None:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    csp = {
        part.split()[0]: part.split()[1:]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    }
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert {"'self'", "data:"} <= set(csp["img-src"]), "the 2FA QR code is a data: image"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_login_page_carries_the_strict_policy_too(client: Any) -> None:
    response = client.get(reverse("account_login"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_production_mode_switches_on_https_and_hardening() -> None:
    values = settings_under(PRODUCTION_ENV)
    assert values["PRODUCTION"] is True
    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["STATICFILES"] == "verbund.core.storage.StaticFilesStorage"
    assert issubclass(StaticFilesStorage, CompressedManifestStaticFilesStorage)
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in values["MIDDLEWARE"]
    assert "csp.middleware.CSPMiddleware" in values["MIDDLEWARE"]
    assert values["CSP"]["script-src"] == ["'self'"]
    assert values["CSP"]["frame-ancestors"] == ["'none'"]
    assert values["LOG_FORMAT"] == "json"
    assert values["ACCOUNT_DEFAULT_HTTP_PROTOCOL"] == "https"
    assert values["PASSWORD_HASHER"] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_development_mode_stays_plain_http() -> None:
    values = settings_under({"DJANGO_DEBUG": "1", "VERBUND_PRODUCTION": "1"})
    assert values["PRODUCTION"] is False, "DEBUG always wins over VERBUND_PRODUCTION"
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["STATICFILES"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert values["LOG_FORMAT"] == "console"


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "DJANGO_SECRET_KEY"}
    result = run_with(env, "print('started')")
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_redis() -> None:
    """The file cache's add and incr are not atomic across gunicorn's workers, so rate limits
    and the build-once lock would not hold: production names its Redis or does not start."""
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "REDIS_URL"}
    result = run_with(env, "print('started')")
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "REDIS_URL must be set" in result.stderr
    development = run_with({"DJANGO_DEBUG": "1"}, "print('started')")
    assert "started" in development.stdout, development.stderr


def test_production_logs_are_json_lines() -> None:
    code = (
        "import logging, structlog\n"
        "logging.getLogger('verbund.test').warning('plain %s', 'stdlib')\n"
        "structlog.get_logger('verbund.test').info('structured', organisation=42)\n"
        "try:\n"
        "    {}['missing']\n"
        "except KeyError:\n"
        "    logging.getLogger('django.request').exception('failed')\n"
    )
    result = run_with(PRODUCTION_ENV, code)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    events = {line["event"]: line for line in lines}
    assert events["plain stdlib"]["level"] == "warning"
    assert events["plain stdlib"]["logger"] == "verbund.test"
    assert events["structured"]["organisation"] == 42
    assert events["structured"]["timestamp"].endswith("Z")
    assert "KeyError: 'missing'" in events["failed"]["exception"], "tracebacks stay in the line"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_gunicorn_serves_the_app_in_production_mode(tmp_path: Path) -> None:
    """The whole production path: collectstatic with hashed, compressed files, then gunicorn
    behind a (pretend) TLS proxy, with JSON logs."""
    port = _free_port()
    env = {
        **{
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "VERBUND_", "DATABASE_URL"))
        },
        **PRODUCTION_ENV,
        "PYTHONPATH": str(PROJECT / "src"),
        "VERBUND_VAR_DIR": str(tmp_path),
        "VERBUND_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "VERBUND_STATIC_ROOT": str(tmp_path / "static"),
    }
    collect = subprocess.run(
        [sys.executable, str(PROJECT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert collect.returncode == 0, collect.stderr[-3000:]
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-c", "python:verbund.core.gunicorn_conf"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/healthz"
        deadline = time.monotonic() + 30
        while True:
            try:
                _get(url)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("gunicorn did not start")
                time.sleep(0.2)
        plain = _get(url)
        assert plain.status == 301
        assert plain.headers["Location"] == url.replace("http://", "https://")
        secure = _get(url, {"X-Forwarded-Proto": "https"})
        assert secure.status == 200
        assert json.loads(secure.read()) == {"status": "ok"}
        assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "frame-ancestors 'none'" in secure.headers["Content-Security-Policy"]

        # A rendered page (a 404 needs no database) links the hashed stylesheet, which
        # WhiteNoise serves compressed and cacheable for ever.
        missing = _get(f"http://127.0.0.1:{port}/de/nothing-here/", {"X-Forwarded-Proto": "https"})
        assert missing.status == 404
        stylesheet = re.search(
            r'href="(/static/verbund/verbund\.[0-9a-f]{12}\.css)"', missing.read().decode()
        )
        assert stylesheet, "templates link the hashed file name"
        css = _get(
            f"http://127.0.0.1:{port}{stylesheet.group(1)}",
            {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"},
        )
        assert css.status == 200
        assert css.headers["Content-Encoding"] == "gzip"
        assert "immutable" in css.headers["Cache-Control"]
    finally:
        server.terminate()
        _out, errors = server.communicate(timeout=30)
    json_lines = [json.loads(line) for line in errors.splitlines() if line.startswith("{")]
    assert any("Booting worker" in line["event"] for line in json_lines), errors
    access = [line for line in json_lines if line.get("logger") == "gunicorn.access"]
    assert any("GET /healthz" in line["event"] for line in access), errors


def test_the_access_log_can_be_turned_off(monkeypatch: Any) -> None:
    import importlib
    import logging.config

    from verbund.core import gunicorn_conf

    monkeypatch.setenv("VERBUND_ACCESS_LOG", "0")
    # Loading the configuration marks the process as configured by the server; monkeypatch
    # takes the mark away again afterwards.
    monkeypatch.setenv("VERBUND_LOGGING_CONFIGURED", "0")
    quiet = importlib.reload(gunicorn_conf)
    try:
        # gunicorn hands access lines to this logger whenever a logging configuration is
        # given, whatever ``accesslog`` says; the logger must drop them.
        logging.config.dictConfig(quiet.logconfig_dict)
        assert quiet.accesslog is None
        assert not logging.getLogger("gunicorn.access").isEnabledFor(logging.INFO)
    finally:
        monkeypatch.delenv("VERBUND_ACCESS_LOG")
        logging.config.dictConfig(importlib.reload(gunicorn_conf).logconfig_dict)
    assert logging.getLogger("gunicorn.access").isEnabledFor(logging.INFO)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: Any
    body: bytes

    def read(self) -> bytes:
        return self.body


def _get(url: str, headers: dict[str, str] | None = None) -> _Answer:
    """The answer read whole, and its connection closed (no socket is left to the collector)."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        response = opener.open(request, timeout=5)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        return _Answer(response.status, response.headers, response.read())

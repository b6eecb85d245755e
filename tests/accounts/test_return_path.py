"""After signing up from an invitation's link, the person comes back to it; a path older than
two days, or one to another site, is not followed."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from verbund.accounts import services


def request_with_session() -> Any:
    request = RequestFactory().get("/")
    request.session = SessionStore()
    return request


def test_the_path_is_followed_once_and_only_while_fresh(settings: Any) -> None:
    request = request_with_session()
    services.return_here_after_sign_in(request, "/de/organisations/x/take-over/token/")
    assert services.take_return_path(request) == "/de/organisations/x/take-over/token/"
    assert services.take_return_path(request) is None  # once
    services.return_here_after_sign_in(request, "/de/assemblies/1/delegate/t/")
    request.session[services.RETURN_PATH_KEY]["at"] -= services.RETURN_PATH_HOURS * 3600 + 1
    assert services.take_return_path(request) is None


def test_another_site_is_never_a_return_path() -> None:
    request = request_with_session()
    for path in ("//evil.example/", "https://evil.example/", "javascript:alert(1)"):
        services.return_here_after_sign_in(request, path)
        assert services.take_return_path(request) is None

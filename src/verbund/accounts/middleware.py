"""Staff without two-factor authentication set up are sent to set it up first."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from verbund.accounts import policy

# Pages a person needs on the way to the set-up: the two-factor pages themselves (with the
# password confirmation allauth asks for), logging out, confirming an e-mail address.
ALLOWED_URL_NAMES = (
    "mfa_activate_totp",
    "mfa_index",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "account_reauthenticate",
    "account_logout",
    "account_email_verification_sent",
)
ALLOWED_PREFIXES = ("/static/", "/media/", "/healthz", "/robots.txt", "/api/", "/embed/")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and not self._allowed(request)
            and policy.must_set_up_two_factor(user)
        ):
            messages.warning(
                request,
                _(
                    "Platform staff must protect their account with an authenticator app. "
                    "Set it up now; everything else opens afterwards."
                ),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _allowed(request: HttpRequest) -> bool:
        from django.urls import Resolver404, resolve

        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.url_name in ALLOWED_URL_NAMES or (match.url_name or "").startswith(
            "account_confirm_email"
        )

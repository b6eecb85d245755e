"""How allauth fits Verbund: people start in the language they signed up in, and after logging
in they land in the language they chose."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from verbund.accounts import services


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Not a lockout: the owner gets in with a code sent to the account's address.
        "too_many_login_attempts": _(
            "There were too many failed attempts to log in to this account, so its password "
            "is not accepted for a while. Log in with a one-time code instead: we send it to "
            "the account's e-mail address."
        ),
    }

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=False)
        language = translation.get_language()
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        if commit:
            services.sign_up(user)
        return user

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # Only the default target; a ``next`` the person came from still wins in allauth.
        remembered = services.take_return_path(request)
        if remembered:
            return remembered
        language = getattr(request.user, "preferred_language", None)
        if language in dict(settings.LANGUAGES):
            with translation.override(language):
                return super().get_login_redirect_url(request)
        return super().get_login_redirect_url(request)

    def get_email_verification_redirect_url(self, email_address: Any) -> str:
        # Someone who signed up from an invitation's link goes back to it once the address
        # is confirmed (allauth forgets the ``next`` of the sign-up on the way).
        remembered = services.take_return_path(self.request)
        return remembered or super().get_email_verification_redirect_url(email_address)

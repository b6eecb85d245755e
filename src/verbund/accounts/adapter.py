"""How allauth fits Verbund: people start in the language they signed up in, and after logging
in they land in the language they chose."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=False)
        language = translation.get_language()
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        if commit:
            user.save()
        return user

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # Only the default target; a ``next`` the person came from still wins in allauth.
        language = getattr(request.user, "preferred_language", None)
        if language in dict(settings.LANGUAGES):
            with translation.override(language):
                return super().get_login_redirect_url(request)
        return super().get_login_redirect_url(request)

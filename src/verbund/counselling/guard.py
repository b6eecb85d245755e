"""Counsellors' sessions: two-factor login before any counselling page, and a timeout.

Every page with case or report content is wrapped in :func:`counsellor_required`:

* the person must have an authenticator app (allauth's TOTP) and this session must have
  been opened or confirmed with it — otherwise they are sent to set it up or to confirm;
* after ``COUNSELLING_IDLE_MINUTES`` without a counselling request the session ends (the
  pages also reload themselves then, so a case left open on a screen disappears).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

LAST_SEEN = "counselling_last_seen"


def idle_seconds() -> int:
    return int(settings.COUNSELLING_IDLE_MINUTES) * 60


def has_authenticator(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_used_second_factor(request: HttpRequest) -> bool:
    from allauth.account.authentication import get_authentication_records

    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def timed_out(request: HttpRequest) -> bool:
    last = request.session.get(LAST_SEEN)
    return last is not None and time.time() - float(last) >= idle_seconds()


def counsellor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if timed_out(request):
            logout(request)
            messages.info(
                request,
                _("You were logged out after %(minutes)d minutes without activity.")
                % {"minutes": settings.COUNSELLING_IDLE_MINUTES},
            )
            return redirect_to_login(request.get_full_path())
        if not has_authenticator(request.user):
            return render(request, "counselling/two_factor_needed.html", status=403)
        if not session_used_second_factor(request):
            return redirect(
                reverse("mfa_reauthenticate") + "?" + urlencode({"next": request.get_full_path()})
            )
        request.session[LAST_SEEN] = time.time()
        response = view(request, *args, **kwargs)
        # Nothing of a counselling page is kept by the browser or a proxy.
        response["Cache-Control"] = "no-store"
        return response

    return wrapped

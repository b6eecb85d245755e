"""Thin views: a person's notifications and their e-mail settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbund.notifications import policy, queries, services
from verbund.notifications.forms import PreferencesForm
from verbund.notifications.models import Notification


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "notifications/index.html",
        {
            "notices": queries.for_person(request.user)[:100],
            "unread": queries.unread_count(request.user),
        },
    )


@login_required
@require_POST
def open_notice(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(Notification, pk=pk)
    if not policy.can_read(request.user, notice):
        raise Http404
    services.mark_read(request.user, notice)
    if notice.url and url_has_allowed_host_and_scheme(
        notice.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notice.url)
    return redirect("notifications:index")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(request.user)
    return redirect("notifications:index")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, current=queries.deliveries(request.user))
    if request.method == "POST" and form.is_valid():
        services.set_preferences(request.user, request.user, form.cleaned_data)
        messages.success(request, _("Your settings are saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verbund.accounts import services
from verbund.accounts.forms import SettingsForm
from verbund.organizations import policy, queries


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/dashboard.html", {
        "organizations": queries.organizations_of(request.user)
        .prefetch_related("affiliations"),
        "can_review": policy.can_review(request.user),
        "review_count": queries.awaiting_review().count()
        if policy.can_review(request.user) else 0,
    })


@login_required
def settings_view(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_settings(request.user, request.user, form.cleaned_data)
        messages.success(request, _("Your changes have been saved."))
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form},
                  status=400 if form.errors else 200)

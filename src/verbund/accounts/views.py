from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from verbund.accounts import services
from verbund.accounts.forms import SettingsForm
from verbund.accounts.models import User
from verbund.organizations import policy, queries


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/dashboard.html",
        {
            "organizations": queries.organizations_of(request.user).prefetch_related(
                "affiliations"
            ),
            "can_review": policy.can_review(request.user),
            "review_count": queries.awaiting_review().count()
            if policy.can_review(request.user)
            else 0,
        },
    )


@login_required
def settings_view(request: HttpRequest) -> HttpResponse:
    # A copy, so that input which fails validation never shows up as the logged-in person.
    assert isinstance(request.user, User)  # login_required
    person = User.objects.get(pk=request.user.pk)
    form = SettingsForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        services.update_settings(request.user, person, form.cleaned_data)
        messages.success(request, _("Your changes have been saved."))
        # Show the page again in the language just chosen.
        with translation.override(person.preferred_language):
            return redirect("accounts:settings")
    return render(
        request, "accounts/settings.html", {"form": form}, status=400 if form.errors else 200
    )

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from verbund.accounts import services
from verbund.accounts.forms import DeleteAccountForm, SettingsForm
from verbund.accounts.models import User
from verbund.core.forms import editable_copy


@login_required
def settings_view(request: HttpRequest) -> HttpResponse:
    # A copy, so that input which fails validation never shows up as the logged-in person.
    assert isinstance(request.user, User)  # login_required
    form = SettingsForm(request.POST or None, instance=editable_copy(request.user))
    if request.method == "POST" and form.is_valid():
        services.update_settings(request.user, request.user, form.cleaned_data)
        messages.success(request, _("Your changes have been saved."))
        # Show the page again in the language just chosen.
        with translation.override(request.user.preferred_language):
            return redirect("accounts:settings")
    return render(
        request, "accounts/settings.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    """The person's data as a JSON download (GDPR Art. 15 and 20)."""
    data = services.export_data(request.user, request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="verbund-my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    """What deleting the account removes and keeps; confirmed with the password."""
    from verbund.core import personal_data

    person = request.user
    blockers = personal_data.blockers(person)
    form = DeleteAccountForm(request.POST or None, person=person)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            services.delete_account(person, person)
        except ValidationError as error:
            blockers = list(error.messages)
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted."))
            return redirect("home")
    return render(
        request,
        "accounts/delete.html",
        {"form": form, "blockers": blockers},
        status=400 if form.errors or (request.method == "POST" and blockers) else 200,
    )

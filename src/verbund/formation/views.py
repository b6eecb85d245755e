"""Thin views: read through ``queries``, decide through ``policy``, write through ``services``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbund.formation import policy, queries, services
from verbund.formation.forms import (
    CandidateStatusForm,
    ContactForm,
    FormaliseForm,
    PartnerSearchForm,
    StartForm,
)
from verbund.formation.models import Candidate, ChecklistItem, Formation
from verbund.organizations.models import Organization


def _formation(request: HttpRequest, pk: int) -> Formation:
    formation = get_object_or_404(queries.formations(), pk=pk)
    if not policy.can_view(request.user, formation):
        raise Http404
    return formation


def _managed(request: HttpRequest, pk: int) -> Formation:
    formation = _formation(request, pk)
    if not policy.can_manage(request.user, formation):
        raise Http404
    return formation


@login_required
def index(request: HttpRequest) -> HttpResponse:
    form = StartForm(request.POST or None, organizations=policy.initiators(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            formation = services.start_formation(
                request.user,
                form.cleaned_data["initiator"],
                name=form.cleaned_data["name"],
                goal=form.cleaned_data["goal"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("formation:detail", pk=formation.pk)
    return render(
        request,
        "formation/index.html",
        {
            "formations": queries.formations_of(request.user),
            "form": form,
            "can_start": policy.can_start_any(request.user),
        },
    )


def _detail_page(
    request: HttpRequest, formation: Formation, status: int = 200, **forms: Any
) -> HttpResponse:
    manages = policy.can_manage(request.user, formation)
    search = PartnerSearchForm(request.GET or None)
    suggestions = []
    if manages and request.GET and search.is_valid():
        suggestions = queries.candidate_partners(
            formation,
            themes=search.cleaned_data["themes"],
            languages=search.cleaned_data["languages"],
            max_km=search.cleaned_data["max_km"],
        )
    return render(
        request,
        "formation/detail.html",
        {
            "formation": formation,
            "manages": manages,
            "phases": queries.phases(formation),
            "current_phase": queries.current_phase(formation),
            "candidates": queries.candidates_of(formation),
            "contacts": queries.contacts_of(formation),
            "search_form": search,
            "suggestions": suggestions,
            "searched": bool(request.GET),
            "contact_form": forms.get("contact_form") or ContactForm(formation=formation),
            "formalise_form": forms.get("formalise_form")
            or FormaliseForm(
                initial={
                    "city": formation.initiator.city,
                    "federal_state": formation.initiator.federal_state,
                }
            ),
            "status_form": CandidateStatusForm(),
        },
        status=status,
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _formation(request, pk))


@login_required
@require_POST
def step(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    formation = _managed(request, pk)
    item = get_object_or_404(ChecklistItem, pk=step_pk, formation=formation)
    services.set_step(request.user, item, done=request.POST.get("done") == "1")
    return redirect(reverse("formation:detail", kwargs={"pk": pk}) + f"#phase-{item.phase}")


@login_required
@require_POST
def add_candidate(request: HttpRequest, pk: int) -> HttpResponse:
    formation = _managed(request, pk)
    organization = get_object_or_404(Organization, pk=request.POST.get("organization"))
    try:
        services.add_candidate(request.user, formation, organization)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("formation:detail", pk=pk)


@login_required
@require_POST
def candidate(request: HttpRequest, pk: int, candidate_pk: int) -> HttpResponse:
    formation = _managed(request, pk)
    record = get_object_or_404(Candidate, pk=candidate_pk, formation=formation)
    form = CandidateStatusForm(request.POST)
    if form.is_valid():
        services.set_candidate_status(request.user, record, form.cleaned_data["status"])
    return redirect("formation:detail", pk=pk)


@login_required
@require_POST
def contact(request: HttpRequest, pk: int) -> HttpResponse:
    formation = _managed(request, pk)
    form = ContactForm(request.POST, formation=formation)
    if form.is_valid():
        try:
            services.log_contact(request.user, formation, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("formation:detail", pk=pk)
    return _detail_page(request, formation, status=400, contact_form=form)


@login_required
@require_POST
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    formation = _managed(request, pk)
    document = services.start_agreement(request.user, formation)
    return redirect("documents:detail", pk=document.pk)


@login_required
@require_POST
def formalise(request: HttpRequest, pk: int) -> HttpResponse:
    formation = _managed(request, pk)
    form = FormaliseForm(request.POST)
    if form.is_valid():
        try:
            network = services.formalise(request.user, formation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The network is founded with its members."))
            return redirect("networks:detail", slug=network.slug)
    return _detail_page(request, formation, status=400, formalise_form=form)

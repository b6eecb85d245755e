"""Thin views: read through ``queries``, decide through ``policy``, write through ``services``."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import parse_qsl

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_cookie

from verbund.accounts import services as account_services
from verbund.accounts.queries import person_with_email
from verbund.core import maptiles
from verbund.core.forms import editable_copy
from verbund.organizations import history as readable_history
from verbund.organizations import policy, queries, services
from verbund.organizations.forms import (
    AddPersonForm,
    BulkReviewForm,
    ContactPersonForm,
    OrganizationForm,
    ProposalForm,
    RejectForm,
    RoleForm,
)
from verbund.organizations.models import Affiliation, ChangeProposal, ContactPerson, Organization
from verbund.organizations.taxonomy import FederalState, Kind, PartnerKind, language_name


def _is_anonymous_get(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and not request.COOKIES.get("messages")
    )


def _directory_cache_key(request: HttpRequest, filters: queries.DirectoryFilters) -> str | None:
    """The shared cache key for this page, or None when it must be rendered for this request.

    Only anonymous requests whose query string is already the canonical one for their
    filters are cached: the page links to itself (language switch), so a page rendered for a
    URL with stray parameters must not be served for the clean one, and junk URLs cannot
    fill the cache.
    """
    if settings.DIRECTORY_CACHE_SECONDS <= 0 or not _is_anonymous_get(request):
        return None
    if parse_qsl(request.META.get("QUERY_STRING", "")) != filters.params():
        return None
    state = hashlib.sha256(filters.as_query().encode()).hexdigest()
    return f"directory:{translation.get_language()}:{state}"


@vary_on_cookie
def directory(request: HttpRequest) -> HttpResponse:
    filters = queries.parse_filters(request.GET)
    # Anonymous visitors all see the same page for a filter state: render it once per
    # registry version and language, shared by every web process through the cache. An entry
    # carries the registry version it was rendered for, so one round trip reads both and any
    # change to the registry retires every page at once.
    cache_key = _directory_cache_key(request, filters)
    version = None
    if cache_key is not None:
        found = cache.get_many([services.REGISTRY_VERSION_KEY, cache_key])
        version = found.get(services.REGISTRY_VERSION_KEY)
        entry = found.get(cache_key)
        if version is None:
            version = services.registry_version()
        elif entry is not None and entry[0] == version:
            return HttpResponse(entry[1])
    result = queries.directory(filters)
    response = render(
        request,
        "organizations/directory.html",
        {
            "result": result,
            "filters": filters,
            "canonical_query": filters.as_query(),
            "can_export": policy.can_export(request.user),
            "can_import": policy.can_import(request.user),
        },
    )
    if cache_key is not None:
        cache.set(cache_key, (version, response.content), settings.DIRECTORY_CACHE_SECONDS)
    return response


def _organization_for(request: HttpRequest, slug: str) -> Organization:
    organization = get_object_or_404(Organization, slug=slug)
    if not policy.can_view(request.user, organization):
        raise Http404
    return organization


def profile(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _organization_for(request, slug)
    description, description_language = organization.description_in()
    contact = queries.visible_contact(organization, request.user)
    relations = queries.profile_relations(organization)
    json_ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organization.name,
        "url": request.build_absolute_uri(organization.get_absolute_url()),
    }
    if organization.short_name:
        json_ld["alternateName"] = organization.short_name
    if description:
        json_ld["description"] = description
    if organization.founding_year:
        json_ld["foundingDate"] = str(organization.founding_year)
    if organization.logo:
        json_ld["logo"] = request.build_absolute_uri(organization.logo.url)
    address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": "DE"}
    if organization.city:
        address["addressLocality"] = organization.city
    if organization.postal_code:
        address["postalCode"] = organization.postal_code
    if organization.federal_state:
        address["addressRegion"] = organization.get_federal_state_display()
    if contact.street:
        address["streetAddress"] = contact.street
    json_ld["address"] = address
    if contact.email:
        json_ld["email"] = contact.email
    if contact.phone:
        json_ld["telephone"] = str(contact.phone)
    same_as = [link for link in [contact.website, *contact.social_links] if link]
    if same_as:
        json_ld["sameAs"] = same_as
    if relations["languages"]:
        json_ld["knowsLanguage"] = [code for code, _name in relations["languages"]]
    return render(
        request,
        "organizations/profile.html",
        {
            "organization": organization,
            "description": description,
            "description_language": description_language,
            "description_language_name": language_name(description_language),
            "contact": contact,
            "relations": relations,
            # Escaped so that "</script>" in user text cannot end the JSON-LD block.
            "json_ld": json.dumps(json_ld, ensure_ascii=False)
            .replace("<", "\\u003c")
            .replace(">", "\\u003e")
            .replace("&", "\\u0026"),
            "can_edit": policy.can_edit(request.user, organization),
            "can_manage": policy.can_manage_people(request.user, organization),
            "can_claim": policy.can_claim(request.user, organization),
            "own_claim": queries.own_pending_claim(organization, request.user),
            "claims_to_decide": queries.pending_claims(organization)
            if policy.can_decide_claim(request.user, organization)
            else [],
            "claimable": policy.is_claimable(organization),
        },
    )


def _form_context(form: OrganizationForm, organization: Organization | None) -> dict[str, Any]:
    return {
        "form": form,
        "organization": organization,
        "partner_kind_value": Kind.PARTNER.value,
        "partner_kinds": PartnerKind.choices,
        "map_tiles": maptiles.tile_settings(),
    }


def _warn_of_lookalikes(request: HttpRequest, organization: Organization) -> None:
    """Names that are easily mistaken for this one (a Cyrillic letter for a Latin one)."""
    for name, _slug in queries.lookalikes(organization.name, exclude_pk=organization.pk):
        messages.warning(
            request,
            _(
                "The name “%(name)s” looks almost like “%(other)s”, which is already in the "
                "registry. If they are different organisations, choose a name that is easier "
                "to tell apart."
            )
            % {"name": organization.name, "other": name},
        )


@login_required
@maptiles.map_page
def create(request: HttpRequest) -> HttpResponse:
    if not policy.can_create(request.user):
        raise PermissionDenied
    form = OrganizationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.create_organization(request.user, form.service_data())
            if form.cleaned_data.get("logo_upload"):
                services.set_logo(request.user, organization, form.cleaned_data["logo_upload"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organisation has been created as a draft."))
            _warn_of_lookalikes(request, organization)
            return redirect("organizations:edit", slug=organization.slug)
    return render(
        request,
        "organizations/edit.html",
        _form_context(form, None),
        status=400 if form.errors else 200,
    )


@login_required
@maptiles.map_page
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    if not policy.can_keep_entry(request.user, organization):
        raise PermissionDenied
    # The form validates on its own copy: ModelForm writes typed values into its instance,
    # and the service must see the stored state to record what changed.
    form = OrganizationForm(
        request.POST or None,
        request.FILES or None,
        instance=editable_copy(organization),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organization(request.user, organization, form.service_data())
            if form.cleaned_data.get("logo_upload"):
                services.set_logo(request.user, organization, form.cleaned_data["logo_upload"])
            elif form.cleaned_data.get("remove_logo") and organization.logo:
                services.set_logo(request.user, organization, None)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            if "name" in form.changed_data:
                _warn_of_lookalikes(request, organization)
            return redirect("organizations:edit", slug=organization.slug)
    context = _form_context(form, organization)
    context.update(
        {
            "can_manage": policy.can_manage_people(request.user, organization),
            "can_request_publication": policy.can_request_publication(request.user, organization),
            "can_publish_directly": policy.can_publish_directly(request.user, organization),
            "can_verify": policy.can_verify(request.user),
            "proposals": queries.pending_proposals(organization)
            if policy.can_view_proposals(request.user, organization)
            else [],
            "rejection": readable_history.last_rejection(organization)
            if not organization.is_published and organization.review_requested_at is None
            else None,
        }
    )
    return render(request, "organizations/edit.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def publication(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    if action == "publish":
        services.request_publication(request.user, organization)
        organization.refresh_from_db()
        if organization.is_published:
            messages.success(request, _("The organisation is now published in the directory."))
        else:
            messages.success(
                request,
                _(
                    "Thank you. Our staff will review the profile before "
                    "it appears in the directory."
                ),
            )
    elif action == "unpublish":
        services.unpublish(request.user, organization)
        messages.success(request, _("The organisation is no longer shown in the directory."))
    elif action == "archive":
        services.archive(request.user, organization)
        messages.success(request, _("The organisation has been archived."))
    elif action == "verify":
        services.set_verified(request.user, organization, True)
        messages.success(request, _("The organisation is marked as verified."))
    elif action == "unverify":
        services.set_verified(request.user, organization, False)
        messages.success(request, _("The organisation is no longer marked as verified."))
    else:
        raise Http404
    return redirect("organizations:edit", slug=organization.slug)


@login_required
def people(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    if not policy.can_manage_people(request.user, organization):
        raise PermissionDenied
    form = AddPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = person_with_email(form.cleaned_data["email"])
        if person is None:
            form.add_error(
                "email",
                _("Nobody with this e-mail address has an account yet. Ask them to sign up first."),
            )
        else:
            try:
                services.add_person(request.user, organization, person, form.cleaned_data["role"])
            except ValidationError as error:
                form.add_error("role", error)
            else:
                messages.success(
                    request,
                    _("%(person)s now has the role %(role)s.")
                    % {
                        "person": person,
                        "role": dict(RoleForm.base_fields["role"].choices)[  # type: ignore[attr-defined]
                            form.cleaned_data["role"]
                        ],
                    },
                )
                return redirect("organizations:people", slug=slug)
    affiliations = queries.people_of(organization)
    return render(
        request,
        "organizations/people.html",
        {
            "organization": organization,
            "form": form,
            "affiliations": affiliations,
            "role_form": RoleForm(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def person_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    affiliation = get_object_or_404(Affiliation, pk=pk, organization__slug=slug)
    if not policy.can_manage_people(request.user, affiliation.organization):
        raise PermissionDenied
    try:
        if request.POST.get("remove"):
            services.remove_person(request.user, affiliation)
        else:
            form = RoleForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Choose one of the roles in the list."))
                return redirect("organizations:people", slug=slug)
            services.change_role(request.user, affiliation, form.cleaned_data["role"])
        messages.success(request, _("Your changes have been saved."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("organizations:people", slug=slug)


@login_required
def contacts(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    if not policy.can_keep_entry(request.user, organization):
        raise PermissionDenied
    contact = get_object_or_404(ContactPerson, pk=pk, organization=organization) if pk else None
    if request.method == "POST" and contact is not None and request.POST.get("remove"):
        services.remove_contact_person(request.user, contact)
        messages.success(request, _("The contact person has been removed."))
        return redirect("organizations:contacts", slug=slug)
    form = ContactPersonForm(
        request.POST or None, instance=editable_copy(contact) if contact is not None else None
    )
    if request.method == "POST" and form.is_valid():
        services.save_contact_person(
            request.user, organization, form.service_data(), contact=contact
        )
        messages.success(request, _("Your changes have been saved."))
        return redirect("organizations:contacts", slug=slug)
    return render(
        request,
        "organizations/contacts.html",
        {
            "organization": organization,
            "form": form,
            "contact": contact,
            "contacts": organization.contact_persons.all(),
            "can_manage": policy.can_manage_people(request.user, organization),
        },
        status=400 if form.errors else 200,
    )


@login_required
def history(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    if not policy.can_view_history(request.user, organization):
        raise PermissionDenied
    return render(
        request,
        "organizations/history.html",
        {
            "organization": organization,
            "entries": readable_history.for_organization(organization),
            "can_manage": True,
        },
    )


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Staff review many entries at once: filter, choose, publish or send back."""
    if not policy.can_review(request.user):
        raise PermissionDenied
    filters = queries.parse_review_filters(request.GET)
    queue = queries.review_queue(filters)
    form = BulkReviewForm(request.POST or None, queryset=queries.awaiting_review())
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["chosen"])
        approve = form.cleaned_data["decision"] == "approve"
        result = services.review_many(
            request.user, chosen, approve=approve, reason=form.cleaned_data["reason"]
        )
        count = len(result.decided)
        messages.success(
            request,
            (
                ngettext(
                    "%(count)s entry is now published.",
                    "%(count)s entries are now published.",
                    count,
                )
                if approve
                else ngettext(
                    "%(count)s entry has been sent back.",
                    "%(count)s entries have been sent back.",
                    count,
                )
            )
            % {"count": count},
        )
        query = request.GET.urlencode()
        return redirect(reverse("organizations:review") + (f"?{query}" if query else ""))
    return render(
        request,
        "organizations/review.html",
        {
            "queue": queue,
            "filters": filters,
            "form": form,
            "kinds": Kind.choices,
            "states": FederalState.choices,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def review_decision(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    if not policy.can_review(request.user):
        raise PermissionDenied
    if request.POST.get("decision") == "approve":
        services.approve_publication(request.user, organization)
        messages.success(request, _("%(name)s is now published.") % {"name": organization.name})
    else:
        form = RejectForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Please give a reason so the organisation can fix it."))
            return redirect("organizations:review")
        services.reject_publication(request.user, organization, form.cleaned_data["reason"])
        messages.success(request, _("The request has been sent back."))
    return redirect(reverse("organizations:review"))


@login_required
def proposals(request: HttpRequest, slug: str) -> HttpResponse:
    """Changes proposed to the entry (by a network's import), for its administrators."""
    organization = get_object_or_404(Organization, slug=slug)
    if not policy.can_view_proposals(request.user, organization):
        raise PermissionDenied
    items = []
    for proposal in queries.pending_proposals(organization):
        rows = readable_history.proposed_changes(proposal)
        form = ProposalForm(
            choices=[(name, label) for name, label, _before, _after in rows],
            initial={"fields_chosen": [name for name, *_rest in rows], "decision": "accept"},
            prefix=f"p{proposal.pk}",
        )
        items.append((proposal, rows, form))
    return render(
        request,
        "organizations/proposals.html",
        {"organization": organization, "items": items, "can_manage": True},
    )


@login_required
@require_POST
def proposal_decision(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = get_object_or_404(ChangeProposal, pk=pk, organization__slug=slug)
    if not policy.can_decide_proposal(request.user, proposal):
        raise PermissionDenied
    form = ProposalForm(
        request.POST, choices=[(name, name) for name in proposal.changes], prefix=f"p{pk}"
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("organizations:proposals", slug=slug)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.decide_proposal(
            request.user,
            proposal,
            accept=accept,
            fields=form.cleaned_data["fields_chosen"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The chosen changes have been saved.")
            if accept
            else _("The proposal has been rejected."),
        )
    return redirect("organizations:proposals", slug=slug)


# --- Taking over a profile and claims ----------------------------------------------------------


def take_over(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The link of a take-over invitation: the token is the permission, for this one
    organisation; the person signs up or logs in, then accepts."""
    organization = get_object_or_404(Organization, slug=slug)
    context: dict[str, Any] = {"organization": organization, "problem": None}
    try:
        invitation = services.read_take_over(token, organization)
    except ValidationError as error:
        context["problem"] = error.messages[0]
        return render(request, "organizations/take_over.html", context, status=410)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            services.accept_take_over(request.user, token, organization)
        except ValidationError as error:
            context["problem"] = error.messages[0]
            return render(request, "organizations/take_over.html", context, status=409)
        messages.success(
            request,
            _("You are now the administrator of %(name)s. Check its details and save them.")
            % {"name": organization.name},
        )
        return redirect("organizations:edit", slug=organization.slug)
    services.open_take_over(invitation)
    if not request.user.is_authenticated:
        account_services.return_here_after_sign_in(request, request.path)
    context.update(
        invitation=invitation,
        signup_url=f"{reverse('account_signup')}?next={request.path}",
        login_url=f"{reverse('account_login')}?next={request.path}",
    )
    return render(request, "organizations/take_over.html", context)


@login_required
@require_POST
def claim(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _organization_for(request, slug)
    if not policy.can_claim(request.user, organization):
        raise PermissionDenied
    try:
        made = services.claim_profile(request.user, organization, request.POST.get("message", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Your claim has been sent. A link went to the address registered for "
                "%(name)s: whoever reads it there confirms."
            )
            % {"name": organization.name}
            if made.confirmation_sent_to
            else _(
                "Your claim has been sent. %(name)s has no registered address, so the "
                "platform team or its network decides."
            )
            % {"name": organization.name},
        )
    return redirect("organizations:profile", slug=organization.slug)


@login_required
def claims(request: HttpRequest, slug: str) -> HttpResponse:
    """Pending claims of a profile, for staff and a network that keeps the entry."""
    organization = _organization_for(request, slug)
    if not policy.can_decide_claim(request.user, organization):
        raise PermissionDenied
    if request.method == "POST":
        pending = {str(c.pk): c for c in queries.pending_claims(organization)}
        chosen = pending.get(request.POST.get("claim", ""))
        decision = request.POST.get("decision")
        if chosen is None or decision not in {"approve", "reject"}:
            messages.error(request, _("Choose a claim and a decision."))
        else:
            try:
                services.decide_claim(request.user, chosen, approve=decision == "approve")
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("%(person)s now administers %(name)s.")
                    % {"person": chosen.claimant, "name": organization.name}
                    if decision == "approve"
                    else _("The claim has been rejected."),
                )
        return redirect("organizations:claims", slug=organization.slug)
    return render(
        request,
        "organizations/claims.html",
        {"organization": organization, "claims": queries.pending_claims(organization)},
    )


def claim_confirm(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The link sent to the organisation's registered address."""
    organization = get_object_or_404(Organization, slug=slug)
    context: dict[str, Any] = {"organization": organization, "problem": None, "done": False}
    try:
        pending = services.read_claim(token, organization)
    except ValidationError as error:
        context["problem"] = error.messages[0]
        return render(request, "organizations/claim_confirm.html", context, status=410)
    context["claim"] = pending
    if request.method == "POST":
        try:
            services.confirm_claim(token, organization)
        except ValidationError as error:
            context["problem"] = error.messages[0]
            return render(request, "organizations/claim_confirm.html", context, status=409)
        context["done"] = True
    return render(request, "organizations/claim_confirm.html", context)
